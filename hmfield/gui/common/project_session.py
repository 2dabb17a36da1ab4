"""What the GUI holds for an open project: its service objects (never a DB session)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from hmfield.core.audit.service import AuditService
from hmfield.core.clock import Clock, SystemClock
from hmfield.core.context import Actor, ServiceContext
from hmfield.core.project.people import PeopleService
from hmfield.core.project.service import ProjectService, open_project


@dataclass
class ProjectSession:
    ctx: ServiceContext
    project: ProjectService
    people: PeopleService
    audit: AuditService

    @classmethod
    def from_context(cls, ctx: ServiceContext) -> ProjectSession:
        from hmfield.gui.common.labels import set_display_zone

        project = ProjectService(ctx)
        set_display_zone(project.zone_name())  # every time on screen in the project's zone
        return cls(ctx, project, PeopleService(ctx), AuditService(ctx))

    @classmethod
    def open(cls, path: Path, actor: Actor, clock: Clock | None = None) -> ProjectSession:
        """Open as the app does: a large file's opening backup is pinned here and copied by
        the window's job once the first screen is up (``ctx.store.finish_backup()``); the
        checklist items are ensured by the window's first job (``ensure_checklists``)."""
        ctx = open_project(
            path,
            actor=actor,
            clock=clock or SystemClock(),
            backup_reason="open",
            backup_later=True,
            checklists_later=True,
        )
        return cls.from_context(ctx)

    @property
    def path(self) -> Path:
        return self.ctx.store.path

    @property
    def actor(self) -> Actor:
        return self.ctx.actor

    def close(self) -> None:
        from hmfield.gui.common.labels import set_display_zone

        self.ctx.store.close()
        set_display_zone(None)  # no project open: the start page's times are the laptop's

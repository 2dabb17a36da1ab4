"""Overview figures of the live checklists: progress per phase and stage, blocked items, what
is due next. Read only: ``ChecklistProgressService`` opens no write transaction."""

from __future__ import annotations

from datetime import date

from hmfield.core.checklists import ChecklistTemplates
from hmfield.core.checklists.item_records import item_views, shipped_templates
from hmfield.core.checklists.views import (
    ItemStatus,
    ItemView,
    PhaseProgress,
    StageProgress,
)
from hmfield.core.context import ServiceContext


class ChecklistProgressService:
    """Progress, blocked and due items of the project's live checklists."""

    def __init__(self, ctx: ServiceContext, templates: ChecklistTemplates | None = None) -> None:
        self.ctx = ctx
        self.templates = templates or shipped_templates()

    def _items(self) -> list[ItemView]:
        """Every item of the project in delivery order (as ``ChecklistService.items()``)."""
        return item_views(self.ctx, self.templates, lambda t: True)

    def progress(self) -> list[PhaseProgress]:
        """Per phase and stage: done / applicable (not applicable and skipped items leave
        the count), and how many are blocked."""
        views = self._items()
        out = []
        for phase in self.templates.phases:
            stages = []
            for stage in self.templates.stages:
                if stage.phase is not phase.id:
                    continue
                mine = [v for v in views if v.stage_id == stage.id]
                if not mine:
                    continue
                counted = [v for v in mine if v.status not in ("not_applicable", "skipped")]
                stages.append(
                    StageProgress(
                        stage.id,
                        stage.title,
                        sum(v.status == ItemStatus.DONE for v in counted),
                        len(counted),
                        sum(v.status == ItemStatus.BLOCKED for v in counted),
                    )
                )
            out.append(PhaseProgress(phase.id, phase.title, tuple(stages)))
        return out

    def blocked(self) -> list[ItemView]:
        """Blocked items, and per-host items with blocked hosts."""
        return [v for v in self._items() if v.status == ItemStatus.BLOCKED or v.hosts_blocked]

    def today(self) -> date:
        return self.ctx.clock.now().astimezone().date()

    def due_next(self, limit: int = 10) -> list[ItemView]:
        """Unfinished items with a planned date, earliest first (overdue ones on top); each
        view carries its assignee. ``ItemView.overdue(progress.today())`` marks the late ones."""
        order = {t.id: n for n, t in enumerate(self.templates.items)}
        views = [v for v in self._items() if v.planned_date is not None and not v.finished]
        views.sort(key=lambda v: (v.planned_date, order[v.template_id]))
        return views[:limit]

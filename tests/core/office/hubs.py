"""The same merge target on both engines: a laptop's project file (SQLite) and an office
project (PostgreSQL). Tests written against :class:`Hub` run on both."""

from __future__ import annotations

from pathlib import Path

from hmfield.core.audit.service import AuditService
from hmfield.core.context import Actor, ServiceContext
from hmfield.core.office.database import OfficeDb
from hmfield.core.office.service import OfficeService
from hmfield.core.project.service import open_project
from hmfield.core.sync.service import SyncService, import_as_new_project, open_payload

HUB = Actor("9" * 32, "汇总", "8" * 32)


class Hub:
    """Bundles in, a context to look, a bundle out, the chains checked."""

    def import_bundle(self, bundle: Path) -> tuple[bool, bool, int]:  # created, changed, conflicts
        raise NotImplementedError

    def context(self) -> ServiceContext:
        raise NotImplementedError

    def export(self, out: Path) -> Path:
        ctx = self.context()
        try:
            return SyncService(ctx).export_bundle(out).path
        finally:
            ctx.store.close()

    def verify(self) -> bool:
        ctx = self.context()
        try:
            return AuditService(ctx).verify() is None
        finally:
            ctx.store.close()

    def close(self) -> None:
        pass


class FileHub(Hub):
    def __init__(self, folder: Path) -> None:
        self.path = folder / "hub.hmfield"

    def import_bundle(self, bundle):
        if not self.path.exists():
            payload = open_payload(bundle)
            try:
                import_as_new_project(payload, self.path, actor=HUB)
            finally:
                payload.close()
            return True, True, 0
        ctx = open_project(self.path, actor=HUB)
        try:
            svc = SyncService(ctx)
            r = svc.apply_import(svc.preview_import(bundle))
            return False, r.changed, r.conflicts
        finally:
            ctx.store.close()

    def context(self):
        return open_project(self.path, actor=HUB)


class OfficeHub(Hub):
    def __init__(self, url: str) -> None:
        self.db = OfficeDb(url)
        self.office = OfficeService(self.db, HUB)
        self.office.init()

    def import_bundle(self, bundle):
        r = self.office.import_bundle(bundle)
        return r.created, r.changed, r.conflicts

    def context(self):
        (project,) = self.db.projects()
        return self.office.context(project)

    def close(self):
        self.db.close()

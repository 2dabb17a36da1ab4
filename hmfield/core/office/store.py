"""One project of the office database as a store the services take (like a ProjectStore).

Its engines reach the project's schema only; the writer takes the project's advisory lock at
the start of every transaction. There is no file: no lock file, no file backups (the
transaction is the safety net; ``pg_dump`` backs the database up), and the replica id is the
office's own audit chain for this project, kept in the catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.engine import Engine

from hmfield.core.context import Actor, ServiceContext
from hmfield.core.office.database import OfficeDb, OfficeProject


@dataclass
class OfficeStore:
    path: Path  # a name for messages ("office/<project>"), never opened
    engine: Engine
    reader: Engine
    readonly: bool
    project_id: str
    replica_id: str
    notices: list[str] = field(default_factory=list)
    office: bool = True  # the GUI's "office" badge; SyncService skips file backups

    @property
    def read_engine(self) -> Engine:
        return self.reader

    def close(self) -> None:
        self.reader.dispose()
        self.engine.dispose()

    def __enter__(self) -> OfficeStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def project_store(db: OfficeDb, project: OfficeProject, *, readonly: bool = False) -> OfficeStore:
    writer, reader = db.project_engines(project.project_id)
    return OfficeStore(
        Path("office") / (project.name or project.project_id[:8]),
        reader if readonly else writer,
        reader,
        readonly,
        project.project_id,
        project.replica_id,
    )


def project_context(
    db: OfficeDb, project: OfficeProject, actor: Actor, clock=None, *, readonly: bool = False
) -> ServiceContext:
    """The services' context on one office project (close ``ctx.store`` when done)."""
    store = project_store(db, project, readonly=readonly)
    return ServiceContext(store, actor, clock) if clock else ServiceContext(store, actor)

"""The acting context of services: which store, which clock, who acts and on which device."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from hmfield.core.clock import Clock, SystemClock
from hmfield.core.errors import HmError
from hmfield.core.fileutil import storage_problem
from hmfield.core.store.project_file import ProjectStore

if TYPE_CHECKING:
    from hmfield.core.audit.recorder import Recorder


@dataclass(frozen=True)
class Actor:
    """Who acts. Inside a ServiceContext ``device_id`` is the replica the project copy writes
    its audit chain as (``store.replica_id``); outside, the install's device id."""

    person_id: str
    name: str
    device_id: str
    organisation: str = ""


@dataclass
class ServiceContext:
    store: ProjectStore
    actor: Actor
    clock: Clock = SystemClock()

    def __post_init__(self) -> None:
        replica = getattr(self.store, "replica_id", "")
        if replica and replica != self.actor.device_id:
            self.actor = replace(self.actor, device_id=replica)

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading; objects stay usable after it closes."""
        with Session(self.store.read_engine, expire_on_commit=False) as session:
            yield session

    def archived(self) -> bool:
        """True while the project is archived (every write but the reopen is refused)."""
        with self.read() as session:
            return archived_note(session) is not None

    @contextmanager
    def write(self, *, archived_ok: bool = False) -> Iterator[UnitOfWork]:
        """One use case = one transaction: everything in the block commits or nothing does.
        An archived project refuses every write but the audited reopen (``archived_ok``)."""
        if self.store.readonly:
            raise HmError(f"{self.store.path.name} is open read-only; nothing was changed")
        from hmfield.core.audit.recorder import Recorder

        try:
            with Session(self.store.engine, expire_on_commit=False) as session, session.begin():
                if not archived_ok:
                    _refuse_if_archived(session)
                rec = Recorder(session, self)
                yield UnitOfWork(session, rec)
                if rec.recorded and hasattr(self.store, "record_replica"):
                    self.store.record_replica(session.connection())  # a copy's first change
                rec.flush()
        except (DBAPIError, sqlite3.Error) as exc:  # a full disk: rolled back, one line
            problem = storage_problem(exc, self.store.path)
            if problem is None:
                raise
            raise problem from None


@dataclass
class UnitOfWork:
    session: Session
    rec: Recorder


def archived_note(session: Session) -> str | None:
    """Why writes are refused when the project is archived (see core/operate/archive.py)."""
    from sqlmodel import select

    from hmfield.core.model.archive import ProjectArchive

    row = session.exec(
        select(ProjectArchive.archived_at, ProjectArchive.location).where(
            ProjectArchive.reopened_at == None,  # noqa: E711
            ProjectArchive.deleted == False,  # noqa: E712
        )
    ).first()
    if row is None:
        return None
    from zoneinfo import ZoneInfo

    from hmfield.core.model.plan import plan_zone

    tz = plan_zone(session)
    at = row[0].astimezone(ZoneInfo(tz)).strftime(f"%Y-%m-%d %H:%M {tz}") if row[0] else "?"
    return (
        f"the project was archived on {at} ({row[1]}) and is read-only; nothing was "
        "changed. Reopen it first (Operate screen, or hmfield reopen PROJECT --reason ...)"
    )


def _refuse_if_archived(session: Session) -> None:
    note = archived_note(session)
    if note is not None:
        raise HmError(note)

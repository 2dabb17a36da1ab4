"""The acting context of services: which store, which clock, who acts and on which device."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlmodel import Session

from hmfield.core.clock import Clock, SystemClock
from hmfield.core.errors import HmError
from hmfield.core.store.project_file import ProjectStore

if TYPE_CHECKING:
    from hmfield.core.audit.recorder import Recorder


@dataclass(frozen=True)
class Actor:
    person_id: str
    name: str
    device_id: str
    organisation: str = ""


@dataclass
class ServiceContext:
    store: ProjectStore
    actor: Actor
    clock: Clock = SystemClock()

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading; objects stay usable after it closes."""
        with Session(self.store.read_engine, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[UnitOfWork]:
        """One use case = one transaction: everything in the block commits or nothing does."""
        if self.store.readonly:
            raise HmError(f"{self.store.path.name} is open read-only; nothing was changed")
        from hmfield.core.audit.recorder import Recorder

        with Session(self.store.engine, expire_on_commit=False) as session, session.begin():
            rec = Recorder(session, self)
            yield UnitOfWork(session, rec)
            rec.flush()


@dataclass
class UnitOfWork:
    session: Session
    rec: Recorder

"""The office database on PostgreSQL: one schema per project, and a catalogue of them.

Schema per project (``p_<project id>``) rather than a project id on every row: every model,
every service and every raw statement of the project file runs unchanged, because a project's
connections set ``search_path`` to its schema; a project's data can be dumped, restored,
granted or dropped as one unit; and the project file's migrations apply schema by schema.
The catalogue (``public.hmfield_office`` and ``public.hmfield_office_project``) is no SQLModel
table, so it never appears in a project file or a bundle.

Writes to a project take a transaction-scoped advisory lock on the project first, so two
imports of one project serialise and imports of different projects run in parallel.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine, RootTransaction
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool
from sqlmodel import SQLModel, create_engine

from hmfield.core.clock import Clock, SystemClock, to_utc
from hmfield.core.errors import HmError
from hmfield.core.model import load_all
from hmfield.core.office import figures
from hmfield.core.office.counts import create_office_indexes
from hmfield.core.office.url import connection_problem, office_url, shown
from hmfield.core.store import schema

OFFICE_VERSION = 1
_SNAPSHOT = re.compile(r"[0-9A-F]+-[0-9A-F]+(-[0-9A-F]+)?")
CATALOGUE = "public.hmfield_office"
PROJECTS = "public.hmfield_office_project"
_DDL = (
    f"CREATE TABLE IF NOT EXISTS {CATALOGUE} (slot INTEGER PRIMARY KEY CHECK (slot = 1), "
    "application_id BIGINT NOT NULL, version INTEGER NOT NULL, created_at VARCHAR NOT NULL)",
    f"CREATE TABLE IF NOT EXISTS {PROJECTS} (project_id VARCHAR(32) PRIMARY KEY, "
    "schema_name VARCHAR(63) NOT NULL UNIQUE, name VARCHAR NOT NULL DEFAULT '', "
    "replica_id VARCHAR(32) NOT NULL, created_at VARCHAR NOT NULL)",
)


@dataclass(frozen=True)
class OfficeProject:
    project_id: str
    schema: str
    name: str
    replica_id: str  # the audit chain office users write this project's changes as
    created_at: str


def schema_name(project_id: str) -> str:
    if not project_id or any(c not in "0123456789abcdef" for c in project_id.lower()):
        raise HmError(f"{project_id!r} is not an hmfield project id")
    return f"p_{project_id.lower()}"


def lock_key(project_id: str) -> int:
    """The advisory lock of one project (a signed 64-bit number)."""
    digest = hashlib.blake2b(f"hmfield:{project_id}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


class OfficeDb:
    """A connection to the office database (closed with :meth:`close`)."""

    def __init__(self, url_text: str, clock: Clock | None = None) -> None:
        self.clock = clock or SystemClock()  # the catalogue's created_at stamps
        self.url = office_url(url_text)
        self.shown = shown(self.url)
        self.engine = self._engine()

    def _engine(self, search_path: str | None = None, lock: int | None = None) -> Engine:
        args: dict = {"connect_timeout": 10}
        if search_path:
            args["options"] = f"-c search_path={search_path}"
        engine = create_engine(self.url, connect_args=args, poolclass=NullPool)
        if lock is not None:

            @event.listens_for(engine, "begin")
            def _lock(conn):  # every write transaction of the project waits its turn
                conn.exec_driver_sql("SELECT pg_advisory_xact_lock(%s)", (lock,))

        return engine

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> OfficeDb:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def connect(self) -> Connection:
        try:
            return self.engine.connect()
        except DBAPIError as exc:
            raise (connection_problem(exc, self.url) or exc) from None

    @contextmanager
    def snapshot(self, extra: Callable[[Connection, list[OfficeProject]], int] = lambda _c, _p: 0):
        """(the projects, read-only connections all seeing one snapshot of the database): the
        first exports its snapshot and reads the catalogue, ``extra(first, projects)`` more
        (it may read on the first connection to decide) adopt it
        (``SET TRANSACTION SNAPSHOT``, as ``pg_dump -j`` does) to read in parallel. A server
        that will not export one leaves the reading on the first connection."""
        with ExitStack() as stack:
            first, began = self._reader(stack)
            try:
                token = first.exec_driver_sql("SELECT pg_export_snapshot()").scalar()
            except DBAPIError:  # the transaction is spoilt: a fresh one, alone
                began.rollback()
                stack.callback(first.begin().close)
                token = None
            projects = self.projects_on(first)
            conns = [first]
            more = extra(first, projects)
            if token is not None and _SNAPSHOT.fullmatch(token):
                for _ in range(more):
                    conn, _began = self._reader(stack)
                    conn.exec_driver_sql(f"SET TRANSACTION SNAPSHOT '{token}'")
                    conns.append(conn)
            yield projects, conns

    def _reader(self, stack: ExitStack) -> tuple[Connection, RootTransaction]:
        """A read-only connection in its transaction (rolled back when ``stack`` closes)."""
        conn = stack.enter_context(self.connect()).execution_options(
            isolation_level="REPEATABLE READ", postgresql_readonly=True
        )
        began = conn.begin()
        stack.callback(began.close)
        return conn, began

    # -- the catalogue --------------------------------------------------------------------
    def init(self) -> bool:
        """Make the database an office database; True when it was not one before."""
        with self.connect() as conn, conn.begin():
            conn.exec_driver_sql("SELECT pg_advisory_xact_lock(%s)", (lock_key("office"),))
            existed = self._version(conn) is not None
            for ddl in (*_DDL, *figures.DDL):
                conn.exec_driver_sql(ddl)
            if not existed:
                conn.exec_driver_sql(
                    f"INSERT INTO {CATALOGUE} VALUES (1, %s, %s, %s)",
                    (schema.APPLICATION_ID, OFFICE_VERSION, self._now()),
                )
        return not existed

    @staticmethod
    def _version(conn: Connection) -> int | None:
        found = conn.exec_driver_sql("SELECT to_regclass(%s)", (CATALOGUE,)).scalar()
        if found is None:
            return None
        row = conn.exec_driver_sql(f"SELECT application_id, version FROM {CATALOGUE}").first()
        if row is None or int(row[0]) != schema.APPLICATION_ID:
            return None
        return int(row[1])

    def check(self, conn: Connection) -> None:
        version = self._version(conn)
        if version is None:
            raise HmError(
                f"{self.shown}: not an office database (make it one with hmfield office init URL)"
            )
        if version > OFFICE_VERSION:
            raise HmError(f"{self.shown}: made by a newer hmfield (office version {version})")

    def projects(self) -> list[OfficeProject]:
        with self.connect() as conn:
            return self.projects_on(conn)

    def projects_on(self, conn: Connection) -> list[OfficeProject]:
        """Every project of the catalogue, by name (on ``conn``, in its transaction)."""
        self.check(conn)
        rows = conn.exec_driver_sql(
            f"SELECT project_id, schema_name, name, replica_id, created_at FROM {PROJECTS} "
            "ORDER BY name, project_id"
        ).fetchall()
        return [OfficeProject(*r) for r in rows]

    def project(self, ref: str) -> OfficeProject:
        """A project by id, id prefix (8+ characters) or exact name."""
        everything = self.projects()
        found = [p for p in everything if p.project_id == ref or p.name == ref]
        if not found and len(ref) >= 8:
            found = [p for p in everything if p.project_id.startswith(ref.lower())]
        if len(found) == 1:
            return found[0]
        if not found:
            raise HmError(f"{self.shown}: no project {ref!r} in the office database")
        raise HmError(f"{ref!r} names {len(found)} projects; give the project id")

    def find(self, conn: Connection, project_id: str) -> OfficeProject | None:
        row = conn.exec_driver_sql(
            f"SELECT project_id, schema_name, name, replica_id, created_at FROM {PROJECTS} "
            "WHERE project_id = %s",
            (project_id,),
        ).first()
        return OfficeProject(*row) if row else None

    def _now(self) -> str:
        return to_utc(self.clock.now()).isoformat(timespec="seconds")

    # -- a project's schema ---------------------------------------------------------------
    def project_engines(self, project_id: str) -> tuple[Engine, Engine]:
        """(writer, reader) of one project's schema; the writer takes the project's lock."""
        name = schema_name(project_id)
        return self._engine(name, lock_key(project_id)), self._engine(name)

    def add_indexes(self, project: OfficeProject) -> None:
        """The office's own indexes of ``core.office.counts`` in a project's schema, and the
        trigger that forgets its stored figures (``core.office.figures``) on every table."""
        writer, reader = self.project_engines(project.project_id)
        try:
            with writer.begin() as conn:
                create_office_indexes(conn)
                figures.ensure_triggers(conn, project.schema)
        finally:
            writer.dispose()
            reader.dispose()

    def create_project(
        self, conn: Connection, project_id: str, name: str, replica_id: str
    ) -> OfficeProject:
        """Create the project's schema at the current version and list it, in ``conn``'s
        transaction (whose ``search_path`` is that schema)."""
        self.check(conn)
        sname = schema_name(project_id)
        conn.exec_driver_sql(f'CREATE SCHEMA "{sname}"')
        load_all()  # every table registered with SQLModel's metadata
        SQLModel.metadata.create_all(conn)
        deferrable_keys(conn, sname)
        create_office_indexes(conn)
        figures.ensure_triggers(conn, sname)
        schema.write_version(conn, schema.SCHEMA_VERSION)
        project = OfficeProject(project_id, sname, name, replica_id, self._now())
        conn.exec_driver_sql(
            f"INSERT INTO {PROJECTS} VALUES (%s, %s, %s, %s, %s)",
            (project.project_id, project.schema, project.name, project.replica_id,
             project.created_at),
        )  # fmt: skip
        return project

    def rename(self, conn: Connection, project_id: str, name: str) -> None:
        conn.exec_driver_sql(
            f"UPDATE {PROJECTS} SET name = %s WHERE project_id = %s AND name <> %s",
            (name, project_id, name),
        )


@contextmanager
def one_line_errors(db: OfficeDb) -> Iterator[None]:
    """The server went away or refused us mid-way: one line (HmError), never a traceback."""
    try:
        yield
    except DBAPIError as exc:
        problem = connection_problem(exc, db.url)
        if problem is None:
            raise HmError(f"{db.shown}: {str(getattr(exc, 'orig', exc)).strip()}") from None
        raise problem from None


def deferrable_keys(conn: Connection, sname: str) -> None:
    """Foreign keys checked at commit when a merge asks (``SET CONSTRAINTS ALL DEFERRED``), as
    SQLite's ``defer_foreign_keys``: rows of one table may point at each other."""
    rows = conn.exec_driver_sql(
        "SELECT c.conrelid::regclass::text, c.conname FROM pg_constraint c "
        "JOIN pg_namespace n ON n.oid = c.connamespace WHERE c.contype = 'f' AND n.nspname = %s",
        (sname,),
    ).fetchall()
    for table, name in rows:
        conn.exec_driver_sql(
            f'ALTER TABLE {table} ALTER CONSTRAINT "{name}" DEFERRABLE INITIALLY IMMEDIATE'
        )

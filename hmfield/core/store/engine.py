"""SQLAlchemy engines for project files: read-write (WAL) and strictly read-only."""

from __future__ import annotations

import sqlite3
import weakref
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.pool import SingletonThreadPool
from sqlmodel import create_engine


class ThreadConnections(SingletonThreadPool):
    """One SQLite connection per thread, as SQLAlchemy's SingletonThreadPool, without its
    clean-up: past ``pool_size`` threads that pool closes an arbitrary connection, even one
    another thread is using (a background job's read crashed the process that way when the
    GUI thread opened its connection). Here a connection is closed only by its own thread
    (:func:`release_thread`, at the end of every background job) or when the engine is
    disposed (the project closes)."""

    def __init__(self, creator, **kw) -> None:
        kw["pool_size"] = 1 << 30  # the parent's clean-up never runs
        super().__init__(creator, **kw)
        _POOLS.add(self)

    def _cleanup(self) -> None:  # never another thread's connection
        return

    def release_current(self) -> None:
        """Close this thread's connection unless a session of this thread still holds it."""
        if getattr(self._fairy, "current", None) is not None and self._fairy.current():
            return
        ref = getattr(self._conn, "current", None)
        record = ref() if ref is not None else None
        if record is None:
            return
        del self._conn.current
        self._all_conns.discard(record)
        record.close()


_POOLS: weakref.WeakSet[ThreadConnections] = weakref.WeakSet()


def release_thread() -> None:
    """The calling thread is done with the project files: close its connections (a thread
    that ends without calling this leaves its connection open until the engine is
    disposed)."""
    for pool in list(_POOLS):
        pool.release_current()


def _uri(path: Path, mode: str) -> str:
    return f"file:{quote(str(path.resolve()))}?mode={mode}"


def write_engine(path: Path) -> Engine:
    """The writer: WAL, foreign keys, ``BEGIN IMMEDIATE`` so that two write transactions
    (GUI thread and a background job) queue instead of failing on a stale snapshot. One
    connection per thread."""

    def connect() -> sqlite3.Connection:
        conn = sqlite3.connect(
            _uri(path, "rwc"), uri=True, check_same_thread=False, isolation_level=None
        )
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA busy_timeout=30000")
        return conn

    engine = create_engine("sqlite://", creator=connect, poolclass=ThreadConnections)
    _use_explicit_begin(engine, "BEGIN IMMEDIATE")
    return engine


def read_engine(path: Path, immutable: bool = False) -> Engine:
    """A read-only engine: ``mode=ro`` plus ``query_only`` so nothing can write the file.
    Beside a writer (WAL) it reads committed data without blocking it. With no writer about,
    ``immutable`` opens the file without creating ``-wal``/``-shm`` side files at all."""
    uri = _uri(path, "ro") + ("&immutable=1" if immutable else "")

    def connect() -> sqlite3.Connection:
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False, isolation_level=None)
        conn.execute("PRAGMA query_only=ON")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA busy_timeout=30000")
        return conn

    engine = create_engine("sqlite://", creator=connect, poolclass=ThreadConnections)
    _use_explicit_begin(engine, "BEGIN")
    return engine


def _use_explicit_begin(engine: Engine, statement: str) -> None:
    """pysqlite's own transaction handling is off (isolation_level=None); SQLAlchemy's
    ``begin`` emits BEGIN so that a whole use case is one SQLite transaction."""

    @event.listens_for(engine, "begin")
    def _begin(conn):  # pragma: no cover - exercised by every transaction
        conn.exec_driver_sql(statement)

"""The few places where SQLite (the project file) and PostgreSQL (the office database) differ.

One schema, two engines: every model and query is the same; only raw statements that bypass
SQLAlchemy's compiler (the hot loops of export, merge and re-judging) and upserts need to know
the engine. A raw cursor on PostgreSQL is made to read like sqlite3's (JSON as its text,
booleans as 0/1, ``?`` placeholders) so the callers' conversions stay one code path.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table
from sqlalchemy.engine import Connection


def is_sqlite(conn: Connection) -> bool:
    return conn.dialect.name == "sqlite"


def marks(conn: Connection, n: int) -> str:
    """``n`` positional placeholders for a raw statement on ``conn``'s driver."""
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    return ", ".join([mark] * n)


def mark(conn: Connection) -> str:
    return "?" if conn.dialect.paramstyle == "qmark" else "%s"


def upsert(conn: Connection, table: Table):
    """An INSERT that knows ``ON CONFLICT`` on this engine (each dialect's module loads when
    first used: PostgreSQL's takes 25 ms that opening a project file never needs)."""
    if is_sqlite(conn):
        from sqlalchemy.dialects.sqlite import insert
    else:
        from sqlalchemy.dialects.postgresql import insert
    return insert(table)


def defer_constraints(conn: Connection) -> None:
    """Check references at commit, not per row (the office schema's keys are DEFERRABLE)."""
    if is_sqlite(conn):
        conn.exec_driver_sql("PRAGMA defer_foreign_keys=ON")
    else:
        conn.exec_driver_sql("SET CONSTRAINTS ALL DEFERRED")


def raw_cursor(conn: Connection) -> Any:
    """A DB-API cursor in ``conn``'s transaction returning plain tuples as sqlite3 does."""
    dbapi = conn.connection.dbapi_connection
    if is_sqlite(conn):
        return dbapi.cursor()
    return _PgCursor(dbapi)


class _PgCursor:
    """A psycopg cursor reading like sqlite3: ``?`` marks, JSON as text, booleans as 0/1."""

    def __init__(self, dbapi: Any) -> None:
        from psycopg.types.string import TextLoader

        self.cur = dbapi.cursor()
        for name in ("json", "jsonb"):
            self.cur.adapters.register_loader(name, TextLoader)
        self.cur.adapters.register_loader("bool", _bool_as_int())

    @staticmethod
    def _sql(sql: str) -> str:
        return sql.replace("%", "%%").replace("?", "%s")

    def execute(self, sql: str, params: Any = None):
        self.cur.execute(self._sql(sql), params)
        return self.cur

    def executemany(self, sql: str, rows: Any):
        self.cur.executemany(self._sql(sql), rows)
        return self.cur

    def fetchall(self) -> list:
        return self.cur.fetchall()

    def close(self) -> None:
        self.cur.close()


_BOOL_AS_INT: list = []  # the loader class, made on first use: psycopg loads only then


def _bool_as_int():
    """A psycopg loader reading booleans as 0/1 (made when an office cursor first needs it:
    importing psycopg costs ~0.1 s, and a project file never needs it)."""
    if not _BOOL_AS_INT:
        from psycopg.adapt import Loader

        class BoolAsInt(Loader):
            def load(self, data) -> int:
                return 1 if bytes(data) == b"t" else 0

        _BOOL_AS_INT.append(BoolAsInt)
    return _BOOL_AS_INT[0]

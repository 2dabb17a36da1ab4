"""Writing a merge: rows, events, conflicts and blobs straight into the caller's transaction
(never through the Recorder: a merge creates no events of its own)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice

from sqlalchemy import bindparam
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

from hmfield.core.audit.recorder import insert_rows
from hmfield.core.progress import NULL_PROGRESS, Progress
from hmfield.core.store.dialect import defer_constraints, upsert
from hmfield.core.sync.bundle.merge import RESOLUTION_KEYS
from hmfield.core.sync.bundle.payload import CONFLICTS_TABLE, EVENTS_TABLE, Catalog, DbRows
from hmfield.core.sync.bundle.payload_read import Payload, blob_rows_for_write


def write_rows(conn: Connection, table, inserts: list[dict], updates: list[dict]) -> None:
    convert = DbRows(table)
    if inserts:  # one executemany of parameter tuples (no per-row statement compiling)
        insert_rows(conn, table, [convert(r) for r in inserts])
    if updates:
        cols = [c.name for c in table.columns if c.name != "id"]
        stmt = (
            table.update()
            .where(table.c.id == bindparam("_rid"))
            .values({c: bindparam(c) for c in cols})
        )
        params = []
        for row in updates:
            values = convert(row)
            params.append({**{c: values.get(c) for c in cols}, "_rid": row["id"]})
        conn.execute(stmt, params)


def write_events(conn: Connection, events: list[dict]) -> None:
    if events:
        insert_rows(conn, SQLModel.metadata.tables[EVENTS_TABLE], events)


def write_blobs(conn: Connection, payload: Payload, blobs: dict[str, list[dict]], cat: Catalog):
    for name, rows in blobs.items():
        table = cat.blobs[name]
        stmt = upsert(conn, table).on_conflict_do_nothing()
        for row in blob_rows_for_write(payload, table, rows):
            conn.execute(stmt, row)


def write_conflicts(conn: Connection, inserts: list[dict], updates: list[dict]) -> None:
    table = SQLModel.metadata.tables[CONFLICTS_TABLE]
    write_rows(conn, table, inserts, [])
    if updates:
        convert = DbRows(table)
        stmt = (
            table.update()
            .where(table.c.id == bindparam("_rid"))
            .values({k: bindparam(k) for k in RESOLUTION_KEYS})
        )
        conn.execute(
            stmt,
            [{**{k: convert(u).get(k) for k in RESOLUTION_KEYS}, "_rid": u["id"]} for u in updates],
        )


def defer_foreign_keys(conn: Connection) -> None:
    """Check references at commit, not per row: a merge inserts in table order, but rows of
    one table may point at each other."""
    defer_constraints(conn)


def insert_everything(
    conn: Connection,
    payload: Payload,
    cat: Catalog,
    progress: Progress = NULL_PROGRESS,
    *,
    release: bool = False,
) -> None:
    """Fill an empty project from a bundle: rows as they are, all events, conflicts, blobs.
    ``release``: each table's rows are let go once written (the caller needs them no more)."""
    defer_foreign_keys(conn)
    steps = len(cat.records) + 3
    for i, (name, model) in enumerate(cat.records.items()):
        progress.check()
        for part in _chunks(payload.tables.get(name, ())):
            write_rows(conn, model.__table__, part, [])
        if release:
            payload.release_table(name)
        progress.report(i + 1, steps, "Writing the project")
    for part in _chunks(payload.events):
        write_events(conn, part)
    write_conflicts(conn, payload.conflicts, [])
    write_blobs(conn, payload, payload.blobs, cat)
    progress.report(steps, steps, "Writing the project")


WRITE_CHUNK = 5000  # rows per executemany when a new project is filled


def _chunks(rows: Iterable[dict]) -> Iterator[list[dict]]:
    """``rows`` in lists of WRITE_CHUNK: each list's dicts, converted rows and parameter
    tuples live only while it is written (a 50,000-host bundle's whole tables and 400,000
    events held three times over was most of its 2 GB peak)."""
    it = iter(rows)
    while part := list(islice(it, WRITE_CHUNK)):
        yield part

"""The project-data payload inside a bundle: what is carried, how it is written and read back.

Tables are discovered from SQLModel's metadata so that every table a feature adds travels
without being named here:

* ``Record`` tables (user data) -> ``data/tables/<table>.jsonl``, every row including
  tombstones; the merge works from the audit trail, the rows seed a brand-new project.
* ``audit_event`` -> ``data/audit.jsonl`` (all events, by device and sequence).
* ``merge_conflict`` -> ``data/conflicts.jsonl`` (so an unresolved conflict follows the data).
* content-addressed tables (primary key ``sha256`` plus a binary column) -> the bytes as bundle
  attachments (stored once by hash) and the other columns in ``data/blobs/<table>.jsonl``.
* anything else is derived or local (verdicts, import log): not carried, rebuilt after a merge.

Values are written JSON-safe with :func:`to_jsonable` (the form audit events use), one object
per line, so a reader can name the line of anything malformed.
"""

from __future__ import annotations

import base64
import functools
import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from sqlalchemy import LargeBinary, Table, TypeDecorator
from sqlalchemy.engine import Connection
from sqlalchemy.sql import sqltypes
from sqlmodel import SQLModel
from sqlmodel.main import default_registry

from hmfield.core.model import load_all
from hmfield.core.model.base import Record, to_jsonable
from hmfield.core.progress import NULL_PROGRESS, Progress
from hmfield.core.store.dialect import is_sqlite, raw_cursor
from hmfield.core.store.schema import SCHEMA_VERSION

load_all()  # every table registered with SQLModel's metadata

PAYLOAD_VERSION = 1
PAYLOAD_MEMBER = "data/payload.json"
AUDIT_MEMBER = "data/audit.jsonl"
CONFLICTS_MEMBER = "data/conflicts.jsonl"
TABLE_PREFIX = "data/tables/"
BLOB_PREFIX = "data/blobs/"
EVENTS_TABLE = "audit_event"
CONFLICTS_TABLE = "merge_conflict"

EVENT_KEYS = (
    "id",
    "device_id",
    "seq",
    "at",
    "person_id",
    "person_name",
    "entity",
    "entity_id",
    "action",
    "field",
    "old_value",
    "new_value",
    "prev_hash",
    "hash",
)
ACTIONS = frozenset({"create", "update", "delete", "restore"})

_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


# -- which tables travel -------------------------------------------------------------------
@dataclass(frozen=True)
class Catalog:
    """The tables of this build, sorted so that referenced tables come first."""

    records: dict[str, type[Record]]
    blobs: dict[str, Table]
    local: list[str]

    def table(self, name: str) -> Table:
        return SQLModel.metadata.tables[name]


def catalog() -> Catalog:
    classes = {m.local_table.name: m.class_ for m in default_registry.mappers}
    records: dict[str, type[Record]] = {}
    blobs: dict[str, Table] = {}
    local: list[str] = []
    for table in SQLModel.metadata.sorted_tables:
        cls = classes.get(table.name)
        if table.name in (EVENTS_TABLE, CONFLICTS_TABLE):
            continue
        if cls is not None and issubclass(cls, Record):
            records[table.name] = cls
        elif blob_column(table) is not None:
            blobs[table.name] = table
        else:
            local.append(table.name)
    return Catalog(records, blobs, local)


def blob_column(table: Table) -> str | None:
    """The binary column of a content-addressed table (primary key ``sha256``), else None."""
    if [c.name for c in table.primary_key.columns] != ["sha256"]:
        return None
    binary = [c.name for c in table.columns if isinstance(c.type, LargeBinary)]
    return binary[0] if len(binary) == 1 else None


# -- JSON <-> database values ---------------------------------------------------------------
def jsonable(value: Any) -> Any:
    if isinstance(value, bytes | bytearray | memoryview):
        return {"$base64": base64.b64encode(bytes(value)).decode("ascii")}
    return to_jsonable(value)


def row_json(table: Table, row: Any) -> dict:
    return {c.name: jsonable(row[c.name]) for c in table.columns}


def _converter(column) -> Callable[[Any], Any] | None:
    kind = column.type
    if isinstance(kind, sqltypes.DateTime):
        return lambda v: datetime.fromisoformat(v) if isinstance(v, str) else v
    if isinstance(kind, sqltypes.Date):
        return lambda v: date.fromisoformat(v) if isinstance(v, str) else v
    if isinstance(kind, sqltypes.Time):
        return lambda v: time.fromisoformat(v) if isinstance(v, str) else v
    if isinstance(kind, LargeBinary):
        return lambda v: base64.b64decode(v["$base64"]) if isinstance(v, dict) else v
    return None  # strings, numbers, booleans, JSON and UTCDateTime (takes ISO text) as they are


class DbRows:
    """Turns JSON rows into parameters for Core inserts and updates of one table."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self.converters = {
            c.name: conv for c in table.columns if (conv := _converter(c)) is not None
        }

    def __call__(self, row: dict) -> dict:
        out = dict(row)
        for name, conv in self.converters.items():
            if out.get(name) is not None:
                out[name] = conv(out[name])
        return out


# -- export --------------------------------------------------------------------------------
# A member is JSON lines: a header ``{"columns": [...]}`` then one array of values per row
# (half the bytes of objects, and the column check happens once per member).


def _raw_fixer(column) -> Callable[[Any], Any] | None:
    """How a value read straight from SQLite becomes its JSON form. Text columns, numbers and
    UTC times (stored as canonical ISO text) are already in that form."""
    kind = column.type
    if isinstance(kind, sqltypes.JSON):
        return json.loads
    if isinstance(kind, sqltypes.Boolean):
        return bool
    if isinstance(kind, LargeBinary):
        return jsonable
    if isinstance(kind, sqltypes.DateTime):  # a plain DateTime (not UTCDateTime) column
        return lambda v: to_jsonable(v if isinstance(v, datetime) else datetime.fromisoformat(v))
    if isinstance(kind, sqltypes.Date):  # ISO text in SQLite; a date from PostgreSQL
        return lambda v: v if isinstance(v, str) else v.isoformat()
    return None


def _memo_loads() -> Callable[[str], Any]:
    """json.loads with the text's value kept: JSON columns repeat ("[]", "{}", the same tags)
    and the values are only encoded again, never changed."""
    cache: dict[str, Any] = {}

    def loads(text: str) -> Any:
        try:
            return cache[text]
        except KeyError:
            value = cache[text] = json.loads(text)
            if len(cache) > 4096:
                cache.clear()
            return value

    return loads


def _sql_value(column) -> str | None:
    """The SQL giving ``column``'s JSON value inside SQLite's ``json_array`` exactly as
    :func:`_raw_fixer` and the encoder would write it (the same text for strings, numbers
    and null; JSON columns and floats as the same values: a float with 17 significant
    digits, which reads back as the same float), or None for a kind only Python writes
    (binary, plain datetimes and times)."""
    kind, name = column.type, f'"{column.name}"'
    if isinstance(kind, TypeDecorator):  # sqlmodel's AutoString, UTCDateTime: text stored
        kind = kind.impl_instance
    if isinstance(kind, sqltypes.JSON):
        return f"json({name})"
    if isinstance(kind, sqltypes.Boolean):
        if _constant_json():  # JSON true/false made once per statement, not per row
            return f"CASE WHEN {name} THEN json('true') WHEN NOT {name} THEN json('false') END"
        return (
            f"json(CASE WHEN {name} IS NULL THEN 'null' WHEN {name} THEN 'true' ELSE 'false' END)"
        )
    if isinstance(kind, sqltypes.Float):  # 17 digits: the same float back (not repr's text)
        return (
            f"CASE WHEN typeof({name}) = 'real' THEN json(printf('%!.17g', {name})) ELSE {name} END"
        )
    if isinstance(kind, sqltypes.Integer | sqltypes.String | sqltypes.Date):
        return name  # text (dates as their ISO text) and integers as stored  # an integer column holding a fraction is caught by _sql_lines
    return None


@functools.cache
def _constant_json() -> bool:
    """Whether this SQLite keeps the JSON kind of a constant ``json('true')`` that it
    computes once per statement (a booleans column's value then costs no JSON parse per
    row: a fifth of the record tables' export)."""
    conn = sqlite3.connect(":memory:")
    try:
        sql = "SELECT json_array(CASE WHEN x THEN json('true') WHEN NOT x THEN json('false') END)"
        rows = conn.execute(f"{sql} FROM (SELECT 1 AS x UNION ALL SELECT 0 UNION ALL SELECT NULL)")
        return [r[0] for r in rows] == ["[true]", "[false]", "[null]"]
    except sqlite3.Error:
        return False
    finally:
        conn.close()


def _sql_lines(conn: Connection, table: Table, columns: list, names: list[str], order_by: str):
    """(member bytes, row count) built by SQLite itself (json_array per row, one text for the
    member: 2-3x cheaper than encoding row by row in Python), or None when a column needs
    Python (see :func:`_sql_value`), an integer column holds a fraction, or this SQLite has
    no JSON functions."""
    if not is_sqlite(conn):
        return None
    values = [_sql_value(c) for c in columns]
    if any(v is None for v in values):
        return None
    ints = [f'typeof("{c.name}") = \'real\'' for c in columns if isinstance(c.type, sqltypes.Integer)
            and not isinstance(c.type, sqltypes.Boolean)]  # fmt: skip
    quoted = ", ".join(f'"{n}"' for n in names)
    sql = (
        f"SELECT count(*), CAST(group_concat(json_array({', '.join(values)}), char(10)) AS BLOB)"
        f", {'max(' + ' OR '.join(ints) + ')' if ints else '0'}"
        f' FROM (SELECT {quoted} FROM "{table.name}" ORDER BY {order_by})'  # noqa: S608
    )
    cursor = raw_cursor(conn)
    try:
        count, body, fractions = cursor.execute(sql).fetchone()
    except sqlite3.OperationalError:  # no json1, or a JSON column holding text SQLite refuses
        return None
    finally:
        cursor.close()
    if fractions:  # a REAL stored in an integer column: Python writes it exactly
        return None
    header = _encode({"columns": names}).encode("utf-8")
    return (header + b"\n" + body if count else header), count


def table_lines(conn: Connection, table: Table, order_by: str, skip: str = "") -> tuple[bytes, int]:
    """A table as a JSON-lines member (read with one raw query: this is the export's hot loop).
    SQLite builds the lines itself where every column's JSON is the same text it would get
    here (:func:`_sql_lines`); otherwise each row is encoded in Python."""
    columns = [c for c in table.columns if c.name != skip]
    names = [c.name for c in columns]
    built = _sql_lines(conn, table, columns, names, order_by)
    if built is not None:
        return built
    fixers = []
    for i, c in enumerate(columns):
        fn = _raw_fixer(c)
        if fn is json.loads:  # JSON text: parsed once per distinct text
            fn = _memo_loads()
        if fn is not None:
            fixers.append((i, fn))
    quoted = ", ".join(f'"{n}"' for n in names)
    sql = f'SELECT {quoted} FROM "{table.name}" ORDER BY {order_by}'  # noqa: S608
    out = [_encode({"columns": names})]
    count = 0
    cursor = raw_cursor(conn)  # plain tuples, same transaction
    for row in cursor.execute(sql):
        count += 1
        if fixers:
            row = list(row)
            for i, fn in fixers:
                if row[i] is not None:
                    row[i] = fn(row[i])
        out.append(_encode(row))
    return "\n".join(out).encode("utf-8"), count


CHUNK_ROWS = 20_000  # rows per piece of a member made in pieces


def table_line_pieces(conn: Connection, table: Table, keys: tuple[str, ...]):
    """``table_lines`` of a table ordered by ``keys`` (a unique index), made by SQLite in
    pieces of CHUNK_ROWS rows so that writing the first overlaps making the next: an
    iterator of bytes (joined, the same member), or None when a piece could fail half-way
    (a JSON column SQLite might refuse), the table needs Python (see :func:`_sql_value`) or
    this SQLite cannot: then use :func:`table_lines`."""
    columns = list(table.columns)
    values = [_sql_value(c) for c in columns]
    if not is_sqlite(conn) or any(v is None or v.startswith("json(") for v in values):
        return None
    names = [c.name for c in columns]
    ints = [f'typeof("{c.name}") = \'real\'' for c in columns
            if isinstance(c.type, sqltypes.Integer) and not isinstance(c.type, sqltypes.Boolean)]  # fmt: skip
    key_sql = ", ".join(f'"{k}"' for k in keys)
    marks = ", ".join("?" * len(keys))
    cursor = raw_cursor(conn)
    try:  # what could stop a piece half-way is checked before the first is made
        if (
            ints
            and cursor.execute(f'SELECT max({" OR ".join(ints)}) FROM "{table.name}"').fetchone()[0]
        ):  # noqa: S608
            return None
        cursor.execute(f'SELECT json_array({", ".join(values)}) FROM "{table.name}" LIMIT 1')  # noqa: S608
        if sqlite3.sqlite_version_info < (3, 15):  # row values
            return None
    except sqlite3.OperationalError:
        return None
    finally:
        cursor.close()
    quoted = ", ".join(f'"{n}"' for n in names)

    def pieces():
        cursor = raw_cursor(conn)
        try:
            last = None
            yield _encode({"columns": names}).encode("utf-8")
            while True:
                after = "" if last is None else f"WHERE ({key_sql}) > ({marks})"
                params = () if last is None else last
                end = cursor.execute(
                    f'SELECT {key_sql} FROM "{table.name}" {after} ORDER BY {key_sql}'  # noqa: S608
                    f" LIMIT 1 OFFSET {CHUNK_ROWS - 1}",
                    params,
                ).fetchone()
                upto = f"({key_sql}) <= ({marks})" if end else ""
                where = " AND ".join(w for w in (after.removeprefix("WHERE "), upto) if w)
                body = cursor.execute(
                    f"SELECT CAST(group_concat(json_array({', '.join(values)}), char(10)) AS BLOB)"
                    f' FROM (SELECT {quoted} FROM "{table.name}"'  # noqa: S608
                    f" {'WHERE ' + where if where else ''} ORDER BY {key_sql})",
                    (*params, *(end or ())),
                ).fetchone()[0]
                if body:
                    yield b"\n" + body
                if end is None:
                    return
                last = tuple(end)
        finally:
            cursor.close()

    return pieces()


def read_events(conn: Connection, where: str = "", params: tuple = ()) -> list[dict]:
    """Audit events as dicts in their stored (canonical) text form, by device and sequence."""
    cols = ", ".join(EVENT_KEYS)
    sql = f"SELECT {cols} FROM audit_event {where} ORDER BY device_id, seq"  # noqa: S608
    cursor = raw_cursor(conn)
    try:
        rows = cursor.execute(sql, params).fetchall()
    finally:
        cursor.close()
    return [dict(zip(EVENT_KEYS, r, strict=True)) for r in rows]


@dataclass
class ExportData:
    members: dict[str, bytes]
    attachments: dict[str, Path]  # sha256 -> file holding the bytes
    counts: dict[str, int]


def member_names(cat: Catalog) -> list[str]:
    """Every member ``build_payload`` makes, in name order (the order it makes them)."""
    names = [f"{TABLE_PREFIX}{n}.jsonl" for n in cat.records]
    names += [f"{BLOB_PREFIX}{n}.jsonl" for n in cat.blobs]
    return sorted([*names, AUDIT_MEMBER, CONFLICTS_MEMBER, PAYLOAD_MEMBER])


def _member_makers(
    conn: Connection, cat: Catalog, blob_folder: Path, attachments: dict[str, Path]
) -> dict[str, tuple[str, Callable[[], tuple[bytes, int]]]]:
    """member name -> (the table it holds, a function making its bytes and row count)."""
    tables = SQLModel.metadata.tables
    makers: dict[str, tuple[str, Callable[[], tuple[bytes, int]]]] = {
        AUDIT_MEMBER: (EVENTS_TABLE, lambda: table_lines(conn, tables[EVENTS_TABLE], "device_id, seq")),
        CONFLICTS_MEMBER: (CONFLICTS_TABLE, lambda: table_lines(conn, tables[CONFLICTS_TABLE], '"id"')),
    }  # fmt: skip
    for name, model in cat.records.items():
        makers[f"{TABLE_PREFIX}{name}.jsonl"] = (
            name, lambda t=model.__table__: table_lines(conn, t, '"id"')
        )  # fmt: skip
    for name, table in cat.blobs.items():
        makers[f"{BLOB_PREFIX}{name}.jsonl"] = (
            name, lambda t=table: _blob_member(conn, t, blob_folder, attachments)
        )  # fmt: skip
    return makers


def build_payload(
    conn: Connection,
    blob_folder: Path,
    progress: Progress = NULL_PROGRESS,
    sink: Callable[[str, bytes], None] | None = None,
    attachments: dict[str, Path] | None = None,
    part_sink: Callable[..., None] | None = None,
    listed: Callable[[], None] | None = None,
) -> ExportData:
    """Everything the bundle carries, read in one consistent (read-only) transaction;
    attachment bytes are written to files in ``blob_folder`` (write_bundle streams them).
    Members are made in name order, the order a bundle holds them, each handed to ``sink``
    (when given) as soon as it is made, so that writing it overlaps making the next; the
    attachment files are listed in ``attachments`` (when given) before the tables' members
    are made. With ``part_sink`` (name, piece, last=) the audit trail, the longest member,
    goes out in pieces as SQLite makes them (and is not kept in the result's members).
    ``listed`` is called once every attachment file is in ``attachments``."""
    cat = catalog()
    tables = SQLModel.metadata.tables
    attachments = {} if attachments is None else attachments
    makers = _member_makers(conn, cat, blob_folder, attachments)
    # payload.json sorts before the tables: their counts first (the same transaction)
    counts = {key: _count(conn, key) for key, _make in makers.values()}
    members: dict[str, bytes] = {}
    steps = len(makers) + 1
    unlisted = {f"{BLOB_PREFIX}{n}.jsonl" for n in cat.blobs}  # blob members still to make
    for done, member in enumerate(member_names(cat), 1):
        progress.check()
        if not unlisted and listed is not None:
            listed()
            listed = None
        pieces = None
        if part_sink is not None and member == AUDIT_MEMBER:
            pieces = table_line_pieces(conn, tables[EVENTS_TABLE], ("device_id", "seq"))
        if member == PAYLOAD_MEMBER:
            data, count, key = _payload_info(cat, counts), None, None
        elif pieces is not None:  # handed out piece by piece (not to ``sink`` again)
            data, count = b"", _hand_out(member, pieces, part_sink)
            key = EVENTS_TABLE
        else:
            key, make = makers[member]
            data, count = make()
            if sink is not None:
                sink(member, data)
        if key is not None and count != counts[key]:  # cannot happen in one transaction
            raise RuntimeError(f"{key}: {count} rows read, {counts[key]} counted")
        if member == PAYLOAD_MEMBER and sink is not None:
            sink(member, data)
        if pieces is None:
            members[member] = data
        unlisted.discard(member)
        progress.report(done, steps, "Reading the project")
    if listed is not None:
        listed()
    return ExportData(members, attachments, counts)


def _hand_out(member: str, pieces, part_sink) -> int:
    """Hand ``pieces`` to ``part_sink`` as they come; the member's rows (its lines after
    the header)."""
    rows = 0
    for piece in pieces:
        part_sink(member, piece)
        rows += piece.count(b"\n")
    part_sink(member, b"", last=True)
    return rows


def _count(conn: Connection, table: str) -> int:
    cursor = raw_cursor(conn)
    try:
        return cursor.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]  # noqa: S608
    finally:
        cursor.close()


def _blob_member(conn: Connection, table: Table, folder: Path, attachments: dict) -> tuple:
    """A content-addressed table's member (its other columns) and its bytes as files."""
    data_col = blob_column(table)
    built = table_lines(conn, table, "sha256", skip=data_col)
    cursor = raw_cursor(conn)
    try:
        sql = f'SELECT sha256, "{data_col}" FROM "{table.name}"'  # noqa: S608
        for sha, data in cursor.execute(sql):
            path = folder / sha
            path.write_bytes(data)
            attachments[sha] = path
    finally:
        cursor.close()
    return built


def _payload_info(cat: Catalog, counts: dict[str, int]) -> bytes:
    return json.dumps(
        {
            "payload_version": PAYLOAD_VERSION,
            "schema_version": SCHEMA_VERSION,
            "tables": {n: counts[n] for n in cat.records},
            "blobs": {n: counts[n] for n in cat.blobs},
            "events": counts[EVENTS_TABLE],
            "conflicts": counts[CONFLICTS_TABLE],
        },
        sort_keys=True,
        indent=1,
    ).encode("utf-8")

"""Reading a bundle's project-data payload back: parse each JSON-lines member, check it
against this build's tables, and keep the bundle open for attachments (see payload.py for
what is carried and why)."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import orjson
from sqlalchemy import Table
from sqlmodel import SQLModel

from hmfield.core.bulk import paused_gc
from hmfield.core.model.base import to_jsonable
from hmfield.core.progress import NULL_PROGRESS, Progress
from hmfield.core.store.schema import SCHEMA_VERSION
from hmfield.core.sync.bundle.errors import BundleError, BundleProblem
from hmfield.core.sync.bundle.manifest import Manifest
from hmfield.core.sync.bundle.payload import (
    ACTIONS,
    AUDIT_MEMBER,
    BLOB_PREFIX,
    CONFLICTS_MEMBER,
    CONFLICTS_TABLE,
    EVENT_KEYS,
    PAYLOAD_MEMBER,
    PAYLOAD_VERSION,
    TABLE_PREFIX,
    DbRows,
    blob_column,
    catalog,
)
from hmfield.core.sync.bundle.reader import OpenedBundle, ReadAhead


class TableRows:
    """A table's rows as read from a bundle; dicts are made only when iterated (a merge
    usually needs a handful of them, a new project all)."""

    def __init__(self, columns: list[str], rows: list[list]) -> None:
        self.columns, self.rows = columns, rows
        self._index: dict[str, int] | None = None

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[dict]:
        columns = self.columns
        for row in self.rows:
            yield dict(zip(columns, row, strict=True))

    def ids(self) -> list[str]:
        at = self.columns.index("id")
        return [row[at] for row in self.rows]

    def row(self, row_id: str) -> dict | None:
        """The row with id ``row_id`` as a dict, else None (one dict made, not all)."""
        if self._index is None:
            self._index = {rid: i for i, rid in enumerate(self.ids())}
        at = self._index.get(row_id)
        return None if at is None else dict(zip(self.columns, self.rows[at], strict=True))


@dataclass
class Payload:
    """A bundle's project data, parsed and checked (the bundle stays open for attachments)."""

    manifest: Manifest
    bundle: OpenedBundle
    tables: dict[str, TableRows] = field(default_factory=dict)
    conflicts: list[dict] = field(default_factory=list)
    blobs: dict[str, list[dict]] = field(default_factory=dict)
    # the audit trail: its member's columns (checked) and lines after the header, unparsed:
    # a merge parses only the lines that are not byte for byte its own (trail.py)
    event_columns: list[str] = field(default_factory=lambda: list(EVENT_KEYS))
    event_body: bytes = b""
    _events: list[dict] | None = field(default=None, repr=False)

    @property
    def display(self) -> str:
        return str(self.bundle.display)

    @property
    def event_count(self) -> int:
        return self.event_body.count(b"\n") + 1 if self.event_body else 0

    @property
    def events(self) -> list[dict]:
        """Every audit event of the bundle as a dict (parsed once, on first use)."""
        if self._events is None:
            self._events = self.parse_events(self.event_body, 2)
        return self._events

    def parse_events(self, text: bytes, first_line: int) -> list[dict]:
        """Audit-trail lines (``text``, its first line being line ``first_line`` of the
        member) as dicts; raises BundleError naming the first bad line."""
        if not text:
            return []
        reader = _Reader(self.bundle)
        rows = reader.parse_lines(AUDIT_MEMBER, text, first_line, text.count(b"\n") + 1)
        reader.check_width(AUDIT_MEMBER, rows, len(self.event_columns), first_line)
        if tuple(self.event_columns) == EVENT_KEYS:  # as this hmfield writes them
            return [_event_dict(row) for row in rows]
        columns = self.event_columns
        return [dict(zip(columns, row, strict=True)) for row in rows]

    def release_table(self, name: str) -> None:
        """Let a table's rows go (written into a new project: a 50,000-host bundle's rows
        are hundreds of MB); the table reads as empty from then on."""
        rows = self.tables.get(name)
        if rows is not None:
            self.tables[name] = TableRows(rows.columns, [])

    def release_events(self) -> None:
        """Let the parsed audit trail and its text go; it reads as empty from then on."""
        self._events, self.event_body = [], b""

    def close(self) -> None:
        self.bundle.close()

    def __enter__(self) -> Payload:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def blob_bytes(self, sha256_hex: str) -> bytes:  # checked against its hash as it is read
        return b"".join(self.bundle.attachment_chunks(sha256_hex))


class _Reader:
    def __init__(self, opened: OpenedBundle, fetch=None) -> None:
        self.opened = opened
        self.fetch = fetch or opened.member  # a member's verified bytes

    def fail(self, reason: str, member: str | None = None, kind=BundleProblem.DAMAGED):
        return BundleError(reason, file=self.opened.display, member=member, kind=kind)

    def table(self, member: str) -> tuple[list[str], list[list]]:
        """The header's columns and the rows (lists) of a JSON-lines member."""
        raw = self.fetch(member)
        parsed = self.parse_lines(member, raw, 1, raw.count(b"\n") + 1)
        columns = self.header(member, parsed[0] if parsed else None)
        rows = parsed[1:]
        self.check_width(member, rows, len(columns), 2)
        return columns, rows

    def header(self, member: str, header: Any) -> list[str]:
        columns = header.get("columns") if isinstance(header, dict) else None
        if not isinstance(columns, list) or not all(isinstance(c, str) for c in columns):
            raise self.fail("line 1 is not a column header", member)
        return columns

    def check_width(self, member: str, rows: list, width: int, first_line: int) -> None:
        if not all(type(r) is list and len(r) == width for r in rows):
            number = next(
                i for i, r in enumerate(rows, first_line) if type(r) is not list or len(r) != width
            )
            raise self.fail(f"line {number} does not match the column header", member)

    def parse_lines(self, member: str, text: bytes, first_line: int, count: int) -> list:
        """Parse ``count`` JSON lines (the first being line ``first_line`` of the member) with
        a C-level parse per slice of whole lines for the common case; line by line only to
        name a bad line (or where orjson and json differ: a number beyond 64 bits, NaN)."""
        parsed = _parse_slices(text)
        if parsed is not None and len(parsed) == count:
            return parsed
        try:
            lines = text.decode("utf-8").split("\n")
        except UnicodeDecodeError:
            raise self.fail("is not UTF-8 text", member) from None
        parsed = []
        for number, line in enumerate(lines, first_line):
            try:
                parsed.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise self.fail(f"line {number} is not valid JSON ({exc.msg})", member) from None
        return parsed

    def rows(self, member: str, table: Table, key: str) -> TableRows:
        columns, rows = self.table(member)
        unknown = set(columns) - set(table.columns.keys())
        if unknown:
            raise self.fail(
                f"has column(s) {', '.join(sorted(unknown))} this hmfield does not know: "
                "update hmfield",
                member,
                BundleProblem.NEWER_VERSION,
            )
        if key not in columns:
            raise self.fail(f"has no {key} column", member)
        at = columns.index(key)
        for number, row in enumerate(rows, 2):
            if not isinstance(row[at], str) or not row[at]:
                raise self.fail(f"line {number} has no {key}", member)
        return TableRows(columns, rows)

    def event_lines(self) -> tuple[list[str], bytes]:
        """The audit trail's columns (checked) and its lines after the header, unparsed."""
        raw = self.fetch(AUDIT_MEMBER)
        end = raw.find(b"\n")
        first, body = (raw, b"") if end < 0 else (raw[:end], raw[end + 1 :])
        try:
            header = json.loads(first)
        except (json.JSONDecodeError, UnicodeDecodeError):  # named as a bad line is named
            self.parse_lines(AUDIT_MEMBER, raw, 1, raw.count(b"\n") + 1)
            header = None
        del raw
        columns = self.header(AUDIT_MEMBER, header)
        if sorted(columns) != sorted(EVENT_KEYS):
            raise self.fail("is not an audit trail (wrong columns)", AUDIT_MEMBER)
        # fully checked by the merge where it matters: the events being added
        return columns, body


PARSE_SLICE = 1 << 20  # bytes of whole lines per parse call


def _parse_slices(text: bytes) -> list | None:
    """The JSON lines of ``text`` as one list, each slice of about PARSE_SLICE bytes parsed
    as one array by orjson (",".join(lines), done on the bytes: a newline byte is only ever a
    newline in UTF-8, never part of another character; orjson reads the UTF-8 bytes without
    a decode and parses ~3x faster than json: a 10,000-host bundle's 68 MB in ~0.1 s rather
    than ~0.3 s), or None when a slice is not what orjson reads (not valid JSON or UTF-8, or
    a value json reads and orjson does not: the caller then parses line by line with json).
    The GIL is held for one slice at a time: the threads reading the bundle (and this
    project's trail) go on between slices rather than wait for a whole member's parse."""
    out: list = []
    start, size = 0, len(text)
    while start <= size:
        end = text.find(b"\n", start + PARSE_SLICE) if size - start > PARSE_SLICE else -1
        if end < 0:
            end = size
        piece = text[start:end]
        if not piece and size:
            return None  # an empty line: named line by line
        try:
            out.extend(orjson.loads(b"[" + piece.replace(b"\n", b",") + b"]"))
        except orjson.JSONDecodeError:
            return None
        start = end + 1
    return out


def _event_dict(r: list) -> dict:
    """An audit-trail row in ``EVENT_KEYS`` order as a dict (2x faster than dict(zip()))."""
    return {
        "id": r[0],
        "device_id": r[1],
        "seq": r[2],
        "at": r[3],
        "person_id": r[4],
        "person_name": r[5],
        "entity": r[6],
        "entity_id": r[7],
        "action": r[8],
        "field": r[9],
        "old_value": r[10],
        "new_value": r[11],
        "prev_hash": r[12],
        "hash": r[13],
    }


_EVENT_KEY_SET = frozenset(EVENT_KEYS)


def event_problem(ev: dict) -> str | None:
    """Why ``ev`` is not a well-formed audit event (None when it is)."""
    if ev.keys() != _EVENT_KEY_SET:
        return "is not an audit event (wrong keys)"
    for key in ("id", "device_id", "at", "entity", "entity_id", "prev_hash", "hash"):
        if not isinstance(ev[key], str) or not ev[key]:
            return f"{key} is missing"
    if type(ev["seq"]) is not int or ev["seq"] < 1:
        return "seq is not a positive number"
    if ev["action"] not in ACTIONS:
        return f"unknown action {ev['action']!r}"
    for key in ("person_id", "field", "old_value", "new_value"):
        if ev[key] is not None and not isinstance(ev[key], str):
            return f"{key} is not text"
    if not isinstance(ev["person_name"], str):
        return "person_name is not text"
    if ev["action"] == "update" and not ev["field"]:
        return "an update names no field"
    return None


def time_problem(ev: dict) -> str | None:
    """Events are ordered by their time text, so it must be canonical UTC (checked for the
    events being added; known ones were checked when they arrived)."""
    at = ev["at"]
    return _time_text_problem(at) if isinstance(at, str) else _time_problem(at)


@functools.lru_cache(maxsize=1024)  # the events of one transaction share one instant
def _time_text_problem(at: str) -> str | None:
    return _time_problem(at)


def _time_problem(at) -> str | None:
    try:
        moment = datetime.fromisoformat(at)
    except ValueError:
        return "at is not a date and time"
    if moment.tzinfo is None or to_jsonable(moment) != at:
        return "at is not a canonical UTC time"
    return None


def read_payload(opened: OpenedBundle, progress: Progress = NULL_PROGRESS) -> Payload:
    """Parse and check the payload of an opened (verified) bundle; raises BundleError."""
    manifest = opened.manifest
    reader = _Reader(opened)
    if manifest.schema_version > SCHEMA_VERSION:
        raise reader.fail(
            f"was made by a newer hmfield (project schema version {manifest.schema_version}; "
            f"this hmfield reads up to version {SCHEMA_VERSION}): update hmfield to import it",
            kind=BundleProblem.NEWER_VERSION,
        )
    if PAYLOAD_MEMBER not in manifest.members:
        raise reader.fail(
            "is not a project bundle (no data/payload.json)", kind=BundleProblem.DAMAGED
        )
    try:
        info = json.loads(opened.member(PAYLOAD_MEMBER))
        version = info["payload_version"]
    except (ValueError, KeyError, TypeError):
        raise reader.fail("is not valid", PAYLOAD_MEMBER) from None
    if type(version) is not int or version > PAYLOAD_VERSION:
        raise reader.fail(
            f"has payload version {version}; this hmfield reads up to {PAYLOAD_VERSION}: "
            "update hmfield",
            PAYLOAD_MEMBER,
            BundleProblem.NEWER_VERSION,
        )
    for required in (AUDIT_MEMBER, CONFLICTS_MEMBER):
        if required not in manifest.members:
            raise reader.fail("is missing", required)
    members = manifest.data_members
    wanted = [n for n in members if _kind(n)] + [AUDIT_MEMBER, CONFLICTS_MEMBER]
    ahead = ReadAhead(opened, wanted, list(manifest.attachments))
    try:
        with paused_gc(promote=True):  # millions of small objects from the parse, no cycles
            payload = _read_members(_Reader(opened, ahead.member), members, progress)
        progress.check()
        ahead.attachments_checked()  # read back now, not mid-merge
    finally:
        ahead.close()
    progress.report(len(members) + 1, len(members) + 1, "Reading the bundle")
    return payload


def _kind(name: str) -> str | None:
    """The kind of a member holding rows ("table" or "blobs"), else None."""
    if name.endswith(".jsonl"):
        if name.startswith(TABLE_PREFIX):
            return "table"
        if name.startswith(BLOB_PREFIX):
            return "blobs"
    return None


def _read_members(reader: _Reader, members: list[str], progress: Progress) -> Payload:
    opened = reader.opened
    manifest = opened.manifest
    cat = catalog()
    payload = Payload(manifest, opened)
    expected = {PAYLOAD_MEMBER, AUDIT_MEMBER, CONFLICTS_MEMBER}
    for done, name in enumerate(members, 1):
        progress.check()
        kind = _kind(name)
        if kind == "table":
            table = name[len(TABLE_PREFIX) : -len(".jsonl")]
            if table not in cat.records:
                raise reader.fail(
                    f"holds table {table!r} that this hmfield does not know: update hmfield",
                    name,
                    BundleProblem.NEWER_VERSION,
                )
            payload.tables[table] = reader.rows(name, cat.table(table), "id")
        elif kind == "blobs":
            table = name[len(BLOB_PREFIX) : -len(".jsonl")]
            if table not in cat.blobs:
                raise reader.fail(
                    f"holds attachments of {table!r}, unknown to this hmfield: update hmfield",
                    name,
                    BundleProblem.NEWER_VERSION,
                )
            rows = list(reader.rows(name, cat.blobs[table], "sha256"))
            listed = set(manifest.attachments)
            missing = [r["sha256"] for r in rows if r["sha256"] not in listed]
            if missing:
                raise reader.fail(f"names attachment {missing[0]} that is not in the bundle", name)
            payload.blobs[table] = rows
        elif name not in expected:
            raise reader.fail("is not a member hmfield writes", name, BundleProblem.UNSAFE)
        progress.report(done, len(members) + 1, "Reading the bundle")
    payload.event_columns, payload.event_body = reader.event_lines()
    conflicts_table = SQLModel.metadata.tables[CONFLICTS_TABLE]
    payload.conflicts = list(reader.rows(CONFLICTS_MEMBER, conflicts_table, "id"))
    return payload


def blob_rows_for_write(payload: Payload, table: Table, rows: list[dict]) -> Iterator[dict]:
    """Blob rows with their bytes read from the bundle (one at a time, checked by hash)."""
    data_col = blob_column(table)
    convert = DbRows(table)
    for row in rows:
        yield convert({**row, data_col: payload.blob_bytes(row["sha256"])})

"""The bundle's audit trail beside this project's: which events are known, which are new.

A bundle carries every event of its project, and a merge usually knows nearly all of them.
This project writes each device's chain here as the export writes it (SQLite's json_array
with the export's expressions, ``payload._sql_value``, one line per event by sequence), and
looks for it in the bundle's trail: the longest run of whole lines, from the device's first
event, that the bundle holds byte for byte is those events, unchanged, so they are neither
parsed nor hashed again (the chain goes on from our copy's last hash). Every other line is
parsed and checked in full: a new event, or a known one written differently or altered (its
hash then differs from ours). A bundle written another way (an older hmfield, PostgreSQL)
only takes the slower path, with the same outcome.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

from hmfield.core.store.dialect import is_sqlite, raw_cursor
from hmfield.core.sync.bundle.errors import BundleError
from hmfield.core.sync.bundle.merge import check_chains
from hmfield.core.sync.bundle.payload import EVENT_KEYS, EVENTS_TABLE, _sql_value
from hmfield.core.sync.bundle.payload_read import Payload

CHUNK = 500


@dataclass
class TrailDiff:
    new_events: list[dict]  # the bundle's events this project lacks, checked
    known: dict[str, int]  # device -> its first events the bundle holds as ours, byte for byte
    parsed_ids: set[str]  # the ids of the bundle's other events
    local_missing: list[tuple[str, str, str]] = field(default_factory=list)
    # (id, entity, entity_id) of this project's events that the bundle lacks

    def in_bundle(self, ev: dict) -> bool:
        """Whether this project's event ``ev`` is in the bundle."""
        return ev["seq"] <= self.known.get(ev["device_id"], 0) or ev["id"] in self.parsed_ids


@dataclass
class _Chain:
    count: int
    contiguous: bool  # seq 1..count
    block: bytes | None  # the chain's lines as the export writes them


@dataclass(frozen=True)
class LocalChains:
    """This project's chains, their lines written in ``columns`` order."""

    columns: tuple[str, ...]
    chains: dict[str, _Chain]


def local_chains(conn: Connection, columns=EVENT_KEYS) -> LocalChains:
    """This project's audit chains, each device's lines as the export writes them."""
    return LocalChains(tuple(columns), _local_chains(conn, list(columns), True))


def compare_trails(
    conn: Connection, payload: Payload, read: LocalChains | None = None
) -> TrailDiff:
    """Verify the bundle's hash chains against themselves and this project's trail (see
    ``merge.check_chains``) and return what the merge needs (``read``: this project's
    chains, read in this transaction already). Raises BundleError."""
    body = payload.event_body
    if read is not None and read.columns == tuple(payload.event_columns):
        chains = read.chains
    else:
        chains = _local_chains(conn, payload.event_columns, bool(body))
    known, spans = _held_runs(body, chains)
    rest = _other_lines(body, spans)
    lines = body.count(b"\n") + 1 if body else 0
    if rest is None or sum(known.values()) + (rest.count(b"\n") + 1 if rest else 0) != lines:
        known, rest = {}, body  # not whole lines (a malformed trail): every line parsed
    try:
        events = payload.parse_events(rest, 2) if rest is not body else payload.events
    except BundleError:
        events = payload.events  # raises again, naming the member's own line number
        raise
    cursor = raw_cursor(conn)
    try:
        local_hash = _hashes(cursor, [ev["id"] for ev in events if isinstance(ev["id"], str)])
        starts = {d: (k, _hash_at(cursor, d, k)) for d, k in known.items()}
        places = _Places(cursor, chains)
        new = check_chains(payload, events, starts, local_hash, places)
        parsed_ids = {ev["id"] for ev in events}
        missing = []
        for device, chain in chains.items():
            if known.get(device, 0) < chain.count or not chain.contiguous:
                rows = cursor.execute(
                    "SELECT id, entity, entity_id FROM audit_event WHERE device_id = ? AND seq > ?",
                    (device, known.get(device, 0)),
                ).fetchall()
                missing.extend(r for r in rows if r[0] not in parsed_ids)
    finally:
        cursor.close()
    return TrailDiff(new, known, parsed_ids, missing)


def _local_chains(conn: Connection, columns: list[str], wanted: bool) -> dict[str, _Chain]:
    """Each device's chain in this project, with its lines when the engine writes them as
    the export does (``columns`` order): one query per device along the (device, seq)
    index, no sort."""
    table = SQLModel.metadata.tables[EVENTS_TABLE]
    values = [_sql_value(table.c[name]) for name in columns] if wanted else [None]
    lines = is_sqlite(conn) and all(v is not None for v in values)
    cursor = raw_cursor(conn)
    try:
        rows = cursor.execute(
            "SELECT device_id, count(*), min(seq), max(seq) FROM audit_event GROUP BY device_id"
        ).fetchall()
        chains = {r[0]: _Chain(r[1], r[2] == 1 and r[3] == r[1], None) for r in rows}
        if not lines:
            return chains
        sql = (
            "SELECT CAST(group_concat(line, char(10)) AS BLOB) FROM (SELECT"
            f" json_array({', '.join(values)}) AS line FROM audit_event"  # noqa: S608
            " WHERE device_id = ? ORDER BY seq)"
        )
        for device, chain in chains.items():
            try:
                chain.block = cursor.execute(sql, (device,)).fetchone()[0]
            except sqlite3.OperationalError:  # no JSON functions in this SQLite
                return {d: _Chain(c.count, c.contiguous, None) for d, c in chains.items()}
    finally:
        cursor.close()
    return chains


def _held_runs(body: bytes, chains: dict[str, _Chain]) -> tuple[dict[str, int], list]:
    """Per device, how many of its first events ``body`` holds as whole lines identical to
    ours, and the (start, end) byte span of those lines."""
    known: dict[str, int] = {}
    spans: list[tuple[int, int]] = []
    for device, chain in chains.items():
        if chain.block is None or not chain.contiguous or not body:
            continue
        held = _held_prefix(body, chain.block)
        if held is not None:
            known[device], span = held
            spans.append(span)
    spans.sort()
    if any(a[1] >= b[0] for a, b in zip(spans, spans[1:], strict=False)):
        return {}, []  # runs that touch: not a trail this hmfield wrote
    return known, spans


def _held_prefix(body: bytes, block: bytes) -> tuple[int, tuple[int, int]] | None:
    """(lines, span) of the longest run of ``block``'s first whole lines found in ``body``
    starting at a line start, or None."""
    cut = block.find(b"\n")
    first = block if cut < 0 else block[:cut]
    pos = body.find(first)
    while pos >= 0 and not _whole_line(body, pos, len(first)):
        pos = body.find(first, pos + 1)
    if pos < 0:
        return None
    view = memoryview(block)
    if body.startswith(view, pos) and _line_ends(body, pos + len(block)):
        return block.count(b"\n") + 1, (pos, pos + len(block))
    lo, hi = len(first), len(block)  # the bytes held: at least the first line's
    while lo < hi:  # the longest common prefix, by halves (memcmp each)
        mid = (lo + hi + 1) // 2
        if body.startswith(view[:mid], pos):
            lo = mid
        else:
            hi = mid - 1
    end = max(block.rfind(b"\n", 0, lo), len(first))  # the last line held whole on both sides
    return block.count(b"\n", 0, end) + 1, (pos, pos + end)


def _whole_line(body: bytes, pos: int, size: int) -> bool:
    return (pos == 0 or body[pos - 1] == 10) and _line_ends(body, pos + size)  # noqa: PLR2004


def _line_ends(body: bytes, end: int) -> bool:
    return end == len(body) or body[end] == 10  # noqa: PLR2004


def _other_lines(body: bytes, spans: list[tuple[int, int]]) -> bytes | None:
    """The lines of ``body`` outside ``spans`` (whole lines), one text; None when the spans
    do not fall on line boundaries."""
    if not spans:
        return body
    pieces = []
    at = 0
    for start, end in spans:
        if start > at:
            piece = body[at:start]
            if at > 0:
                if not piece.startswith(b"\n"):
                    return None
                piece = piece[1:]
            if not piece.endswith(b"\n"):
                return None
            pieces.append(piece[:-1])
        at = end
    if at < len(body):
        tail = body[at:]
        if not tail.startswith(b"\n"):
            return None
        pieces.append(tail[1:])
    if any(p == b"" for p in pieces):
        return None  # an empty line: parsed with the rest, to be named
    return b"\n".join(pieces)


def _hashes(cursor, ids: list[str]) -> dict[str, str]:
    """This project's hash of each of ``ids`` it holds."""
    out: dict[str, str] = {}
    for i in range(0, len(ids), CHUNK):
        part = ids[i : i + CHUNK]
        marks = ",".join("?" * len(part))
        sql = f"SELECT id, hash FROM audit_event WHERE id IN ({marks})"  # noqa: S608
        out.update(cursor.execute(sql, part).fetchall())
    return out


def _hash_at(cursor, device: str, seq: int) -> str:
    row = cursor.execute(
        "SELECT hash FROM audit_event WHERE device_id = ? AND seq = ?", (device, seq)
    ).fetchone()
    return row[0]


class _Places:
    """The (device_id, seq) places this project's trail holds."""

    def __init__(self, cursor, chains: dict[str, _Chain]) -> None:
        self.cursor, self.chains = cursor, chains
        self.fetched: dict[str, set[int]] = defaultdict(set)

    def __contains__(self, place: object) -> bool:
        device, seq = place  # type: ignore[misc]
        chain = self.chains.get(device)
        if chain is None:
            return False
        if chain.contiguous:
            return 1 <= seq <= chain.count
        if device not in self.fetched:
            rows = self.cursor.execute(
                "SELECT seq FROM audit_event WHERE device_id = ?", (device,)
            ).fetchall()
            self.fetched[device] = {r[0] for r in rows}
        return seq in self.fetched[device]

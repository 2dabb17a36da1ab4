"""Feeding the rules engine from the project file, fast: the rule set cache and batch loading.

Why batch: the engine takes ~40 us per host, so loading 10,000 hosts one query at a time (plus
their disks, partitions and NICs) would cost far more than judging them. Here one query per
table (chunked by id when a subset is asked for) reads only the columns the rules read (the
projection the rule loader records: :mod:`hmfield.core.assess.rules.reads`), and
each host becomes a light object carrying :class:`HostRecord`'s attribute names (the engine's
contract), with its disk/partition/NIC rows attached: named tuples of a class generated per
projection (:func:`_tuple_class`), built from each SQLite row in one tuple display.
"""

from __future__ import annotations

import dataclasses
import json
import threading
from collections import namedtuple
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, Boolean, select

from hmfield.core.assess.rules import Assessment, Ruleset, load_ruleset
from hmfield.core.assess.rules.reads import Reads
from hmfield.core.model.inventory import Disk, Host, Nic, Partition
from hmfield.core.model.records import HostRecord
from hmfield.core.store.dialect import raw_cursor

CHUNK = 900  # SQLite's default limit is 999 bound parameters per statement

# -- the rule set, loaded once per process -----------------------------------------------------

_lock = threading.Lock()
_cached: tuple[tuple, Ruleset] | None = None


def rules_dir() -> Path:
    from hmfield.paths import resource_path

    return resource_path("rules")


def _signature(directory: Path) -> tuple:
    """Names, sizes and modification times of the rule files: a cheap change detector."""
    out = []
    for path in sorted(directory.glob("*.yaml")):
        st = path.stat()
        out.append((path.name, st.st_size, st.st_mtime_ns))
    return tuple(out)


def current_ruleset() -> Ruleset:
    """The rule set, compiled once; reloaded when a rule file is added, removed or edited."""
    global _cached
    directory = rules_dir()
    sig = _signature(directory)
    with _lock:
        if _cached is None or _cached[0] != sig:
            _cached = (sig, load_ruleset(directory))
        return _cached[1]


# -- host objects for the engine --------------------------------------------------------------

_RECORD_FIELDS = tuple(f.name for f in dataclasses.fields(HostRecord))
HOST_COLUMNS = tuple(n for n in _RECORD_FIELDS if n in Host.__table__.c)
_CHILD_SKIP = {"id", "host_id", "created_at", "updated_at", "changed_by", "device_id",
               "revision", "deleted"}  # fmt: skip


class EngineHost:
    """A host just written as the engine sees it (:func:`engine_hosts_from_rows`). Class
    attributes give every HostRecord name a default (``disks``, ``is_srm_placeholder``,
    ...); instances carry the row's values. A project load gives named tuples with the same
    attributes instead (:func:`_host_loader`: cheaper to build)."""

    def __init__(self, values: dict[str, Any]) -> None:
        self.__dict__ = values


class EngineItem:
    """A disk, partition or NIC row just written, for the engine (a project load gives named
    tuples: :func:`_child_loader`)."""

    def __init__(self, values: dict[str, Any]) -> None:
        self.__dict__ = values


for _name in _RECORD_FIELDS:
    if _name not in HOST_COLUMNS:
        setattr(EngineHost, _name, None)
EngineHost.disks = EngineHost.partitions = EngineHost.nics = ()


def _json(value: str | None) -> Any:
    if value is None:
        return None
    if value == "[]":  # by far the most common values: skip the decoder
        return []
    if value == "{}":
        return {}
    return json.loads(value)


def _json_memo() -> Callable[[str | None], Any]:
    """:func:`_json` remembering each text it decoded: an inventory repeats the same JSON
    values (datastore kinds, VMFS versions, vendor facts) across thousands of hosts, and the
    engine only reads them, so hosts of one load share one decoded value per text."""
    cache: dict[str, Any] = {}

    def decode(value: str | None) -> Any:
        if value is None:
            return None
        try:
            return cache[value]
        except KeyError:
            found = _json(value)
            if len(cache) < 4096:
                cache[value] = found
            return found

    return decode


def _chunks(ids: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _rows(session, stmt, id_col, ids: Sequence[str] | None):
    conn = session.connection()
    if ids is None:
        yield from conn.execute(stmt)
        return
    for part in _chunks(ids):
        yield from conn.execute(stmt.where(id_col.in_(part)))


# -- the column projection: only what the rules read ------------------------------------------

_LISTS = {"disks": Disk, "partitions": Partition, "nics": Nic}
# HostRecord names a stored host has no column for: None on EngineHost, or derived from
# ``extra`` (is_srm_placeholder) in the loaded values
_NOT_STORED = frozenset(_RECORD_FIELDS) - set(HOST_COLUMNS) - set(_LISTS)


# loaded whatever the rules read: the host's name names it in diagnostics and progress
_ALWAYS = frozenset({"name"})


class ProjectionError(ValueError):
    """A rule reads an attribute the project file does not store (a rule file or engine bug)."""


@dataclass(frozen=True)
class Projection:
    """The columns a project load selects for one rule set: host columns and, per list the
    rules read (disks, partitions, NICs), that table's columns. Lists no rule reads are not
    loaded (their rows are not read at all)."""

    host: tuple[str, ...]
    children: tuple[tuple[str, tuple[str, ...]], ...]  # (list name, columns)

    def columns(self, level: str) -> tuple[str, ...]:
        return self.host if level == "host" else dict(self.children).get(level, ())


@lru_cache(maxsize=8)
def projection(reads: Reads) -> Projection:
    """The columns ``reads`` (a rule set's ``record_reads``) needs, in table order; raises
    :class:`ProjectionError` when a read names nothing the project stores."""
    unknown = reads.host - set(HOST_COLUMNS) - set(_LISTS) - _NOT_STORED
    if unknown:
        raise ProjectionError(f"rules read host attributes not stored: {sorted(unknown)}")
    wanted_host = reads.host | _ALWAYS
    host = tuple(c.name for c in Host.__table__.c if c.name in wanted_host)
    children = []
    for name, model in _LISTS.items():
        wanted = reads.level(name)
        if name not in reads.host and not wanted:
            continue
        stored = {c.name for c in model.__table__.c} - _CHILD_SKIP
        if wanted - stored:
            raise ProjectionError(
                f"rules read {name} attributes not stored: {sorted(wanted - stored)}"
            )
        cols = tuple(c.name for c in model.__table__.c if c.name in wanted)
        children.append((name, cols))
    return Projection(host, tuple(children))


# every stored attribute: the unprojected load
_FULL = Reads(
    host=frozenset({*HOST_COLUMNS, *_LISTS}),
    **{name: frozenset(c.name for c in m.__table__.c) - _CHILD_SKIP for name, m in _LISTS.items()},
)


def _value_expr(col, index: int) -> str:
    if isinstance(col.type, JSON):
        return f"_json(r[{index}])"
    if isinstance(col.type, Boolean):
        return f"(None if (v := r[{index}]) is None else v == 1)"
    return f"r[{index}]"


def _always_true(self) -> bool:
    return True


def _tuple_class(name: str, fields: Sequence[str], defaults: dict[str, Any]) -> type:
    """A named tuple class for engine hosts or items of one projection: attributes read in
    C from the tuple (a column the projection leaves out is no attribute: AttributeError),
    ``defaults`` as class attributes; identity equality and hash, and always true, as the
    plain objects it replaces (a tuple would compare, hash and test by its values)."""
    base = namedtuple(name, fields)  # noqa: PYI024 - generated per projection
    body = {"__slots__": (), "__eq__": object.__eq__, "__ne__": object.__ne__,
            "__hash__": object.__hash__, "__bool__": _always_true, **defaults}  # fmt: skip
    cls = type(name, (base,), body)
    cls.__module__ = __name__
    return cls


def as_dict(obj) -> dict[str, Any]:
    """An engine host's or item's attributes by name (loaded named tuples and the plain
    objects of :func:`engine_hosts_from_rows` alike)."""
    return obj._asdict() if isinstance(obj, tuple) else dict(vars(obj))


def _host_loader(columns: tuple[str, ...], lists: tuple[str, ...]) -> tuple[Callable, type]:
    """(``load(rows, out, decode)``, the host class): raw host rows (id first, then
    ``columns``) into ``out`` as host tuples keyed by id: id, the columns, the SRM
    placeholder flag when ``extra`` is read, an empty list per list in ``lists``. Generated
    once per projection: the whole loop in one function, one tuple display per row."""
    table = Host.__table__
    values = ["r[0]"]
    values += [_value_expr(table.c[n], i) for i, n in enumerate(columns, start=1)]
    fields = ["id", *columns]
    head = ""
    if "extra" in columns:  # the SRM placeholder flag lives in extra (no column of its own)
        at = columns.index("extra") + 1
        head = f"        x = _json(r[{at}])\n"
        values[at] = "x"
        values.append("(None if not x or (f := x.get('srm_placeholder')) is None else bool(f))")
        fields.append("is_srm_placeholder")
    values += ["[]"] * len(lists)
    fields += lists
    defaults: dict[str, Any] = {n: None for n in _NOT_STORED if n not in fields}
    defaults.update({n: () for n in _LISTS if n not in fields})  # lists no rule reads
    cls = _tuple_class("EngineHost", fields, defaults)
    source = (
        "def load(rows, out, _json):\n"
        "    for r in rows:\n"
        + head
        + "        out[r[0]] = new(cls, ("
        + ", ".join(values)
        + "))\n"
    )
    namespace: dict[str, Any] = {"new": tuple.__new__, "cls": cls}
    exec(compile(source, "<host loader>", "exec"), namespace)  # noqa: S102
    return namespace["load"], cls


def _child_loader(model, attr: str, columns: tuple[str, ...], at: int) -> Callable:
    """``load(rows, hosts, decode)``: raw rows (host_id first, then ``columns``) appended as
    item tuples to their host's list (field ``at`` of the host tuple; rows of hosts not in
    ``hosts`` are skipped)."""
    table = model.__table__
    values = [_value_expr(table.c[n], i) for i, n in enumerate(columns, start=1)]
    cls = _tuple_class(f"Engine{model.__name__}", columns, {})
    source = (
        "def load(rows, hosts, _json):\n"
        "    get = hosts.get\n"
        "    for r in rows:\n"
        "        h = get(r[0])\n"
        "        if h is not None:\n"
        f"            h[{at}].append(new(cls, (" + "".join(v + ", " for v in values) + ")))\n"
    )
    namespace: dict[str, Any] = {"new": tuple.__new__, "cls": cls}
    exec(compile(source, f"<{attr} loader>", "exec"), namespace)  # noqa: S102
    return namespace["load"]


@lru_cache(maxsize=8)
def _loaders(proj: Projection) -> tuple[Callable, tuple[tuple[str, str, Callable], ...]]:
    lists = tuple(name for name, _ in proj.children)
    host, cls = _host_loader(proj.host, lists)
    children = tuple(
        (_LISTS[name].__tablename__, name,
         _child_loader(_LISTS[name], name, cols, cls._fields.index(name)))
        for name, cols in proj.children
    )  # fmt: skip
    return host, children


def _select(cursor, table: str, columns: Sequence[str], key: str, ids: Sequence[str] | None):
    """Rows straight from the sqlite3 cursor of the session's connection (same transaction,
    none of SQLAlchemy's per-value processing), key column first: the cursor itself when
    every row is read (no generator step per row)."""
    # NOT deleted, not deleted = false: with the latter SQLite reads every live row through
    # the index on deleted (a lookup per row) rather than scanning the table
    sql = f"SELECT {', '.join((key, *columns))} FROM {table} WHERE NOT deleted"
    if ids is None:
        return cursor.execute(sql)
    return chain.from_iterable(_chunked_select(cursor, sql, key, ids))


def _chunked_select(cursor, sql: str, key: str, ids: Sequence[str]):
    """One statement per chunk of ids, each run only once the previous one's rows are read
    (they share the cursor)."""
    for part in _chunks(ids):
        marks = ",".join("?" * len(part))
        yield cursor.execute(f"{sql} AND {key} IN ({marks})", tuple(part))


_FLAT = frozenset({str, int, bool, type(None)})  # floats: JSON may write nan/inf


def _stored_json(value: Any) -> Any:
    """A JSON column's value as it reads back (lists of text and flat dicts unchanged)."""
    cls = value.__class__
    if cls is list:
        for item in value:
            if item.__class__ is not str:
                break
        else:
            return value
    elif cls is dict:
        flat = _FLAT
        for key, item in value.items():
            if key.__class__ is not str or item.__class__ not in flat:
                break
        else:
            return value  # text keys, plain values: JSON gives the same dict back
    return json.loads(json.dumps(value, ensure_ascii=False))


def _stored_int(value: Any) -> Any:
    """SQLite's INTEGER affinity: a float with no fraction is stored as an integer."""
    if value.__class__ is float and value.is_integer() or value.__class__ is bool:
        return int(value)
    return value


def _stored_float(value: Any) -> Any:
    """REAL affinity: integers are stored as floats."""
    if value.__class__ is int or value.__class__ is bool:
        return float(value)
    return value


def _stored_text(value: Any) -> Any:
    """TEXT affinity: numbers are stored as their text (StrEnums are str already)."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool | int | float):
        return str(int(value) if value.__class__ is bool else value)
    return value


# per column kind: (the class a stored value already has, the conversion otherwise)
_KINDS = {
    "json": ("list", "_stored_json"),  # an empty list is common and reads back the same
    "bool": ("bool", "bool"),
    "int": ("int", "_stored_int"),
    "float": ("float", "_stored_float"),
    "text": ("str", "_stored_text"),
}


def _kind(col) -> str:
    if isinstance(col.type, JSON):
        return "json"
    if isinstance(col.type, Boolean):
        return "bool"
    try:
        affinity = col.type.python_type
    except NotImplementedError:
        return "text"
    return {int: "int", float: "float"}.get(affinity, "text")


def _stored_form(columns: list) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """A function turning a row as inserted into the values a project load reads back
    from it (column affinity, JSON round trip, booleans): generated once per table, values
    already in their stored form passed through with one class test."""
    parts = []
    for col in columns:
        same, convert = _KINDS[_kind(col)]
        test = f"v.__class__ is {same}" + (" and not v" if same == "list" else "")
        parts.append(
            f"{col.name!r}: (v if (v := get({col.name!r})) is None or {test} else {convert}(v))"
        )
    source = "def stored(row):\n    get = row.get\n    return {" + ", ".join(parts) + "}\n"
    namespace: dict[str, Any] = {
        "_stored_json": _stored_json,
        "_stored_int": _stored_int,
        "_stored_float": _stored_float,
        "_stored_text": _stored_text,
    }
    exec(compile(source, f"<stored form {columns[0].table.name}>", "exec"), namespace)  # noqa: S102
    return namespace["stored"]


_FORMS: dict[type, Callable[[dict[str, Any]], dict[str, Any]]] = {}


def _form(model) -> Callable[[dict[str, Any]], dict[str, Any]]:
    found = _FORMS.get(model)
    if found is None:
        if model is Host:
            cols = [c for c in Host.__table__.c if c.name in HOST_COLUMNS]
        else:
            cols = [c for c in model.__table__.c if c.name not in _CHILD_SKIP]
        found = _FORMS[model] = _stored_form(cols)
    return found


def _engine_values(values: dict[str, Any], hid: str) -> dict[str, Any]:
    values["id"] = hid
    extra = values.get("extra") or {}
    if extra.get("srm_placeholder") is not None:
        values["is_srm_placeholder"] = bool(extra["srm_placeholder"])
    values["disks"], values["partitions"], values["nics"] = [], [], []
    return values


def engine_hosts_from_rows(
    hosts: Iterable[dict[str, Any]], children: dict[type, Iterable[dict[str, Any]]]
) -> list[EngineHost]:
    """Hosts just inserted (rows as written: ``Recorder.bulk_create(..., written=)``) as
    :func:`load_engine_hosts` would read them back, without reading them: an import judges
    its new hosts from memory. ``children`` maps Disk/Partition/Nic to their rows."""
    form = _form(Host)
    out: dict[str, EngineHost] = {}
    for row in hosts:
        out[row["id"]] = EngineHost(_engine_values(form(row), row["id"]))
    for model, attr in ((Disk, "disks"), (Partition, "partitions"), (Nic, "nics")):
        child_form = _form(model)
        for row in children.get(model, ()):
            host = out.get(row["host_id"])
            if host is not None and not row.get("deleted"):
                host.__dict__[attr].append(EngineItem(child_form(row)))
    return list(out.values())


def load_engine_hosts(
    session, host_ids: Sequence[str] | None = None, ruleset: Ruleset | None = None
) -> list[Any]:
    """Live hosts (all, or ``host_ids``) with their disks, partitions and NICs, as the engine
    reads them; one plain SELECT per table (per chunk of ids), no ORM objects. Hosts and
    items are named tuples (:func:`_tuple_class`; :func:`as_dict` gives their values).

    With ``ruleset`` only the columns its rules read are selected (:func:`projection` of
    ``ruleset.record_reads``: what judging needs), and lists no rule reads are not loaded; a
    column left out is not an attribute of the result (reading it raises AttributeError: a
    projection gap cannot pass unnoticed). Without, every stored column (what
    :func:`engine_hosts_from_rows` builds from rows as written)."""
    reads = ruleset.record_reads if ruleset is not None else _FULL
    proj = projection(reads)
    load_hosts, children = _loaders(proj)
    hosts: dict[str, Any] = {}
    cursor = raw_cursor(session.connection())
    try:
        decode = _json_memo()
        load_hosts(_select(cursor, "host", proj.host, "id", host_ids), hosts, decode)
        if not hosts:
            return []
        ids = None if host_ids is None else list(hosts)
        for (table, _, load), (_, cols) in zip(children, proj.children, strict=True):
            load(_select(cursor, table, cols, "host_id", ids), hosts, decode)
    finally:
        cursor.close()
    return list(hosts.values())


def reason_dict(r) -> dict[str, Any]:
    """One engine reason as a stored verdict keeps it (both languages; questions have the
    effect "ask")."""
    return {
        "code": r.code,
        "effect": r.effect,
        "zh": r.message_zh,
        "en": r.message_en,
        "source": r.source,
        "alternative": r.alternative,
    }


def verdict_row(host_id: str, result: Assessment, at) -> dict[str, Any]:
    """The ``host_verdict`` row for one engine result (reasons keep both languages)."""
    return {
        "host_id": host_id,
        "verdict": result.verdict.value,
        "mode": result.mode.value,
        "reasons": [reason_dict(r) for r in (*result.reasons, *result.questions)],
        "missing": list(result.missing),
        "alternative": result.alternative,
        "ruleset_version": result.ruleset_version,
        "computed_at": at,
    }


def latest_change(session, host_ids: Sequence[str] | None = None) -> dict[str, Any]:
    """host id -> the newest ``updated_at`` of the host or any of its disks/partitions/NICs
    (tombstoned children count: removing a disk changes the verdict)."""
    out: dict[str, Any] = {}
    from sqlalchemy import func

    for model in (Host, Disk, Partition, Nic):
        t = model.__table__
        key = t.c.id if model is Host else t.c.host_id
        stmt = select(key, func.max(t.c.updated_at)).group_by(key)
        for hid, at in _rows(session, stmt, key, host_ids):
            if at is not None and (out.get(hid) is None or at > out[hid]):
                out[hid] = at
    return out

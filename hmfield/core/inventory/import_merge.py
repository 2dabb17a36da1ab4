"""Matching imported records to stored hosts and diffing them field by field (pure, no writes).

Why the order host id -> VM UUID -> BIOS UUID -> name + IP: our own template carries the
stored host's id (exact); hypervisor exports carry instance UUIDs that survive renames; and
name + IP is the last resort for collector outputs and hand-made sheets.
Why ``None`` is skipped for discovery formats: an importer says ``None`` when it does not know
a fact; an import must never erase what is known. Our template is different: its columns are
the user's edit of the whole row, so a blank cell in a present column clears the value.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from hmfield.core.model.base import to_jsonable
from hmfield.core.model.inventory import MANUAL, BusinessSystem, Disk, Host, Nic, Partition
from hmfield.core.model.plan import Wave
from hmfield.core.model.project import Person
from hmfield.core.model.records import HostRecord

_HOST_COLUMNS = set(Host.data_fields())
# HostRecord fields stored as Host columns of the same name
HOST_FIELDS: tuple[str, ...] = tuple(
    f.name for f in fields(HostRecord) if f.name in _HOST_COLUMNS and f.name != "extra"
)
REF_COLUMNS = {"business_system": "business_system_id", "wave": "wave_id", "owner": "owner_id"}
LIST_FIELDS = {"ips", "macs", "tags"}
CHILD_MODELS = {"disks": Disk, "partitions": Partition, "nics": Nic}
TEMPLATE = "template"
UUID_FIELDS = {"vm_uuid", "bios_uuid"}


def is_hand_typed(source: str | None) -> bool:
    """Typed by a person: edited in the app, or in our template (which people fill in)."""
    return source == MANUAL or source == f"import:{TEMPLATE}"


@dataclass
class FieldChange:
    """One field of a matched host: old and new value, and whether a person typed the old
    value (then ``kept`` says the import leaves it, unless overwrite was chosen)."""

    field: str
    old: Any
    new: Any
    manual: bool = False
    kept: bool = False


@dataclass
class Stored:
    """What matching and diffing need of every stored host (read once, Core select)."""

    hosts: dict[str, dict] = field(default_factory=dict)
    by_vm: dict[str, str] = field(default_factory=dict)
    by_bios: dict[str, str] = field(default_factory=dict)
    by_name: dict[str, list[str]] = field(default_factory=dict)
    systems: dict[str, str] = field(default_factory=dict)  # id -> name
    waves: dict[str, str] = field(default_factory=dict)
    people: dict[str, str] = field(default_factory=dict)
    children: dict[str, dict[str, list[tuple]]] = field(default_factory=dict)

    def name_of(self, ref: str, ref_id: str | None) -> str | None:
        table = {"business_system": self.systems, "wave": self.waves, "owner": self.people}[ref]
        return table.get(ref_id) if ref_id else None

    def id_of(self, ref: str, name: str) -> str | None:
        table = {"business_system": self.systems, "wave": self.waves, "owner": self.people}[ref]
        key = name.strip().casefold()
        return next((i for i, n in table.items() if n.strip().casefold() == key), None)


def load_stored(conn: Connection, with_children: bool) -> Stored:
    """Every non-deleted host, the names of systems/waves/people, and (for formats that
    carry them) every host's children as comparable tuples."""
    st = Stored()
    h = Host.__table__
    cols = ["id", *HOST_FIELDS, "extra", "field_sources", *REF_COLUMNS.values()]
    for r in conn.execute(select(*(h.c[c] for c in cols)).where(h.c.deleted == False)):  # noqa: E712
        host = dict(zip(cols, r, strict=True))
        hid = host["id"]
        st.hosts[hid] = host
        if host["vm_uuid"]:
            st.by_vm.setdefault(host["vm_uuid"].lower(), hid)
        if host["bios_uuid"]:
            st.by_bios.setdefault(host["bios_uuid"].lower(), hid)
        st.by_name.setdefault((host["name"] or "").strip().casefold(), []).append(hid)
    for model, target in ((BusinessSystem, st.systems), (Wave, st.waves), (Person, st.people)):
        t = model.__table__
        for rid, name in conn.execute(select(t.c.id, t.c.name).where(t.c.deleted == False)):  # noqa: E712
            target[rid] = name
    if with_children:
        for key, model in CHILD_MODELS.items():
            t = model.__table__
            names = child_fields(model)
            stmt = select(t.c.host_id, *(t.c[n] for n in names)).where(t.c.deleted == False)  # noqa: E712
            for r in conn.execute(stmt.order_by(t.c.host_id, t.c.created_at, t.c.id)):
                st.children.setdefault(r[0], {}).setdefault(key, []).append(
                    tuple(to_jsonable(v) for v in r[1:])
                )
        for kids in st.children.values():
            for key, items in kids.items():
                kids[key] = sorted(items, key=repr)
    return st


def child_fields(model: type) -> list[str]:
    return [f for f in model.data_fields() if f != "host_id"]


def child_tuples(rec: HostRecord, key: str) -> list[tuple]:
    names = child_fields(CHILD_MODELS[key])
    items = [tuple(to_jsonable(getattr(c, n, None)) for n in names) for c in getattr(rec, key)]
    return sorted(items, key=repr)  # stored children have no order of their own


def match(st: Stored, rec: HostRecord) -> tuple[str | None, str | None]:
    """(stored host id, how it matched) or (None, None) for a new host."""
    if rec.host_id and rec.host_id in st.hosts:
        return rec.host_id, "host_id"
    if rec.vm_uuid and (hid := st.by_vm.get(rec.vm_uuid.lower())):
        return hid, "vm_uuid"
    if rec.bios_uuid and (hid := st.by_bios.get(rec.bios_uuid.lower())):
        return hid, "bios_uuid"
    candidates = st.by_name.get((rec.name or "").strip().casefold(), [])
    if candidates:
        ips = set(rec.ips)
        overlap = [h for h in candidates if ips & set(st.hosts[h]["ips"] or [])]
        if len(overlap) == 1:
            return overlap[0], "name_ip"
        if len(candidates) == 1 and (not ips or not st.hosts[candidates[0]]["ips"]):
            return candidates[0], "name"
    return None, None


_VALUE_FIELDS = (*HOST_FIELDS, "business_system", "wave", "owner")


def record_values(rec: HostRecord, present: frozenset[str] | None) -> dict[str, Any]:
    """The values a record asserts: known values only, or every present template column."""
    out: dict[str, Any] = {}
    if present is None:  # discovery formats: what the importer knows (the hot path)
        for name in _VALUE_FIELDS:
            value = getattr(rec, name, None)
            if (
                value is None
                or (name in LIST_FIELDS and not value)
                or (name == "name" and not str(value).strip())
            ):
                continue
            out[name] = list(value) if isinstance(value, list) else value
        return out
    invalid = getattr(rec, "invalid", ())
    for name in _VALUE_FIELDS:
        if name not in present or name in invalid:
            continue
        value = getattr(rec, name, None)
        if value is None:
            value = [] if name in LIST_FIELDS else "" if name == "notes" else None
        out[name] = list(value) if isinstance(value, list) else value
    return out


def diff_host(
    st: Stored,
    hid: str,
    values: dict[str, Any],
    extra: dict,
    fmt: str,
    overwrite_manual: bool,
) -> list[FieldChange]:
    """Field-by-field changes of a matched host (reference fields compared by name)."""
    host = st.hosts[hid]
    sources = host["field_sources"] or {}
    out: list[FieldChange] = []
    for name, new in values.items():
        if name in REF_COLUMNS:
            old = st.name_of(name, host[REF_COLUMNS[name]])
            if (old or "").strip().casefold() == (new or "").strip().casefold():
                continue
        else:
            old = host[name]
            if to_jsonable(old) == to_jsonable(new):
                continue
            if name in UUID_FIELDS and str(old or "").lower() == str(new or "").lower():
                continue
        manual = fmt != TEMPLATE and is_hand_typed(sources.get(name))
        out.append(FieldChange(name, old, new, manual, manual and not overwrite_manual))
    if extra:
        old_extra = host["extra"] or {}
        merged = {**old_extra, **extra}
        if merged != old_extra:
            out.append(FieldChange("extra", old_extra, merged))
    return out

"""Flat host rows for the inventory table, read with one SQLAlchemy Core select.

Why Core and not ORM objects: 10,000 hosts must open and fill the table in well under half a
second; building ORM instances (identity map, attribute instrumentation) costs ~5x more than
tuples. One select joins the business system, wave, owner and computed verdict names and a
per-host disk count, so the table never goes back to the database per row.

The verdict shown is the effective one: a person's live override (the newest, when a merge
brought two) wins over the rules engine's. Overrides are read by a second small query and
patched onto the rows (as ``assess_views.effective_verdicts`` does): joining them in SQL made
SQLite scan the override subquery once per host (3x slower with 500 overrides). The computed
verdict and the override reason ride along for the tooltip. The engine's reasons do not: their bilingual JSON would make the select ~40% slower
for 10,000 hosts, so :func:`fetch_reasons` reads one host's on hover (a primary-key lookup).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from datetime import datetime

from sqlalchemy import Select, String, case, func, select, type_coerce
from sqlalchemy.engine import Connection

from hmfield.core.context import ServiceContext
from hmfield.core.model.assess import HostVerdict, VerdictOverride, VerdictReasons
from hmfield.core.model.inventory import BusinessSystem, Disk, Host
from hmfield.core.model.plan import Wave
from hmfield.core.model.project import Person


@dataclass(slots=True)
class HostRow:
    """One host as the inventory table shows it (plain data, safe to keep in a Qt model).

    Reference fields come in pairs: ``business_system_id`` + ``business_system`` (its name),
    ``wave_id`` + ``wave``, ``owner_id`` + ``owner``. ``verdict``/``mode`` are the effective
    ones: a person's override when there is one, else the derived ``host_verdict`` row (None
    until assessed); ``computed_verdict`` is the engine's, ``overridden`` and
    ``override_reason`` tell about the override. ``field_sources`` maps a field to
    ``"manual"`` or ``"import:<format>"``.
    """

    id: str
    name: str = ""
    hostname: str | None = None
    ips: list[str] = field(default_factory=list)
    macs: list[str] = field(default_factory=list)
    platform: str | None = None
    platform_version: str | None = None
    datacenter: str | None = None
    cluster: str | None = None
    hypervisor_host: str | None = None
    power_state: str | None = None
    is_template: bool | None = None
    os_family: str | None = None
    os_name: str | None = None
    os_version: str | None = None
    os_config: str | None = None
    os_tools: str | None = None
    arch: str | None = None
    kernel: str | None = None
    boot: str | None = None
    secure_boot: bool | None = None
    cpu_cores: int | None = None
    memory_mib: float | None = None
    disk_total_mib: float | None = None
    disk_used_mib: float | None = None
    hw_version: int | None = None
    cbt: bool | None = None
    tools_status: str | None = None
    vm_uuid: str | None = None
    bios_uuid: str | None = None
    vm_id: str | None = None
    business_system_id: str | None = None
    wave_id: str | None = None
    role: str | None = None
    environment: str | None = None
    owner_id: str | None = None
    criticality: int | None = None
    notes: str = ""
    tags: list[str] = field(default_factory=list)
    migration_mode: str | None = None
    target_flavour: str | None = None
    target_subnet: str | None = None
    keep_ip: bool | None = None
    target_ip: str | None = None
    passthrough_devices: bool | None = None
    bitlocker: bool | None = None
    code_page: str | None = None
    in_scope: bool = True
    scope_reason: str | None = None
    scope_note: str = ""
    sources_json: str | None = field(default=None, repr=False)  # decoded on first use
    updated_at: datetime | None = None
    revision: int = 0
    deleted: bool = False
    # joined names and derived values
    business_system: str | None = None
    wave: str | None = None
    owner: str | None = None
    verdict: str | None = None
    mode: str | None = None
    disk_count: int = 0
    computed_verdict: str | None = None
    overridden: bool = False
    override_reason: str | None = None
    lifecycle: str | None = None  # not read here: screens fill it from lifecycle.host_lifecycles
    _sources: dict | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def field_sources(self) -> dict:
        """field -> ``"manual"`` or ``"import:<format>"`` (decoded lazily: 10,000 of these
        dicts would cost a third of the table's load time)."""
        if self._sources is None:
            self._sources = json.loads(self.sources_json) if self.sources_json else {}
        return self._sources

    @property
    def scope(self) -> str:
        """``in_scope`` or ``out_of_scope`` (the inventory's scope facet)."""
        return "in_scope" if self.in_scope or self.in_scope is None else "out_of_scope"

    def source(self, name: str) -> str | None:
        """Where ``name``'s value came from (``"manual"``, ``"import:rvtools"``, None)."""
        return self.field_sources.get(name)


ROW_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(HostRow) if f.init)
SELECTED = ("business_system", "wave", "owner", "verdict", "mode", "disk_count", "computed_verdict")
# overridden/override_reason are patched in fetch_rows; lifecycle is left to the caller
JOINED = (*SELECTED, "overridden", "override_reason", "lifecycle")
HOST_COLUMNS: tuple[str, ...] = tuple(n for n in ROW_FIELDS if n not in JOINED)
LIST_COLUMNS = ("ips", "macs", "tags")
# one value per host: never shared between rows (fetch_rows shares the others' strings)
UNIQUE_COLUMNS = frozenset(
    ("id", "name", "hostname", "vm_uuid", "bios_uuid", "vm_id", "notes", "updated_at")
)


def _disk_counts():
    return (
        select(Disk.host_id, func.count().label("n"))
        .where(Disk.deleted == False)  # noqa: E712
        .group_by(Disk.host_id)
        .subquery()
    )


def _disk_count_of(h):
    """The live disks of the row's host, counted through the disk table's host index: for
    a few hosts (a lazy block, one edited row) the grouped count of every disk there is
    (:func:`_disk_counts`, right for a full read) costs ~9 ms at 30,000 disks."""
    live = case((Disk.deleted == False, 1), else_=0)  # noqa: E712
    # the deleted flag is counted, not filtered on: as a filter SQLite searches by its index
    # (every live disk) instead of the host's
    return (
        select(func.coalesce(func.sum(live), 0))
        .where(Disk.host_id == h.c.id)
        .correlate(h)
        .scalar_subquery()
    )


def rows_select(*, include_deleted: bool = False, host_ids=None) -> Select:
    """The one select behind :meth:`InventoryService.rows` (ordered by name)."""
    h = Host.__table__
    bs = BusinessSystem.__table__
    wv = Wave.__table__
    pe = Person.__table__
    hv = HostVerdict.__table__
    few = host_ids is not None
    dc = None if few else _disk_counts()
    disk_count = _disk_count_of(h) if dc is None else func.coalesce(dc.c.n, 0)
    stmt = (
        select(
            *(_raw(h, name) for name in HOST_COLUMNS),
            bs.c.name.label("business_system"),
            wv.c.name.label("wave"),
            pe.c.name.label("owner"),
            hv.c.verdict,
            hv.c.mode,
            disk_count.label("disk_count"),
            hv.c.verdict.label("computed_verdict"),
        )
        .select_from(h)
        .outerjoin(bs, (bs.c.id == h.c.business_system_id) & (bs.c.deleted == False))  # noqa: E712
        .outerjoin(wv, (wv.c.id == h.c.wave_id) & (wv.c.deleted == False))  # noqa: E712
        .outerjoin(pe, pe.c.id == h.c.owner_id)
        .outerjoin(hv, hv.c.host_id == h.c.id)
    )
    if dc is not None:
        stmt = stmt.outerjoin(dc, dc.c.host_id == h.c.id)
    stmt = stmt.order_by(h.c.name, h.c.id)
    if not include_deleted:
        stmt = stmt.where(h.c.deleted == False)  # noqa: E712
    if host_ids is not None:
        stmt = stmt.where(h.c.id.in_(list(host_ids)))
    return stmt


def _raw(h, name: str):
    """JSON columns come back as text: lists decoded below, field sources on demand."""
    if name == "sources_json":
        return type_coerce(h.c.field_sources, String).label("sources_json")
    if name in LIST_COLUMNS:
        return type_coerce(h.c[name], String).label(name)
    return h.c[name]


def fetch_rows(conn: Connection, **kw) -> list[HostRow]:
    """Run :func:`rows_select` and build rows positionally (the fastest construction)."""
    result = conn.execute(rows_select(**kw))
    idx = [HOST_COLUMNS.index(n) for n in LIST_COLUMNS]
    shared = [i for i, name in enumerate(result.keys()) if name not in UNIQUE_COLUMNS]
    loads = json.loads
    out = []
    # one string object per distinct value of a column that repeats (the field sources of an
    # import, OS names, clusters, waves): 10,000 rows hold ~20 MiB less
    memo: dict[str, str] = {}
    keep = memo.setdefault
    for r in result:
        values = list(r)
        for i in shared:
            value = values[i]
            if value.__class__ is str:
                values[i] = keep(value, value)
        for i in idx:
            text = values[i]
            values[i] = [] if not text or text == "[]" else loads(text)
        out.append(HostRow(*values))
    over = live_overrides(conn, kw.get("host_ids"))
    if over:
        for row in out:
            found = over.get(row.id)
            if found is not None:
                verdict, mode, reason = found
                row.verdict = verdict or row.verdict or "unknown"
                row.mode = mode or row.mode or "none"
                row.overridden, row.override_reason = True, reason
    return out


def live_overrides(conn: Connection, host_ids=None) -> dict[str, tuple[str, str, str]]:
    """host id -> (verdict, mode, reason) of its live override; the newest wins when a
    bundle merge brought two (ordered oldest first, later rows overwrite)."""
    vo = VerdictOverride.__table__
    stmt = (
        select(vo.c.host_id, vo.c.verdict, vo.c.mode, vo.c.reason)
        .where(vo.c.deleted == False)  # noqa: E712
        .order_by(vo.c.updated_at, vo.c.id)
    )
    if host_ids is not None:
        stmt = stmt.where(vo.c.host_id.in_(list(host_ids)))
    return {hid: (verdict, mode, reason) for hid, verdict, mode, reason in conn.execute(stmt)}


def fetch_reasons(conn: Connection, host_id: str) -> list[dict]:
    """The engine's stored reasons for one host ``[{code, effect, zh, en, source}]`` (the
    ones behind the computed verdict the table shows; empty until assessed)."""
    hv, vr = HostVerdict.__table__, VerdictReasons.__table__
    text = conn.execute(
        select(type_coerce(vr.c.reasons, String))
        .select_from(hv)
        .join(vr, vr.c.digest == hv.c.reasons_digest)
        .where(hv.c.host_id == host_id)
    ).scalar()
    return json.loads(text) if text else []


def host_names(ctx: ServiceContext, include_deleted: bool = True) -> dict[str, str]:
    """Every host's name by id; deleted hosts too by default, because drill results, findings
    and runbook steps recorded before a deletion still name them."""
    query = select(Host.id, Host.name)
    if not include_deleted:
        query = query.where(Host.deleted.is_(False))
    with ctx.read() as session:
        return dict(session.execute(query).all())


def host_reasons(ctx: ServiceContext, host_id: str) -> list[dict]:
    """The engine's stored reasons behind one host's computed verdict (one row read)."""
    with ctx.read() as session:
        return fetch_reasons(session.connection(), host_id)

"""The portfolio's figures of one office project in a few aggregate statements.

Hosts per effective verdict and per lifecycle state, checklist progress per phase, the waves
with their windows and in-scope host counts, open conflicts, open incidents and the last
bundle of each engineer: each is a ``GROUP BY`` (or a count) over the project file's tables in
SQLAlchemy Core, never a row per host in Python. The statements name no schema: the caller runs
them through :class:`On`, which points them at one project's schema, so the whole office is
read in one snapshot on a few connections (``OfficeDb.snapshot``).

The reckonings are the features' own (``phase_progress``, ``lifecycle_rules``, the stale test
of ``assess.views``), so the figures equal the per-record ones (tests/core/office/test_counts).
The one thing SQL cannot do is run the rules engine: hosts whose stored verdict is missing or
stale (``assess.views._is_stale``: another rule set, or the host, a disk, partition or NIC
changed after it) are told apart by the same pass and judged in memory by
:func:`judge_stale`, as ``AssessmentService.summary`` does; that costs in proportion to them.

:data:`OFFICE_INDEXES` are the office's own indexes (``hmfield office init`` and every new
project's schema get them; a project file never has them): the pass over the hosts reads two
covering indexes instead of the wide rows, and the stale test looks only at records changed
after the oldest verdict (``updated_at`` is indexed in every table already).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import Index, MetaData, and_, case, func, or_, select, union_all
from sqlalchemy.engine import Connection

from hmfield.core.assess.views import collect
from hmfield.core.checklists import ChecklistTemplates, HostLifecycle
from hmfield.core.checklists.item_records import shown_templates
from hmfield.core.checklists.lifecycle import (
    ASSESSED,
    DISCOVERED,
    DRILL_FAILED,
    LIFECYCLE_STATES,
    lifecycle_rank,
    lifecycle_rules,
)
from hmfield.core.checklists.progress import phase_progress
from hmfield.core.checklists.views import ItemStatus, PhaseProgress
from hmfield.core.model.assess import HostVerdict, VerdictOverride
from hmfield.core.model.checklist import ChecklistItem, HostTask
from hmfield.core.model.inventory import Disk, Host, Nic, Partition
from hmfield.core.model.operate import Incident
from hmfield.core.model.plan import Wave
from hmfield.core.model.project import Project
from hmfield.core.model.sync import MergeConflict, SyncImport

H, HV, VO = Host.__table__, HostVerdict.__table__, VerdictOverride.__table__
HT, CI, W = HostTask.__table__, ChecklistItem.__table__, Wave.__table__
_INDEXED = MetaData()  # copies of the tables: the project file's metadata never sees these
_H, _HV = H.to_metadata(_INDEXED), HV.to_metadata(_INDEXED)
OFFICE_INDEXES = (
    # host_groups reads these two instead of the wide rows (index-only scans)
    Index(
        "office_host_figures",
        _H.c.id,
        postgresql_where=_H.c.deleted.is_(False),
        postgresql_include=["wave_id", "in_scope", "migration_mode", "updated_at"],
    ),  # fmt: skip
    Index(
        "office_host_verdict_figures",
        _HV.c.host_id,
        postgresql_include=["verdict", "mode", "ruleset_version", "computed_at"],
    ),  # fmt: skip
    # the oldest verdict: where the stale test starts looking at changed records
    Index("office_host_verdict_computed_at", _HV.c.computed_at),
)


def create_office_indexes(conn: Connection) -> None:
    """The office's indexes in the schema ``conn``'s ``search_path`` names (idempotent)."""
    for index in OFFICE_INDEXES:
        index.create(conn, checkfirst=True)


class On:
    """One project's schema on an office connection: the project file's statements are
    pointed at it (``schema_translate_map``: no round trip of its own)."""

    def __init__(self, conn: Connection, schema: str) -> None:
        self.conn = conn
        self.schema = schema
        self.options = {"schema_translate_map": {None: schema}}

    def rows(self, stmt) -> list:
        return self.conn.execute(stmt, execution_options=self.options).all()

    def one(self, stmt):
        return self.conn.execute(stmt, execution_options=self.options).one()

    def search_path(self) -> Connection:
        """The connection with the schema as its ``search_path`` for the rest of the
        transaction (for a session of the feature code on it)."""
        self.conn.execute(select(func.set_config("search_path", self.schema, True)))
        return self.conn


# -- hosts --------------------------------------------------------------------------------
@dataclass(frozen=True)
class HostGroup:
    """Live hosts alike in every figure of the portfolio, and how many."""

    verdict: str  # effective: an override's, else the stored one, else unknown
    stale: bool  # no overriding verdict, and the stored one missing or stale: judge it
    assessed: bool  # a stored verdict or a live override
    rank: int | None  # the furthest lifecycle rank its per-host tasks imply
    rolled_back: bool
    wave_id: str | None
    planned: bool  # in scope and not excluded: it counts in its wave
    hosts: int


def _override():
    """host id -> the verdict of its live override (the newest when a merge brought two)."""
    newest = func.row_number().over(
        partition_by=VO.c.host_id, order_by=(VO.c.updated_at.desc().nulls_last(), VO.c.id.desc())
    )
    ranked = (
        select(VO.c.host_id, VO.c.verdict, newest.label("n"))
        .where(VO.c.deleted.is_(False))
        .subquery()
    )
    return select(ranked.c.host_id, ranked.c.verdict).where(ranked.c.n == 1).subquery("ov")


def _tasks(per_host: dict[str, HostLifecycle]):
    """host id -> the furthest lifecycle rank its tasks imply, and whether a rollback is done
    (the rules of ``checklists.lifecycle.host_lifecycles``)."""
    implies: dict[HostLifecycle, list[str]] = {}
    for template_id, state in per_host.items():
        implies.setdefault(state, []).append(template_id)
    done = HT.c.status == ItemStatus.DONE.value
    ranks = [(and_(done, HT.c.template_id.in_(ids)), lifecycle_rank(state.value))
             for state, ids in implies.items() if state is not HostLifecycle.ROLLED_BACK]  # fmt: skip
    drill = implies.get(HostLifecycle.DRILL_PASSED, [])
    blocked = and_(HT.c.status == ItemStatus.BLOCKED.value, HT.c.template_id.in_(drill))
    ranks.append((blocked, lifecycle_rank(DRILL_FAILED)))
    back = and_(done, HT.c.template_id.in_(implies.get(HostLifecycle.ROLLED_BACK, [])))
    return (
        select(
            HT.c.host_id,
            func.max(case(*ranks, else_=-1)).label("rank"),
            func.max(case((back, 1), else_=0)).label("back"),
        )  # fmt: skip
        .where(HT.c.deleted.is_(False), HT.c.template_id.in_(sorted(per_host)))
        .group_by(HT.c.host_id)
        .subquery("tasks")
    )


def _changed():
    """host id -> the newest change of its disks, partitions and NICs (tombstones count),
    among the records changed after the oldest verdict only (``updated_at`` is indexed)."""
    oldest = select(func.min(HV.c.computed_at)).scalar_subquery()
    recent = union_all(*(
        select(t.c.host_id.label("host_id"), t.c.updated_at).where(t.c.updated_at > oldest)
        for t in (Disk.__table__, Partition.__table__, Nic.__table__)
    )).subquery("recent")  # fmt: skip
    return (
        select(recent.c.host_id, func.max(recent.c.updated_at).label("at"))
        .group_by(recent.c.host_id)
        .subquery("changed")
    )


def _stale(changed, ruleset_version: str):
    """The stored verdict is missing or stale (``assess.views._is_stale``)."""
    return or_(
        HV.c.host_id.is_(None),
        HV.c.ruleset_version != ruleset_version,
        HV.c.computed_at.is_(None),
        H.c.updated_at > HV.c.computed_at,
        changed.c.at > HV.c.computed_at,
    )


def _joined(ov, changed, tasks=None):
    joined = (
        H.outerjoin(HV, HV.c.host_id == H.c.id)
        .outerjoin(ov, ov.c.host_id == H.c.id)
        .outerjoin(changed, changed.c.host_id == H.c.id)
    )
    return joined if tasks is None else joined.outerjoin(tasks, tasks.c.host_id == H.c.id)


def host_groups(
    on: On, ruleset_version: str, templates: ChecklistTemplates | None = None
) -> list[HostGroup]:
    """One pass over the live hosts, grouped by everything the figures tell apart."""
    stmt = _host_groups_stmt(ruleset_version, lifecycle_rules(templates)[0])
    return [HostGroup(v, bool(st), bool(a), r, bool(b), w, bool(p), n)
            for v, st, a, r, b, w, p, n in on.rows(stmt)]  # fmt: skip


_BUILT: dict[tuple, object] = {}


def _host_groups_stmt(ruleset_version: str, per_host: dict[str, HostLifecycle]):
    """The statement (built once per rule set and templates: building costs more than the
    aggregate on a small project; it names no schema, so every project shares it)."""
    key = (ruleset_version, tuple(sorted((t, s.value) for t, s in per_host.items())))
    if key in _BUILT:
        return _BUILT[key]
    ov, tasks, changed = _override(), _tasks(per_host), _changed()
    judged = func.nullif(ov.c.verdict, "")
    mode = func.coalesce(func.nullif(H.c.migration_mode, ""), HV.c.mode)
    keys = (
        func.coalesce(judged, HV.c.verdict, "unknown").label("verdict"),
        and_(judged.is_(None), _stale(changed, ruleset_version)).label("stale"),
        or_(HV.c.host_id.is_not(None), ov.c.host_id.is_not(None)).label("assessed"),
        tasks.c.rank,
        tasks.c.back,
        H.c.wave_id,
        and_(
            or_(H.c.in_scope.is_(None), H.c.in_scope.is_(True)), mode.is_distinct_from("exclude")
        ).label("planned"),  # fmt: skip
    )
    stmt = (
        select(*keys, func.count())
        .select_from(_joined(ov, changed, tasks))
        .where(H.c.deleted.is_(False))
        .group_by(*keys)
    )
    _BUILT[key] = stmt
    return stmt


@dataclass
class VerdictCounts:
    hosts: int
    verdicts: Counter
    stale: int  # hosts counted by a stored verdict that is missing or stale


def verdict_counts(groups: list[HostGroup]) -> VerdictCounts:
    """Live hosts per effective verdict, as the stored verdicts and overrides say."""
    out = VerdictCounts(0, Counter(), 0)
    for g in groups:
        out.hosts += g.hosts
        out.verdicts[g.verdict] += g.hosts
        out.stale += g.hosts if g.stale else 0
    return out


def judge_stale(session, counts: VerdictCounts, ruleset_version: str) -> VerdictCounts:
    """The stale hosts judged in memory (as the Assess screen does, nothing written), in a
    session on the project's schema: each leaves the verdict it was counted under."""
    ov, changed = _override(), _changed()
    live = and_(H.c.deleted.is_(False), func.nullif(ov.c.verdict, "").is_(None))
    stmt = (
        select(H.c.id, func.coalesce(HV.c.verdict, "unknown"))
        .select_from(_joined(ov, changed))
        .where(live, _stale(changed, ruleset_version))
    )
    before = dict(session.connection().execute(stmt).all())
    out = VerdictCounts(counts.hosts, Counter(counts.verdicts), 0)
    for host in collect(session, sorted(before)):
        out.verdicts[before[host.host_id]] -= 1
        out.verdicts[host.verdict] += 1
    return out


def lifecycle_counts(
    groups: list[HostGroup], stored: dict[str, str], templates: ChecklistTemplates | None = None
) -> dict[str, int]:
    """Live hosts per lifecycle state, by the rules of ``checklists.lifecycle``: the furthest
    state its tasks imply, every cut-over host accepted once the project-wide item is done
    (``stored``: template id -> status of the live checklist items), a rolled-back host
    rolled back whatever came before."""
    _per_host, project_wide = lifecycle_rules(templates)
    accepted = [t for t, status in stored.items()
                if status == ItemStatus.DONE.value and t in project_wide]  # fmt: skip
    lift = max((lifecycle_rank(project_wide[t].value) for t in accepted), default=-1)
    cut_over = lifecycle_rank(HostLifecycle.CUT_OVER.value)
    out: Counter = Counter()
    for g in groups:
        state = lifecycle_rank(ASSESSED if g.assessed else DISCOVERED)
        state = max(state, g.rank if g.rank is not None else -1)
        if state >= cut_over:
            state = max(state, lift)
        out[HostLifecycle.ROLLED_BACK.value if g.rolled_back else LIFECYCLE_STATES[state]] += (
            g.hosts
        )
    return dict(out)


# -- the project, its checklist, waves, conflicts, incidents, bundles ---------------------
@dataclass(frozen=True)
class OfficeProjectFacts:
    project: Project | None  # name, customer and scenario of the project record
    open_conflicts: int
    open_incidents: int
    checklist: dict[str, str]  # template id -> status of the live checklist items


def project_facts(on: On, project_id: str) -> OfficeProjectFacts:
    """The project record and the open counts in one statement, the checklist in another."""
    t, mc, inc = Project.__table__, MergeConflict.__table__, Incident.__table__
    record = [select(c).where(t.c.id == project_id).scalar_subquery()
              for c in (t.c.id, t.c.name, t.c.customer, t.c.source_access, t.c.target_takeover)]  # fmt: skip
    conflicts = select(func.count()).where(mc.c.resolved.is_(False)).scalar_subquery()
    incidents = (
        select(func.count())
        .where(inc.c.status == "open", inc.c.deleted.is_(False))
        .scalar_subquery()
    )
    found, name, customer, access, takeover, n_conflicts, n_incidents = on.one(
        select(*record, conflicts, incidents)
    )
    project = None
    if found is not None:
        project = Project(name=name, customer=customer, source_access=access,
                          target_takeover=takeover)  # fmt: skip
    stored = dict(on.rows(select(CI.c.template_id, CI.c.status).where(CI.c.deleted.is_(False))))
    return OfficeProjectFacts(project, int(n_conflicts), int(n_incidents), stored)


def phase_counts(facts: OfficeProjectFacts, templates: ChecklistTemplates) -> list[PhaseProgress]:
    """Checklist progress per phase and stage (``phase_progress`` over the stored statuses)."""
    if facts.project is None:
        return []
    stored = facts.checklist
    shown = shown_templates(templates, facts.project, set(stored))
    return phase_progress(
        templates, [(t, stored.get(t.id, ItemStatus.NOT_STARTED.value)) for t in shown]
    )


def wave_rows(on: On, groups: list[HostGroup]) -> list[tuple]:
    """(name, order, drill start, drill end, cutover start, cutover end, status, hosts) of
    every live wave in plan order; hosts out of scope or excluded from migration count in no
    wave, as in the plan's figures."""
    hosts: Counter = Counter()
    for g in groups:
        if g.planned and g.wave_id is not None:
            hosts[g.wave_id] += g.hosts
    cols = (W.c.id, W.c.name, W.c.order, W.c.drill_start, W.c.drill_end, W.c.cutover_start,
            W.c.cutover_end, W.c.status)  # fmt: skip
    stmt = select(*cols).where(W.c.deleted.is_(False)).order_by(W.c.order, W.c.name)
    return [(*row[1:], hosts.get(row[0], 0)) for row in on.rows(stmt)]


def last_bundles(on: On) -> list[tuple]:
    """(engineer, device, made at, received at) of the newest bundle of each engineer (the
    person who made it, else the device), by engineer."""
    t = SyncImport.__table__
    who = func.coalesce(func.nullif(t.c.source_person, ""), t.c.source_device)
    newest = func.row_number().over(
        partition_by=who, order_by=(t.c.created_at.desc(), t.c.export_id)
    )
    ranked = select(who.label("who"), t.c.source_device, t.c.created_at, t.c.imported_at,
                    newest.label("n")).subquery()  # fmt: skip
    stmt = (
        select(ranked.c.who, ranked.c.source_device, ranked.c.created_at, ranked.c.imported_at)
        .where(ranked.c.n == 1)
        .order_by(ranked.c.who)
    )
    return on.rows(stmt)

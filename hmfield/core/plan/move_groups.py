"""Move groups as the engineer sees and edits them (issue 13): business systems plus the
hard-dependency components, the shared services that do not glue them, proposals for hosts
without a business system (every RVTools import) and the wave preferences.

``MoveGroupService.view`` is read-only; ``accept`` turns proposals into business systems
(one audited transaction); ``pin``/``apart``/``remove_preference`` record what the wave
proposal must respect.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import select

from hmfield.core.assess.verdicts import carry_verdicts
from hmfield.core.context import ServiceContext
from hmfield.core.errors import HmError
from hmfield.core.model.inventory import BusinessSystem, Host
from hmfield.core.model.plan import WavePreference
from hmfield.core.plan.grouping import grouping_policy
from hmfield.core.plan.inputs import PlanInputs, load_plan_inputs
from hmfield.core.plan.maths.groups import move_groups
from hmfield.core.plan.maths.naming import GroupProposal, propose_from_names
from hmfield.core.plan.preferences import live_preferences, ref_node


@dataclass
class MoveGroupRow:
    ref: tuple[str, str]  # (system|host|object, id): how a preference names this group
    name: str
    source: str  # system | hard | single
    members: list[str]
    hosts: int
    data_mib: float
    systems: list[str]  # business-system names
    hard_edges: int
    shared: list[str]  # members that are shared services
    criticality: int | None = None
    pin: int | None = None  # 1-based wave
    apart: list[str] = field(default_factory=list)  # names of groups kept apart from it


@dataclass
class MoveGroupView:
    groups: list[MoveGroupRow]
    shared: list[str]  # node ids of shared services
    proposals: list[GroupProposal]
    names: dict[str, str]

    def as_json(self) -> dict:
        n = self.names
        return {
            "groups": [
                {
                    "name": g.name,
                    "source": g.source,
                    "hosts": g.hosts,
                    "data_gib": round(g.data_mib / 1024, 1),
                    "members": [n.get(m, m) for m in g.members],
                    "hard_edges": g.hard_edges,
                    "shared_services": [n.get(m, m) for m in g.shared],
                    "pin": g.pin,
                    "apart": g.apart,
                }
                for g in self.groups
            ],
            "shared_services": [n.get(m, m) for m in self.shared],
            "proposals": [
                {"name": p.name, "source": p.source, "members": [n.get(m, m) for m in p.members]}
                for p in self.proposals
            ],
        }


def _rows(inp: PlanInputs, mg) -> list[MoveGroupRow]:
    hard_count = [0] * len(mg.grouping.groups)
    for e in mg.edges:
        if e.coupling and e.src in mg.grouping.group_of and e.dst in mg.grouping.group_of:
            gid = mg.grouping.group_of[e.src]
            if gid == mg.grouping.group_of[e.dst]:
                hard_count[gid] += 1
    crit = {n.id: n.criticality for n in inp.nodes}
    rows = []
    for g in mg.grouping.groups:
        systems = [inp.systems[s] for s in g.systems if s in inp.systems]
        if systems:
            ref, name, source = ("system", systems[0].id), systems[0].name, "system"
        else:
            first = g.members[0]
            ref = (inp.node_type.get(first, "host"), first)
            name = inp.names.get(first, first)
            if len(g.members) > 1:
                source = "hard"
            else:  # one host, or one non-host object (a NAS, a database service)
                source = "single_object" if ref[0] == "object" else "single"
        known = [c for m in g.members if (c := crit.get(m)) is not None]
        rows.append(
            MoveGroupRow(
                ref,
                name,
                source,
                list(g.members),
                g.hosts,
                g.data_mib,
                [s.name for s in systems],
                hard_count[g.id],
                [m for m in g.members if m in mg.shared],
                max(known) if known else None,
            )
        )
    return rows


class MoveGroupService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def view(self, inputs: PlanInputs | None = None) -> MoveGroupView:
        rules = grouping_policy()
        with self.ctx.read() as s:
            inp = inputs or load_plan_inputs(s)
            prefs = live_preferences(s)
        mg = move_groups(inp.nodes, inp.edges, min_groups=rules.shared_min_groups)
        rows = _rows(inp, mg)
        group_of = mg.grouping.group_of
        for p in prefs:
            node = ref_node(inp, p.ref_type, p.ref_id)
            if node is None or node not in group_of:
                continue
            row = rows[group_of[node]]
            if p.kind == "pin":
                row.pin = p.wave
            elif p.other_type and p.other_id:
                other = ref_node(inp, p.other_type, p.other_id)
                if other in group_of:
                    row.apart.append(rows[group_of[other]].name)
                    rows[group_of[other]].apart.append(row.name)
        loose = [(h.id, h.name) for h in inp.hosts.values() if not h.system_id]
        loose_ids = {h for h, _ in loose}
        components = [
            g.members
            for g in mg.grouping.groups
            if len(g.members) > 1 and all(m in loose_ids for m in g.members)
        ]
        proposals = propose_from_names(
            loose,
            components,
            rules.tier_tokens,
            min_prefix=rules.min_prefix,
            min_hosts=rules.min_name_hosts,
        )
        return MoveGroupView(rows, sorted(mg.shared), proposals, inp.names)

    def accept(self, proposals: list[tuple[str, list[str]]]) -> int:
        """Give each proposal's hosts a business system of the proposal's (edited) name,
        reusing a live system of that name; one transaction. Returns hosts changed."""
        changed = 0
        with self.ctx.write() as uow:
            s = uow.session
            by_name = {
                b.name.casefold(): b
                for b in s.exec(select(BusinessSystem).where(BusinessSystem.deleted.is_(False)))
            }
            for name, host_ids in proposals:
                name = (name or "").strip()
                if not name:
                    raise HmError("a move group needs a name to become a business system")
                system = by_name.get(name.casefold())
                if system is None:
                    system = uow.rec.create(BusinessSystem(name=name))
                    by_name[name.casefold()] = system
                carry_verdicts(uow, host_ids, {"business_system_id"})
                for hid in host_ids:
                    host = s.get(Host, hid)
                    if host is None or host.deleted:
                        raise HmError(f"no host with id {hid}")
                    if uow.rec.update(host, {"business_system_id": system.id}):
                        changed += 1
        return changed

    # -- preferences ------------------------------------------------------------------------
    def resolve(self, text: str) -> tuple[str, str]:
        """A business-system name, else a host or object name, as a preference reference."""
        with self.ctx.read() as s:
            inp = load_plan_inputs(s)
        key = text.strip().casefold()
        for sid, system in inp.systems.items():
            if system.name.casefold() == key:
                return ("system", sid)
        found = [n for n, name in inp.names.items() if name.casefold() == key]
        found = [n for n in found if inp.node_type.get(n) in ("host", "object")]
        if len(found) > 1:
            raise HmError(f"{text!r} names {len(found)} hosts or objects; use a unique name")
        if not found:
            raise HmError(f"no business system, host or object named {text!r}")
        return (inp.node_type[found[0]], found[0])

    def pin(self, ref: tuple[str, str], wave: int) -> WavePreference:
        if wave < 1:
            raise HmError("waves are numbered from 1")
        with self.ctx.write() as uow:
            for p in live_preferences(uow.session):
                if p.kind == "pin" and (p.ref_type, p.ref_id) == ref:
                    uow.rec.update(p, {"wave": wave})
                    return p
            return uow.rec.create(
                WavePreference(kind="pin", ref_type=ref[0], ref_id=ref[1], wave=wave)
            )

    def apart(self, a: tuple[str, str], b: tuple[str, str]) -> WavePreference:
        if a == b:
            raise HmError("a group cannot be kept apart from itself")
        with self.ctx.write() as uow:
            for p in live_preferences(uow.session):
                pair = {(p.ref_type, p.ref_id), (p.other_type, p.other_id)}
                if p.kind == "apart" and pair == {a, b}:
                    return p
            return uow.rec.create(
                WavePreference(
                    kind="apart", ref_type=a[0], ref_id=a[1], other_type=b[0], other_id=b[1]
                )
            )

    def remove_preference(self, pref_id: str) -> None:
        with self.ctx.write() as uow:
            p = uow.session.get(WavePreference, pref_id)
            if p is None or p.deleted:
                raise HmError(f"no wave preference with id {pref_id}")
            uow.rec.delete(p)

    def preferences(self) -> list[WavePreference]:
        with self.ctx.read() as s:
            return live_preferences(s)

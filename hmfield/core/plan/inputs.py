"""Stored hosts, objects, systems, dependencies and waves mapped onto the planning maths.

One read builds everything the planning service, the checks, the screens and the plan report
need: ``PlanNode``/``PlanEdge`` lists, names for messages, the current wave of each node and
the settings. Node ids are the record ids, so findings point straight back at records.

Non-host objects have no ``wave_id`` column: their wave is kept in ``ObjectWave`` (written by
the proposal or by hand), else derived (their business system's wave, else the earliest wave
of their linked hosts); they are left out of the check when nothing gives them one.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import select as sa_select
from sqlmodel import select

from hmfield.core.assess.views import chosen_mode
from hmfield.core.model.assess import HostVerdict, NonHostObject, VerdictOverride
from hmfield.core.model.inventory import BusinessSystem, Host
from hmfield.core.model.labels import os_text
from hmfield.core.model.plan import (
    Dependency,
    HostTimeEstimate,
    NetworkPlan,
    ObjectWave,
    PlanSettings,
    Wave,
)
from hmfield.core.plan.dependencies import live_dependencies
from hmfield.core.plan.grouping import grouping_policy
from hmfield.core.plan.maths import PlanEdge, PlanNode, WaveLimits

MIB_PER_GIB = 1024.0
LOW_RISK_VERDICTS = frozenset({"supported", "supported_with_conditions"})


def os_family(os_name: str | None) -> str | None:
    """windows | linux | other, for a representative pilot."""
    if not os_name:
        return None
    text = os_name.lower()
    return "windows" if "windows" in text else "other" if "unknown" in text else "linux"


@dataclass
class HostInfo:
    id: str
    name: str
    system_id: str | None
    wave_id: str | None
    data_mib: float
    platform: str | None
    agentless: bool
    mode: str | None  # migration mode chosen, else the verdict's recommended mode
    verdict: str | None
    os: str | None  # in words, name and version (model.labels.os_text)
    ips: list[str]
    size_known: bool = True  # False: the inventory has neither its used nor its total size
    role: str | None = None  # db, middleware, app, web: the runbook's providers-first tiers


@dataclass(frozen=True)
class OutOfScopeHost:
    id: str
    name: str
    reason: str | None
    note: str
    system_id: str | None
    data_mib: float


@dataclass
class PlanInputs:
    hosts: dict[str, HostInfo]
    objects: dict[str, NonHostObject]
    systems: dict[str, BusinessSystem]
    waves: list[Wave]  # live waves by order
    dependencies: list[Dependency]
    nodes: list[PlanNode]
    edges: list[PlanEdge]
    names: dict[str, str]  # node id -> display name
    node_type: dict[str, str]  # node id -> host | object | system
    settings: PlanSettings
    network: NetworkPlan | None
    estimates: dict[str, HostTimeEstimate] = field(default_factory=dict)
    object_waves: dict[str, str | None] = field(default_factory=dict)  # object id -> wave id
    # hosts out of scope (core/plan/scope.py): left out of every figure, listed in the plan
    out_of_scope: list[OutOfScopeHost] = field(default_factory=list)
    _proxies: int | None = field(default=None, repr=False, compare=False)

    @property
    def wave_order(self) -> dict[str, int]:
        """wave id -> 0-based position (what the maths calls the wave order)."""
        return {w.id: i for i, w in enumerate(self.waves)}

    def assignment(self) -> dict[str, int]:
        """Current node -> wave position for every node that has (or derives) a wave."""
        order = self.wave_order
        out: dict[str, int] = {}
        for h in self.hosts.values():
            if h.wave_id in order:
                out[h.id] = order[h.wave_id]
        by_system: dict[str, set[int]] = {}
        for h in self.hosts.values():
            if h.system_id and h.id in out:
                by_system.setdefault(h.system_id, set()).add(out[h.id])
        for sid, system in self.systems.items():
            if sid not in self.node_type:
                continue
            if system.wave_id in order:
                out[sid] = order[system.wave_id]
            elif len(by_system.get(sid, ())) == 1:
                out[sid] = next(iter(by_system[sid]))
        for oid, obj in self.objects.items():
            system = self.systems.get(obj.business_system_id or "")
            if self.object_waves.get(oid) in order:
                out[oid] = order[self.object_waves[oid]]
            elif system is not None and system.wave_id in order:
                out[oid] = order[system.wave_id]
            elif obj.business_system_id and len(by_system.get(obj.business_system_id, ())) == 1:
                out[oid] = next(iter(by_system[obj.business_system_id]))
            else:
                linked = [out[h] for h in obj.linked_host_ids or [] if h in out]
                if linked:
                    out[oid] = min(linked)
        return out

    @property
    def proxies_to_deploy(self) -> int:
        """The Sync Proxies the target components say to deploy for the agentless hosts in
        scope (``components.deploy_components``: per platform, 100 hosts each); 0 when no
        agentless host is in scope."""
        if self._proxies is None:
            from hmfield.core.plan.components import deploy_components  # imports this module

            self._proxies = deploy_components(self, {}).proxies
        return self._proxies

    def proxies_source(self, proxies: int | None = None) -> str:
        """Where the Sync Proxy limit comes from: the argument or the settings ("settings"),
        the components to deploy ("components"), else the grouping default ("default")."""
        if proxies is not None or self.settings.proxies is not None:
            return "settings"
        return "components" if self.proxies_to_deploy else "default"

    def limits(
        self,
        max_hosts: int | None = None,
        max_gib: float | None = None,
        proxies: int | None = None,
    ) -> WaveLimits:
        """Limits from the arguments, falling back to the stored settings, then for the Sync
        Proxies to the number the components deploy, then to the grouping policy's defaults
        (never "no limit": 200 hosts, 2 Sync Proxies x 100)."""
        s = self.settings
        policy = grouping_policy()
        hosts = max_hosts if max_hosts is not None else s.max_hosts_per_wave
        gib = max_gib if max_gib is not None else s.max_gib_per_wave
        px = proxies if proxies is not None else s.proxies
        if px is None and self.proxies_to_deploy:
            px = self.proxies_to_deploy
        return WaveLimits(
            max_hosts=hosts or policy.max_hosts_per_wave,
            max_data_mib=gib * MIB_PER_GIB if gib else None,
            proxies=px if px is not None else policy.proxies,
            hosts_per_proxy=policy.hosts_per_proxy,
        )

    def agentless_by_platform(self, host_ids=None) -> Counter:
        ids = self.hosts.keys() if host_ids is None else host_ids
        return Counter(
            self.hosts[h].platform or "other"
            for h in ids
            if h in self.hosts and self.hosts[h].agentless
        )


def _one(session, model):
    stmt = select(model).where(model.deleted.is_(False)).order_by(model.created_at)
    return session.exec(stmt).first()


def load_plan_inputs(session) -> PlanInputs:
    """Read everything planning needs in one session."""
    hosts, out_of_scope = _load_hosts(session)
    objects = {o.id: o for o in _live(session, NonHostObject, NonHostObject.name)}
    systems = {b.id: b for b in _live(session, BusinessSystem, BusinessSystem.name)}
    waves = _live(session, Wave, Wave.order, Wave.name)
    deps = live_dependencies(session)
    estimates = {e.host_id: e for e in _live(session, HostTimeEstimate)}
    object_waves = {r.object_id: r.wave_id for r in _live(session, ObjectWave)}
    settings = _one(session, PlanSettings) or PlanSettings()
    network = _one(session, NetworkPlan)
    nodes, names, node_type = _nodes(hosts, objects, systems, deps)
    edges = _edges(deps, node_type)
    return PlanInputs(
        hosts,
        objects,
        systems,
        waves,
        deps,
        nodes,
        edges,
        names,
        node_type,
        settings,
        network,
        estimates,
        object_waves,
        out_of_scope,
    )


def _live(session, model, *order_by) -> list:
    """The records of ``model`` not deleted, in ``order_by`` order."""
    return list(session.exec(select(model).where(model.deleted.is_(False)).order_by(*order_by)))


def _load_hosts(session) -> tuple[dict[str, HostInfo], list[OutOfScopeHost]]:
    """The live hosts planning counts (in scope, not excluded), by id in name order, with
    their verdict and the mode chosen (or recommended); and the hosts out of scope."""
    cols = (
        Host.id,
        Host.name,
        Host.business_system_id,
        Host.wave_id,
        Host.disk_used_mib,
        Host.disk_total_mib,
        Host.platform,
        Host.migration_mode,
        Host.os_name,
        Host.ips,
        Host.in_scope,
        Host.scope_reason,
        Host.scope_note,
        Host.role,
        Host.os_version,
        Host.os_tools,
    )
    verdicts = {
        r[0]: (r[1], r[2])
        for r in session.execute(
            sa_select(HostVerdict.host_id, HostVerdict.verdict, HostVerdict.mode)
        )
    }
    # the engineer's decision wins over the rules' (as every screen and the checklists read
    # it): a host decided "not supported, by its alternative plan" is planned as such
    decided = session.execute(
        sa_select(VerdictOverride.host_id, VerdictOverride.verdict, VerdictOverride.mode)
        .where(VerdictOverride.deleted.is_(False))
        .order_by(VerdictOverride.updated_at)
    )
    for hid, verdict, mode in decided:
        computed = verdicts.get(hid, (None, None))
        verdicts[hid] = (verdict or computed[0], mode or computed[1])
    hosts: dict[str, HostInfo] = {}
    out_of_scope: list[OutOfScopeHost] = []
    for row in session.execute(sa_select(*cols).where(Host.deleted.is_(False)).order_by(Host.name)):
        hid, name, sid, wid, used, total, platform, mode, os_name, ips = row[:10]
        if row[10] is not None and not row[10]:  # out of scope: no figure counts it
            data = float(used if used is not None else (total or 0.0))
            out_of_scope.append(
                OutOfScopeHost(hid, name or hid[:8], row[11], row[12] or "", sid, data)
            )
            continue
        verdict, rec_mode = verdicts.get(hid, (None, None))
        chosen = chosen_mode(mode, rec_mode)
        if chosen == "exclude":
            continue
        hosts[hid] = HostInfo(
            hid,
            name or hid[:8],
            sid,
            wid,
            float(used if used is not None else (total or 0.0)),
            platform,
            chosen == "agentless",
            chosen,
            verdict,
            os_text(os_name, row[14], row[15]) or None,
            list(ips or []),
            used is not None or total is not None,
            row[13],
        )
    return hosts, out_of_scope


def _nodes(hosts, objects, systems, deps) -> tuple[list[PlanNode], dict, dict]:
    """The graph's nodes: hosts, objects, and the systems a dependency names; each node's
    name and type by id."""
    nodes: list[PlanNode] = []
    names: dict[str, str] = {}
    node_type: dict[str, str] = {}
    for h in hosts.values():
        system = systems.get(h.system_id or "")
        nodes.append(
            PlanNode(
                h.id,
                "host",
                h.system_id,
                h.data_mib,
                h.agentless,
                h.platform,
                criticality=system.criticality if system is not None else None,
                os_family=os_family(h.os),
                low_risk=h.verdict in LOW_RISK_VERDICTS,
            )
        )
        names[h.id], node_type[h.id] = h.name, "host"
    for o in objects.values():
        nodes.append(PlanNode(o.id, "object", o.business_system_id, float(o.size_mib or 0.0)))
        names[o.id], node_type[o.id] = o.name, "object"
    used_systems = {d.from_id for d in deps if d.from_type == "system"} | {
        d.to_id for d in deps if d.to_type == "system"
    }
    for sid in sorted(used_systems & systems.keys()):
        nodes.append(PlanNode(sid, "system", sid))
        node_type[sid] = "system"
    for sid, b in systems.items():
        names[sid] = b.name
    return nodes, names, node_type


def _edges(deps, node_type: dict[str, str]) -> list[PlanEdge]:
    """The dependencies between two nodes of the graph, hard or soft by the grouping policy."""
    policy = grouping_policy()
    return [
        PlanEdge(
            d.from_id,
            d.to_id,
            d.kind,
            d.port,
            d.protocol,
            str(d.criticality) if d.criticality is not None else None,
            d.id,
            hard=policy.is_hard(d.kind, d.strength),
        )
        for d in deps
        if d.from_id in node_type and d.to_id in node_type
    ]

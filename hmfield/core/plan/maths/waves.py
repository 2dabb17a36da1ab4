"""Propose migration waves from the dependency graph, and check an engineer's edits live.

Rules (seed, 规划 待办2/3; support facts on Sync Proxy; issue 13):

* a move group (hard dependencies: coupling kinds and any edge marked ``hard``; cycles; a
  whole business system unless splitting is allowed) always shares one wave; a shared service
  (``groups.py``) glues nothing;
* waves follow the dependency graph: with ``providers_first`` a provider's wave is strictly
  earlier than its consumer's; with ``together`` it may be the same wave;
* each wave respects the limits: hosts, data in use, and agentless hosts per platform
  (one Sync Proxy serves at most 100 hosts, times the proxies available);
* a group that alone breaks a limit is split (``split_oversized``, ``split.py``) and the
  proposal names the group, the limit and the cut hard edges; without splitting it is placed
  alone in its own wave and explained;
* wave 1 may be a pilot (``PilotRule``): a few small, isolated, low-risk, low-criticality
  groups; critical groups never move before wave 2;
* the engineer's pins and keep-apart pairs (``WavePrefs``) hold.

Placement: pinned groups first, then groups in priority-topological order of the group graph
(providers first; among the ready, low criticality first, then big before small), each into
the first open wave that is late enough, has room and holds no group it must stay apart from
(first fit), else a new wave at the end.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from heapq import heappop, heappush
from typing import TYPE_CHECKING, Literal

from hmfield.core.errors import InputError
from hmfield.core.plan.maths.graph import (
    REASON_CYCLE,
    CoupledGroup,
    NodeGrouping,
    PlanEdge,
    PlanNode,
    index_nodes,
    partition,
    usable_edges,
)
from hmfield.core.plan.maths.groups import move_groups
from hmfield.core.plan.maths.limits import (
    Broken,
    WaveLimits,
    WaveLoad,
    fits,
    full,
    limit_text,
    over,
)
from hmfield.core.plan.maths.notes import PlanFinding, sample
from hmfield.core.plan.maths.split import GroupSplit, split_group

if TYPE_CHECKING:
    import networkx as nx

Policy = Literal["providers_first", "together"]
POLICIES: tuple[str, ...] = ("providers_first", "together")
SCAN_LIMIT = 64  # open waves tried per group before a new one is opened (keeps 10k fast)


@dataclass
class WaveProposal:
    waves: list[list[str]]  # wave order 0.. -> node ids
    infeasible: list[PlanFinding]
    warnings: list[PlanFinding]
    groups: list[CoupledGroup]
    wave_of_group: list[int]
    loads: list[WaveLoad]
    pilot: list[int] = field(default_factory=list)  # group ids in the pilot wave (wave 1)
    shared: list[str] = field(default_factory=list)  # shared-service node ids

    def assignment(self) -> dict[str, int]:
        return {node: order for order, wave in enumerate(self.waves) for node in wave}


def _group_load(group: CoupledGroup, limits: WaveLimits) -> WaveLoad:
    load = WaveLoad(group.hosts, group.data_mib)
    for platform, count in group.agentless_by_platform.items():
        load.agentless[limits.agentless_key(platform)] += count
    return load


def _explain(
    group: CoupledGroup, broken: list[Broken], wave: int, limits: WaveLimits
) -> PlanFinding:
    """Why a group could not fit any wave, with every number."""
    parts = "; ".join(limit_text(d, n, lim, k, limits) for d, n, lim, k in broken)
    who = f"{group.members[0]} needs"
    if len(group.members) > 1:
        why = ", ".join(sorted(group.reasons))
        who = f"{len(group.members)} nodes that must move together ({why}: {sample(group.members)}) need"
    return PlanFinding(
        "group_exceeds_limit",
        f"{who} {parts}; not split, placed alone in wave {wave + 1}",
        "error",
        {
            "group": group.id,
            "members": len(group.members),
            "reasons": sorted(group.reasons),
            "wave": wave,
            "broken": [
                {"dimension": d, "needed": n, "limit": lim, "platform": k}
                for d, n, lim, k in broken
            ],
        },
        group.members,
    )


@dataclass(frozen=True)
class PilotRule:
    """Wave 1 as a pilot: up to ``groups`` small, low-risk, low-criticality move groups."""

    groups: int = 3
    max_hosts: int = 10
    max_group_hosts: int = 5
    max_criticality: int = 2
    critical_from: int = 4


@dataclass
class WavePrefs:
    """The engineer's wishes: node id -> 0-based wave for its group; pairs kept apart."""

    pins: Mapping[str, int] = field(default_factory=dict)
    apart: Sequence[tuple[str, str]] = ()


def _criticality(group: CoupledGroup, crit: Mapping[str, int | None]) -> int | None:
    known = [c for m in group.members if (c := crit.get(m)) is not None]
    return max(known) if known else None


def _pick_pilot(
    groups: Sequence[CoupledGroup],
    dag: nx.DiGraph,
    nodes: Sequence[PlanNode],
    limits: WaveLimits,
    rule: PilotRule,
    excluded: set[int],
    apart: Mapping[int, set[int]],
) -> list[int]:
    """Small isolated groups (no providers, nothing depends on them: a pilot breaks nobody),
    low criticality, low risk (assessed supported), varied OS families and sizes."""
    by_id = {n.id: n for n in nodes}
    candidates = []
    for g in groups:
        if g.id in excluded or not g.hosts or g.hosts > rule.max_group_hosts:
            continue
        if dag.out_degree(g.id) or dag.in_degree(g.id) or over(_group_load(g, limits), limits):
            continue
        members = [by_id[m] for m in g.members]
        crit = max((m.criticality or 0 for m in members), default=0)
        if crit > rule.max_criticality or not all(m.low_risk for m in members):
            continue
        family = tuple(sorted({m.os_family or "" for m in members}))
        multi = g.hosts > 1
        candidates.append(((crit, -min(g.hosts, 3), g.data_mib, g.id), family, multi, g))
    candidates.sort(key=lambda c: c[0])
    chosen: list[int] = []
    seen: set[tuple] = set()
    load = WaveLoad()
    for rnd in (0, 1):  # first varied (OS family, size), then any
        for _, family, multi, g in candidates:
            if len(chosen) >= rule.groups or g.id in chosen:
                continue
            if (rnd == 0 and (family, multi) in seen) or apart.get(g.id, set()) & set(chosen):
                continue
            one = _group_load(g, limits)
            if load.hosts + g.hosts <= rule.max_hosts and fits(load, one, limits):
                chosen.append(g.id)
                seen.add((family, multi))
                load.add(one)
    return chosen


def propose_waves(
    nodes: Sequence[PlanNode],
    edges: Iterable[PlanEdge],
    limits: WaveLimits | None = None,
    policy: Policy = "providers_first",
    *,
    split_systems_allowed: bool = False,
    min_groups: int = 0,
    prefs: WavePrefs | None = None,
    pilot: PilotRule | None = None,
    split_oversized: bool = False,
) -> WaveProposal:
    """Propose waves (see module docstring). Deterministic for the same input order.

    ``min_groups`` > 0 finds shared services (see ``groups.py``); ``prefs`` pins groups and
    keeps pairs apart; ``pilot`` makes wave 1 a pilot; ``split_oversized`` splits a group that
    alone breaks a limit (``split.py``) and says so, instead of placing it alone."""
    if policy not in POLICIES:
        raise InputError(f"unknown wave policy {policy!r}; use one of {', '.join(POLICIES)}")
    limits = limits or WaveLimits()
    mg = move_groups(
        nodes, edges, min_groups=min_groups, split_systems_allowed=split_systems_allowed
    )
    placer = _Placer(nodes, mg, limits, 1 if policy == "providers_first" else 0, prefs)
    placer.split_oversized = split_oversized
    placer.run(pilot)
    return placer.result()


class _Placer:
    """First-fit placement of move groups in priority-topological order (providers first,
    then low criticality before high, big before small)."""

    def __init__(self, nodes, mg, limits: WaveLimits, gap: int, prefs: WavePrefs | None):
        self.nodes, self.mg, self.limits, self.gap = nodes, mg, limits, gap
        grouping = mg.grouping
        self.groups, self.dag = grouping.groups, grouping.dag
        self.group_of = grouping.group_of
        self.notes = list(grouping.notes)
        prefs = prefs or WavePrefs()
        self.pins = {self.group_of[n]: w for n, w in prefs.pins.items() if n in self.group_of}
        self.apart: dict[int, set[int]] = defaultdict(set)
        for a, b in prefs.apart:
            ga, gb = self.group_of.get(a), self.group_of.get(b)
            if ga is not None and gb is not None and ga != gb:
                self.apart[ga].add(gb)
                self.apart[gb].add(ga)
        crit = {n.id: n.criticality for n in nodes}
        self.crit = [_criticality(g, crit) for g in self.groups]
        self.loads: list[WaveLoad] = []
        self.members: list[list[str]] = []
        self.in_wave: list[set[int]] = []
        self.closed: set[int] = set()
        self.wave_of = [-1] * len(self.groups)
        self.infeasible: list[PlanFinding] = []
        self.group_loads = [_group_load(g, limits) for g in self.groups]
        self.pilot: list[int] = []
        self.base = 0
        self.open_waves: list[int] = []  # sorted waves that may take more
        self.critical_from: int | None = None
        self.split_oversized = False

    def _new_wave(self) -> int:
        self.loads.append(WaveLoad())
        self.members.append([])
        self.in_wave.append(set())
        wave = len(self.loads) - 1
        if wave not in self.closed:
            insort(self.open_waves, wave)
        return wave

    def _put(self, gid: int, wave: int, ids: Sequence[str] | None = None, load=None) -> None:
        while wave >= len(self.loads):
            self._new_wave()
        self.loads[wave].add(load or self.group_loads[gid])
        self.members[wave].extend(ids if ids is not None else self.groups[gid].members)
        self.in_wave[wave].add(gid)
        self.wave_of[gid] = max(self.wave_of[gid], wave)
        if full(self.loads[wave], self.limits) or wave in self.closed:
            pos = bisect_left(self.open_waves, wave)
            if pos < len(self.open_waves) and self.open_waves[pos] == wave:
                del self.open_waves[pos]

    def _order(self) -> list[int]:
        """Providers before consumers; among the ready, low criticality first, then big."""
        dag = self.dag
        waiting = {g: dag.out_degree(g) for g in dag.nodes}
        heap = []

        def key(g):
            g_ = self.groups[g]
            # big groups first pack the waves; equal sizes: less data first (early waves
            # teach on light hosts, the heaviest full syncs get the most time)
            return (self.crit[g] or 0, -g_.hosts, g_.data_mib, g)

        for g, n in waiting.items():
            if not n:
                heappush(heap, key(g))
        order = []
        while heap:
            g = heappop(heap)[-1]
            order.append(g)
            for consumer in dag.predecessors(g):
                waiting[consumer] -= 1
                if not waiting[consumer]:
                    heappush(heap, key(consumer))
        return order

    def run(self, pilot: PilotRule | None) -> None:
        pinned_elsewhere = {g for g, w in self.pins.items() if w != 0}
        if pilot is not None and pilot.groups > 0:
            self.pilot = _pick_pilot(
                self.groups, self.dag, self.nodes, self.limits, pilot, pinned_elsewhere, self.apart
            )
        if self.pilot:
            self.base = 1
            self.closed.add(0)
            for gid in self.pilot:
                self._put(gid, 0)
        self.critical_from = pilot.critical_from if pilot is not None else None
        for gid in sorted(self.pins, key=lambda g: self.pins[g]):
            if gid not in self.pilot:
                self._place_pinned(gid)
        for gid in self._order():
            if self.wave_of[gid] < 0:
                self._place(gid)

    def _earliest(self, gid: int) -> int:
        start = self.base
        crit = self.crit[gid]
        if self.critical_from is not None and crit is not None and crit >= self.critical_from:
            start = max(start, 1)
        placed = [self.wave_of[p] + self.gap for p in self.dag.successors(gid)]
        return max([start, *placed])

    def _latest(self, gid: int) -> int | None:
        """The last wave a provider may take when a consumer is already placed (pinned)."""
        placed = [
            self.wave_of[c] - self.gap for c in self.dag.predecessors(gid) if self.wave_of[c] >= 0
        ]
        return min(placed) if placed else None

    def _place_pinned(self, gid: int) -> None:
        wave = self.pins[gid]
        while wave >= len(self.loads):
            self._new_wave()
        if not fits(self.loads[wave], self.group_loads[gid], self.limits):
            self.notes.append(self._note("pin_over_limit", gid, wave, "warning"))
        self._put(gid, wave)

    def _note(self, code: str, gid: int, wave: int, severity: str) -> PlanFinding:
        g = self.groups[gid]
        return PlanFinding(
            code,
            f"{sample(g.members)}: pinned to wave {wave + 1}",
            severity,
            {"group": gid, "wave": wave, "members": len(g.members)},
            g.members,
        )

    def _candidates(self, gid: int, earliest: int, latest: int | None) -> list[int]:
        banned = self.apart.get(gid, set())
        load = self.group_loads[gid]
        if load.hosts or not self.limits.max_hosts:
            start = bisect_left(self.open_waves, earliest)
            waves = self.open_waves[start : start + SCAN_LIMIT]
        else:  # a host-free object may still join a wave that is full of hosts
            waves = [w for w in range(earliest, len(self.loads)) if w not in self.closed]
        for wave in waves:
            if latest is not None and wave > latest:
                break
            if banned & self.in_wave[wave]:
                continue
            if fits(self.loads[wave], load, self.limits):
                return [wave]
        return []

    def _place(self, gid: int) -> None:
        load = self.group_loads[gid]
        broken = over(load, self.limits)
        if broken and self.split_oversized and len(self.groups[gid].members) > 1:
            self._split(gid, broken)
            return
        if broken:  # one node alone, or splitting not wanted: alone in a closed wave
            target = max(self._earliest(gid), len(self.loads))
            self.closed.add(target)
            self._put(gid, target)
            self.infeasible.append(_explain(self.groups[gid], broken, target, self.limits))
            return
        earliest, latest = self._earliest(gid), self._latest(gid)
        found = self._candidates(gid, earliest, latest)
        if not found and latest is not None:
            self.notes.append(self._note("pin_order", gid, latest, "warning"))
        if found:
            target = found[0]
        else:
            target = max(earliest, len(self.loads))
            banned = self.apart.get(gid, set())
            while target < len(self.loads) and banned & self.in_wave[target]:
                target += 1
        self._put(gid, target)

    def _split(self, gid: int, broken: list[Broken]) -> None:
        group = self.groups[gid]
        by_id = {n.id: n for n in self.nodes}
        hard = [e for e in self.mg.edges if e.coupling]

        def load_of(node_id: str) -> WaveLoad:
            n = by_id[node_id]
            one = WaveLoad(n.host_count, n.data_used_mib)
            if n.agentless_hosts:
                one.agentless[self.limits.agentless_key(n.platform)] += n.agentless_hosts
            return one

        result = split_group(group.members, hard, load_of, self.limits)
        first = max(self._earliest(gid), len(self.loads))
        for i, chunk in enumerate(result.chunks):
            chunk_load = WaveLoad()
            for m in chunk:
                chunk_load.add(load_of(m))
            still = over(chunk_load, self.limits)
            if still:  # one node that alone breaks the limit: it stays alone
                self.closed.add(first + i)
                self.infeasible.append(
                    _explain(_part(group, chunk, chunk_load), still, first + i, self.limits)
                )
            self._put(gid, first + i, chunk, chunk_load)
        self.notes.append(_explain_split(group, broken, first, result, self.limits))

    def result(self) -> WaveProposal:
        return WaveProposal(
            self.members,
            self.infeasible,
            self.notes,
            self.groups,
            self.wave_of,
            self.loads,
            pilot=self.pilot,
            shared=sorted(self.mg.shared),
        )


def _part(group: CoupledGroup, chunk: Sequence[str], load: WaveLoad) -> CoupledGroup:
    return CoupledGroup(
        group.id, tuple(chunk), group.reasons, group.systems, load.hosts, load.data_mib, {}
    )


def _explain_split(
    group: CoupledGroup, broken: list[Broken], first: int, split: GroupSplit, limits: WaveLimits
) -> PlanFinding:
    """Which group was split, which limit it breaks alone, which hard edges the split cuts."""
    parts = "; ".join(limit_text(d, n, lim, k, limits) for d, n, lim, k in broken)
    cut = [f"{e.src} -> {e.dst}" for e in split.cut]
    waves = list(range(first, first + len(split.chunks)))
    return PlanFinding(
        "group_split",
        f"move group {sample(group.members)} ({len(group.members)} nodes) needs {parts}; "
        f"split into waves {', '.join(str(w + 1) for w in waves)}, cutting "
        f"{len(cut)} hard dependencies: {sample(cut) if cut else 'none'}",
        "warning",
        {
            "group": group.id,
            "members": len(group.members),
            "reasons": sorted(group.reasons),
            "waves": waves,
            "wave": first,
            "broken": [
                {"dimension": d, "needed": n, "limit": lim, "platform": k}
                for d, n, lim, k in broken
            ],
            "cut": [
                {"edge": e.id, "src": e.src, "dst": e.dst, "kind": str(e.kind)} for e in split.cut
            ],
            "cut_count": len(split.cut),
        },
        group.members,
    )


def check_assignment(
    nodes: Sequence[PlanNode],
    edges: Iterable[PlanEdge],
    assignment: Mapping[str, int],
    limits: WaveLimits | None = None,
    policy: Policy = "providers_first",
    *,
    split_systems_allowed: bool = False,
) -> list[PlanFinding]:
    """Live warnings for an edited plan: wrong-way dependencies, split groups, over capacity.

    ``assignment`` maps node id -> wave order, 0-based like ``WaveProposal.assignment()``
    (messages say order + 1). Errors come first, then warnings.
    """
    edges = list(edges)
    index = index_nodes(nodes)
    kept, unknown = usable_edges(edges, index)
    found: list[PlanFinding] = list(unknown)
    unassigned = [n.id for n in nodes if n.id not in assignment]
    if unassigned:
        found.append(
            PlanFinding(
                "unassigned",
                f"{len(unassigned)} nodes have no wave: {sample(unassigned)}",
                "error",
                {"count": len(unassigned)},
                tuple(unassigned),
            )
        )

    # Coupled groups without business-system merging: the truly inseparable ones.
    coupled = partition(nodes, index, kept, split_systems_allowed=True)
    found.extend(_split_groups(nodes, index, kept, coupled, assignment))
    together = coupled.group_of_pos
    if not split_systems_allowed:
        found.extend(_split_systems(nodes, assignment))
        together = partition(nodes, index, kept, split_systems_allowed=False).group_of_pos
    found.extend(_order_findings(kept, index, together, assignment, policy))
    found.extend(_capacity(nodes, assignment, limits or WaveLimits()))
    found.sort(key=lambda f: {"error": 0, "warning": 1, "info": 2}[f.severity])
    return found


def _split_systems(nodes: Sequence[PlanNode], assignment: Mapping[str, int]) -> list:
    """A business system whose nodes are in more than one wave (when systems move whole)."""
    found = []
    by_system: dict[str, list[str]] = defaultdict(list)
    for node in nodes:
        if node.business_system:
            by_system[node.business_system].append(node.id)
    for system, ids in by_system.items():
        waves = sorted({assignment[m] for m in ids if m in assignment})
        if len(waves) > 1:
            found.append(
                PlanFinding(
                    "system_split",
                    f"business system {system} is split across waves "
                    f"{', '.join(str(w + 1) for w in waves)}",
                    "error",
                    {"system": system, "waves": waves},
                    tuple(ids),
                )
            )
    return found


def _order_findings(kept, index, together, assignment: Mapping[str, int], policy) -> list:
    """Dependencies between groups that run the wrong way: the provider moves after its
    consumer (an error), or with it when the policy moves providers first (a warning)."""
    found = []
    for edge in kept:
        if edge.coupling or edge.src not in assignment or edge.dst not in assignment:
            continue
        consumer, provider = assignment[edge.src], assignment[edge.dst]
        if together[index[edge.src]] == together[index[edge.dst]]:
            continue
        params = {
            "src": edge.src,
            "dst": edge.dst,
            "kind": str(edge.kind),
            "criticality": edge.criticality,
            "consumer_wave": consumer,
            "provider_wave": provider,
            "edge": edge.id,
        }
        if consumer < provider:
            found.append(
                PlanFinding(
                    "provider_after_consumer",
                    f"{edge.src} (wave {consumer + 1}) depends on {edge.dst} "
                    f"({edge.kind}) which moves later, in wave {provider + 1}",
                    "error",
                    params,
                    (edge.src, edge.dst),
                )
            )
        elif consumer == provider and policy == "providers_first":
            found.append(
                PlanFinding(
                    "provider_same_wave",
                    f"{edge.src} and its provider {edge.dst} ({edge.kind}) share wave "
                    f"{consumer + 1}; the policy moves providers first",
                    "warning",
                    params,
                    (edge.src, edge.dst),
                )
            )
    return found


def _split_groups(
    nodes: Sequence[PlanNode],
    index: dict[str, int],
    kept: Sequence[PlanEdge],
    part: NodeGrouping,
    assignment: Mapping[str, int],
) -> list[PlanFinding]:
    """Coupled groups (cluster, primary/standby, shared disk, cycle) spread over waves."""
    waves_of: dict[int, set[int]] = defaultdict(set)
    for pos, node in enumerate(nodes):
        if node.id in assignment:
            waves_of[part.group_of_pos[pos]].add(assignment[node.id])
    split = {gid for gid, waves in waves_of.items() if len(waves) > 1}
    if not split:
        return []
    reasons: dict[int, set[str]] = defaultdict(set)
    for edge in kept:
        gid = part.group_of_pos[index[edge.src]]
        if edge.coupling and gid in split:
            reasons[gid].add(str(edge.kind))
    members: dict[int, list[str]] = defaultdict(list)
    for pos, node in enumerate(nodes):
        if part.group_of_pos[pos] in split:
            members[part.group_of_pos[pos]].append(node.id)
    found = []
    for gid in sorted(split):
        why = sorted(reasons[gid] | ({REASON_CYCLE} if gid in part.cycle_groups else set()))
        waves = sorted(waves_of[gid])
        found.append(
            PlanFinding(
                "coupled_split",
                f"{', '.join(why)} group split across waves "
                f"{', '.join(str(w + 1) for w in waves)}: {sample(members[gid])}",
                "error",
                {"waves": waves, "reasons": why},
                tuple(members[gid]),
            )
        )
    return found


def _capacity(
    nodes: Sequence[PlanNode], assignment: Mapping[str, int], limits: WaveLimits
) -> list[PlanFinding]:
    loads: dict[int, WaveLoad] = defaultdict(WaveLoad)
    ids: dict[int, list[str]] = defaultdict(list)
    for node in nodes:
        if node.id not in assignment:
            continue
        wave = assignment[node.id]
        load = loads[wave]
        load.hosts += node.host_count
        load.data_mib += node.data_used_mib
        if node.agentless_hosts:
            load.agentless[limits.agentless_key(node.platform)] += node.agentless_hosts
        ids[wave].append(node.id)
    found = []
    for wave in sorted(loads):
        for dimension, needed, limit, key in over(loads[wave], limits):
            found.append(
                PlanFinding(
                    f"wave_over_{dimension}",
                    f"wave {wave + 1} is over capacity: "
                    f"{limit_text(dimension, needed, limit, key, limits)}",
                    "error",
                    {"wave": wave, "needed": needed, "limit": limit, "platform": key},
                    tuple(ids[wave]),
                )
            )
    return found

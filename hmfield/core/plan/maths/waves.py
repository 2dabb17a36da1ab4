"""Propose migration waves from the dependency graph, and check an engineer's edits live.

Rules (seed, 规划 待办2/3; support facts on Sync Proxy):

* a coupled group (cluster, primary/standby, shared disk, cycle, whole business system unless
  splitting is allowed) always shares one wave and is never split;
* waves follow the dependency graph: with ``providers_first`` a provider's wave is strictly
  earlier than its consumer's; with ``together`` it may be the same wave;
* each wave respects the limits: hosts, data in use, and agentless hosts per platform
  (one Sync Proxy serves at most 100 hosts, times the proxies available);
* a group that alone breaks a limit is explained with its numbers and placed alone in its own
  wave, never silently split.

Placement: groups are visited in topological generations of the group graph (providers
first), biggest first inside a generation, each into the first wave that is late enough
and has room (first fit), else a new wave at the end.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import networkx as nx

from hmfield.core.errors import InputError
from hmfield.core.plan.maths.graph import (
    REASON_CYCLE,
    CoupledGroup,
    NodeGrouping,
    PlanEdge,
    PlanNode,
    group_nodes,
    index_nodes,
    partition,
    usable_edges,
)
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


def propose_waves(
    nodes: Sequence[PlanNode],
    edges: Iterable[PlanEdge],
    limits: WaveLimits | None = None,
    policy: Policy = "providers_first",
    *,
    split_systems_allowed: bool = False,
) -> WaveProposal:
    """Propose waves (see module docstring). Deterministic for the same input order."""
    if policy not in POLICIES:
        raise InputError(f"unknown wave policy {policy!r}; use one of {', '.join(POLICIES)}")
    limits = limits or WaveLimits()
    grouping = group_nodes(nodes, edges, split_systems_allowed=split_systems_allowed)
    groups, dag = grouping.groups, grouping.dag
    gap = 1 if policy == "providers_first" else 0

    loads: list[WaveLoad] = []
    members: list[list[str]] = []
    open_waves: list[int] = []  # sorted indices of waves that may take more
    closed: set[int] = set()  # waves holding one oversized group alone
    wave_of = [-1] * len(groups)
    infeasible: list[PlanFinding] = []
    group_loads = [_group_load(g, limits) for g in groups]

    for generation in nx.topological_generations(dag.reverse(copy=False)):
        generation.sort(key=lambda g: (-groups[g].hosts, -groups[g].data_mib, g))
        for gid in generation:
            earliest = max((wave_of[p] + gap for p in dag.successors(gid)), default=0)
            load = group_loads[gid]
            broken = over(load, limits)
            target = -1
            if not broken:
                if load.hosts or not limits.max_hosts:
                    start = bisect_left(open_waves, earliest)
                    candidates = open_waves[start : start + SCAN_LIMIT]
                else:  # a host-free object may still join a wave that is full of hosts
                    candidates = [w for w in range(earliest, len(loads)) if w not in closed]
                for wave in candidates[:SCAN_LIMIT]:
                    if fits(loads[wave], load, limits):
                        target = wave
                        break
            if target < 0:
                target = len(loads)
                loads.append(WaveLoad())
                members.append([])
                if not broken:
                    open_waves.append(target)
                else:
                    closed.add(target)
                    infeasible.append(_explain(groups[gid], broken, target, limits))
            loads[target].add(load)
            members[target].extend(groups[gid].members)
            wave_of[gid] = target
            if not broken and full(loads[target], limits):
                pos = bisect_left(open_waves, target)
                if pos < len(open_waves) and open_waves[pos] == target:
                    del open_waves[pos]

    return WaveProposal(members, infeasible, grouping.notes, groups, wave_of, loads)


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
        together = partition(nodes, index, kept, split_systems_allowed=False).group_of_pos

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

    found.extend(_capacity(nodes, assignment, limits or WaveLimits()))
    found.sort(key=lambda f: {"error": 0, "warning": 1, "info": 2}[f.severity])
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

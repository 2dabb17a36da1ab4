"""Move groups: business systems plus the hard-dependency components, and shared services.

A hard edge (``PlanEdge.coupling``) glues both ends into one move group; a soft one only
orders them. A node that at least ``min_groups`` other groups depend on is a *shared
service* (a directory, an ADFS farm, DNS, monitoring): its incoming links never glue, or one
busy service would merge the whole estate into one group. Its cluster members, primary/
standby peers and shared disks still glue (they are the service itself).

Shared services are found in two passes: first the groups without the incoming hard edges of
busy nodes (those with ``min_groups`` consumers or more), then, per busy node, how many of
those groups depend on it. Pure functions over ``PlanNode``/``PlanEdge``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from hmfield.core.plan.maths.graph import (
    COUPLING_KINDS,
    Grouping,
    PlanEdge,
    PlanNode,
    _UnionFind,
    group_nodes,
    index_nodes,
    usable_edges,
)


@dataclass
class MoveGrouping:
    """The move groups, the shared services found and the edges as the grouping used them."""

    grouping: Grouping
    shared: set[str]
    edges: list[PlanEdge]  # shared services' incoming links made soft


def shared_services(
    nodes: Sequence[PlanNode], edges: Iterable[PlanEdge], min_groups: int
) -> set[str]:
    """Ids of nodes that at least ``min_groups`` distinct other groups depend on."""
    index = index_nodes(nodes)
    kept, _ = usable_edges(edges, index)
    consumers: dict[int, set[int]] = defaultdict(set)
    for e in kept:
        consumers[index[e.dst]].add(index[e.src])
    busy = {pos for pos, srcs in consumers.items() if len(srcs) >= min_groups}
    if not busy:
        return set()
    uf = _UnionFind(len(nodes))
    first: dict[str, int] = {}
    for pos, node in enumerate(nodes):
        if node.business_system:
            uf.union(first.setdefault(node.business_system, pos), pos)
    for e in kept:
        dst = index[e.dst]
        if e.coupling and (dst not in busy or e.kind in COUPLING_KINDS):
            uf.union(index[e.src], dst)
    found = set()
    for pos in busy:
        own = uf.find(pos)
        groups = {uf.find(c) for c in consumers[pos]} - {own}
        if len(groups) >= min_groups:
            found.add(nodes[pos].id)
    return found


def soften_shared(edges: Iterable[PlanEdge], shared: set[str]) -> list[PlanEdge]:
    """Edges into a shared service no longer glue (coupling kinds excepted)."""
    out = []
    for e in edges:
        if e.dst in shared and e.coupling and e.kind not in COUPLING_KINDS:
            e = replace(e, hard=False)
        out.append(e)
    return out


def move_groups(
    nodes: Sequence[PlanNode],
    edges: Iterable[PlanEdge],
    *,
    min_groups: int = 3,
    split_systems_allowed: bool = False,
) -> MoveGrouping:
    """Move groups (see module docstring) with the group graph between them."""
    edges = list(edges)
    shared = shared_services(nodes, edges, min_groups) if min_groups > 0 else set()
    used = soften_shared(edges, shared)
    grouping = group_nodes(nodes, used, split_systems_allowed=split_systems_allowed)
    return MoveGrouping(grouping, shared, used)

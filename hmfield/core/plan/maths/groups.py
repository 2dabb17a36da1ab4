"""Move groups: business systems plus the hard-dependency components, and shared services.

A hard edge (``PlanEdge.coupling``) glues both ends into one move group; a soft one only
orders them. A node that at least ``min_groups`` other groups depend on is a *shared
service* (a directory, an ADFS farm, DNS, monitoring): its incoming links never glue, or one
busy service would merge the whole estate into one group. Its cluster members, primary/
standby peers and shared disks still glue (they are the service itself).

Shared services are found by counting the applications that depend on a busy node (see
``shared_services``). Pure functions over ``PlanNode``/``PlanEdge``.
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


def _count_groups(
    nodes: Sequence[PlanNode],
    kept: Sequence[PlanEdge],
    index: dict[str, int],
    consumers: dict[int, set[int]],
    suspects: set[int],
) -> dict[int, int]:
    """Per suspect: how many distinct applications (groups of two or more nodes, or holding a
    business system) depend on it, grouping without the suspects' incoming links."""
    uf = _UnionFind(len(nodes))
    first: dict[str, int] = {}
    for pos, node in enumerate(nodes):
        if node.business_system:
            uf.union(first.setdefault(node.business_system, pos), pos)
    for e in kept:
        dst = index[e.dst]
        if e.coupling and (dst not in suspects or e.kind in COUPLING_KINDS):
            uf.union(index[e.src], dst)
    size: dict[int, int] = defaultdict(int)
    for pos in range(len(nodes)):
        size[uf.find(pos)] += 1
    counts = {}
    for pos in suspects:
        own = uf.find(pos)
        apps = {
            root
            for c in consumers[pos]
            if (root := uf.find(c)) != own and (size[root] > 1 or nodes[c].business_system)
        }
        counts[pos] = len(apps)
    return counts


def shared_services(
    nodes: Sequence[PlanNode], edges: Iterable[PlanEdge], min_groups: int
) -> set[str]:
    """Ids of nodes that at least ``min_groups`` distinct applications depend on.

    An application is a group of two or more nodes (or holding a business system) formed
    without the incoming links of the nodes under suspicion: three lone web front ends on one
    app server are that server's farm, not three applications. Suspects start as every node
    with ``min_groups`` consumers or more; a suspect that too few applications use gets its
    links back and the count is redone until nothing changes (a few rounds at most).
    """
    index = index_nodes(nodes)
    kept, _ = usable_edges(edges, index)
    consumers: dict[int, set[int]] = defaultdict(set)
    for e in kept:
        consumers[index[e.dst]].add(index[e.src])
    suspects = {pos for pos, srcs in consumers.items() if len(srcs) >= min_groups}
    for _ in range(8):
        if not suspects:
            break
        counts = _count_groups(nodes, kept, index, consumers, suspects)
        found = {pos for pos, n in counts.items() if n >= min_groups}
        if found == suspects:
            break
        suspects = found
    return {nodes[pos].id for pos in suspects}


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

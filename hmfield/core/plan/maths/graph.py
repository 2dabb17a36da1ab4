"""The dependency graph and the groups that must move together.

Inputs are plain dataclasses so the maths can be tested and benchmarked without a database;
the planning service maps stored hosts, non-host objects and dependencies onto them.

Direction: ``PlanEdge(src, dst)`` means *src depends on dst*; dst is the provider. A call from
an application to its database is ``PlanEdge("app", "db", "database")``.

Two kinds of dependency (seed, 调研 待办2):

* coupling (cluster member, primary/standby, shared disk): both ends must cut over together,
  so they are merged into one group whatever the direction;
* ordering (upstream/downstream call, database, middleware, shared file, object storage):
  the provider should move first or together with its consumer.

A shared *file* (NFS/SMB share) or a bucket is a provider that can move ahead of its users,
unlike a shared *disk* (one block device attached to several hosts), which couples them.
Business systems stay whole unless splitting is allowed (seed, 规划 待办2/3: batches by
business system), and every dependency cycle becomes one group too.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from hmfield.core.errors import InputError
from hmfield.core.plan.maths.notes import PlanFinding, sample

if TYPE_CHECKING:
    import networkx as nx


class NodeKind(StrEnum):
    HOST = "host"
    OBJECT = "object"  # non-host object: RDS, NAS share, bucket, Oracle RAC...
    SYSTEM = "system"  # a business system used as a dependency endpoint


class DependencyKind(StrEnum):
    CLUSTER_MEMBER = "cluster_member"
    PRIMARY_STANDBY = "primary_standby"
    SHARED_DISK = "shared_disk"
    CALL = "call"  # upstream/downstream call
    DATABASE = "database"
    MIDDLEWARE = "middleware"
    SHARED_FILE = "shared_file"
    OBJECT_STORAGE = "object_storage"


COUPLING_KINDS: frozenset[str] = frozenset(
    {DependencyKind.CLUSTER_MEMBER, DependencyKind.PRIMARY_STANDBY, DependencyKind.SHARED_DISK}
)

# Reasons a group holds more than one node (besides the coupling kinds themselves).
REASON_SYSTEM = "business_system"
REASON_CYCLE = "cycle"


@dataclass(frozen=True, slots=True)
class PlanNode:
    """Something that gets a wave: a host, a non-host object, or a business-system endpoint.

    Only ``kind == "host"`` counts towards host and Sync Proxy limits (``hosts`` lets one node
    stand for several identical hosts); data in use counts for every kind because an object
    moved by rclone or mysqldump shares the same link.
    """

    id: str
    kind: str = NodeKind.HOST
    business_system: str | None = None
    data_used_mib: float = 0.0
    agentless: bool = False
    platform: str | None = None
    hosts: int = 1
    criticality: int | None = None  # of its business system, 1 (low) .. 5 (critical)
    os_family: str | None = None  # windows | linux | ... (a representative pilot)
    low_risk: bool = True  # assessed supported, nothing blocking (pilot candidates)

    @property
    def host_count(self) -> int:
        return self.hosts if self.kind == NodeKind.HOST else 0

    @property
    def agentless_hosts(self) -> int:
        return self.host_count if self.agentless else 0


@dataclass(frozen=True, slots=True)
class PlanEdge:
    """``src`` depends on ``dst``. Port, protocol and criticality are carried for messages."""

    src: str
    dst: str
    kind: str = DependencyKind.CALL
    port: str | None = None
    protocol: str | None = None
    criticality: str | None = None
    id: str | None = None
    hard: bool | None = None  # must share a wave; None = the coupling kinds only

    @property
    def coupling(self) -> bool:
        return self.kind in COUPLING_KINDS if self.hard is None else self.hard


@dataclass(frozen=True)
class CoupledGroup:
    """Nodes that must share a wave, with why and how much they weigh."""

    id: int
    members: tuple[str, ...]
    reasons: frozenset[str]
    systems: tuple[str, ...]
    hosts: int
    data_mib: float
    agentless_by_platform: dict[str | None, int]

    @property
    def agentless(self) -> int:
        return sum(self.agentless_by_platform.values())


@dataclass
class Grouping:
    """Result of grouping: the groups, node -> group index, and the acyclic group graph.

    ``dag`` has an edge g1 -> g2 when some member of g1 depends on some member of g2.
    """

    groups: list[CoupledGroup]
    group_of: dict[str, int]
    dag: nx.DiGraph
    notes: list[PlanFinding] = field(default_factory=list)


class _UnionFind:
    """Union-find over 0..n-1 with path halving; plain lists keep 10,000 nodes in milliseconds."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # Keep the smaller index as root so results follow the input order.
            if rb < ra:
                ra, rb = rb, ra
            self.parent[rb] = ra


def index_nodes(nodes: Sequence[PlanNode]) -> dict[str, int]:
    """Map node id -> position, refusing duplicates with a one-line message."""
    index: dict[str, int] = {}
    for pos, node in enumerate(nodes):
        if node.id in index:
            raise InputError(f"node {node.id!r} is listed twice", row=pos + 1, column="id")
        index[node.id] = pos
    return index


def usable_edges(
    edges: Iterable[PlanEdge], index: dict[str, int]
) -> tuple[list[PlanEdge], list[PlanFinding]]:
    """Edges whose both ends are known nodes; unknown ends become warnings, self-loops vanish."""
    kept: list[PlanEdge] = []
    notes: list[PlanFinding] = []
    for edge in edges:
        missing = [end for end in (edge.src, edge.dst) if end not in index]
        if missing:
            notes.append(
                PlanFinding(
                    "unknown_node",
                    f"dependency {edge.src} -> {edge.dst} ignored: unknown {', '.join(missing)}",
                    "warning",
                    {"src": edge.src, "dst": edge.dst, "missing": missing, "edge": edge.id},
                    tuple(e for e in (edge.src, edge.dst) if e in index),
                )
            )
        elif edge.src != edge.dst:
            kept.append(edge)
    return kept, notes


def build_graph(nodes: Sequence[PlanNode], edges: Iterable[PlanEdge]) -> nx.DiGraph:
    """Node-level DiGraph (for views and cycle listing); parallel edges collect their kinds."""
    index = index_nodes(nodes)
    import networkx as nx  # imported on first use: ~0.2 s, not at start-up

    graph = nx.DiGraph()
    graph.add_nodes_from((n.id, {"node": n}) for n in nodes)
    kept, _ = usable_edges(edges, index)
    for edge in kept:
        if graph.has_edge(edge.src, edge.dst):
            graph[edge.src][edge.dst]["edges"].append(edge)
        else:
            graph.add_edge(edge.src, edge.dst, edges=[edge])
    return graph


def find_cycles(nodes: Sequence[PlanNode], edges: Iterable[PlanEdge]) -> list[list[str]]:
    """Dependency cycles among ordering edges: each strongly connected set of 2+ nodes.

    Coupling edges are left out (they are symmetric by nature, not a cycle to explain).
    Members follow input order; cycles are sorted by their first member's position.
    """
    index = index_nodes(nodes)
    kept, _ = usable_edges(edges, index)
    import networkx as nx  # imported on first use: ~0.2 s, not at start-up

    graph = nx.DiGraph()
    graph.add_edges_from((index[e.src], index[e.dst]) for e in kept if not e.coupling)
    cycles = [sorted(c) for c in nx.strongly_connected_components(graph) if len(c) > 1]
    cycles.sort(key=lambda c: c[0])
    return [[nodes[i].id for i in c] for c in cycles]


@dataclass
class NodeGrouping:
    """Cheap grouping: node position -> group number (input order), and which are cycles."""

    group_of_pos: list[int]
    count: int
    cycle_groups: set[int]
    ordering: list[tuple[int, int]]  # ordering edges as (consumer, provider) positions


def cyclic_core(edges: set[tuple[int, int]]) -> list[tuple[int, int]]:
    """Edges left after repeatedly dropping nodes with no incoming or no outgoing edge.

    Such nodes cannot be on a cycle, so strongly connected components are the same on the
    rest; real estates are mostly acyclic, so networkx then sees a handful of edges instead
    of 30,000 (this halves the time for 10,000 hosts).
    """
    succ: dict[int, list[int]] = defaultdict(list)
    pred: dict[int, list[int]] = defaultdict(list)
    for a, b in edges:
        succ[a].append(b)
        pred[b].append(a)
    indeg = {v: len(pred[v]) for v in set(succ) | set(pred)}
    outdeg = {v: len(succ[v]) for v in indeg}
    stack = [v for v in indeg if not indeg[v] or not outdeg[v]]
    gone: set[int] = set()
    while stack:
        v = stack.pop()
        if v in gone:
            continue
        gone.add(v)
        for w in succ[v]:
            indeg[w] -= 1
            if not indeg[w] and w not in gone:
                stack.append(w)
        for u in pred[v]:
            outdeg[u] -= 1
            if not outdeg[u] and u not in gone:
                stack.append(u)
    return [(a, b) for a, b in edges if a not in gone and b not in gone]


def partition(
    nodes: Sequence[PlanNode],
    index: dict[str, int],
    kept: Sequence[PlanEdge],
    *,
    split_systems_allowed: bool,
) -> NodeGrouping:
    """Union coupled nodes and (unless allowed to split) business systems, then cycles.

    Cycles are found on the graph of the groups formed so far, so a cycle that only appears
    between two business systems (A calls B, B calls A) also joins them.
    """
    n = len(nodes)
    uf = _UnionFind(n)
    ordering: list[tuple[int, int]] = []
    for edge in kept:
        if edge.coupling:
            uf.union(index[edge.src], index[edge.dst])
        else:
            ordering.append((index[edge.src], index[edge.dst]))
    if not split_systems_allowed:
        first_of_system: dict[str, int] = {}
        for pos, node in enumerate(nodes):
            if node.business_system:
                uf.union(first_of_system.setdefault(node.business_system, pos), pos)

    find = uf.find
    pre_edges = {(a, b) for a, b in ((find(s), find(d)) for s, d in ordering) if a != b}
    import networkx as nx  # imported on first use: ~0.2 s, not at start-up

    pre = nx.DiGraph()
    pre.add_edges_from(cyclic_core(pre_edges))
    cycle_roots: list[int] = []
    for component in nx.strongly_connected_components(pre):
        if len(component) > 1:
            first = min(component)
            for root in component:
                uf.union(first, root)
            cycle_roots.append(first)

    gid_of_root: dict[int, int] = {}
    group_of_pos = [gid_of_root.setdefault(find(pos), len(gid_of_root)) for pos in range(n)]
    cycles = {gid_of_root[find(root)] for root in cycle_roots}
    return NodeGrouping(group_of_pos, len(gid_of_root), cycles, ordering)


def group_nodes(
    nodes: Sequence[PlanNode],
    edges: Iterable[PlanEdge],
    *,
    split_systems_allowed: bool = False,
) -> Grouping:
    """Groups that must share a wave, with their weights, and the acyclic graph between them."""
    index = index_nodes(nodes)
    kept, notes = usable_edges(edges, index)
    part = partition(nodes, index, kept, split_systems_allowed=split_systems_allowed)
    group_of_pos = part.group_of_pos
    members: list[list[int]] = [[] for _ in range(part.count)]
    for pos, gid in enumerate(group_of_pos):
        members[gid].append(pos)
    reasons: list[set[str]] = [set() for _ in range(part.count)]
    for edge in kept:
        if edge.coupling:
            reasons[group_of_pos[index[edge.src]]].add(str(edge.kind))
    for gid in part.cycle_groups:
        reasons[gid].add(REASON_CYCLE)
    groups: list[CoupledGroup] = []
    for gid, positions in enumerate(members):
        if len(positions) == 1:
            groups.append(_single(gid, nodes[positions[0]]))
            continue
        group = _joined(gid, [nodes[p] for p in positions], reasons[gid], split_systems_allowed)
        groups.append(group)
        if len(group.systems) > 1:
            notes.append(
                PlanFinding(
                    "systems_joined",
                    f"business systems {sample(list(group.systems))} must move together "
                    f"({', '.join(sorted(group.reasons))})",
                    "info",
                    {
                        "systems": list(group.systems),
                        "reasons": sorted(group.reasons),
                        "group": gid,
                    },
                    group.members,
                )
            )
    group_of = {nodes[p].id: gid for p, gid in enumerate(group_of_pos)}
    return Grouping(groups, group_of, _group_dag(len(groups), group_of_pos, part.ordering), notes)


def _single(gid: int, node: PlanNode) -> CoupledGroup:
    """A node that shares its wave with nobody."""
    agentless = {node.platform: node.agentless_hosts} if node.agentless_hosts else {}
    system = (node.business_system,) if node.business_system else ()
    return CoupledGroup(
        gid, (node.id,), frozenset(), system, node.host_count, node.data_used_mib, agentless
    )


def _joined(gid: int, members: list[PlanNode], reasons: set[str], split_allowed: bool):
    """Nodes that must share a wave: their systems (a reason of its own unless systems may be
    split), hosts, data and agentless hosts per platform summed."""
    systems = sorted({s for n in members if (s := n.business_system)})
    if not split_allowed and systems:
        reasons.add(REASON_SYSTEM)
    by_platform: dict[str | None, int] = defaultdict(int)
    for n in members:
        if n.agentless_hosts:
            by_platform[n.platform] += n.agentless_hosts
    return CoupledGroup(
        id=gid,
        members=tuple(n.id for n in members),
        reasons=frozenset(reasons),
        systems=tuple(systems),
        hosts=sum(n.host_count for n in members),
        data_mib=sum(n.data_used_mib for n in members),
        agentless_by_platform=dict(by_platform),
    )


def _group_dag(count: int, group_of_pos, ordering):
    """The groups' acyclic order graph (an edge between two positions of different groups)."""
    import networkx as nx  # imported on first use: ~0.2 s, not at start-up

    dag = nx.DiGraph()
    dag.add_nodes_from(range(count))
    dag.add_edges_from(
        {(a, b) for a, b in ((group_of_pos[s], group_of_pos[d]) for s, d in ordering) if a != b}
    )
    return dag


def coupled_groups(
    nodes: Sequence[PlanNode],
    edges: Iterable[PlanEdge],
    *,
    split_systems_allowed: bool = False,
) -> list[CoupledGroup]:
    """The groups that must share a wave (see :func:`group_nodes`)."""
    return group_nodes(nodes, edges, split_systems_allowed=split_systems_allowed).groups

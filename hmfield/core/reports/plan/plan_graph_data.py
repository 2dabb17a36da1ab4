"""The dependency graph as data: nodes in wave columns and edges styled for drawing.

Shared by the printed graph (reportlab) and the screen (QGraphicsView) so both agree. Above a
node limit the graph shows one box per business system and wave, with host counts.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from hmfield.core.plan.inputs import PlanInputs
from hmfield.core.plan.maths import find_cycles
from hmfield.core.reports.labels import Labels


@dataclass
class GraphEdge:
    src: str
    dst: str
    style: str  # forward | wrong | coupling


@dataclass
class GraphData:
    columns: list[str]  # wave names (+ unassigned)
    nodes: list[tuple[str, str, int, str | None]]  # id, label, column, system
    edges: list[GraphEdge]
    cycle_nodes: set[str]
    grouped: bool


GRAPH_NODE_LIMIT = 60


def graph_data(
    inp: PlanInputs, assignment: dict[str, int], lab: Labels, limit: int = GRAPH_NODE_LIMIT
) -> GraphData:
    """Nodes by wave column; above ``limit`` nodes, one box per business system and wave."""
    columns = [w.name for w in inp.waves]
    unassigned = len(columns)
    drawn = [n for n in inp.nodes if n.kind != "system" or n.id in assignment]
    if any(n.id not in assignment for n in drawn):
        columns.append(lab["unassigned"])
    cycles = {m for c in find_cycles(inp.nodes, inp.edges) for m in c}
    coupling = {"cluster_member", "primary_standby", "shared_disk"}

    def style(kind: str, src: str, dst: str) -> str:
        if kind in coupling:
            return "coupling"
        cw, pw = assignment.get(src), assignment.get(dst)
        return "wrong" if cw is not None and pw is not None and pw > cw else "forward"

    if len(drawn) <= limit:
        nodes = [
            (n.id, inp.names.get(n.id, n.id), assignment.get(n.id, unassigned), n.business_system)
            for n in drawn
        ]
        keep = {n[0] for n in nodes}
        edges = [
            GraphEdge(e.src, e.dst, style(e.kind, e.src, e.dst))
            for e in inp.edges
            if e.src in keep and e.dst in keep
        ]
        return GraphData(columns, nodes, edges, cycles & keep, False)
    # grouped: (system or '-', column) boxes with host counts
    key_of: dict[str, str] = {}
    count: Counter = Counter()
    for n in drawn:
        col = assignment.get(n.id, unassigned)
        group = n.business_system or (n.id if n.kind == "object" else "-")
        key = f"{group}@{col}"
        key_of[n.id] = key
        count[key] += n.host_count or 1
    nodes = []
    for key, c in count.items():
        sid, col = key.rsplit("@", 1)
        name = inp.names.get(sid, lab["none"]) if sid != "-" else lab["none"]
        label = name if sid in inp.objects else f"{name} ({c})"
        nodes.append((key, label, int(col), sid if sid in inp.systems else None))
    nodes.sort(key=lambda t: (t[2], t[1]))
    seen: dict[tuple[str, str], str] = {}
    rank = {"wrong": 2, "coupling": 1, "forward": 0}
    for e in inp.edges:
        a, b = key_of.get(e.src), key_of.get(e.dst)
        if a and b and a != b:
            s = style(e.kind, e.src, e.dst)
            if rank[s] > rank.get(seen.get((a, b), "forward"), -1) or (a, b) not in seen:
                seen[(a, b)] = s
    edges = [GraphEdge(a, b, s) for (a, b), s in seen.items()]
    cyc = {key_of[m] for m in cycles if m in key_of}
    return GraphData(columns, nodes, edges, cyc, True)

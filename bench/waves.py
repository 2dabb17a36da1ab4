"""Benchmark: propose waves for 10,000 hosts and 30,000 dependencies (goal: under 1 s).

Realistic shape: business systems of 5-50 hosts in web/app/db tiers, primary/standby
database pairs and app clusters, calls between systems mostly one way with a few back calls
that make cycles. Beside it, bare networkx builds the same graph and does condensation +
topological generations. Prints our seconds, the bare seconds, and the ratio on the last line.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hmfield.core.plan.maths import PlanEdge, PlanNode, WaveLimits, propose_waves  # noqa: E402

HOSTS = 10_000
DEPENDENCIES = 30_000


def make_estate(seed: int = 7) -> tuple[list[PlanNode], list[PlanEdge]]:
    rng = random.Random(seed)
    nodes: list[PlanNode] = []
    systems: list[list[str]] = []
    while len(nodes) < HOSTS:
        size = min(rng.randint(5, 50), HOSTS - len(nodes))
        system = f"sys{len(systems):04d}"
        platform = rng.choice(["vmware", "vmware", "openstack", "physical"])
        ids = []
        for i in range(size):
            node_id = f"{system}-h{i:02d}"
            nodes.append(
                PlanNode(
                    node_id,
                    business_system=system,
                    data_used_mib=rng.uniform(10_000, 500_000),
                    agentless=platform != "physical",
                    platform=platform,
                )
            )
            ids.append(node_id)
        systems.append(ids)

    edges: list[PlanEdge] = []
    for ids in systems:
        # tiers: first third web, middle app, last third db; db pairs are primary/standby
        third = max(1, len(ids) // 3)
        web, app, db = ids[:third], ids[third:-third] or ids[:1], ids[-third:]
        for a, b in zip(db[::2], db[1::2], strict=False):
            edges.append(PlanEdge(a, b, "primary_standby"))
        if len(app) > 1:
            edges.append(PlanEdge(app[0], app[1], "cluster_member"))
        for host in web:
            edges.append(PlanEdge(host, rng.choice(app), "call"))
        for host in app:
            edges.append(PlanEdge(host, rng.choice(db), "database"))
    # systems sit in layers (shared services at 0 ... front ends at 4) and call lower layers;
    # 1 in 1,000 calls goes up a layer, which closes a few cycles between systems
    layer = [rng.randint(0, 4) for _ in systems]
    by_layer = [[s for s, lay in enumerate(layer) if lay == k] for k in range(5)]
    while len(edges) < DEPENDENCIES:
        i = rng.randrange(len(systems))
        if rng.random() < 0.001 and layer[i] < 4:
            j = rng.choice(by_layer[layer[i] + 1])
        elif layer[i] > 0:
            j = rng.choice(by_layer[rng.randrange(layer[i])])
        else:
            continue
        kind = rng.choice(["call", "middleware", "shared_file"])
        edges.append(PlanEdge(rng.choice(systems[i]), rng.choice(systems[j]), kind))
    return nodes, edges


def bare(nodes: list[PlanNode], edges: list[PlanEdge]) -> int:
    graph = nx.DiGraph()
    graph.add_nodes_from(n.id for n in nodes)
    graph.add_edges_from((e.src, e.dst) for e in edges)
    condensed = nx.condensation(graph)
    return len(list(nx.topological_generations(condensed.reverse(copy=False))))


def main() -> None:
    nodes, edges = make_estate()
    limits = WaveLimits(
        max_hosts=300, max_data_mib=80 * 1_048_576, proxies={"vmware": 2, "openstack": 1}
    )
    runs = 3
    ours = []
    for _ in range(runs):
        t0 = time.perf_counter()
        proposal = propose_waves(nodes, edges, limits)
        ours.append(time.perf_counter() - t0)
    theirs = []
    for _ in range(runs):
        t0 = time.perf_counter()
        generations = bare(nodes, edges)
        theirs.append(time.perf_counter() - t0)
    ours_s, bare_s = min(ours), min(theirs)
    t0 = time.perf_counter()
    split = propose_waves(nodes, edges, limits, split_systems_allowed=True)
    split_s = time.perf_counter() - t0
    print(f"nodes {len(nodes)}, dependencies {len(edges)}")
    print(
        f"groups {len(proposal.groups)}, waves {len(proposal.waves)}, "
        f"infeasible {len(proposal.infeasible)}, bare generations {generations}"
    )
    print(f"propose_waves: {ours_s:.3f} s (goal < 1 s)")
    print(
        f"propose_waves, systems may split: {split_s:.3f} s, {len(split.groups)} groups, "
        f"{len(split.waves)} waves"
    )
    print(f"bare networkx condensation + topological_generations: {bare_s:.3f} s")
    print(f"ratio ours/bare: {ours_s / bare_s:.2f}")


if __name__ == "__main__":
    main()

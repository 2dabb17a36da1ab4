"""Benchmark (issue 13): the group-aware wave proposal for 10,000 hosts and 30,000
dependencies (goal: under 1 s), beside the bare graph work it needs.

Estate: half the hosts in business systems of 5-50 (web/app/db tiers), half without one as
after an RVTools import (small applications of 1-6 hosts linked by hard edges); five shared
services (directory, ADFS, DNS, monitoring, backup) that hundreds of groups call, some of
those calls marked hard; the rest soft calls down a layered system graph. Strength is set
per edge (``hard``) the way the planning inputs set it from grouping.yaml.

Printed: the bare work (networkx connected components of the hard edges alone), the whole
proposal (shared services, move groups, pilot, pins/apart, placement, split of oversized
groups), the name proposals for the hosts without a system, and the ratio last.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hmfield.core.plan.grouping import grouping_policy  # noqa: E402
from hmfield.core.plan.maths import PlanEdge, PlanNode, WaveLimits  # noqa: E402
from hmfield.core.plan.maths.naming import propose_from_names  # noqa: E402
from hmfield.core.plan.maths.waves import WavePrefs, propose_waves  # noqa: E402

HOSTS = 10_000
DEPENDENCIES = 30_000
HARD = {"database", "middleware", "cluster_member", "primary_standby", "shared_disk"}


def _edge(rng, src, dst, kind):
    return PlanEdge(src, dst, kind, hard=kind in HARD or rng.random() < 0.02)


def _node(rng, node_id, system):
    return PlanNode(
        node_id,
        business_system=system,
        data_used_mib=rng.uniform(10_000, 500_000),
        agentless=True,
        platform="vmware",
        criticality=rng.randint(1, 5) if system else None,
        os_family=rng.choice(["windows", "linux"]),
    )


def make_estate(seed: int = 13) -> tuple[list[PlanNode], list[PlanEdge], list[list[str]]]:
    rng = random.Random(seed)
    shared = [f"shared{i}" for i in range(5)]
    nodes = [_node(rng, s, None) for s in shared]
    apps: list[list[str]] = []
    edges: list[PlanEdge] = []
    while len(nodes) < HOSTS:
        with_system = len(nodes) < HOSTS // 2
        size = rng.randint(5, 50) if with_system else rng.randint(1, 6)
        size = min(size, HOSTS - len(nodes))
        name = f"{'sys' if with_system else 'vm'}{len(apps):04d}"
        ids = [f"{name}-{t}{i:02d}" for i, t in enumerate(rng.choice("wad") for _ in range(size))]
        nodes += [_node(rng, i, name if with_system else None) for i in ids]
        third = max(1, size // 3)
        web, app, db = ids[:third], ids[third:-third] or ids[:1], ids[-third:]
        for host in web:
            edges.append(_edge(rng, host, rng.choice(app), "middleware"))
        for host in app:
            edges.append(_edge(rng, host, rng.choice(db), "database"))
        apps.append(ids)
    layer = [rng.randint(0, 4) for _ in apps]
    by_layer = [[s for s, lay in enumerate(layer) if lay == k] for k in range(5)]
    while len(edges) < DEPENDENCIES:
        i = rng.randrange(len(apps))
        if rng.random() < 0.3:  # a call to a shared service, some marked hard
            kind = "middleware" if rng.random() < 0.2 else "call"
            edges.append(_edge(rng, rng.choice(apps[i]), rng.choice(shared), kind))
        elif layer[i] > 0:
            j = rng.choice(by_layer[rng.randrange(layer[i])])
            edges.append(_edge(rng, rng.choice(apps[i]), rng.choice(apps[j]), "call"))
    return nodes, edges, apps


def bare(nodes, edges) -> int:
    graph = nx.Graph()
    graph.add_nodes_from(n.id for n in nodes)
    graph.add_edges_from((e.src, e.dst) for e in edges if e.coupling)
    return sum(1 for _ in nx.connected_components(graph))


def best(fn, runs: int = 3) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> int:
    nodes, edges, apps = make_estate()
    rules = grouping_policy()
    limits = WaveLimits(max_hosts=rules.max_hosts_per_wave, proxies=rules.proxies)
    prefs = WavePrefs(pins={apps[10][0]: 3}, apart=[(apps[20][0], apps[30][0])])
    t_bare, components = best(lambda: bare(nodes, edges))
    t_ours, proposal = best(
        lambda: propose_waves(
            nodes,
            edges,
            limits,
            "providers_first",
            min_groups=rules.shared_min_groups,
            prefs=prefs,
            pilot=rules.pilot,
            split_oversized=True,
        )
    )
    loose = [(n.id, n.id) for n in nodes if not n.business_system]
    comps = [g.members for g in proposal.groups if len(g.members) > 1]
    t_names, props = best(lambda: propose_from_names(loose, comps, rules.tier_tokens))
    print(f"{len(nodes)} hosts, {len(edges)} dependencies, {sum(e.coupling for e in edges)} hard")
    print(f"bare connected components of the hard edges: {t_bare:.3f} s ({components} components)")
    print(
        f"group-aware proposal: {t_ours:.3f} s ({len(proposal.groups)} move groups, "
        f"{len(proposal.shared)} shared services, {len(proposal.waves)} waves, "
        f"pilot {len(proposal.waves[0])} hosts, largest wave "
        f"{max(len(w) for w in proposal.waves)})"
    )
    print(f"name proposals for {len(loose)} hosts without a system: {t_names:.3f} s ({len(props)})")
    print(f"goal < 1 s: {'met' if t_ours < 1.0 else 'MISSED'}")
    print(f"ratio proposal / bare graph work: {t_ours / t_bare:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

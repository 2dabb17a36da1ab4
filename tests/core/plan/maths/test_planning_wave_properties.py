"""Properties of proposed waves over random estates (hypothesis).

Every property is checked from the inputs directly (edges, systems, cycles), not from the
groups the proposal reports, so a grouping bug cannot hide itself.
"""

from __future__ import annotations

from collections import defaultdict

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hmfield.core.plan.maths.graph import (
    COUPLING_KINDS,
    DependencyKind,
    PlanEdge,
    PlanNode,
    find_cycles,
)
from hmfield.core.plan.maths.limits import WaveLimits, over
from hmfield.core.plan.maths.waves import WaveLoad, check_assignment, propose_waves

KINDS = [k.value for k in DependencyKind]
PLATFORMS = ["vmware", "openstack", None]


@st.composite
def estates(draw):
    count = draw(st.integers(1, 24))
    nodes = [
        PlanNode(
            f"n{i}",
            kind=draw(st.sampled_from(["host", "host", "host", "object"])),
            business_system=draw(st.sampled_from([None, None, "A", "B", "C", "D"])),
            data_used_mib=draw(st.integers(0, 100)),
            agentless=draw(st.booleans()),
            platform=draw(st.sampled_from(PLATFORMS)),
            hosts=draw(st.integers(1, 2)),
        )
        for i in range(count)
    ]
    pairs = st.tuples(st.integers(0, count - 1), st.integers(0, count - 1), st.sampled_from(KINDS))
    edges = [PlanEdge(f"n{a}", f"n{b}", k) for a, b, k in draw(st.lists(pairs, max_size=36))]
    proxies = draw(
        st.one_of(
            st.none(),
            st.integers(0, 2),
            st.fixed_dictionaries({"vmware": st.integers(0, 2), "openstack": st.integers(0, 2)}),
        )
    )
    limits = WaveLimits(
        max_hosts=draw(st.one_of(st.none(), st.integers(1, 6))),
        max_data_mib=draw(st.one_of(st.none(), st.integers(50, 300))),
        proxies=proxies,
        hosts_per_proxy=draw(st.integers(1, 3)),
    )
    policy = draw(st.sampled_from(["providers_first", "together"]))
    split = draw(st.booleans())
    return nodes, edges, limits, policy, split


def load_of(nodes: list[PlanNode], limits: WaveLimits) -> WaveLoad:
    load = WaveLoad()
    for node in nodes:
        load.hosts += node.host_count
        load.data_mib += node.data_used_mib
        if node.agentless_hosts:
            load.agentless[limits.agentless_key(node.platform)] += node.agentless_hosts
    return load


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(estates())
def test_proposal_properties(estate) -> None:
    nodes, edges, limits, policy, split = estate
    proposal = propose_waves(nodes, edges, limits, policy, split_systems_allowed=split)
    by_id = {n.id: n for n in nodes}

    # every node in exactly one wave, no empty wave
    placed = [node for wave in proposal.waves for node in wave]
    assert sorted(placed) == sorted(by_id)
    assert all(proposal.waves)
    wave = proposal.assignment()

    # coupled ends, cycles and (unless allowed) business systems share a wave
    for edge in edges:
        if edge.kind in COUPLING_KINDS:
            assert wave[edge.src] == wave[edge.dst]
    for cycle in find_cycles(nodes, edges):
        assert len({wave[m] for m in cycle}) == 1
    if not split:
        systems = defaultdict(set)
        for node in nodes:
            if node.business_system:
                systems[node.business_system].add(wave[node.id])
        assert all(len(w) == 1 for w in systems.values())

    # providers never later than consumers; strictly earlier unless forced together
    group_of = {m: g.id for g in proposal.groups for m in g.members}
    for edge in edges:
        if edge.kind in COUPLING_KINDS or edge.src == edge.dst:
            continue
        assert wave[edge.dst] <= wave[edge.src]
        if policy == "providers_first" and group_of[edge.src] != group_of[edge.dst]:
            assert wave[edge.dst] < wave[edge.src]

    # limits hold, or the wave is one oversized group that is explained
    explained = {f.params["wave"]: set(f.nodes) for f in proposal.infeasible}
    for order, ids in enumerate(proposal.waves):
        if over(load_of([by_id[i] for i in ids], limits), limits):
            assert explained.get(order) == set(ids)
    for order, ids in explained.items():
        assert over(load_of([by_id[i] for i in ids], limits), limits)
        assert set(proposal.waves[order]) == ids

    # the live check agrees: nothing to report but the explained capacity problems
    found = check_assignment(nodes, edges, wave, limits, policy, split_systems_allowed=split)
    for finding in found:
        assert finding.code.startswith("wave_over_"), finding.text
        assert finding.params["wave"] in explained


@settings(max_examples=150, deadline=None)
@given(estates(), st.data())
def test_moving_a_provider_later_is_flagged(estate, data) -> None:
    nodes, edges, limits, policy, split = estate
    proposal = propose_waves(nodes, edges, limits, policy, split_systems_allowed=split)
    group_of = {m: g.id for g in proposal.groups for m in g.members}
    ordering = [
        e for e in edges if e.kind not in COUPLING_KINDS and group_of[e.src] != group_of[e.dst]
    ]
    if not ordering:
        return
    edge = data.draw(st.sampled_from(ordering))
    moved = proposal.assignment()
    moved[edge.dst] = moved[edge.src] + 1
    found = check_assignment(nodes, edges, moved, limits, policy, split_systems_allowed=split)
    assert any(f.code == "provider_after_consumer" and f.params["dst"] == edge.dst for f in found)

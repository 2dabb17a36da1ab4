"""Wave proposal and live checks: hand cases."""

from __future__ import annotations

import pytest

from hmfield.core.errors import InputError
from hmfield.core.plan.maths.graph import PlanEdge, PlanNode
from hmfield.core.plan.maths.waves import WaveLimits, check_assignment, propose_waves

TIERS = [PlanNode("web"), PlanNode("app"), PlanNode("db")]
CALLS = [PlanEdge("web", "app", "call"), PlanEdge("app", "db", "database")]


def codes(findings) -> list[str]:
    return [f.code for f in findings]


def test_providers_first_orders_tiers() -> None:
    proposal = propose_waves(TIERS, CALLS)
    assert proposal.waves == [["db"], ["app"], ["web"]]
    assert proposal.infeasible == []


def test_together_puts_providers_with_consumers() -> None:
    # one wave, listed providers first
    assert propose_waves(TIERS, CALLS, policy="together").waves == [["db", "app", "web"]]


def test_host_limit_packs_independent_groups() -> None:
    nodes = [PlanNode(f"h{i}") for i in range(5)]
    proposal = propose_waves(nodes, [], WaveLimits(max_hosts=2))
    assert [len(w) for w in proposal.waves] == [2, 2, 1]
    assert [load.hosts for load in proposal.loads] == [2, 2, 1]


def test_data_limit_in_mib() -> None:
    nodes = [PlanNode(f"h{i}", data_used_mib=600) for i in range(3)]
    proposal = propose_waves(nodes, [], WaveLimits(max_data_mib=1200))
    assert [len(w) for w in proposal.waves] == [2, 1]


def test_objects_do_not_count_as_hosts() -> None:
    nodes = [PlanNode("h1"), PlanNode("bucket", kind="object"), PlanNode("rds", kind="object")]
    assert propose_waves(nodes, [], WaveLimits(max_hosts=1)).waves == [["h1", "bucket", "rds"]]


def test_oversized_cluster_is_explained_not_split() -> None:
    nodes = [PlanNode(f"n{i}") for i in range(3)] + [PlanNode("solo")]
    edges = [PlanEdge("n0", "n1", "cluster_member"), PlanEdge("n1", "n2", "cluster_member")]
    proposal = propose_waves(nodes, edges, WaveLimits(max_hosts=2))
    assert sorted(map(sorted, proposal.waves)) == [["n0", "n1", "n2"], ["solo"]]
    (problem,) = proposal.infeasible
    assert problem.code == "group_exceeds_limit"
    assert problem.params["broken"] == [
        {"dimension": "hosts", "needed": 3, "limit": 2, "platform": None}
    ]
    assert "3 hosts, a wave holds at most 2" in problem.text
    assert "not split" in problem.text
    assert set(problem.nodes) == {"n0", "n1", "n2"}


def test_sync_proxy_capacity_per_platform() -> None:
    nodes = [
        PlanNode(f"v{i}", business_system="S", agentless=True, platform="vmware")
        for i in range(150)
    ]
    one = propose_waves(nodes, [], WaveLimits(proxies={"vmware": 1}))
    assert len(one.waves) == 1 and len(one.infeasible) == 1
    assert "150 agentless hosts on vmware" in one.infeasible[0].text
    assert "1 Sync Proxies x 100 hosts = 100" in one.infeasible[0].text
    assert propose_waves(nodes, [], WaveLimits(proxies={"vmware": 2})).infeasible == []
    assert propose_waves(nodes, [], WaveLimits(proxies=2)).infeasible == []
    # a platform with no proxy at all cannot take any agentless host
    other = [PlanNode("o1", agentless=True, platform="openstack")]
    missing = propose_waves(other, [], WaveLimits(proxies={"vmware": 3}))
    assert missing.infeasible[0].params["broken"][0]["limit"] == 0
    # split systems spread over waves of 100 agentless hosts each
    split = propose_waves(nodes, [], WaveLimits(proxies=1), split_systems_allowed=True)
    assert [len(w) for w in split.waves] == [100, 50]


def test_unknown_policy_refused() -> None:
    with pytest.raises(InputError, match="policy"):
        propose_waves(TIERS, CALLS, policy="random")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="max_hosts"):
        WaveLimits(max_hosts=0)


def test_check_wrong_way_and_same_wave() -> None:
    wrong = check_assignment(TIERS, CALLS, {"web": 0, "app": 0, "db": 1})
    # app (wave 0) needs db (wave 1): wrong way; web and app share wave 0: against the policy
    assert codes(wrong) == ["provider_after_consumer", "provider_same_wave"]
    after = [f for f in wrong if f.code == "provider_after_consumer"]
    assert len(after) == 1 and after[0].params["src"] == "app"
    assert after[0].params["consumer_wave"] == 0 and after[0].params["provider_wave"] == 1
    assert "moves later, in wave 2" in after[0].text
    assert (
        codes(check_assignment(TIERS, CALLS, {"web": 0, "app": 0, "db": 0}, policy="together"))
        == []
    )
    assert codes(check_assignment(TIERS, CALLS, {"web": 2, "app": 1, "db": 0})) == []


def test_check_split_groups_systems_capacity_and_gaps() -> None:
    nodes = [
        PlanNode("p", business_system="S"),
        PlanNode("s", business_system="S"),
        PlanNode("x", business_system="T", data_used_mib=900),
        PlanNode("y", business_system="T", data_used_mib=200),
        PlanNode("lost"),
    ]
    edges = [PlanEdge("p", "s", "primary_standby")]
    assignment = {"p": 0, "s": 1, "x": 2, "y": 3}
    found = check_assignment(nodes, edges, assignment, WaveLimits(max_data_mib=1000))
    assert sorted(codes(found)) == [
        "coupled_split",
        "system_split",
        "system_split",
        "unassigned",
    ]
    split = next(f for f in found if f.code == "coupled_split")
    assert split.params["reasons"] == ["primary_standby"] and split.params["waves"] == [0, 1]
    # allowed to split systems: only the primary/standby pair remains an error
    allowed = check_assignment(nodes, edges, assignment, split_systems_allowed=True)
    assert sorted(codes(allowed)) == ["coupled_split", "unassigned"]
    over = check_assignment(
        nodes, edges, {"p": 0, "s": 0, "x": 1, "y": 1, "lost": 0}, WaveLimits(max_data_mib=1000)
    )
    assert codes(over) == ["wave_over_data_mib"]
    assert over[0].params == {"wave": 1, "needed": 1100, "limit": 1000, "platform": None}
    assert "1,100 MiB in use, a wave holds at most 1,000 MiB" in over[0].text


def test_check_cycle_split_is_reported_as_coupled() -> None:
    nodes = [PlanNode("a"), PlanNode("b")]
    edges = [PlanEdge("a", "b"), PlanEdge("b", "a")]
    found = check_assignment(nodes, edges, {"a": 0, "b": 1})
    assert "coupled_split" in codes(found)
    assert next(f for f in found if f.code == "coupled_split").params["reasons"] == ["cycle"]
    assert codes(check_assignment(nodes, edges, {"a": 1, "b": 1})) == []

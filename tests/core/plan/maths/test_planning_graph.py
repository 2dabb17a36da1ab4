"""Grouping: coupling kinds, business systems, cycles, and bad input."""

from __future__ import annotations

import pytest

from hmfield.core.errors import InputError
from hmfield.core.plan.maths.graph import (
    PlanEdge,
    PlanNode,
    build_graph,
    coupled_groups,
    cyclic_core,
    find_cycles,
    group_nodes,
)


def by_member(groups) -> dict[str, frozenset[str]]:
    return {m: frozenset(g.members) for g in groups for m in g.members}


def test_find_cycles_ignores_coupling_and_acyclic_parts() -> None:
    nodes = [PlanNode(x) for x in "abcdef"]
    edges = [
        PlanEdge("a", "b"),
        PlanEdge("b", "c", "database"),
        PlanEdge("c", "a", "middleware"),
        PlanEdge("d", "e"),
        PlanEdge("e", "f", "primary_standby"),
        PlanEdge("f", "e", "primary_standby"),
    ]
    assert find_cycles(nodes, edges) == [["a", "b", "c"]]


def test_coupling_kinds_merge_and_ordering_kinds_do_not() -> None:
    nodes = [PlanNode(x) for x in ["db1", "db2", "app1", "app2", "web", "nas", "fs1", "fs2"]]
    edges = [
        PlanEdge("db1", "db2", "primary_standby"),
        PlanEdge("app1", "app2", "cluster_member"),
        PlanEdge("fs1", "fs2", "shared_disk"),
        PlanEdge("app1", "db1", "database"),
        PlanEdge("web", "app1", "call"),
        PlanEdge("app2", "nas", "shared_file"),
    ]
    groups = by_member(coupled_groups(nodes, edges))
    assert groups["db1"] == {"db1", "db2"}
    assert groups["app1"] == {"app1", "app2"}
    assert groups["fs1"] == {"fs1", "fs2"}
    assert groups["web"] == {"web"}
    assert groups["nas"] == {"nas"}
    reasons = {g.members[0]: g.reasons for g in coupled_groups(nodes, edges)}
    assert reasons["db1"] == {"primary_standby"}
    assert reasons["app1"] == {"cluster_member"}


def test_business_systems_merge_unless_split_allowed() -> None:
    nodes = [
        PlanNode("a1", business_system="A", data_used_mib=10, agentless=True, platform="vmware"),
        PlanNode("a2", business_system="A", data_used_mib=5),
        PlanNode("b1", business_system="B"),
        PlanNode("x", kind="object", data_used_mib=7),
    ]
    merged = coupled_groups(nodes, [])
    assert [g.members for g in merged] == [("a1", "a2"), ("b1",), ("x",)]
    group_a = merged[0]
    assert group_a.reasons == {"business_system"}
    assert group_a.hosts == 2 and group_a.data_mib == 15
    assert group_a.agentless_by_platform == {"vmware": 1}
    assert merged[2].hosts == 0 and merged[2].data_mib == 7  # objects carry data, not hosts
    split = coupled_groups(nodes, [], split_systems_allowed=True)
    assert [g.members for g in split] == [("a1",), ("a2",), ("b1",), ("x",)]


def test_cycle_between_systems_joins_them_with_a_note() -> None:
    nodes = [
        PlanNode("a1", business_system="A"),
        PlanNode("a2", business_system="A"),
        PlanNode("b1", business_system="B"),
        PlanNode("c1", business_system="C"),
    ]
    # no host-level cycle: a1 -> b1 -> a2; but A and B call each other
    edges = [PlanEdge("a1", "b1"), PlanEdge("b1", "a2"), PlanEdge("c1", "a1")]
    assert find_cycles(nodes, edges) == []
    grouping = group_nodes(nodes, edges)
    assert grouping.group_of["a1"] == grouping.group_of["b1"] == grouping.group_of["a2"]
    assert grouping.group_of["c1"] != grouping.group_of["a1"]
    joined = grouping.groups[grouping.group_of["a1"]]
    assert "cycle" in joined.reasons and joined.systems == ("A", "B")
    assert [n.code for n in grouping.notes] == ["systems_joined"]
    assert list(grouping.dag.edges) == [(grouping.group_of["c1"], grouping.group_of["a1"])]
    # when systems may split there is no cycle, so nothing joins
    split = group_nodes(nodes, edges, split_systems_allowed=True)
    assert len({split.group_of[x] for x in ("a1", "a2", "b1")}) == 3


def test_unknown_endpoints_warn_and_duplicates_refuse() -> None:
    grouping = group_nodes([PlanNode("a")], [PlanEdge("a", "ghost"), PlanEdge("a", "a")])
    assert [n.code for n in grouping.notes] == ["unknown_node"]
    assert "ghost" in grouping.notes[0].text
    assert grouping.dag.number_of_edges() == 0
    with pytest.raises(InputError, match="listed twice") as err:
        coupled_groups([PlanNode("a"), PlanNode("a")], [])
    assert err.value.row == 2


def test_build_graph_keeps_parallel_kinds() -> None:
    graph = build_graph(
        [PlanNode("app"), PlanNode("db")],
        [PlanEdge("app", "db", "database", port="3306"), PlanEdge("app", "db", "call")],
    )
    kinds = [e.kind for e in graph["app"]["db"]["edges"]]
    assert kinds == ["database", "call"]
    assert graph.nodes["db"]["node"].id == "db"


def test_cyclic_core_keeps_only_cycle_edges() -> None:
    edges = {(1, 2), (2, 3), (3, 2), (3, 4), (5, 6), (6, 7), (7, 5), (7, 8)}
    assert sorted(cyclic_core(edges)) == [(2, 3), (3, 2), (5, 6), (6, 7), (7, 5)]
    assert cyclic_core({(1, 2), (2, 3)}) == []

"""The wave proposal with move groups (issue 13): groups never split unless one alone breaks
a limit (then the group, the limit and the cut hard edges are named), wave 1 a small pilot,
critical groups later, pins and keep-apart respected, and the policy stored with the plan so
the check judges by the same limits."""

from __future__ import annotations

from hmfield.core.plan.maths.graph import PlanEdge, PlanNode
from hmfield.core.plan.maths.limits import WaveLimits
from hmfield.core.plan.maths.waves import PilotRule, WavePrefs, propose_waves
from hmfield.core.plan.messages import PlanMessages
from hmfield.core.plan.service import PlanningService

PILOT = PilotRule(groups=2, max_hosts=4, max_group_hosts=2, max_criticality=2, critical_from=4)


def _app(prefix: str, hosts: int, crit: int | None = None, system: str | None = None):
    """An application: web -> app -> db ... chained by hard (middleware/database) edges."""
    nodes = [
        PlanNode(f"{prefix}{i}", business_system=system, criticality=crit) for i in range(hosts)
    ]
    edges = [
        PlanEdge(f"{prefix}{i}", f"{prefix}{i + 1}", "database", hard=True, id=f"{prefix}e{i}")
        for i in range(hosts - 1)
    ]
    return nodes, edges


def _estate(*apps):
    nodes, edges = [], []
    for n, e in apps:
        nodes += n
        edges += e
    return nodes, edges


def _wave(proposal):
    return proposal.assignment()


def test_groups_are_never_split_when_they_fit():
    nodes, edges = _estate(_app("a", 4), _app("b", 3), _app("c", 2), _app("d", 1))
    for max_hosts in (4, 5, 7, 10):
        p = propose_waves(nodes, edges, WaveLimits(max_hosts=max_hosts), split_oversized=True)
        wave = _wave(p)
        for prefix, size in (("a", 4), ("b", 3), ("c", 2)):
            assert len({wave[f"{prefix}{i}"] for i in range(size)}) == 1
        assert all(len(w) <= max_hosts for w in p.waves)
        assert not [f for f in p.warnings if f.code == "group_split"]


def test_oversized_group_is_split_and_the_cut_edges_named():
    nodes, edges = _estate(_app("a", 5), _app("b", 1))
    p = propose_waves(nodes, edges, WaveLimits(max_hosts=3), split_oversized=True)
    (split,) = [f for f in p.warnings if f.code == "group_split"]
    # hand-derived: a0-a1-a2 | a3-a4 in breadth-first order, cutting a2 -> a3 only
    assert split.params["broken"][0] == {
        "dimension": "hosts",
        "needed": 5,
        "limit": 3,
        "platform": None,
    }
    assert [c["edge"] for c in split.params["cut"]] == ["ae2"]
    wave = _wave(p)
    assert wave["a0"] == wave["a1"] == wave["a2"] != wave["a3"] == wave["a4"]
    assert all(len(w) <= 3 for w in p.waves)
    text = PlanMessages("en").text(split, {})
    assert "5 hosts (a wave holds at most 3)" in text and "a2 → a3" in text
    assert "1 hard dependencies" in text
    # without splitting the old behaviour stays: alone in its wave, an explained error
    old = propose_waves(nodes, edges, WaveLimits(max_hosts=3))
    assert old.infeasible[0].code == "group_exceeds_limit"


def test_a_business_system_splits_between_its_components_first():
    """A system of two unlinked components splits without cutting any hard edge."""
    a_nodes, a_edges = _app("x", 2, system="S")
    b_nodes, b_edges = _app("y", 2, system="S")
    p = propose_waves(
        a_nodes + b_nodes, a_edges + b_edges, WaveLimits(max_hosts=2), split_oversized=True
    )
    (split,) = [f for f in p.warnings if f.code == "group_split"]
    assert split.params["cut_count"] == 0
    wave = _wave(p)
    assert wave["x0"] == wave["x1"] != wave["y0"] == wave["y1"]


def test_wave_one_is_a_small_pilot_of_isolated_low_criticality_groups():
    nodes, edges = _estate(
        _app("big", 6, crit=1),  # too big for a pilot
        _app("crit", 2, crit=5),  # critical: never in the pilot, never before wave 2
        _app("low", 2, crit=1),
        _app("one", 1, crit=2),
        _app("two", 1),
        _app("uses", 2, crit=1),
    )
    edges.append(PlanEdge("uses0", "two0", "call", hard=False))  # two0 has a consumer
    p = propose_waves(nodes, edges, WaveLimits(max_hosts=20), pilot=PILOT, split_oversized=True)
    wave = _wave(p)
    pilot = set(p.waves[0])
    # hand-derived: candidates low (2 hosts, crit 1) and one (1 host, crit 2); big is too
    # big, crit too critical, two has a consumer, uses has a provider
    assert pilot == {"low0", "low1", "one0"}
    assert len(p.pilot) == 2
    assert wave["crit0"] >= 1 and wave["big0"] >= 1
    assert wave["two0"] < wave["uses0"]  # providers first still holds


def test_critical_groups_move_later():
    apps = [_app(f"c{i}", 2, crit=5) for i in range(3)] + [
        _app(f"l{i}", 2, crit=1) for i in range(3)
    ]
    nodes, edges = _estate(*apps)
    p = propose_waves(nodes, edges, WaveLimits(max_hosts=6), split_oversized=True)
    wave = _wave(p)
    # six groups of two, three per wave: the low ones fill wave 1, the critical ones wave 2
    assert {wave[f"l{i}0"] for i in range(3)} == {0}
    assert {wave[f"c{i}0"] for i in range(3)} == {1}


def test_pin_and_apart():
    nodes, edges = _estate(_app("a", 2), _app("b", 2), _app("c", 2))
    prefs = WavePrefs(pins={"c1": 2}, apart=[("a0", "b1")])
    p = propose_waves(nodes, edges, WaveLimits(max_hosts=10), prefs=prefs, split_oversized=True)
    wave = _wave(p)
    assert wave["c0"] == wave["c1"] == 2  # pinned to wave 3 (0-based 2)
    assert wave["a0"] != wave["b0"]  # kept apart although one wave holds both
    assert wave["a0"] == wave["a1"] and wave["b0"] == wave["b1"]


def test_proposal_policy_is_stored_and_the_check_uses_it(ctx, estate):
    svc = PlanningService(ctx)
    proposal = svc.propose(max_hosts=6, policy="together")
    rec = proposal.record
    assert rec["max_hosts"] == 6 and rec["policy"] == "together" and rec["hosts_per_proxy"] == 100
    # the components' number: 5 agentless vmware hosts in the estate / 100 per proxy -> 1
    assert rec["proxies"] == 1 and rec["proxies_from"] == "components"
    assert rec["proxies_to_deploy"] == 1
    svc.apply_proposal(proposal)
    settings = svc.settings()
    assert settings.max_hosts_per_wave == 6 and settings.policy == "together"
    assert settings.proposal_policy == rec
    check = svc.check()
    assert check.policy == rec
    assert not [f for f in check.findings if f.code.startswith(("wave_over", "coupled", "system"))]
    from hmfield.core.plan.preferences import policy_text

    assert "at most 6 hosts per wave" in policy_text(check.policy, "en")
    assert "每批最多 6 台主机" in policy_text(check.policy, "zh")


def test_defaults_are_never_no_limit(ctx, estate):
    inputs = PlanningService(ctx).inputs()
    limits = inputs.limits()
    # 5 agentless vmware hosts: the components deploy 1 Sync Proxy, the limit counts it
    assert limits.max_hosts == 200 and limits.proxies == 1 and limits.hosts_per_proxy == 100
    assert inputs.proxies_to_deploy == 1 and inputs.proxies_source() == "components"


def test_without_agentless_hosts_the_grouping_default_stands(ctx):
    inputs = PlanningService(ctx).inputs()
    assert inputs.proxies_to_deploy == 0 and inputs.proxies_source() == "default"
    assert inputs.limits().proxies == 2  # grouping.yaml's default: never "no limit"


def test_check_says_the_proxies_to_deploy_and_a_changed_policy(ctx, estate):
    """The check states the Sync Proxies the components deploy, and warns when the network
    plan's concurrency is not the one the applied proposal was made with (zh and en)."""
    from hmfield.core.plan.messages import PlanMessages
    from hmfield.core.plan.preferences import policy_text
    from hmfield.core.plan.risks import NetworkPlanService

    NetworkPlanService(ctx).save(bandwidth_mbps=200.0, usable_share=0.5, concurrency=4)
    svc = PlanningService(ctx)
    svc.apply_proposal(svc.propose())
    check = svc.check()
    (px,) = [f for f in check.findings if f.code == "proxies_to_deploy"]
    assert PlanMessages("en").text(px) == (
        "Target components: the 5 agentless hosts in scope need 1 Sync Proxy (100 hosts "
        "each, per platform, rounded up); the wave limits count 1 Sync Proxy"
    )
    assert "需部署 1 个 Sync Proxy" in PlanMessages("zh").text(px)
    assert "1 Sync Proxy (the 1 the target components deploy" in policy_text(check.policy)
    assert "目标端组件按范围内无代理主机需部署 1 个" in policy_text(check.policy, "zh")
    assert not [f for f in check.findings if f.code == "policy_changed"]

    NetworkPlanService(ctx).save(bandwidth_mbps=200.0, usable_share=0.5, concurrency=8)
    (changed,) = [f for f in svc.check().findings if f.code == "policy_changed"]
    assert changed.severity == "warning" and changed.params == {"then": 4, "now": 8}
    assert PlanMessages("zh").text(changed).startswith("建议批次时并发为 4 台，当前设置为 8 台")
    assert "the policy changed since the proposal" in PlanMessages("en").text(changed)


# -- properties over random estates (hypothesis) ---------------------------------------------
from collections import defaultdict  # noqa: E402

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from hmfield.core.plan.maths.graph import DependencyKind  # noqa: E402
from hmfield.core.plan.maths.groups import move_groups  # noqa: E402
from hmfield.core.plan.maths.limits import WaveLoad, over  # noqa: E402


@st.composite
def estates(draw):
    count = draw(st.integers(1, 24))
    nodes = [
        PlanNode(
            f"n{i}",
            business_system=draw(st.sampled_from([None, None, None, "A", "B"])),
            data_used_mib=draw(st.integers(0, 100)),
            criticality=draw(st.sampled_from([None, 1, 2, 5])),
            low_risk=draw(st.booleans()),
        )
        for i in range(count)
    ]
    kinds = [k.value for k in DependencyKind]
    pairs = st.tuples(
        st.integers(0, count - 1), st.integers(0, count - 1), st.sampled_from(kinds), st.booleans()
    )
    edges = [
        PlanEdge(f"n{a}", f"n{b}", k, hard=h, id=f"e{j}")
        for j, (a, b, k, h) in enumerate(draw(st.lists(pairs, max_size=30)))
    ]
    limits = WaveLimits(max_hosts=draw(st.integers(1, 8)), proxies=None)
    pins = draw(
        st.dictionaries(st.sampled_from([n.id for n in nodes]), st.integers(0, 3), max_size=2)
    )
    apart = draw(
        st.lists(
            st.tuples(
                st.sampled_from([n.id for n in nodes]), st.sampled_from([n.id for n in nodes])
            ),
            max_size=2,
        )
    )
    return nodes, edges, limits, WavePrefs(pins, apart)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(estates())
def test_group_aware_proposal_properties(estate):
    nodes, edges, limits, prefs = estate
    p = propose_waves(
        nodes, edges, limits, min_groups=3, prefs=prefs, pilot=PILOT, split_oversized=True
    )
    wave = p.assignment()
    # every node exactly once
    placed = [n for w in p.waves for n in w]
    assert sorted(placed) == sorted(n.id for n in nodes)
    # a move group is in one wave unless a group_split note names it
    split_nodes = {m for f in p.warnings if f.code == "group_split" for m in f.nodes}
    mg = move_groups(nodes, edges, min_groups=3)
    for g in mg.grouping.groups:
        if not set(g.members) & split_nodes:
            assert len({wave[m] for m in g.members}) == 1, g.members
    # limits hold, except a wave holding one node that alone breaks them (explained)
    by_id = {n.id: n for n in nodes}
    explained = {f.params["wave"] for f in p.infeasible}
    pinned_over = {f.params["wave"] for f in p.warnings if f.code == "pin_over_limit"}
    for order, ids in enumerate(p.waves):
        load = WaveLoad(sum(by_id[i].host_count for i in ids))
        if over(load, limits):
            assert order in explained | pinned_over
    # the pilot is wave 1, small and never critical
    if p.pilot:
        pilot_hosts = [by_id[i] for i in p.waves[0]]
        assert len([g for g in p.pilot]) <= PILOT.groups
        pinned_first = {n for n, w in prefs.pins.items() if w == 0}
        if not pinned_first:
            assert len(pilot_hosts) <= PILOT.max_hosts
            assert all((n.criticality or 0) <= PILOT.max_criticality for n in pilot_hosts)
    # providers never after their consumers across groups, unless a pin forced it
    pin_notes = {f.code for f in p.warnings} & {"pin_order"}
    if not prefs.pins and not pin_notes:
        groups_of = mg.grouping.group_of
        for e in mg.edges:
            if e.src == e.dst or groups_of[e.src] == groups_of[e.dst] or e.coupling:
                continue
            if e.src in split_nodes or e.dst in split_nodes:
                continue
            assert wave[e.dst] < wave[e.src]
    # kept-apart groups share no wave (when both are whole)
    waves_of = defaultdict(set)
    for g in mg.grouping.groups:
        for m in g.members:
            waves_of[g.id].add(wave[m])
    pinned_groups = {mg.grouping.group_of[n] for n in prefs.pins}
    for a, b in prefs.apart:
        ga, gb = mg.grouping.group_of[a], mg.grouping.group_of[b]
        members = set(mg.grouping.groups[ga].members) | set(mg.grouping.groups[gb].members)
        whole = ga != gb and not members & split_nodes
        if whole and not {ga, gb} & pinned_groups:
            assert not waves_of[ga] & waves_of[gb]


def test_pin_over_a_limit_and_against_the_order_are_said():
    nodes, edges = _estate(_app("a", 3), _app("b", 3))
    edges.append(PlanEdge("a0", "b0", "call", hard=False))  # a needs b first
    prefs = WavePrefs(pins={"a0": 0, "b0": 0})
    p = propose_waves(nodes, edges, WaveLimits(max_hosts=4), prefs=prefs, split_oversized=True)
    codes = [f.code for f in p.warnings]
    assert "pin_over_limit" in codes  # both pinned to wave 1: 6 hosts for 4
    assert set(p.waves[0]) == {"a0", "a1", "a2", "b0", "b1", "b2"}
    text = PlanMessages("zh").text(next(f for f in p.warnings if f.code == "pin_over_limit"), {})
    assert "第 1 批" in text
    # a consumer pinned early: its provider cannot be earlier, and the proposal says so
    p = propose_waves(nodes, edges, WaveLimits(max_hosts=4), prefs=WavePrefs(pins={"a0": 0}))
    assert "pin_order" in [f.code for f in p.warnings]

"""The generated runbook follows the method: every stage-seven step per group, object steps,
gates with written criteria, the point of no return where the rollback plan says, the
stage-eight branch, providers before consumers and syncs within the concurrency."""

from __future__ import annotations

import pytest
from runbook_helpers import T0, at, step

from hmfield.core.model.enums import ExecutorRole
from hmfield.core.plan.maths.order import ProviderLink
from hmfield.core.runbooks import (
    RunbookError,
    StepType,
    compile_runbook,
    critical_path,
    generate_rollback_runbook,
    generate_runbook,
    plan_schedule,
)
from hmfield.core.runbooks.gates import GateFacts
from hmfield.core.runbooks.generate import HostInput, ObjectInput, PlanFacts, build_runbook
from hmfield.core.runbooks.titles import runbook_titles

HOSTS = [("h1", "web01", "crm"), ("h2", "db01", "crm"), ("h3", "app01", "erp")]
PEOPLE = {"msp": "Li (MSP)", "customer": "Wang", "app_operator": "Chen", "app_user": "Zhao"}


def by_key(steps):
    return {s.key: s for s in steps}


def test_every_stage_seven_step_per_group():
    steps = generate_runbook("Wave 1", HOSTS, ["crm", "erp"], PEOPLE)
    keys = [s.key for s in steps]
    per_host = [f"{p}:{h}" for h, _, _ in HOSTS for p in ("sync", "start", "boot")]
    per_group = [f"{p}:{g}" for g in ("crm", "erp") for p in ("stop", "verify", "dns", "resume")]
    once = ["participants", "window", "notice", "go_switch", "no_return", "notice_resumed"]
    expected = {*once, "signoff", "complete", *per_host, *per_group}
    assert set(keys) == expected and len(keys) == len(expected) == 25
    assert [s.number for s in steps] == list(range(1, 26))
    compile_runbook(steps)
    s = by_key(steps)
    assert s["sync:h1"].predecessors == ["stop:crm"] and s["sync:h3"].predecessors == ["stop:erp"]
    assert sorted(s["verify:crm"].predecessors) == ["boot:h1", "boot:h2"]
    assert sorted(s["go_switch"].predecessors) == ["verify:crm", "verify:erp"]
    assert s["no_return"].predecessors == ["go_switch"]
    assert s["dns:erp"].predecessors == ["no_return"] and s["resume:erp"].predecessors == [
        "dns:erp"
    ]
    assert sorted(s["notice_resumed"].predecessors) == ["resume:crm", "resume:erp"]
    assert s["complete"].predecessors == ["signoff"] and steps[-1].key == "complete"


def test_hosts_without_a_system_get_stop_and_business_verification():
    # after an RVTools import no host has a business system: the wave is the group
    hosts = [("h1", "vm-a", None), ("h2", "vm-b", None)]
    s = by_key(generate_runbook("W7", hosts))
    assert s["stop:wave"].title["zh"].startswith("停业务：W7")
    assert sorted(s["verify:wave"].predecessors) == ["boot:h1", "boot:h2"]
    assert "W7" in s["verify:wave"].title["en"] and s["verify:wave"].type == StepType.VALIDATION
    assert s["sync:h1"].predecessors == ["stop:wave"]


def test_groups_named_only_by_their_hosts_appear_once():
    hosts = [("h1", "a", "crm"), ("h2", "b", "erp"), ("h3", "c", "crm"), ("h4", "d", "erp")]
    keys = [s.key for s in generate_runbook("W", hosts)]
    assert keys.count("stop:crm") == keys.count("stop:erp") == 1
    assert [k for k in keys if k.startswith("verify:")] == ["verify:crm", "verify:erp"]


def test_types_roles_owners_and_titles():
    steps = generate_runbook("Wave 1", HOSTS, ["crm", "erp"], PEOPLE)
    s = by_key(steps)
    assert [x.key for x in steps if x.type == StepType.GATE] == ["window", "go_switch", "signoff"]
    assert s["participants"].type == s["complete"].type == s["no_return"].type == StepType.MILESTONE
    roles = {r.value for r in ExecutorRole}
    assert all(x.executor_role in roles for x in steps)
    assert s["stop:crm"].owner == "Chen" and s["verify:erp"].owner == "Zhao"
    assert s["sync:h1"].owner == "Li (MSP)" and s["boot:h1"].owner == "Wang"
    for x in steps:
        assert x.title["zh"] and x.title["en"] and x.title["zh"] != x.title["en"]
    assert "db01" in s["sync:h2"].title["en"] and "db01" in s["sync:h2"].title["zh"]


def test_point_of_no_return_follows_the_last_decision():
    steps = generate_runbook("W", HOSTS, ["crm", "erp"])
    pnr = [x for x in steps if x.point_of_no_return]
    assert [x.key for x in pnr] == ["no_return"]
    s = by_key(steps)
    numbers = {x.key: x.number for x in steps}
    # every gate that can enter the rollback comes before it; the sign-off after it
    assert numbers["window"] < numbers["go_switch"] < numbers["no_return"] < numbers["signoff"]
    assert all(numbers[k] > numbers["no_return"] for k in s if k.startswith(("dns:", "resume:")))


def test_no_return_is_held_until_the_plan_says_and_late_is_reported():
    plain = build_runbook("W", HOSTS, ["crm", "erp"])
    gate = compile_runbook(plain.steps)
    earliest = gate.es[gate.index["no_return"]]
    held = build_runbook("W", HOSTS, ["crm", "erp"],
                         facts=PlanFacts(no_return_offset=earliest + 100, rollback_plan=True))  # fmt: skip
    plan = plan_schedule(held.steps, T0)
    assert plan["no_return"][0] == at(earliest + 100)
    assert by_key(held.steps)["hold"].planned_minutes == pytest.approx(100)
    assert held.notices == []
    late = build_runbook("W", HOSTS, ["crm", "erp"],
                         facts=PlanFacts(no_return_offset=earliest - 30, rollback_plan=True))  # fmt: skip
    assert "hold" not in by_key(late.steps)
    assert [n.code for n in late.notices] == ["no_return_late"]
    assert "30" in late.notices[0].text["en"] and "30" in late.notices[0].text["zh"]
    unset = build_runbook("W", HOSTS, ["crm"], facts=PlanFacts(rollback_plan=True))
    assert [n.code for n in unset.notices] == ["no_return_unset"]
    none = build_runbook("W", HOSTS, ["crm"], facts=PlanFacts(rollback_plan=False))
    assert [n.code for n in none.notices] == ["no_rollback_plan"]


def test_gates_carry_written_criteria_from_the_plan_and_the_drill():
    facts = PlanFacts(
        decider="王建国",
        gates=GateFacts(
            decider="王建国",
            triggers="核心交易失败",
            blocking=("连接串指向源端",),
            findings=("监控代理未装",),
            no_return="12-20 03:00 (Asia/Shanghai)",
        ),
    )
    built = build_runbook("W", HOSTS, ["crm"], PEOPLE, facts=facts)
    window, switch = built.criteria["window"], built.criteria["go_switch"]
    assert "连接串指向源端" in window["zh"] and "连接串指向源端" in window["en"]
    assert "核心交易失败" in switch["zh"] and "监控代理未装" in switch["en"]
    assert "03:00" in switch["zh"] and "王建国" in switch["en"]
    assert by_key(built.steps)["go_switch"].owner == "王建国"  # the decider owns the gates
    assert built.criteria["signoff"]["zh"] and built.criteria["signoff"]["en"]


def test_rollback_branch_is_stage_eight_with_owners_and_minutes():
    built = build_runbook("W", HOSTS, ["crm"], PEOPLE, facts=PlanFacts(decider="Boss"))
    branch = built.branch
    items = runbook_titles().rollback_items
    assert [x.key for x in branch] == [f"rollback:{n}" for n in range(1, 11)]
    assert [x.title["zh"] for x in branch] == [i.title["zh"] for i in items]
    assert branch[0].number == len(built.steps) + 1 and branch[0].predecessors == []
    assert all(b.predecessors == [a.key] for a, b in zip(branch, branch[1:], strict=False))
    assert branch[0].owner == "Wang" and branch[1].owner == "Boss" and branch[2].owner == "Li (MSP)"
    assert all(x.planned_minutes > 0 for x in branch) and branch[1].type == StepType.GATE
    too_long = build_runbook(
        "W", HOSTS, ["crm"], facts=PlanFacts(rollback_plan=True, rollback_limit=30)
    )
    assert [n.code for n in too_long.notices] == ["no_return_unset", "rollback_too_long"]


def test_providers_start_before_consumers_by_tier_and_by_dependency():
    hosts = [
        HostInput("w", "web01", "crm", "web"),
        HostInput("a", "app01", "crm", "app"),
        HostInput("d", "db01", "crm", "db"),
        HostInput("x", "batch", "crm", None),
    ]
    s = by_key(build_runbook("W", hosts, ["crm"]).steps)
    assert "boot:d" in s["start:a"].predecessors and "boot:a" in s["start:w"].predecessors
    assert s["start:d"].predecessors == ["sync:d"] and s["start:x"].predecessors == ["sync:x"]
    plan = plan_schedule(list(s.values()), T0)
    assert plan["boot:d"][1] <= plan["start:a"][0] and plan["boot:a"][1] <= plan["start:w"][0]
    # an explicit dependency wins over the tier; a loop is dropped and reported
    links = [
        ProviderLink("x", "w"),
        ProviderLink("d", "x"),
        ProviderLink("w", "d", "cluster_member"),
    ]
    built = build_runbook("W", hosts, ["crm"], facts=PlanFacts(links=links))
    s = by_key(built.steps)
    assert "boot:w" in s["start:x"].predecessors
    assert any(n.code == "link_dropped" for n in built.notices)
    compile_runbook(built.steps)


def test_objects_freeze_copy_verify_switch_and_feed_their_consumers():
    built = build_runbook(
        "W",
        [HostInput("a", "app01", "crm", "app")],
        ["crm"],
        objects=[ObjectInput("n", "NAS 共享", "crm")],
        facts=PlanFacts(links=[ProviderLink("a", "n")]),
    )
    s = by_key(built.steps)
    assert s["freeze:n"].predecessors == ["stop:crm"]
    assert s["copy:n"].predecessors == ["freeze:n"] and s["check:n"].predecessors == ["copy:n"]
    assert s["switch:n"].predecessors == ["check:n"]
    assert "switch:n" in s["start:a"].predecessors
    assert "switch:n" in s["verify:crm"].predecessors


def test_syncs_run_at_most_the_concurrency_at_once():
    hosts = [HostInput(f"h{i}", f"vm{i:02d}", None) for i in range(11)]
    minutes = {f"h{i}": {"sync": 30 + i} for i in range(11)}
    built = build_runbook("W", hosts, options={"host_minutes": minutes},
                          facts=PlanFacts(concurrency=8))  # fmt: skip
    plan = plan_schedule(built.steps, T0)
    spans = [plan[f"sync:h{i}"] for i in range(11)]
    for i in range(11):
        t = spans[i][0]
        running = sum(1 for a, b in spans if a <= t < b)
        assert running <= 8
    first = min(a for a, _ in spans)
    assert sum(1 for a, _ in spans if a == first) == 8  # 8 start together, 3 wait
    assert plan["sync:h10"][0] == first  # the longest syncs go first
    free = build_runbook("W", hosts, options={"host_minutes": minutes})
    plan = plan_schedule(free.steps, T0)
    assert len({plan[f"sync:h{i}"][0] for i in range(11)}) == 1


def test_not_every_step_is_critical_when_durations_differ():
    minutes = {"h1": {"sync": 90}, "h2": {"sync": 10}, "h3": {"sync": 20}}
    steps = generate_runbook("W", HOSTS, ["crm", "erp"], options={"host_minutes": minutes})
    cp = critical_path(steps)
    assert "sync:h1" in cp.path and not cp.is_critical("sync:h2") and not cp.is_critical("boot:h3")
    assert cp.slack_minutes["sync:h2"] == pytest.approx(80)


def test_extra_steps_and_bad_input():
    extra = step("custom:x", 5, ["no_return"], number=1)
    steps = generate_runbook("W", HOSTS, ["crm"], options={"extra_steps": [extra]})
    assert steps[-1].key == "custom:x" and steps[-1].number == len(steps) and extra.number == 1
    with pytest.raises(RunbookError, match="unknown predecessor"):
        generate_runbook("W", HOSTS, ["crm"], options={"extra_steps": [step("x", 1, ["nope"])]})
    with pytest.raises(RunbookError, match="listed twice"):
        generate_runbook("W", [("h1", "a", "s"), ("h1", "b", "s")], ["s"])
    with pytest.raises(RunbookError, match="unknown runbook option"):
        generate_runbook("W", HOSTS, [], options={"sink_minutes": 3})
    with pytest.raises(RunbookError, match="unknown phase"):
        generate_runbook("W", HOSTS, [], options={"host_minutes": {"h1": {"boot": 3}}})


def test_rollback_runbook_on_its_own():
    steps = generate_rollback_runbook("W", {"msp": "Li", "customer": "Wang"})
    assert [s.number for s in steps] == list(range(1, 11)) and "W" in steps[0].title["en"]
    assert steps[0].owner == "Wang" and steps[2].owner == "Li"
    longer = generate_rollback_runbook("W", minutes=[1] * 10)
    assert critical_path(longer).length_minutes == 10
    with pytest.raises(RunbookError, match="10 durations"):
        generate_rollback_runbook("W", minutes=[1])

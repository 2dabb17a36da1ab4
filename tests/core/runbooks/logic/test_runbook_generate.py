from __future__ import annotations

import pytest
from runbook_helpers import T0, at, step

from hmfield.core.model.enums import ExecutorRole
from hmfield.core.runbooks import (
    RunbookError,
    StepType,
    compile_runbook,
    critical_path,
    generate_rollback_runbook,
    generate_runbook,
    plan_schedule,
)

HOSTS = [("h1", "web01", "crm"), ("h2", "db01", "crm"), ("h3", "app01", "erp")]
PEOPLE = {"msp": "Li (MSP)", "customer": "Wang", "app_operator": "Chen", "app_user": "Zhao"}


def by_key(steps):
    return {s.key: s for s in steps}


def test_three_hosts_two_systems_shape():
    steps = generate_runbook("Wave 1", HOSTS, ["crm", "erp"], PEOPLE)
    keys = [s.key for s in steps]
    per_host = [f"{p}:{h}" for h, _, _ in HOSTS for p in ("sync", "start", "boot")]
    expected = {"participants", "window", "notice", "go_switch", "dns", "resume", "go_accept"}
    expected |= {"complete", "stop:crm", "stop:erp", "verify:crm", "verify:erp", *per_host}
    assert set(keys) == expected and len(keys) == len(expected) == 21
    assert [s.number for s in steps] == list(range(1, 22))
    compile_runbook(steps)  # valid predecessors, no cycle
    s = by_key(steps)
    assert s["sync:h1"].predecessors == ["stop:crm"]
    assert s["sync:h3"].predecessors == ["stop:erp"]
    assert s["boot:h2"].predecessors == ["start:h2"] and s["start:h2"].predecessors == ["sync:h2"]
    assert sorted(s["verify:crm"].predecessors) == ["boot:h1", "boot:h2"]
    assert s["verify:erp"].predecessors == ["boot:h3"]
    assert sorted(s["go_switch"].predecessors) == ["verify:crm", "verify:erp"]
    assert s["complete"].predecessors == ["go_accept"] and steps[-1].key == "complete"


def test_types_roles_owners_and_titles():
    steps = generate_runbook("Wave 1", HOSTS, ["crm", "erp"], PEOPLE)
    s = by_key(steps)
    gates = [x.key for x in steps if x.type == StepType.GATE]
    assert gates == ["window", "go_switch", "go_accept"]
    assert s["participants"].type == s["complete"].type == StepType.MILESTONE
    assert {x.key for x in steps if x.type == StepType.VALIDATION} == {
        "boot:h1", "boot:h2", "boot:h3", "verify:crm", "verify:erp"
    }  # fmt: skip
    roles = {r.value for r in ExecutorRole}
    assert all(x.executor_role in roles for x in steps)
    assert s["sync:h1"].executor_role == "msp" and s["stop:crm"].executor_role == "customer"
    assert s["stop:crm"].owner == "Chen" and s["verify:erp"].owner == "Zhao"
    assert s["sync:h1"].owner == "Li (MSP)" and s["boot:h1"].owner == "Wang"
    for x in steps:
        assert x.title["zh"] and x.title["en"] and x.title["zh"] != x.title["en"]
    assert "db01" in s["sync:h2"].title["en"] and "db01" in s["sync:h2"].title["zh"]
    assert "Wave 1" in s["complete"].title_text("en")


def test_point_of_no_return_is_dns_right_after_the_switch_gate():
    steps = generate_runbook("W", HOSTS, ["crm", "erp"])
    pnr = [x for x in steps if x.point_of_no_return]
    assert [x.key for x in pnr] == ["dns"] and pnr[0].predecessors == ["go_switch"]
    no_dns = generate_runbook("W", HOSTS, ["crm", "erp"], options={"dns_changes": False})
    pnr = [x for x in no_dns if x.point_of_no_return]
    assert "dns" not in {x.key for x in no_dns}
    assert [x.key for x in pnr] == ["resume"] and pnr[0].predecessors == ["go_switch"]


def test_default_minutes_plan_by_hand():
    steps = generate_runbook("W", HOSTS, ["crm", "erp"])
    plan = plan_schedule(steps, T0)
    # 0 + window 5 + notice 10 + stop 15 = 30; sync 30, start 10, boot 15 -> 85
    assert plan["sync:h1"] == (at(30), at(60)) and plan["sync:h3"][0] == at(30)
    assert plan["boot:h3"] == (at(70), at(85))
    # verify 30 -> 115, go_switch 10, dns 20, resume 15, go_accept 15 -> 175
    assert plan["complete"] == (at(175), at(175))


def test_host_minutes_override_moves_the_critical_path():
    options = {"host_minutes": {"h2": {"sync": 90}}, "system_minutes": {"erp": {"verify": 5}}}
    steps = generate_runbook("W", HOSTS, ["crm", "erp"], options=options)
    s = by_key(steps)
    assert s["sync:h2"].planned_minutes == 90 and s["sync:h1"].planned_minutes == 30
    assert s["verify:erp"].planned_minutes == 5 and s["verify:crm"].planned_minutes == 30
    cp = critical_path(steps)
    assert "sync:h2" in cp.path and "sync:h1" not in cp.path
    assert cp.length_minutes == 175 + 60


def test_systems_from_hosts_and_hosts_without_system():
    hosts = [("h1", "web01", "crm"), ("h9", "tool", None), ("h5", "mail", "mail")]
    steps = generate_runbook("W", hosts, ["crm", "crm", "idle"])
    s = by_key(steps)
    assert [k for k in s if k.startswith("stop:")] == ["stop:crm", "stop:idle", "stop:mail"]
    assert sorted(s["sync:h9"].predecessors) == ["stop:crm", "stop:idle", "stop:mail"]
    assert "boot:h9" in s["go_switch"].predecessors
    assert s["verify:idle"].predecessors == ["stop:idle"]  # a system with no host in the wave


def test_extra_steps_appended_and_checked():
    extra = step("fw", 20, ["go_switch"], number=99)
    steps = generate_runbook("W", HOSTS, ["crm"], options={"extra_steps": [extra]})
    assert steps[-1].key == "fw" and steps[-1].number == len(steps)
    assert extra.number == 99  # the caller's spec is not changed
    with pytest.raises(RunbookError, match="unknown predecessor 'nope'"):
        generate_runbook("W", HOSTS, ["crm"], options={"extra_steps": [step("x", 1, ["nope"])]})


def test_bad_input():
    with pytest.raises(RunbookError, match="host 'h1' is listed twice"):
        generate_runbook("W", [("h1", "a", "s"), ("h1", "b", "s")], ["s"])
    with pytest.raises(RunbookError, match="unknown runbook option"):
        generate_runbook("W", HOSTS, [], options={"sink_minutes": 3})
    with pytest.raises(RunbookError, match="unknown phase"):
        generate_runbook("W", HOSTS, [], options={"host_minutes": {"h1": {"boot": 3}}})


def test_rollback_runbook_follows_stage_eight():
    steps = generate_rollback_runbook("W", {"msp": "Li", "customer": "Wang"})
    assert len(steps) == 10
    assert [s.predecessors for s in steps[1:]] == [[f"rollback:{n}"] for n in range(1, 10)]
    assert [s.type for s in steps].count(StepType.GATE) == 1 and steps[1].type == StepType.GATE
    assert steps[0].executor_role == "customer" and steps[0].owner == "Wang"
    assert "回退" in steps[1].title["zh"]
    longer = generate_rollback_runbook("W", minutes=[1] * 10)
    assert critical_path(longer).length_minutes == 10
    with pytest.raises(RunbookError, match="10 durations"):
        generate_rollback_runbook("W", minutes=[1])

"""runbook save|edit, drill start|record|finish, and whole runs driven from the CLI."""

from __future__ import annotations

import pytest

WAVE = "W03"  # the demo's W03 has no runbook saved and no run yet


@pytest.fixture
def saved(hm, demo):
    out = hm("runbook", "save", demo, "--wave", WAVE, "--json").json
    assert out["steps"] > 5 and out["version"] == 1
    return demo


def test_runbook_save_edit(hm, saved):
    demo = saved
    again = hm("runbook", "save", demo, "--wave", WAVE, ok=False)
    assert again.code == 1 and "--regenerate" in again.err
    added = hm("runbook", "edit", demo, "--wave", WAVE, "--add", "Call the branch managers",
               "--minutes", "5", "--after", "1", "--json").json["step"]  # fmt: skip
    n = added["number"]
    assert added["custom"] and added["planned_minutes"] == 5
    moved = hm("runbook", "edit", demo, "--wave", WAVE, "--move", n, "--after", "2", "--json").json
    assert len(moved["step"]["predecessors"]) == 1
    hm("runbook", "edit", demo, "--wave", WAVE, "--step", "1", "--minutes", "15")
    steps = hm("runbook", "show", demo, "--wave", WAVE, "--json").json["steps"]
    assert next(s for s in steps if s["number"] == 1)["planned_minutes"] == 15
    refused = hm("runbook", "edit", demo, "--wave", WAVE, "--delete", "1", ok=False)
    assert refused.code == 1 and "generated" in refused.err
    hm("runbook", "edit", demo, "--wave", WAVE, "--delete", n)
    assert n not in [
        s["number"] for s in hm("runbook", demo, "--wave", WAVE, "--json").json["steps"]
    ]
    listed = hm("runbook", "list", demo, "--json").json["runbooks"]
    assert next(r for r in listed if r["wave"] == WAVE)["saved"]


def test_drill_start_record_finish(hm, demo):
    started = hm("drill", "start", demo, "--wave", WAVE, "--json").json
    host = started["results"][0]["host"]
    hm("drill", "record", demo, "--wave", WAVE, "--host", host, "--launched", "--boot", "ok",
       "--business", "pass", "--evidence", "ticket 42")  # fmt: skip
    out = hm("drill", "record", demo, "--drill", started["id"][:10], "--finding",
             "licence bound to MAC", "--must-fix", "--host", host, "--owner", "周强", "--json").json  # fmt: skip
    assert out["findings"][0]["must_fix_before_cutover"]
    done = hm("drill", "finish", demo, "--wave", WAVE, "--json").json
    assert done["status"] == "completed"
    row = next(r for r in done["results"] if r["host"] == host)
    assert row["boot_verified"] and row["business_result"] == "pass" and row["launched_at"]
    assert hm("drill", "finish", demo, "--wave", WAVE, ok=False).code == 1  # none running now
    assert started["id"] in [d["id"] for d in hm("drill", "list", demo, "--json").json["drills"]]


def test_drill_results_for_many_hosts_in_one_transaction(hm, demo):
    started = hm("drill", "start", demo, "--wave", WAVE, "--json").json
    names = [r["host"] for r in started["results"]]
    assert len(names) >= 2

    def audited() -> list:
        return hm("audit", "list", demo, "--entity", "drill_host_result", "--limit", "0",
                  "--json").json["events"]  # fmt: skip

    before = len(audited())
    refused = hm("drill", "record", demo, "--wave", WAVE, "--host", names[0], "--host",
                 "ghost-host", "--launched", ok=False)  # fmt: skip
    assert refused.code == 1 and "ghost-host" in refused.err and len(audited()) == before
    out = hm("drill", "record", demo, "--wave", WAVE, "--all", "--launched", "--boot", "ok",
             "--json").json  # fmt: skip
    assert all(r["launched_at"] and r["boot_verified"] for r in out["results"])
    assert len(audited()) >= before + len(names)
    two = hm("drill", "record", demo, "--wave", WAVE, "--host", names[0], "--host", names[1],
             "--business", "fail", "--comment", "login page 500", "--json").json  # fmt: skip
    failed = {r["host"] for r in two["results"] if r["business_result"] == "fail"}
    assert failed == set(names[:2])
    assert hm("drill", "record", demo, "--wave", WAVE, "--all", ok=False).code == 1  # no change


def _status(hm, demo) -> dict:
    return hm("run", "status", demo, "--wave", WAVE, "--json").json


def _work_through(hm, demo, *, skip_one: bool = True, branch: bool = False) -> list[int]:
    """Finish every ready step (gates: go) until the run ends; skip the first plain task."""
    skipped = []
    for _ in range(400):
        st = _status(hm, demo)
        if st["run"]["status"] != "running":
            return skipped
        assert st["ready"], st
        by_number = {s["number"]: s for s in st["steps"]}
        for n in st["ready"]:
            step = by_number[n]
            if step["type"] == "gate":
                hm("run", "gate", demo, n, "--wave", WAVE, "--go", "--by", "王建国")
            elif skip_one and not skipped and step["type"] == "task" and not step["branch"]:
                hm(
                    "run", "step", demo, n, "--skip", "--reason", "done last week"
                )  # the running wave
                skipped.append(n)
            else:
                hm("run", "step", demo, n, "--wave", WAVE, "--start")
                hm("run", "step", demo, n, "--wave", WAVE, "--done")
    raise AssertionError("the run never ended")


def test_rehearsal_run_start_steps_gate_finish(hm, saved):
    demo = saved
    st = hm("run", "start", demo, "--wave", WAVE, "--json").json
    assert st["run"]["kind"] == "rehearsal" and st["ready"] == [1]
    assert {"now", "time_zone", "forecast", "ready", "steps", "window_start", "window_end"} <= set(
        st
    )
    assert {"state", "forecast_end", "slip_minutes", "remaining_critical_path"} <= set(
        st["forecast"]
    )
    not_ready = hm("run", "step", demo, 3, "--wave", WAVE, "--done", ok=False)
    assert not_ready.code == 1 and "Traceback" not in not_ready.err
    gate = next(s for s in st["steps"] if s["type"] == "gate")
    assert hm("run", "gate", demo, gate["number"], "--wave", WAVE, "--go", ok=False).code == 2
    unfinished = hm("run", "finish", demo, "--wave", WAVE, ok=False)
    assert unfinished.code == 1 and "not finished" in unfinished.err
    skipped = _work_through(hm, demo)
    done = hm("run", "finish", demo, "--wave", WAVE, "--json").json
    assert done["run"]["status"] == "completed"
    steps = {s["number"]: s for s in done["steps"]}
    assert steps[skipped[0]]["status"] == "skipped" and steps[skipped[0]]["skip_reason"]
    assert steps[gate["number"]]["gate_decision"] == "go"
    assert steps[gate["number"]]["decided_by"] == "王建国"
    runs = hm("run", "list", demo, "--wave", WAVE, "--json").json["runs"]
    assert [r["status"] for r in runs] == ["completed"]
    trail = hm("audit", "list", demo, "--entity", "run_step", "--person", "王建国", "--json").json
    assert trail["events"]


def test_live_run_ends_in_rollback(hm, saved):
    demo = saved
    st = hm("run", "start", demo, "--wave", WAVE, "--live", "--json").json
    assert st["run"]["kind"] == "live"
    gate = next(s for s in st["steps"] if s["type"] == "gate" and not s["branch"])
    # the night confirms the stop-business notice went out before the GO gate: not while
    # it is a draft; approved, it is done
    hm("run", "step", demo, 1, "--wave", WAVE, "--done")
    refused = hm("run", "step", demo, 2, "--wave", WAVE, "--done", ok=False)
    assert refused.code == 1 and "not approved yet" in refused.err
    hm("notice", demo, "--wave", WAVE, "--approve", "王建国")
    for n in range(2, gate["number"]):
        hm("run", "step", demo, n, "--wave", WAVE, "--done")
    hm("run", "gate", demo, gate["number"], "--wave", WAVE, "--no-go", "--by", "王建国")
    assert hm("run", "rollback", demo, "--wave", WAVE, "--reason", "x", ok=False).code == 2
    rb = hm("run", "rollback", demo, "--wave", WAVE, "--reason", "window lost", "--by", "王建国",
            "--json").json  # fmt: skip
    assert rb["rolling_back"] and rb["ready"]
    _work_through(hm, demo, skip_one=False)
    end = hm("run", "finish", demo, "--wave", WAVE, "--json").json
    assert end["run"]["status"] == "rolled_back"
    wave = next(w for w in hm("wave", "list", demo, "--json").json["waves"] if w["name"] == WAVE)
    assert wave["status"] == "rolled_back"


def test_run_abort(hm, saved):
    demo = saved
    hm("run", "start", demo, "--wave", WAVE)
    assert hm("run", "finish", demo, "--wave", WAVE, "--abort", ok=False).code == 2
    out = hm(
        "run", "finish", demo, "--wave", WAVE, "--abort", "--reason", "drill only", "--json"
    ).json
    assert out["run"]["status"] == "aborted"
    assert hm("run", "step", demo, 1, "--wave", WAVE, "--done", ok=False).code == 1


def test_wave_inferred_from_the_only_wave_or_the_named_run(hm, tmp_path):
    from pathlib import Path

    fixture = Path(__file__).parents[1] / "fixtures" / "rvtools" / "rvtools-small-complete.xlsx"
    p = tmp_path / "one.hmfield"
    hm("new", p, "--name", "One wave", "--customer", "Shop")
    hm("import", p, fixture)
    hm("person", "add", p, "Wang", "--role", "customer")
    hosts = [h["name"] for h in hm("host", "list", p, "--json").json["hosts"]]
    hm("wave", "add", p, "Only", "--cutover", "2027-01-09 22:00", "2027-01-10 04:00")
    hm("host", "set", p, *hosts, "--field", "wave=Only")
    hm("rollback", "set", p, "Only", "--triggers", "login fails", "--decider", "Wang")
    # no --wave anywhere: the project has one wave
    assert hm("runbook", "save", p, "--json").json["wave"] == "Only"
    assert hm("runbook", "show", p, "--json").json
    assert hm("runbook", "edit", p, "--add", "Call the shop", "--json").json["step"]["custom"]
    drill = hm("drill", "start", p, "--json").json
    assert {r["host"] for r in drill["results"]} == set(hosts)
    hm("drill", "record", p, "--all", "--launched")
    hm("drill", "finish", p)
    run = hm("run", "start", p, "--json").json
    assert run["wave"] == "Only"
    assert hm("run", "status", p, "--json").json["run"]["id"] == run["run"]["id"]
    hm("run", "finish", p, "--abort", "--reason", "test")
    assert hm("run", "status", p, "--run", run["run"]["id"][:8], "--json").json["wave"] == "Only"
    # a second wave: the command says which waves there are and asks for one
    hm("wave", "add", p, "Second")
    vague = hm("runbook", "save", p, "--regenerate", ok=False)
    assert vague.code == 1 and "2 waves (W01 Only, W02 Second)" in vague.err
    assert "--wave" in vague.err
    started = hm("run", "start", p, ok=False)
    assert started.code == 1 and "name the wave to run with --wave" in started.err
    status = hm("run", "status", p, ok=False)
    assert status.code == 1 and "no run is running" in status.err and "W02 Second" in status.err
    by_run = hm("run", "status", p, "--run", run["run"]["id"][:8], "--json").json
    assert by_run["wave"] == "Only"  # the run named tells the wave

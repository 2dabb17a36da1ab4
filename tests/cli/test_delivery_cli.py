"""A whole delivery through the command line only, checking the JSON of each step: a new
project, import, people, network, waves and windows, rollback plan, risks, a drill with
results, the runbook saved and edited, a rehearsal with a gate and a skip, a live run, a
live run ending in a rollback, sign-off, a report, and a bundle to a second copy and back
with a conflict resolved."""

from __future__ import annotations

from pathlib import Path

FIXTURE = Path(__file__).parents[1] / "fixtures" / "rvtools" / "rvtools-small-complete.xlsx"


def _finish_run(hm, p, wave: str, *, skip: bool) -> dict:
    skipped = False
    for _ in range(300):
        st = hm("run", "status", p, "--wave", wave, "--json").json
        if st["run"]["status"] != "running":
            return st
        by_number = {s["number"]: s for s in st["steps"]}
        for n in st["ready"]:
            if by_number[n]["type"] == "gate":
                hm("run", "gate", p, n, "--wave", wave, "--go", "--by", "Wang")
            elif skip and not skipped and by_number[n]["type"] == "task":
                hm("run", "step", p, n, "--wave", wave, "--skip", "--reason", "not needed")
                skipped = True
            else:
                hm("run", "step", p, n, "--wave", wave, "--done", "--by", "Li")
    raise AssertionError("the run never ended")


def test_a_whole_delivery(hm, tmp_path):
    p = tmp_path / "bank.hmfield"
    hm("new", p, "--name", "Bank migration", "--customer", "East Bank")
    imported = hm("import", p, FIXTURE, "--json").json
    assert imported["dry_run"] is False and imported["result"]
    hosts = [h["name"] for h in hm("host", "list", p, "--json").json["hosts"]]
    assert len(hosts) == 3
    for name, role in (("Wang", "customer"), ("Li", "msp"), ("Sun", "cloud_platform")):
        assert hm("person", "add", p, name, "--role", role, "--json").json["roles"] == [role]
    assert (
        hm("network", "set", p, "--bandwidth-mbps", "200", "--json").json["bandwidth_mbps"] == 200
    )
    web, db, archive = sorted(hosts, key=lambda n: ("web" not in n, "db" not in n))
    hm("host", "set", p, web, db, "--system", "Core", "--owner", "Wang", "--criticality", "5")
    hm("host", "set", p, archive, "--system", "Archive", "--environment", "prod")
    w1 = hm("wave", "add", p, "Night 1", "--drill", "2027-01-02 20:00", "2027-01-02 23:00",
            "--cutover", "2027-01-09 22:00", "2027-01-10 04:00", "--json").json  # fmt: skip
    assert w1["cutover_start"] == "2027-01-09T14:00:00+00:00"
    hm("wave", "add", p, "Night 2", "--cutover", "2027-01-16 22:00", "2027-01-17 04:00")
    hm("host", "set", p, web, db, "--field", "wave=Night 1")
    hm("host", "set", p, archive, "--field", "wave=Night 2")
    for wave in ("Night 1", "Night 2"):
        rb = hm("rollback", "set", p, wave, "--triggers", "login fails", "--decider", "Wang",
                "--switch-back", "DNS to source", "--json").json  # fmt: skip
        assert rb["deciders"] == ["Wang"]
    assert hm("risk", "add", p, "Link busy", "--likelihood", "3", "--impact", "4",
              "--json").json["score"] == 12  # fmt: skip
    assert (
        hm("drillplan", "set", p, "Core", "--date", "2027-01-02", "--json").json["system"] == "Core"
    )

    drill = hm("drill", "start", p, "--wave", "Night 1", "--json").json
    assert {r["host"] for r in drill["results"]} == {web, db}
    for host in (web, db):
        hm("drill", "record", p, "--wave", "Night 1", "--host", host, "--launched", "--boot", "ok",
           "--business", "pass")  # fmt: skip
    hm("drill", "record", p, "--wave", "Night 1", "--finding", "slow DNS", "--host", web)
    assert hm("drill", "finish", p, "--wave", "Night 1", "--json").json["status"] == "completed"

    for wave in ("Night 1", "Night 2"):
        assert hm("runbook", "save", p, "--wave", wave, "--json").json["steps"] > 3
    step = hm("runbook", "edit", p, "--wave", "Night 1", "--add", "Tell the branches",
              "--after", "1", "--json").json["step"]  # fmt: skip
    assert step["custom"]

    hm("run", "start", p, "--wave", "Night 1", "--json")
    rehearsal = _finish_run(hm, p, "Night 1", skip=True)
    assert rehearsal["run"]["kind"] == "rehearsal" and rehearsal["run"]["status"] == "completed"
    assert any(s["status"] == "skipped" for s in rehearsal["steps"])
    assert any(s["gate_decision"] == "go" for s in rehearsal["steps"])

    # a live run publishes only approved notices (its notice steps are refused otherwise)
    for wave, kind in (("Night 1", "stop_business"), ("Night 1", "business_resumed"),
                       ("Night 2", "stop_business")):  # fmt: skip
        hm("notice", p, "--wave", wave, "--kind", kind, "--approve", "Wang")
    live = hm("run", "start", p, "--wave", "Night 1", "--live", "--json").json
    assert live["run"]["kind"] == "live"
    assert _finish_run(hm, p, "Night 1", skip=False)["run"]["status"] == "completed"

    st = hm("run", "start", p, "--wave", "Night 2", "--live", "--json").json
    gate = next(s for s in st["steps"] if s["type"] == "gate" and not s["branch"])
    for n in range(1, gate["number"]):
        hm("run", "step", p, n, "--wave", "Night 2", "--done")
    hm("run", "gate", p, gate["number"], "--wave", "Night 2", "--no-go", "--by", "Wang")
    hm("run", "rollback", p, "--wave", "Night 2", "--reason", "login fails", "--by", "Wang")
    assert _finish_run(hm, p, "Night 2", skip=False)["run"]["status"] == "rolled_back"
    waves = {w["name"]: w for w in hm("wave", "list", p, "--json").json["waves"]}
    assert waves["Night 2"]["status"] == "rolled_back"

    items = hm("checklist", "list", p, "--json").json["items"]
    decision = next(i["id"] for i in items if i["kind"] == "decision")
    hm("checklist", "sign", p, decision, "--signer", "Wang", "--by", "Li")
    hm("observe", "add", p, "--wave", "Night 1", "--host", web, "--cpu", "30", "--business", "pass")
    hm("report", p, "--kind", "runbook", "--wave", "Night 1", "-o", tmp_path / "rb.xlsx")
    assert (tmp_path / "rb.xlsx").stat().st_size > 0

    copy = tmp_path / "laptop2.hmfield"
    hm("bundle", "export", p, tmp_path / "a.hmbundle", "--by", "Li")
    hm("bundle", "import", tmp_path / "a.hmbundle", "--into", copy, "--by", "Sun")
    hm("risk", "set", p, "Link busy", "--impact", "5", "--by", "Li")
    hm("risk", "set", copy, "Link busy", "--impact", "2", "--by", "Sun")
    hm("bundle", "export", copy, tmp_path / "b.hmbundle", "--by", "Sun")
    hm("bundle", "import", tmp_path / "b.hmbundle", "--into", p, "--by", "Li")
    conflict = next(c for c in hm("conflicts", "list", p, "--json").json if c["field"] == "impact")
    hm("conflicts", "resolve", p, conflict["id"], "--value", "4", "--by", "Li")
    assert hm("risk", "list", p, "--json").json["risks"][0]["impact"] == 4
    assert hm("audit", "list", p, "--entity", "risk", "--json").json["events"]
    assert "ok" in hm("verify", p).out

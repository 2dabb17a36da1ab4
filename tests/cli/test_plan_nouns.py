"""deps, network, wave, risk, rollback, drillplan: the plan on the command line."""

from __future__ import annotations


def _hosts(hm, demo) -> list[str]:
    return [h["name"] for h in hm("host", "list", demo, "--json").json["hosts"]]


def test_deps_add_list_delete_and_import(hm, demo, tmp_path):
    a, b, c = _hosts(hm, demo)[:3]
    dep = hm("deps", "add", demo, a, b, "--kind", "database", "--port", "3306", "--json").json
    assert dep["from"] == a and dep["to"] == b and dep["kind"] == "database"
    listed = hm("deps", "list", demo, "--json").json["dependencies"]
    assert dep["id"] in [d["id"] for d in listed]
    again = hm("deps", "add", demo, a, b, "--kind", "database", "--port", "3306", ok=False)
    assert again.code == 1 and "already recorded" in again.err
    hm("deps", "delete", demo, dep["id"][:12])
    csv = tmp_path / "deps.csv"
    csv.write_text(
        f"from,to,kind,port\n{a},{c},call,443\n{a},ghost-host,call,80\n", encoding="utf-8"
    )
    refused = hm("deps", "import", demo, csv, ok=False)
    assert refused.code == 1 and "nothing written" in refused.out
    done = hm("deps", "import", demo, csv, "--skip-unknown", "--json").json
    assert done["written"] == 1
    helptext = hm("deps", "import", "--help").out
    assert (
        "from,to,kind,port,protocol,criticality,notes" in helptext and "--skip-unknown" in helptext
    )


def test_network_set_show(hm, demo):
    out = hm("network", "set", demo, "--bandwidth-mbps", "300", "--connection", "vpn",
             "--new-ip", "--json").json  # fmt: skip
    assert (
        out["bandwidth_mbps"] == 300 and out["connection_type"] == "vpn" and out["ip_kept"] is False
    )
    assert hm("network", "show", demo, "--json").json["network"] == out
    assert hm("network", "set", demo, "--usable-share", "2", ok=False).code == 1


def test_wave_add_set_list_and_from_file(hm, demo, tmp_path):
    added = hm("wave", "add", demo, "Night 9", "--cutover", "2027-03-06 22:00", "2027-03-07 04:00",
               "--observation-days", "10", "--json").json  # fmt: skip
    assert added["time_zone"] == "Asia/Shanghai"
    assert added["cutover_start"] == "2027-03-06T14:00:00+00:00"  # stored UTC
    assert added["observation_days"] == 10
    out = hm("wave", "set", demo, "Night 9", "--drill", "2027-02-27 20:00", "2027-02-27 23:00",
             "--json").json  # fmt: skip
    assert out["drill_start"] == "2027-02-27T12:00:00+00:00"
    plan = tmp_path / "waves.json"
    plan.write_text('[{"wave": "Night 9", "observation_days": 3},'
                    ' {"wave": "Night 10", "cutover_start": "2027-03-13 22:00",'
                    ' "cutover_end": "2027-03-14 04:00"}]', encoding="utf-8")  # fmt: skip
    many = hm("wave", "set", demo, "--from", plan, "--json").json["waves"]
    assert [w["name"] for w in many] == ["Night 9", "Night 10"] and many[0]["observation_days"] == 3
    listed = hm("wave", "list", demo, "--json").json
    assert {"Night 9", "Night 10"} <= {w["name"] for w in listed["waves"]}
    bad = hm(
        "wave",
        "set",
        demo,
        "Night 9",
        "--cutover",
        "2027-03-07 04:00",
        "2027-03-06 22:00",
        ok=False,
    )
    assert bad.code == 1 and "end after it starts" in bad.err
    assert hm("wave", "set", demo, "Night 9", "--cutover", "soon", "later", ok=False).code == 2
    hm("wave", "delete", demo, "Night 10")


def test_risk_add_set_list_delete(hm, demo):
    risk = hm("risk", "add", demo, "Vendor late", "--likelihood", "4", "--impact", "5",
              "--owner", "李敏", "--json").json  # fmt: skip
    assert risk["score"] == 20 and risk["owner"] == "李敏"
    hm("risk", "set", demo, "Vendor late", "--status", "mitigating", "--mitigation", "call weekly")
    top = hm("risk", "list", demo, "--json").json["risks"][0]
    assert top["title"] == "Vendor late" and top["status"] == "mitigating"
    hm("risk", "delete", demo, risk["id"][:10])
    assert hm("risk", "set", demo, "no such risk", "--impact", "1", ok=False).code == 1


def test_rollback_set_show_list(hm, demo):
    out = hm("rollback", "set", demo, "W01", "--triggers", "core login fails for 30 min",
             "--decider", "王建国", "--decider", "李敏", "--point-of-no-return", "2026-12-13 02:00",
             "--switch-back", "DNS back to source", "--data-rule", "export and replay",
             "--max-minutes", "90", "--json").json  # fmt: skip
    assert (
        out["deciders"] == ["王建国", "李敏"]
        and out["point_of_no_return"] == "2026-12-12T18:00:00+00:00"
    )
    shown = hm("rollback", "show", demo, "1", "--json").json["rollback"]
    assert (
        shown["method_access_path"] == "DNS back to source" and shown["max_rollback_minutes"] == 90
    )
    assert hm("rollback", "list", demo, "--json").json["waves"][0]["rollback"]["triggers"]
    assert hm("rollback", "set", demo, "W01", "--decider", "Nobody", ok=False).code == 1


def test_drillplan_set_show_list(hm, demo):
    system = hm("host", "list", demo, "--json").json["hosts"][0]["business_system"]
    out = hm("drillplan", "set", demo, system, "--scope", "all hosts", "--date", "2027-01-05",
             "--verification", "login and one payment", "--json").json  # fmt: skip
    assert out["planned_date"] == "2027-01-05" and out["method"] == "Boot in Cloud"
    assert hm("drillplan", "show", demo, system, "--json").json["drillplan"]["scope"] == "all hosts"
    assert system in [
        d["system"] for d in hm("drillplan", "list", demo, "--json").json["drillplans"]
    ]
    assert hm("drillplan", "set", demo, system, "--date", "5 Jan", ok=False).code == 2


def test_wave_times_cleared_and_bad_json_is_one_line(hm, demo, tmp_path):
    out = hm("wave", "set", demo, "W01", "--drill", "", "", "--json").json
    assert out["drill_start"] is None and out["drill_end"] is None
    bad = tmp_path / "waves.json"
    bad.write_text('[{"wave": "W01", "cutover_start": 5}]', encoding="utf-8")
    assert hm("wave", "set", demo, "--from", bad, ok=False).code == 2
    bad.write_text("not json", encoding="utf-8")
    broken = hm("wave", "set", demo, "--from", bad, ok=False)
    assert broken.code == 1 and "cannot read" in broken.err and "Traceback" not in broken.err


def test_wave_set_from_file_is_all_or_nothing_in_one_transaction(hm, demo, tmp_path):
    before = hm("wave", "list", demo, "--json").json["waves"]

    def audited() -> list:
        return [
            e["id"]
            for kind in ("wave", "observation_plan")
            for e in hm("audit", "list", demo, "--entity", kind, "--limit", "0", "--json").json[
                "events"
            ]
        ]

    audit_before = audited()
    plan = tmp_path / "waves.json"
    plan.write_text('[{"wave": "W01", "observation_days": 4, "cutover_start": "2027-05-01 22:00",'
                    ' "cutover_end": "2027-05-02 04:00"}, {"wave": "Brand new"},'
                    ' {"wave": "W02", "observation_days": 900}]', encoding="utf-8")  # fmt: skip
    bad = hm("wave", "set", demo, "--from", plan, ok=False)
    assert bad.code == 1 and "wave W02" in bad.err and "nothing was changed" in bad.err
    assert hm("wave", "list", demo, "--json").json["waves"] == before
    assert audited() == audit_before
    plan.write_text('[{"wave": "W01", "observation_days": 4, "cutover_start": "2027-05-01 22:00",'
                    ' "cutover_end": "2027-05-02 04:00"}]', encoding="utf-8")  # fmt: skip
    one = hm("wave", "set", demo, "--from", plan, "--json").json["waves"][0]
    assert one["observation_days"] == 4 and one["cutover_start"] == "2027-05-01T14:00:00+00:00"
    assert len(audited()) > len(audit_before)

"""checklist verbs, bundle --by and conflicts resolve, audit list, the older forms."""

from __future__ import annotations


def _decision(hm, demo) -> str:
    items = hm("checklist", "list", demo, "--json").json["items"]
    return next(i["id"] for i in items if i["kind"] == "decision")


def test_checklist_assign_sign_evidence(hm, demo, tmp_path):
    item = _decision(hm, demo)
    out = hm("checklist", "assign", demo, item, "--to", "李敏", "--json").json
    assert out["assignee"] == "李敏"
    assert hm("checklist", "assign", demo, item, "--nobody", "--json").json["assignee"] is None
    hm("checklist", "sign", demo, item, "--signer", "王建国", "--by", "李敏")
    proof = tmp_path / "minutes.txt"
    proof.write_text("decided in the kick-off", encoding="utf-8")
    att = hm("checklist", "evidence", demo, item, proof, "--json").json
    assert att["attachments"][0]["file_name"] == "minutes.txt"
    assert "minutes.txt" in hm("checklist", "evidence", demo, item).out
    bad = hm("checklist", "sign", demo, item, "--signer", "Nobody", ok=False)
    assert bad.code == 1 and "no person named" in bad.err


def test_checklist_older_forms_still_work(hm, demo):
    item = _decision(hm, demo)
    assert hm("checklist", demo, "--json").json["items"]
    assert "done" in hm("checklist", demo, "set", item, "--status", "done").out
    new = hm("checklist", "set", demo, item, "--status", "in_progress", "--json").json
    assert new["status"] == "in_progress"
    assert hm("assess", demo, "--json").json["hosts"]
    assert hm("runbook", demo, "--wave", "1", "--json").json["steps"]
    assert hm("conflicts", demo, "--json").out.strip() == "[]"


def test_bundle_round_trip_with_a_conflict_resolved(hm, demo, tmp_path):
    other = tmp_path / "laptop2.hmfield"
    b1 = tmp_path / "one.hmbundle"
    hm("bundle", "export", demo, b1, "--by", "李敏")
    hm("bundle", "import", b1, "--into", other, "--by", "孙悦")
    host = hm("host", "list", demo, "--json").json["hosts"][0]["name"]
    hm("host", "set", demo, host, "--notes", "mine", "--by", "李敏")
    hm("host", "set", other, host, "--notes", "theirs", "--by", "孙悦")
    b2 = tmp_path / "two.hmbundle"
    hm("bundle", "export", other, b2)
    hm("bundle", "import", b2, "--into", demo, "--by", "李敏")
    open_ = hm("conflicts", "list", demo, "--json").json
    mine = [c for c in open_ if c["field"] == "notes"]
    assert mine, open_
    out = hm(
        "conflicts", "resolve", demo, mine[0]["id"][:10], "--theirs", "--json", "--by", "李敏"
    ).json
    assert out["resolved"] and out["resolution"] == "theirs"
    row = next(h for h in hm("host", "list", demo, "--json").json["hosts"] if h["name"] == host)
    assert row["notes"] == "theirs"
    assert mine[0]["id"] not in [c["id"] for c in hm("conflicts", "list", demo, "--json").json]
    again = hm("conflicts", "resolve", demo, mine[0]["id"][:10], "--mine", ok=False)
    assert again.code == 1


def test_audit_list_filters(hm, demo):
    hm("person", "add", demo, "Audit Probe", "--by", "李敏")
    events = hm("audit", "list", demo, "--person", "李敏", "--entity", "person", "--json").json
    assert events["time_zone"] == "Asia/Shanghai"
    assert events["events"] and all(e["person_name"] == "李敏" for e in events["events"])
    record = events["events"][0]["entity_id"]
    one = hm("audit", "list", demo, "--record", record[:8], "--json").json["events"]
    assert one and {e["entity_id"] for e in one} == {record}
    assert hm("audit", "list", demo, "--since", "2100-01-01", "--json").json["events"] == []
    assert "3 events" in hm("audit", "list", demo, "--limit", "3").out
    assert hm("audit", "list", demo, "--since", "someday", ok=False).code == 2


def test_every_noun_has_list_and_every_write_takes_by(hm):
    from hmfield.cli.app import build_parser

    parser = build_parser()
    nouns = next(a for a in parser._actions if a.dest == "command").choices
    mine = ("person", "host", "system", "object", "assess", "deps", "network", "wave", "risk", "rollback",
            "drillplan", "runbook", "drill", "run", "checklist", "conflicts", "audit")  # fmt: skip
    for name in mine:
        verbs = nouns[name]._hm_verbs.choices
        assert "list" in verbs, name
        for verb, p in verbs.items():
            opts = {o for a in p._actions for o in a.option_strings}
            if verb not in ("list", "show", "status", "print") and name != "audit":
                assert "--by" in opts, f"{name} {verb} takes no --by"
    for verb in ("export", "import"):
        p = nouns["bundle"]._subparsers._group_actions[0].choices[verb]
        assert "--by" in {o for a in p._actions for o in a.option_strings}

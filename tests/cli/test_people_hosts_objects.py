"""person, host, object and assess: the one grammar on the inventory side."""

from __future__ import annotations


def test_person_add_set_list_delete(hm, demo):
    added = hm("person", "add", demo, "Grace Ho", "--organisation", "Bank", "--phone", "123",
               "--role", "customer", "--role", "app_user", "--json").json  # fmt: skip
    assert added["roles"] == ["customer", "app_user"] and added["organisation"] == "Bank"
    hm("person", "set", demo, "Grace Ho", "--phone", "456")
    people = hm("person", "list", demo, "--json").json["people"]
    assert {"id", "name", "organisation", "phone", "email", "roles"} == set(people[0])
    assert next(p for p in people if p["name"] == "Grace Ho")["phone"] == "456"
    assert "removed person Grace Ho" in hm("person", "delete", demo, "Grace Ho").out
    assert "Grace Ho" not in [
        p["name"] for p in hm("person", "list", demo, "--json").json["people"]
    ]
    hm("person", "delete", demo, "Grace Ho", "--restore")
    bad = hm("person", "add", demo, "X", "--role", "pilot", ok=False)
    assert bad.code == 2


def test_host_set_by_name_where_and_file(hm, demo, tmp_path):
    hosts = hm("host", "list", demo, "--json").json["hosts"]
    a, b = hosts[0]["name"], hosts[1]["name"]
    out = hm("host", "set", demo, a, b, "--system", "Payments", "--criticality", "1",
             "--environment", "prod", "--json").json  # fmt: skip
    assert out["matched"] == 2 and set(out["changed"]) == {a, b}
    picked = hm("host", "list", demo, "--where", "business_system=Payments", "--json").json
    assert {h["name"] for h in picked["hosts"]} == {a, b}
    assert all(h["criticality"] == 1 for h in picked["hosts"])
    hm("host", "set", demo, "--where", "business_system=Payments", "--environment", "test")
    assert hm("host", "list", demo, "--where", "environment=test", "--json").json["hosts"]
    names = tmp_path / "hosts.txt"
    names.write_text(f"# hosts to retire\n{a}\n", encoding="utf-8")
    hm("host", "set", demo, "--from", names, "--notes", "retire")
    updates = tmp_path / "hosts.json"
    updates.write_text(f'[{{"name": "{b}", "role": "db", "criticality": 3}}]', encoding="utf-8")
    hm("host", "set", demo, "--from", updates)
    row = next(h for h in hm("host", "list", demo, "--json").json["hosts"] if h["name"] == b)
    assert row["role"] == "db" and row["criticality"] == 3


def test_host_delete_restore(hm, demo):
    name = hm("host", "list", demo, "--json").json["hosts"][0]["name"]
    assert hm("host", "delete", demo, name, "--json").json == {"deleted": [name], "count": 1}
    assert name in [
        h["name"] for h in hm("host", "list", demo, "--deleted", "--json").json["hosts"]
    ]
    assert "restored 1 host\n" in hm("host", "restore", demo, name).out


def test_host_errors_are_one_line(hm, demo):
    missing = hm("host", "set", demo, "no-such-host", "--role", "x", ok=False)
    assert missing.code == 1 and missing.err.count("\n") == 1 and "no host named" in missing.err
    assert hm("host", "set", demo, "--role", "x", ok=False).code == 2
    assert hm("host", "list", demo, "--where", "nonsense", ok=False).code == 2
    owner = hm("host", "set", demo, "--where", "environment=prod", "--owner", "Nobody", ok=False)
    assert owner.code == 1 and "Traceback" not in owner.err


def test_object_add_set_list_delete(hm, demo):
    host = hm("host", "list", demo, "--json").json["hosts"][0]["name"]
    obj = hm("object", "add", demo, "orders-db", "--kind", "mysql", "--size-gib", "20",
             "--host", host, "--json").json  # fmt: skip
    assert obj["tool"] == "mysqldump" and obj["size_gib"] == 20 and obj["linked_hosts"] == [host]
    hm("object", "set", demo, "orders-db", "--status", "in_progress", "--tool", "other")
    listed = hm("object", "list", demo, "--json").json["objects"]
    row = next(o for o in listed if o["name"] == "orders-db")
    assert row["status"] == "in_progress" and row["tool"] == "other"
    hm("object", "delete", demo, "orders-db")
    assert "orders-db" not in [
        o["name"] for o in hm("object", "list", demo, "--json").json["objects"]
    ]
    hm("object", "delete", demo, "orders-db", "--restore")


def test_assess_override_and_clear(hm, demo):
    name = hm("assess", "list", demo, "--json").json["hosts"][0]["name"]
    out = hm("assess", "override", demo, name, "--verdict", "not_supported", "--mode",
             "alternative", "--reason", "vendor refuses", "--json", "--by", "李敏").json  # fmt: skip
    assert out["hosts"][0]["verdict"] == "not_supported"
    row = next(h for h in hm("assess", demo, "--json").json["hosts"] if h["name"] == name)
    assert row["overridden"] and row["override_reason"] == "vendor refuses"
    assert hm("assess", "clear", demo, name, "--json").json == {"cleared": [name]}
    assert hm("assess", "override", demo, name, "--verdict", "x", "--mode", "agent",
              "--reason", "r", ok=False).code == 2  # fmt: skip


def test_assess_override_and_clear_many_hosts_by_filter_in_one_go(hm, demo, tmp_path):
    hosts = hm("host", "list", demo, "--json").json["hosts"]
    linux = sorted(h["name"] for h in hosts if h["os_family"] == "linux")
    assert len(linux) >= 2
    before = {h["name"]: h["overridden"] for h in hm("assess", demo, "--json").json["hosts"]}
    overrides_before = len(hm("audit", "list", demo, "--entity", "verdict_override", "--limit",
                              "0", "--json").json["events"])  # fmt: skip
    out = hm("assess", "override", demo, "--where", "os_family=linux", "--verdict", "supported",
             "--mode", "agent", "--reason", "vendor tested", "--json", "--by", "李敏").json  # fmt: skip
    assert sorted(h["name"] for h in out["hosts"]) == linux
    rows = {h["name"]: h for h in hm("assess", demo, "--json").json["hosts"]}
    assert all(
        rows[n]["overridden"] and rows[n]["override_reason"] == "vendor tested" for n in linux
    )
    assert all(r["overridden"] == before[n] for n, r in rows.items() if n not in linux)
    events = hm("audit", "list", demo, "--entity", "verdict_override", "--limit", "0",
                "--json").json["events"]  # fmt: skip
    new = events[: len(events) - overrides_before]
    assert len(new) >= len(linux) and {e["person_name"] for e in new} == {"李敏"}
    names = tmp_path / "hosts.txt"
    names.write_text(f"# two of them\n{linux[0]}\n{linux[1]}\n", encoding="utf-8")
    cleared = hm("assess", "clear", demo, "--from", names, "--json").json["cleared"]
    assert sorted(cleared) == linux[:2]
    missing = hm("assess", "override", demo, linux[2 % len(linux)], "ghost-host", "--verdict",
                 "unknown", "--mode", "none", "--reason", "r", ok=False)  # fmt: skip
    assert missing.code == 1 and "ghost-host" in missing.err
    assert hm("assess", "clear", demo, ok=False).code == 2  # no host chosen: a usage error
    none = hm("assess", "clear", demo, "--where", "name=nothing-like-this", ok=False)
    assert none.code == 1 and "no host matches" in none.err


def test_system_add_set_list_delete(hm, demo):
    out = hm("system", "add", demo, "Payments", "--owner", "王建国", "--criticality", "5",
             "--downtime-min", "60", "--json").json  # fmt: skip
    assert out["owner"] == "王建国" and out["hosts"] == 0
    host = hm("host", "list", demo, "--json").json["hosts"][0]["name"]
    hm("host", "set", demo, host, "--system", "Payments")
    out = hm("system", "set", demo, "Payments", "--wave", "W01", "--rename", "Pay", "--json").json
    assert out["name"] == "Pay" and out["wave"] == "W01" and out["hosts"] == 1
    assert "Pay" in [s["name"] for s in hm("system", "list", demo, "--json").json["systems"]]
    refused = hm("system", "delete", demo, "Pay", ok=False)
    assert refused.code == 1 and "still belong" in refused.err
    hm("system", "delete", demo, "Pay", "--detach")
    assert "Pay" not in [s["name"] for s in hm("system", "list", demo, "--json").json["systems"]]

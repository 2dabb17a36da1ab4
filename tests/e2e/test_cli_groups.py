"""Move-group commands as a user runs them (issue 13): plan groups (--json, --accept),
plan pin, plan apart, deps strength; the proposal and the check respect them."""

from __future__ import annotations

import json

from cli_run import hm


def _project(tmp_path):
    path = tmp_path / "g.hmfield"
    from hmfield.core.model.inventory import Host
    from hmfield.core.plan.dependencies import DependencyService
    from hmfield.core.project.service import NewProject, create_project

    ctx = create_project(path, NewProject(name="分组"))
    names = ["shop-web01", "shop-app01", "shop-db01", "erpx-web01", "erpx-app01", "dc01"]
    with ctx.write() as uow:
        ids = {n: uow.rec.create(Host(name=n, disk_used_mib=1024.0)).id for n in names}
    deps = DependencyService(ctx)
    d1 = deps.add(from_id=ids["shop-web01"], to_id=ids["shop-app01"], kind="call").id
    d2 = deps.add(from_id=ids["shop-app01"], to_id=ids["shop-db01"], kind="database").id
    ctx.store.close()
    return path, d1, d2


def test_groups_pin_apart_strength(tmp_path):
    path, call_id, db_id = _project(tmp_path)
    out = hm("plan", "groups", path, "--json", check=True)
    data = json.loads(out.stdout)
    # hand-derived: shop-app01 + shop-db01 (database = hard); shop-web01 only calls (soft) but
    # shares the stem "shop", so the proposal adds it; erpx by name
    props = {p["name"]: sorted(p["members"]) for p in data["proposals"]}
    assert props == {
        "shop": ["shop-app01", "shop-db01", "shop-web01"],
        "erpx": ["erpx-app01", "erpx-web01"],
    }
    out = hm("deps", "strength", path, call_id, "--hard", check=True)
    assert "1 of 1 dependencies set to hard" in out.stdout
    data = json.loads(hm("plan", "groups", path, "--json", check=True).stdout)
    shop = next(g for g in data["groups"] if "shop-web01" in g["members"])
    assert shop["hosts"] == 3 and shop["hard_edges"] == 2
    out = hm("plan", "groups", path, "--accept", check=True)
    assert "2 proposals accepted, 5 hosts given a business system" in out.stdout
    assert hm("plan", "pin", path, "shop", "3", check=True).returncode == 0
    assert hm("plan", "apart", path, "erpx", "dc01", check=True).returncode == 0
    bad = hm("plan", "pin", path, "nothing", "2")
    assert bad.returncode == 1 and "no business system" in bad.stderr
    waves = json.loads(hm("plan", "waves", path, "--json", check=True).stdout)["waves"]
    wave_of = {h: w["wave"] for w in waves for h in w["hosts"]}
    assert wave_of["shop-web01"] == wave_of["shop-db01"] == 3
    assert wave_of["erpx-web01"] != wave_of["dc01"]
    hm("plan", "waves", path, "--apply", check=True)
    out = hm("plan", "check", path)
    assert "Proposal policy: providers first; at most 200 hosts per wave" in out.stdout
    out = hm("deps", "strength", path, call_id, db_id, "--default", check=True)
    assert "1 of 2 dependencies set to default" in out.stdout
    assert hm("deps", "strength", path, call_id).returncode == 2  # one of the three flags

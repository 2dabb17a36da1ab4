"""Plan services on a real project file: dependencies, proposal + apply, assignment, checks,
window feasibility against hand-computed numbers, risks, rollback, drill and network plans."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from plan_estate import GIB, link, make_estate
from sqlmodel import select

from hmfield.core.errors import HmError
from hmfield.core.model.audit import AuditEvent
from hmfield.core.model.inventory import BusinessSystem, Host
from hmfield.core.plan.dependencies import DependencyService
from hmfield.core.plan.figures import host_minutes, proxies_needed, wave_feasibility
from hmfield.core.plan.messages import PlanMessages
from hmfield.core.plan.risks import (
    DrillPlanService,
    NetworkPlanService,
    RiskService,
    RollbackService,
)
from hmfield.core.plan.service import PlanningService
from hmfield.core.plan.waves import WaveService


def _host_waves(ctx) -> dict[str, str | None]:
    with ctx.read() as s:
        return {h.name: h.wave_id for h in s.exec(select(Host))}


def test_dependency_validation(ctx):
    ids = make_estate(ctx)
    svc = DependencyService(ctx)
    dep = link(svc, ids, "crm-web", "crm-app", port="8080")
    assert svc.get(dep.id).port == "8080"
    with pytest.raises(HmError, match="already recorded"):
        link(svc, ids, "crm-web", "crm-app", port="8080")
    with pytest.raises(HmError, match="two different ends"):
        link(svc, ids, "crm-web", "crm-web")
    with pytest.raises(HmError, match="unknown dependency kind"):
        link(svc, ids, "crm-web", "crm-db", kind="friendship")
    with pytest.raises(HmError, match="no object"):
        link(svc, ids, "crm-web", "crm-db", dst_type="object")
    with pytest.raises(HmError, match="criticality"):
        svc.add(from_id=ids["crm-web"], to_id=ids["crm-db"], criticality=9)
    svc.update(dep.id, kind="middleware")
    assert svc.get(dep.id).kind == "middleware"
    svc.remove(dep.id)
    assert svc.list() == []
    svc.restore(dep.id)
    assert [d.id for d in svc.list()] == [dep.id]
    with ctx.read() as s:
        events = [e for e in s.exec(select(AuditEvent)) if e.entity == "dependency"]
    assert {e.action for e in events} == {"create", "update", "delete", "restore"}


def test_propose_apply_keeps_groups_and_orders_providers_first(ctx, estate):
    svc = PlanningService(ctx)
    proposal = svc.propose()
    waves = svc.apply_proposal(proposal)
    hw = _host_waves(ctx)
    order = {w.id: w.order for w in waves}
    trade = {hw[n] for n in ("trade-web", "trade-app1", "trade-app2", "trade-db1", "trade-db2")}
    assert len(trade) == 1  # business system, cluster and primary/standby stay together
    assert len({hw[n] for n in ("crm-web", "crm-app", "crm-db")}) == 1
    # CRM calls trading: the provider moves strictly earlier
    assert order[hw["trade-app1"]] < order[hw["crm-app"]]
    with ctx.read() as s:
        systems = {b.name: b.wave_id for b in s.exec(select(BusinessSystem))}
    assert systems["核心交易"] == hw["trade-app1"] and systems["CRM"] == hw["crm-app"]
    check = svc.check()
    assert not [f for f in check.findings if f.code.startswith("provider")]
    assert {f.code for f in check.findings} >= {"window_missing", "rollback_missing"}


def test_oversized_group_is_split_and_the_cut_is_named(ctx, estate):
    """Issue 13: a move group that alone breaks a limit is split, and the proposal says which
    group, which limit and which hard dependencies the split cuts."""
    proposal = PlanningService(ctx).propose(max_hosts=3)
    assert proposal.infeasible == []
    (split,) = [f for f in proposal.warnings if f.code == "group_split"]
    text = PlanMessages("en").text(split, proposal.names)
    # the trading system: 5 hosts and the NAS share (shared file = hard)
    assert "5 hosts" in text and "at most 3" in text and "trade-db1" in text
    assert split.params["cut_count"] >= 1 and "→" in text
    zh = PlanMessages("zh").text(split, proposal.names)
    assert "拆到第" in zh and "强依赖" in zh
    for w in proposal.waves:
        assert len(w.host_ids) <= 3


def test_assign_and_live_wrong_way_warning(ctx, estate):
    svc = PlanningService(ctx)
    svc.apply_proposal(svc.propose())
    waves = WaveService(ctx)
    first, *_rest, last = waves.list()
    crm = estate["CRM"]
    trade = estate["核心交易"]
    # move the trading system after CRM: CRM (consumer) now waits for a later provider
    changed = waves.assign(last.id, system_ids=[trade])
    assert changed == 5
    waves.assign(first.id, system_ids=[crm])
    findings = svc.check_assignment()
    wrong = [f for f in findings if f.code == "provider_after_consumer"]
    assert wrong and wrong[0].severity == "error"
    assert "crm-app" in PlanMessages("en").text(wrong[0], svc.inputs().names)
    # a hypothetical drag (no write) is checked too
    preview = svc.check_assignment({estate["crm-web"]: last.id})
    assert any(f.code == "system_split" for f in preview)
    assert _host_waves(ctx)["crm-web"] == first.id
    # a host is in at most one wave: assigning again moves it
    waves.assign(last.id, host_ids=[estate["lonely"]])
    assert _host_waves(ctx)["lonely"] == last.id
    with pytest.raises(HmError, match="no host"):
        waves.assign(last.id, host_ids=["nope"])


def test_window_feasibility_hand_computed(ctx, estate):
    """1 Gbps x 50 % / 2 at once = 250 Mbps per host; crm-db 200 GiB x 5 %/day x 24 h = 10 GiB
    = 10,240 MiB x 8,388,608 bit / 250e6 bit/s = 343.6 s = 5.73 min final sync.

    The window holds what the runbook plans (resources/plan/timing.yaml): window gate 5 +
    notice 10 + stop 15, the hosts, the system check 30, then switch gate 10 + DNS 30 (the
    wave_extra_min setting) + resume 15 + business-resumed notice 10 + sign-off 15 = hosts +
    140 min. The two lanes carry the final syncs; each host boots (10) and is checked (20)
    off its lane; a host launches once the hosts it depends on are checked (web -> app ->
    db, the runbook's providers first)."""
    NetworkPlanService(ctx).save(
        bandwidth_mbps=1000.0, usable_share=0.5, daily_change_rate=0.05, concurrency=2
    )
    planning = PlanningService(ctx)
    planning.update_settings(
        default_boot_min=10, default_verify_min=20, wave_extra_min=30, incremental_interval_h=24
    )
    waves = WaveService(ctx)
    wave = waves.add("割接一")
    waves.assign(wave.id, system_ids=[estate["CRM"]])
    inp = planning.inputs()
    m = host_minutes(inp, estate["crm-db"])
    assert m.final_sync_min == pytest.approx(10 * 1024 * 8_388_608 / 250e6 / 60)
    # crm-web 40 GiB -> 1.1456 min, crm-app 60 GiB -> 1.7180 min: both under the 5-minute
    # floor of a final sync (timing.yaml final_floor_min), so 5 each; crm-db 5.7267 min
    assert host_minutes(inp, estate["crm-app"]).final_sync_min == 5.0
    start = datetime(2026, 12, 5, 14, 0, tzinfo=UTC)
    waves.update(wave.id, cutover_start=start, cutover_end=start + timedelta(minutes=260))
    feas = wave_feasibility(planning.inputs(), waves.get(wave.id))
    # lanes, longest first: db 5.73 | app 5 then web 5; db checked at 5.73 + 30 = 35.73,
    # app launches after it: 65.73, web after app: 95.73; + 140 = 235.73 of 260 (9 % spare)
    db_sync = 10 * 1024 * 8_388_608 / 250e6 / 60
    assert feas.result.needed_min == pytest.approx(db_sync + 30 + 30 + 30 + 140)
    assert feas.status == "amber"
    waves.update(wave.id, cutover_end=start + timedelta(minutes=230))
    assert wave_feasibility(planning.inputs(), waves.get(wave.id)).status == "red"
    WaveService(ctx).set_estimate(estate["crm-db"], boot_min=0, verify_min=0, final_sync_min=1)
    waves.update(wave.id, cutover_end=start + timedelta(minutes=400))
    feas = wave_feasibility(planning.inputs(), waves.get(wave.id))
    assert feas.status == "green"
    assert host_minutes(planning.inputs(), estate["crm-db"]).edited == {
        "boot_min",
        "verify_min",
        "final_sync_min",
    }
    with pytest.raises(HmError, match="end after"):
        waves.update(wave.id, cutover_end=start - timedelta(minutes=1))


def test_proxies_needed_per_platform(ctx, estate):
    inp = PlanningService(ctx).inputs()
    assert proxies_needed(inp) == {"vmware": (5, 1)}


def test_risk_rollback_drill_network(ctx, estate):
    risks = RiskService(ctx)
    r = risks.add("带宽不足", likelihood=4, impact=5)
    risks.add("小风险", likelihood=1, impact=2)
    assert [x.title for x in risks.list()] == ["带宽不足", "小风险"]
    assert risks.list()[0].score == 20
    with pytest.raises(HmError, match="1 to 5"):
        risks.update(r.id, impact=6)
    with pytest.raises(HmError, match="category"):
        risks.add("x", category="weather")
    wave = WaveService(ctx).add("W1")
    rb = RollbackService(ctx)
    ponr = datetime(2026, 12, 6, 3, 0, tzinfo=UTC)
    rb.save(wave.id, triggers="验证失败", point_of_no_return=ponr, max_rollback_minutes=60)
    rb.save(wave.id, rehearsed=True)
    plans = rb.list()
    assert len(plans) == 1 and plans[0].rehearsed and plans[0].point_of_no_return == ponr
    with pytest.raises(HmError, match="no person"):
        rb.save(wave.id, decision_maker_ids=["nobody"])
    with pytest.raises(HmError, match="positive"):
        rb.save(wave.id, max_rollback_minutes=0)
    drills = DrillPlanService(ctx)
    d = drills.save(estate["CRM"], scope="全部", planned_date=date(2026, 12, 1), method="")
    assert d.method == "Boot in Cloud"
    net = NetworkPlanService(ctx)
    net.save(connection_type="vpn", bandwidth_mbps=100.0)
    net.save(usable_share=0.8)
    assert net.get().usable_share == 0.8 and net.get().bandwidth_mbps == 100.0
    with pytest.raises(HmError, match="connection type"):
        net.save(connection_type="carrier pigeon")
    with pytest.raises(HmError, match="usable share"):
        net.save(usable_share=1.5)
    # deleting a wave frees its hosts and drops its rollback plan
    WaveService(ctx).assign(wave.id, host_ids=[estate["lonely"]])
    assert WaveService(ctx).remove(wave.id) == 1
    assert _host_waves(ctx)["lonely"] is None and rb.list() == []


def test_check_reports_bandwidth_below_minimum(ctx, estate):
    NetworkPlanService(ctx).save(bandwidth_mbps=20.0, usable_share=0.5, concurrency=4)
    found = PlanningService(ctx).check()
    codes = {f.code for f in found.errors}
    assert "below_min_full" in codes and "unassigned" in codes
    text = PlanMessages("zh").text(next(f for f in found.errors if f.code == "below_min_full"))
    assert "2.5" in text and "10" in text


def test_object_wave_is_kept(ctx, estate):
    svc = PlanningService(ctx)
    proposal = svc.propose()
    nas_wave = next(w.order for w in proposal.waves if estate["nas-share"] in w.object_ids)
    trade_wave = next(w.order for w in proposal.waves if estate["trade-app1"] in w.host_ids)
    assert nas_wave == trade_wave  # a shared file is a hard dependency: same wave
    svc.apply_proposal(proposal)
    assert svc.inputs().assignment()[estate["nas-share"]] == nas_wave


def test_settings_validation(ctx):
    svc = PlanningService(ctx)
    svc.update_settings(max_hosts_per_wave=20, timezone="Europe/Paris")
    assert svc.settings().max_hosts_per_wave == 20
    with pytest.raises(HmError, match="time zone"):
        svc.update_settings(timezone="Mars/Olympus")
    with pytest.raises(HmError, match="policy"):
        svc.update_settings(policy="random")
    assert GIB == 1024.0

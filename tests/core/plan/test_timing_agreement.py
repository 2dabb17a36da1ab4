"""One source of truth for time: the window check (``plan check``), runbook generation, the
live forecast and the plan record give the same per-host and per-wave minutes, for the demo
and for the real 805-VM RVTools export (tests/fixtures/rvtools, see PROVENANCE.md)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from hmfield.core.demo.build import write_demo
from hmfield.core.inventory.importing import ImportService
from hmfield.core.plan.figures import host_minutes
from hmfield.core.plan.maths.notes import fmt_minutes
from hmfield.core.plan.record import read_plan_record
from hmfield.core.plan.risks import NetworkPlanService
from hmfield.core.plan.service import PlanningService
from hmfield.core.plan.waves import WaveService
from hmfield.core.project.service import open_project
from hmfield.core.reports.plan.plan_content import WINDOW_COLUMNS, gather
from hmfield.core.runbooks import compile_runbook, forecast
from hmfield.core.runbooks.service import RunbookService
from hmfield.core.runbooks.steps import step_spec

SIZING = Path(__file__).parents[2] / "fixtures" / "rvtools" / "nutanix-sizingworkshop.xlsx"
TOL = 1e-3  # minutes; the runbook's datetimes are exact to the microsecond


def _provider_waits(specs) -> bool:
    """Whether a host's launch waits for another host or object (providers first)."""
    return any(
        s.key.startswith("start:") and any(not p.startswith("sync:") for p in s.predecessors)
        for s in specs
    )


def _agree(ctx, waits: list | None = None) -> int:
    """Assert the four readers agree for every wave; returns how many hosts were compared
    (``waits`` receives how many waves had a launch waiting for a provider)."""
    check = PlanningService(ctx).check()
    record = read_plan_record(ctx)
    runbooks = RunbookService(ctx)
    compared = waits_checked = 0
    # the plan document's window table, as the customer signs it
    at = WINDOW_COLUMNS.index("needed_min")
    printed = {row[0]: row[at] for row in gather(ctx, "en").windows.rows}
    for feas in check.feasibility:
        wave, timing = feas.wave, feas.timing
        recorded = record.timing.waves[wave.id]
        assert recorded.cutover_min == pytest.approx(timing.cutover_min, abs=TOL)
        view = runbooks.preview(wave.id)
        specs = [step_spec(p.step) for p in view.steps]
        compiled = compile_runbook(specs)
        by_key = {s.key: s for s in specs}
        # unknown minutes: the same steps are unknown in the check and in the runbook, and
        # the check gives no verdict (never "0 min, fits")
        assert sorted(compiled.unknown_steps) == sorted(timing.unknown_steps)
        assert feas.unknown_steps == view.unknown_steps == len(timing.unknown_steps)
        assert feas.end_known == view.end_known == (not timing.unknown_steps)
        if feas.end_known:
            assert feas.result.needed_min == pytest.approx(timing.cutover_min, abs=TOL)
            assert printed[wave.name] == fmt_minutes(timing.cutover_min)
        else:
            assert feas.result is None
            assert printed[wave.name] == f"≥ {fmt_minutes(timing.cutover_min)}"
        # per host: final sync, boot, boot check are the timing module's minutes
        for hid, ht in timing.hosts.items():
            sync = by_key[f"sync:{hid}"]
            assert sync.duration_unknown == (ht.final_sync_min is None)
            assert sync.planned_minutes == pytest.approx(ht.final_sync_min or 0.0)
            assert by_key[f"start:{hid}"].planned_minutes == pytest.approx(ht.boot_min)
            assert by_key[f"boot:{hid}"].planned_minutes == pytest.approx(ht.verify_min)
            if ht.total_min is None:
                assert record.timing.host(hid).total_min is None
            else:
                assert record.timing.host(hid).total_min == pytest.approx(ht.total_min)
            compared += 1
        # per wave: the runbook's planned length is what the check asked the window to hold
        # (launches waiting for their providers included: a database before its app tier),
        # plus the hold that puts the point of no return where the rollback plan says (a
        # wait, not work); the printed length names the two
        expected = timing.cutover_min + sum(s.planned_minutes for s in specs if s.key == "hold")
        assert compiled.planned_length == pytest.approx(expected, abs=TOL)
        waits_checked += _provider_waits(specs)
        # ... in the words the check prints its needed minutes with (188.5, not 189)
        if view.hold_min >= 0.5 and feas.end_known:
            work = fmt_minutes(view.planned_min - view.hold_min)
            assert f": {work} min of cutover work" in view.length_text("en")
            assert work == fmt_minutes(timing.cutover_min)
        elif feas.end_known:
            assert view.length_text("en") == f"{fmt_minutes(timing.cutover_min)} min"
        # the live forecast, before anything has started, ends when the runbook plans
        start, end = wave.cutover_start, wave.cutover_end
        fc = forecast(compiled, {}, start, start, end)
        assert (fc.forecast_end - start).total_seconds() / 60 == pytest.approx(expected, abs=TOL)
        assert fc.unknown_steps == len(timing.unknown_steps) and fc.end_known == feas.end_known
        # hosts run in parallel only up to the concurrency
        assert len(timing.lanes) <= record.timing.policy.concurrency
    if waits is not None:
        waits.append(waits_checked)
    return compared


def test_demo_check_runbook_forecast_and_record_agree(tmp_path, clock, actor):
    path = tmp_path / "demo.hmfield"
    write_demo(path, clock=clock, actor=actor)
    ctx = open_project(path, actor=actor, clock=clock)
    try:
        waits: list[int] = []
        assert _agree(ctx, waits) > 30
        assert waits[0] >= 2  # waves whose databases launch before their app tier
        # the demo's Kubernetes cluster has no size: its copy in wave 1's window is unknown
        check = PlanningService(ctx).check()
        unknown = {f.wave.name: f.unknown_steps for f in check.feasibility if not f.end_known}
        assert unknown == {"W01": 1}
        # the demo's NAS, databases and Oracle RAC have minutes of their own
        record = read_plan_record(ctx)
        objects = [o for w in record.timing.waves.values() for o in w.objects.values()]
        assert any(o.size_mib > 0 and o.window_min > 0 for o in objects)
    finally:
        ctx.store.close()


def test_real_rvtools_export_check_runbook_forecast_and_record_agree(ctx):
    svc = ImportService(ctx)
    svc.apply(svc.preview(SIZING), backup=False)
    NetworkPlanService(ctx).save(
        bandwidth_mbps=500.0, usable_share=0.6, daily_change_rate=0.03, concurrency=10
    )
    planning = PlanningService(ctx)
    planning.update_settings(max_hosts_per_wave=100, timezone="Asia/Shanghai")
    waves = planning.apply_proposal(planning.propose())
    assert len(waves) >= 5
    first = datetime(2027, 1, 8, 14, 0, tzinfo=UTC)  # Friday 22:00 in Shanghai
    for i, wave in enumerate(waves):
        start = first + timedelta(weeks=i)
        WaveService(ctx).update(
            wave.id, cutover_start=start, cutover_end=start + timedelta(hours=10)
        )
    assert _agree(ctx) > 700


def test_real_export_without_bandwidth_unknown_everywhere_the_same(ctx):
    """No bandwidth in the network plan: every host's final sync of the real export is
    unknown; the check, the runbook and the forecast count the same steps, and the runbook's
    length is the check's lower bound (the wave steps around the lanes)."""
    svc = ImportService(ctx)
    svc.apply(svc.preview(SIZING), backup=False)
    NetworkPlanService(ctx).save(concurrency=10)  # no bandwidth
    planning = PlanningService(ctx)
    waves = planning.apply_proposal(planning.propose(max_hosts=100))
    start = datetime(2027, 1, 8, 14, 0, tzinfo=UTC)
    WaveService(ctx).update(
        waves[1].id, cutover_start=start, cutover_end=start + timedelta(hours=8)
    )
    check = PlanningService(ctx).check()
    feas = next(f for f in check.feasibility if f.wave.id == waves[1].id)
    hosts = len(feas.timing.hosts)
    assert hosts > 0 and feas.unknown_steps == hosts  # one final sync per host, no object
    assert not feas.end_known and feas.result is None
    finding = next(f for f in feas.findings if f.code == "final_sync_unknown")
    assert finding.params["count"] == hosts and finding.params["inputs"] == ["bandwidth"]
    view = RunbookService(ctx).preview(waves[1].id)
    assert view.unknown_steps == hosts and not view.end_known
    # nothing invented: the unknown syncs plan 0 min, the rest are the wave's own steps
    syncs = [p.step for p in view.steps if p.step.key.startswith("sync:")]
    assert all(x.duration_unknown and x.planned_minutes == 0 for x in syncs)
    assert view.planned_min >= feas.timing.cutover_min - TOL


def test_a_host_hyper_motion_does_not_move_gets_no_sync_and_the_check_names_it(
    tmp_path, clock, actor
):
    """A host in a wave that HyperMotion does not move (not supported with no mode, or the
    engineer's decision "alternative", through the inventory or a verdict override) gets an
    object's steps in the runbook, never a final sync and a boot; its last copy is unknown
    until the engineer estimates it, and the check, the runbook and the record agree."""
    from hmfield.core.assess.verdicts import AssessmentService
    from hmfield.core.plan.scope import ScopeService

    path = tmp_path / "demo.hmfield"
    write_demo(path, hosts=40, clock=clock, actor=actor)
    ctx = open_project(path, actor=actor, clock=clock)
    try:
        hosts = {h.name: h for h in PlanningService(ctx).inputs().hosts.values()}
        arm_id = ScopeService(ctx).rows(out_only=True)[0].host_id  # the retired ARM server
        waves = WaveService(ctx)
        w02 = next(w for w in waves.list() if w.name == "W02")
        ScopeService(ctx).set_scope([arm_id], True)
        waves.assign(w02.id, [arm_id])
        # a supported VMware host the engineer decides to move by another tool
        other = next(h for n, h in sorted(hosts.items()) if h.wave_id == w02.id and h.agentless)
        AssessmentService(ctx).override(other.id, "supported", "alternative", "由应用团队重建")
        view = RunbookService(ctx).preview(w02.id)
        keys = {step_spec(p.step).key for p in view.steps}
        for hid in (arm_id, other.id):
            assert f"sync:{hid}" not in keys and f"boot:{hid}" not in keys
            assert {f"freeze:{hid}", f"copy:{hid}", f"check:{hid}", f"switch:{hid}"} <= keys
        check = PlanningService(ctx).check()
        (feas,) = [f for f in check.feasibility if f.wave.id == w02.id]
        assert sorted(feas.timing.unknown_steps) == sorted([f"copy:{arm_id}", f"copy:{other.id}"])
        assert set(feas.timing.unknown_steps.values()) == {("alternative_plan",)}
        assert not feas.end_known and feas.result is None
        # one host count for the wave, whichever reader asks (check, timing, calendar)
        (cal,) = [w for w in read_plan_record(ctx).calendar.waves if w.wave_id == w02.id]
        assert cal.hosts == feas.timing.host_count == feas.hosts
        _agree(ctx)
        # the engineer's minutes for the copies: known, and counted in the window
        waves.set_estimate(arm_id, final_sync_min=45.0)
        waves.set_estimate(other.id, final_sync_min=30.0)
        check = PlanningService(ctx).check()
        (feas,) = [f for f in check.feasibility if f.wave.id == w02.id]
        assert feas.end_known and feas.timing.objects[arm_id].final_copy_min == 45.0
        assert arm_id not in feas.timing.hosts and other.id not in feas.timing.hosts
        # the check's explanation says what the window holds beside the syncs
        (apart,) = [line for line in feas.result.lines if line.code == "window_apart"]
        longest = feas.timing.objects[apart.params["member"]]
        assert apart.params["count"] == len(feas.timing.objects) >= 2
        assert (
            apart.params["longest_min"]
            == max(t.window_min for t in feas.timing.objects.values())
            == longest.window_min
        )
        # the Waves table's row of each such host totals what the check counts for it
        inputs = PlanningService(ctx).inputs()
        for hid in (arm_id, other.id):
            row = host_minutes(inputs, hid)
            assert row.apart and row.boot_min == 0
            assert row.total_min == feas.timing.objects[hid].window_min
        assert host_minutes(inputs, apart.params["member"]).total_min == apart.params["longest_min"]
        _agree(ctx)
    finally:
        ctx.store.close()

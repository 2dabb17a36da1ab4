"""One source of truth for time: the window check (``plan check``), runbook generation, the
live forecast and the plan record give the same per-host and per-wave minutes, for the demo
and for the real 805-VM RVTools export (tests/fixtures/rvtools, see PROVENANCE.md)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from hmfield.core.demo.build import write_demo
from hmfield.core.inventory.importing import ImportService
from hmfield.core.plan.record import read_plan_record
from hmfield.core.plan.risks import NetworkPlanService
from hmfield.core.plan.service import PlanningService
from hmfield.core.plan.waves import WaveService
from hmfield.core.project.service import open_project
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


def _agree(ctx) -> int:
    """Assert the four readers agree for every wave; returns how many hosts were compared."""
    check = PlanningService(ctx).check()
    record = read_plan_record(ctx)
    runbooks = RunbookService(ctx)
    compared = 0
    for feas in check.feasibility:
        wave, timing = feas.wave, feas.timing
        recorded = record.timing.waves[wave.id]
        assert recorded.cutover_min == pytest.approx(timing.cutover_min, abs=TOL)
        assert feas.result.needed_min == pytest.approx(timing.cutover_min, abs=TOL)
        steps = runbooks.preview(wave.id).steps
        specs = [step_spec(p.step) for p in steps]
        compiled = compile_runbook(specs)
        by_key = {s.key: s for s in specs}
        # per host: final sync, boot, boot check are the timing module's minutes
        for hid, ht in timing.hosts.items():
            assert by_key[f"sync:{hid}"].planned_minutes == pytest.approx(ht.final_sync_min)
            assert by_key[f"start:{hid}"].planned_minutes == pytest.approx(ht.boot_min)
            assert by_key[f"boot:{hid}"].planned_minutes == pytest.approx(ht.verify_min)
            assert record.timing.host(hid).total_min == pytest.approx(ht.total_min)
            compared += 1
        # per wave: the runbook's planned length is what the check asked the window to hold,
        # plus the hold that puts the point of no return where the rollback plan says (a
        # wait, not work) and waits for providers (a database before its app tier)
        expected = timing.cutover_min + sum(s.planned_minutes for s in specs if s.key == "hold")
        if not _provider_waits(specs):
            assert compiled.planned_length == pytest.approx(expected, abs=TOL)
        else:
            assert compiled.planned_length >= expected - TOL
            expected = compiled.planned_length
        # the live forecast, before anything has started, ends when the runbook plans
        start, end = wave.cutover_start, wave.cutover_end
        fc = forecast(compiled, {}, start, start, end)
        assert (fc.forecast_end - start).total_seconds() / 60 == pytest.approx(expected, abs=TOL)
        # hosts run in parallel only up to the concurrency
        assert len(timing.lanes) <= record.timing.policy.concurrency
    return compared


def test_demo_check_runbook_forecast_and_record_agree(tmp_path, clock, actor):
    path = tmp_path / "demo.hmfield"
    write_demo(path, clock=clock, actor=actor)
    ctx = open_project(path, actor=actor, clock=clock)
    try:
        assert _agree(ctx) > 30
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

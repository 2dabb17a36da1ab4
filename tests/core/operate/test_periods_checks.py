"""Observation periods from the live run's end, checks judged against the inventory, the
cloud bill against the plan."""

from __future__ import annotations

from datetime import timedelta

import pytest
from operate_world import CUTOVER_END, cut_over

from hmfield.core.errors import HmError
from hmfield.core.model.inventory import Host
from hmfield.core.model.plan import Wave
from hmfield.core.operate.checks import CheckService
from hmfield.core.operate.periods import ObservationService
from hmfield.core.operate.texts import words


def test_period_starts_at_the_live_runs_end_and_counts_down(ow, clock):
    window = ObservationService(ow.ctx).windows()[0]
    assert window.start == CUTOVER_END
    assert window.end == CUTOVER_END + timedelta(days=7)
    assert window.state(clock.now()) == "observing"
    left = window.remaining(clock.now())
    assert timedelta(days=6) - timedelta(minutes=1) < left <= timedelta(days=6)
    assert "6 d" in window.status_text(CUTOVER_END + timedelta(hours=23), words("en"))
    ObservationService(ow.ctx).set_plan("W01", days=14)
    later = CUTOVER_END + timedelta(days=10)
    assert ObservationService(ow.ctx).windows()[0].state(later) == "observing"
    assert ObservationService(ow.ctx).windows()[0].state(later + timedelta(days=5)) == "ended"


def test_a_system_may_be_observed_longer_than_its_wave(ow):
    system = ow.base.systems[0]
    with pytest.raises(HmError, match="length in days"):
        ObservationService(ow.ctx).set_plan("W01", system_ref=system.name, currency="EUR")
    with pytest.raises(HmError, match="per wave"):
        ObservationService(ow.ctx).set_plan("W01", system_ref=system.name, expected_monthly_cost=5)
    ObservationService(ow.ctx).set_plan("W01", system_ref=system.name, days=21)
    windows = {w.system_name: w.days for w in ObservationService(ow.ctx).wave_windows("W01")}
    assert windows[""] == 7 and windows[system.name] == 21 and windows[ow.base.systems[1].name] == 7


def test_a_wave_never_cut_over_or_rolled_back_has_no_period(ctx, clock):
    from operate_world import make_operate_world

    world = make_operate_world(ctx, clock, cut=False)
    assert ObservationService(ctx).windows()[0].state(clock.now()) == "not_cut_over"
    with pytest.raises(HmError, match="no completed live cutover"):
        CheckService(ctx).add("W01", host=world.base.hosts[0].id, business_result="pass")
    cut_over(ctx, world.wave, status="rolled_back")
    assert ObservationService(ctx).windows()[0].state(clock.now()) == "rolled_back"


def _host_with_source(ctx, host_id, **values):
    with ctx.write() as uow:
        host = uow.session.get(Host, host_id)
        uow.rec.update(host, values)


def test_figures_are_flagged_against_the_source_peak_and_the_flavour(ow):
    host = ow.base.hosts[0]
    _host_with_source(ow.ctx, host.id, cpu_cores=8, memory_mib=16384, extra={"cpu_util_pct": "40"})
    checks = CheckService(ow.ctx)
    calm = checks.add(host=host.name, cpu_pct=35, mem_pct=50, business_result="pass")
    assert calm.outcome == "passed" and calm.source.cpu_peak_pct == 40
    busy = checks.add(host=host.name, cpu_pct=55, mem_pct=93, business_result="pass")
    assert busy.outcome == "attention"
    texts = busy.judgement.flag_texts(words("en"))
    assert "CPU above the source peak 40%" in texts
    assert any("Memory at the target flavour's limit" in t for t in texts)
    assert busy.check.checked_by == "李敏"  # the acting person unless named


def test_bad_figures_change_nothing(ow):
    checks = CheckService(ow.ctx)
    host = ow.base.hosts[0].name
    for values, message in (
        ({"cpu_pct": 140}, "0 to 100"),
        ({"mem_pct": "abc"}, "percentage"),
        ({"business_result": "ok"}, "pass, fail or not_tested"),
        ({"integrity_method": "md5"}, "row_count or checksum"),
    ):
        with pytest.raises(HmError, match=message):
            checks.add(host=host, **values)
    with pytest.raises(HmError, match="host, a business system"):
        checks.add("W01", business_result="pass")
    assert checks.checks("W01") == []


def test_integrity_mismatch_fails_until_waived_by_a_named_person(ow):
    checks = CheckService(ow.ctx)
    db = ow.base.hosts[1]
    bad = checks.add(
        host=db.id,
        integrity_method="row_count",
        integrity_before="1,204,332",
        integrity_after="1204330",
        integrity_tool="SELECT COUNT(*)",
    )
    assert bad.outcome == "failed" and bad.judgement.failures == ["fail_integrity"]
    same = checks.add(
        host=db.id, integrity_method="checksum", integrity_before="AB12", integrity_after="ab12"
    )
    assert same.outcome == "passed"
    with pytest.raises(HmError, match="reason"):
        checks.waive(bad.check.id, "  ", "王建国")
    with pytest.raises(HmError, match="no person '路人甲'"):
        checks.waive(bad.check.id, "两行为测试数据，已确认", "路人甲")
    with pytest.raises(HmError, match="nothing to waive"):
        checks.waive(same.check.id, "无", "王建国")
    waived = checks.waive(bad.check.id[:8], "两行为测试数据，已确认", "王建国")
    assert waived.outcome == "waived" and waived.waived_by == "王建国"


def test_bill_difference_against_the_expected_monthly_cost(ow):
    ObservationService(ow.ctx).set_plan("W01", expected_monthly_cost=10000)
    checks = CheckService(ow.ctx)
    line = checks.add_bill("W01", "2026-11", 11250.5)
    assert (line.difference, line.difference_pct) == (1250.5, 12.5)
    checks.add_bill("W01", "2026-11", 9800)  # the same month again: corrected, not doubled
    lines = checks.bills("W01")
    assert [(b.month, b.actual, b.difference) for b in lines] == [("2026-11", 9800, -200)]
    with pytest.raises(HmError, match="YYYY-MM"):
        checks.add_bill("W01", "11/2026", 1)


def test_a_check_takes_the_wave_of_its_host(ow):
    view = CheckService(ow.ctx).add(host=ow.base.hosts[0].name, business_result="pass")
    with ow.ctx.read() as s:
        assert s.get(Wave, view.check.wave_id).name == "第一批"
    assert view.system_id == ow.base.hosts[0].business_system_id


def test_many_waves_windows_and_days_in_one_audited_transaction(ow):
    from datetime import UTC, datetime

    from sqlmodel import select

    from hmfield.core.model.audit import AuditEvent
    from hmfield.core.operate.periods import WaveChange

    svc = ObservationService(ow.ctx)

    def events() -> int:
        with ow.ctx.read() as s:
            return len(list(s.exec(select(AuditEvent))))

    before, count = events(), len(svc.windows())
    start = datetime(2027, 9, 4, 14, tzinfo=UTC)
    good = WaveChange("W01", {"drill_start": start, "drill_end": start + timedelta(hours=3)}, 9)
    new = WaveChange("Night 2", {"notes": "second"}, 5, add=True)
    with pytest.raises(HmError, match="wave W09: no wave .*nothing was changed"):
        svc.set_waves([good, new, WaveChange("W09", {}, 3)])
    assert events() == before and len(svc.windows()) == count  # all or nothing
    with pytest.raises(HmError, match="1 to 366 days"):
        svc.set_waves([good, WaveChange("W01", {}, 400)])
    waves = svc.set_waves([good, new])
    assert [w.name for w in waves][1] == "Night 2" and waves[0].drill_start == start
    days = {w.wave_name: w.days for w in svc.windows()}
    assert days[waves[0].name] == 9 and days["Night 2"] == 5
    with ow.ctx.read() as s:
        kinds = {e.entity for e in s.exec(select(AuditEvent))}
    assert events() > before and {"wave", "observation_plan"} <= kinds

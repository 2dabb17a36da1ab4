"""Transfer calendar: full syncs on the link as dates; a wave whose full sync ends after its
cutover starts is flagged with both dates in the plan's zone; overlapping windows too."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from hmfield.core.inventory.service import InventoryService
from hmfield.core.plan.calendar import transfer_calendar
from hmfield.core.plan.risks import NetworkPlanService
from hmfield.core.plan.service import PlanningService
from hmfield.core.plan.timing import fmt_duration
from hmfield.core.plan.waves import WaveService


def test_late_wave_and_overlap_are_flagged_with_dates(ctx):
    inv = InventoryService(ctx)
    ids = [inv.add(name=f"vm{i}", disk_used_mib=1024.0 * 1024).id for i in range(4)]  # 1 TiB
    NetworkPlanService(ctx).save(bandwidth_mbps=100.0, usable_share=1.0, concurrency=2)
    start = datetime(2027, 3, 1, 0, 0, tzinfo=UTC)
    planning = PlanningService(ctx)
    planning.update_settings(timezone="Asia/Shanghai", sync_start=start)
    waves = WaveService(ctx)
    w1, w2 = waves.add("W01"), waves.add("W02")
    waves.assign(w1.id, host_ids=ids[:2])
    waves.assign(w2.id, host_ids=ids[2:])
    # 1 TiB at 50 Mbps per stream = 48.9 h; the two hosts of W01 run side by side
    cut = start + timedelta(hours=40)
    waves.update(w1.id, cutover_start=cut, cutover_end=cut + timedelta(hours=6))
    waves.update(
        w2.id, cutover_start=cut + timedelta(hours=5), cutover_end=cut + timedelta(hours=9)
    )
    cal = transfer_calendar(planning.inputs())
    first = cal.waves[0]
    hours = 1024 * 1024 * 8_388_608 / 50e6 / 3600
    assert (first.full_end - start).total_seconds() / 3600 == pytest.approx(hours)
    assert first.late == ["cutover"] and cal.waves[1].late == ["cutover"]
    late = next(f for f in cal.findings if f.code == "calendar_late_cutover")
    assert late.params["full_end"].endswith("Asia/Shanghai")
    assert late.params["window_start"] == "2027-03-03 00:00 Asia/Shanghai"  # 03-02 16:00 UTC
    assert any(f.code == "calendar_cutover_overlap" for f in cal.findings)
    # W02 waits for free streams: it starts when W01's hosts finish
    assert cal.waves[1].full_start == first.full_end
    # a later window fixes W01
    waves.update(
        w1.id,
        cutover_start=start + timedelta(days=3),
        cutover_end=start + timedelta(days=3, hours=6),
    )
    cal = transfer_calendar(planning.inputs())
    assert cal.waves[0].late == []


def test_durations_have_units():
    assert fmt_duration(305) == "5 h 05 min"
    assert fmt_duration(305, "zh") == "5 小时 05 分"
    assert fmt_duration(42) == "42 min"
    assert fmt_duration(3 * 1440 + 4 * 60) == "3 d 04 h"

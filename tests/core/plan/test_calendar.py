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


def test_a_lone_large_host_gets_the_whole_link(ctx):
    """The bill sample's last wave (six hosts, 21 TB, one of them most of it) printed 247 h of
    full sync over a 700 Mbps line that moves its data in 72 h: each host was held to an
    eighth of the line even when it synced alone. By hand, with h = 1 TiB / 100 Mbps
    (24.43 h), 100 Mbps shared by 2 at once: W01 is 1 TiB + 0.25 TiB, both at 50 Mbps until
    the small one ends (0.5 h), then the large one alone at 100 Mbps for its last 0.75 TiB:
    1.25 h = 1.25 TiB / 100 Mbps. W02's 0.5 TiB starts on the stream the small host freed
    (0.5 h) and shares the link with W01's large host: it ends at 1.5 h, the large one (0.25
    TiB left then, alone again) at 1.75 h = all 1.75 TiB / 100 Mbps."""
    inv = InventoryService(ctx)
    tib = 1024.0 * 1024
    big = inv.add(name="big", disk_used_mib=tib).id
    small = inv.add(name="small", disk_used_mib=tib / 4).id
    later = inv.add(name="later", disk_used_mib=tib / 2).id
    NetworkPlanService(ctx).save(bandwidth_mbps=100.0, usable_share=1.0, concurrency=2)
    start = datetime(2027, 3, 1, 0, 0, tzinfo=UTC)
    planning = PlanningService(ctx)
    planning.update_settings(timezone="Asia/Shanghai", sync_start=start)
    waves = WaveService(ctx)
    w1 = waves.add("W01")
    waves.assign(w1.id, host_ids=[big, small])
    alone = planning.inputs()
    h = tib * 8_388_608 / 100e6 / 3600  # hours for 1 TiB at the whole 100 Mbps: 24.43 h
    cal = transfer_calendar(alone)
    w = cal.waves[0]
    assert (w.full_end - start) / timedelta(hours=1) == pytest.approx(1.25 * h)
    assert w.full_sync_min == pytest.approx(1.25 * h * 60)
    small_end = cal.items[small].full_end
    assert (small_end - start) / timedelta(hours=1) == pytest.approx(0.25 * h * 2)  # at 50
    w2 = waves.add("W02")
    waves.assign(w2.id, host_ids=[later])
    cal = transfer_calendar(planning.inputs())
    assert cal.items[later].full_start == small_end  # the stream the small host freed
    hours = {n: (cal.items[n].full_end - start) / timedelta(hours=1) for n in (big, later)}
    assert hours[later] == pytest.approx(1.5 * h) and hours[big] == pytest.approx(1.75 * h)

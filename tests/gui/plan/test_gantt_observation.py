"""The wave Gantt draws a wave's real observation period once its live cutover ended, with
the countdown on the bar and in the tooltip, and a line at the present moment."""

from __future__ import annotations

from datetime import timedelta

from hmfield.core.clock import FixedClock
from hmfield.core.operate.periods import ObservationService
from hmfield.core.plan.calendar import read_calendar
from hmfield.gui.plan.wave_gantt import WaveGantt


def _data(path):
    from hmfield.core.project.service import open_project

    ctx = open_project(path, readonly=True)
    try:
        return read_calendar(ctx), ObservationService(ctx).windows()
    finally:
        ctx.store.close()


def _observed(windows):
    """The demo's wave in observation: the last one cut over (the one before it ended)."""
    return max((w for w in windows if w.start), key=lambda w: w.start)


def test_observation_bar_carries_the_countdown(qtbot, hm_app, demo_path):
    cal, windows = _data(demo_path)
    real = _observed(windows)
    gantt = WaveGantt()
    qtbot.addWidget(gantt)
    gantt.resize(1200, 400)
    now = real.end - timedelta(days=2, hours=4)
    gantt.set_observation(windows, now)
    gantt.set_calendar(cal, "en")
    earlier = {w.wave_id for w in windows if w.start and w.wave_id != real.wave_id}
    assert gantt.labels == {real.wave_id: "2 d 4 h 0 min left"} | dict.fromkeys(
        earlier, "observation ended"
    )
    bar = next(b for b in gantt.bars if b.wave_id == real.wave_id and b.kind == "observation")
    assert (bar.start, bar.end) == (real.start, real.end)
    assert "2 d 4 h 0 min left" in bar.tip
    gantt.show()
    qtbot.waitExposed(gantt)
    gantt.grab()  # paints the countdown and the now line without error
    gantt.set_observation(windows, real.end + timedelta(hours=1))
    gantt.set_calendar(cal, "en")
    assert gantt.labels == dict.fromkeys({real.wave_id} | earlier, "observation ended")


def test_waves_screen_feeds_the_gantt_from_the_clock(open_screen, demo_path):
    _, windows = _data(demo_path)
    real = _observed(windows)
    clock = FixedClock(real.end - timedelta(hours=5))
    screen = open_screen("waves", demo_path, clock)
    screen.show_calendar()
    assert screen.gantt.labels.get(real.wave_id) == "5 h 0 min left"
    assert screen.gantt.now == clock.now()

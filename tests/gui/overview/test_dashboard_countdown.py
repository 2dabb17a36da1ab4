"""The Overview's dashboard counts down the observation period of every wave in
observation (with units and the end in the project's zone), moving with the clock."""

from __future__ import annotations

from datetime import timedelta

from hmfield.core.clock import FixedClock
from hmfield.core.operate.periods import ObservationService


def _start(window):
    return window.start


def _window(path):
    from hmfield.core.project.service import open_project

    ctx = open_project(path, readonly=True)
    try:
        # the demo's wave in observation: the last cut over (the one before it has ended)
        return max((w for w in ObservationService(ctx).windows() if w.start), key=_start)
    finally:
        ctx.store.close()


def test_dashboard_shows_the_countdown_of_each_wave_in_observation(open_screen, demo_path):
    window = _window(demo_path)
    clock = FixedClock(window.end - timedelta(days=3, hours=2, minutes=30))
    screen = open_screen("overview", demo_path, clock)
    line = screen.dashboard.operate_line.text()
    assert "1 in observation, 1 awaiting acceptance" in line
    assert f"{window.wave_name} in observation: 3 d 2 h 30 min left (ends " in line
    assert "Asia/Shanghai)" in line
    clock.advance(timedelta(days=3, hours=1))
    screen.dashboard.refresh_operate()
    line = screen.dashboard.operate_line.text()
    assert f"{window.wave_name} in observation: 1 h 30 min left" in line
    clock.advance(timedelta(hours=2))
    screen.dashboard.refresh_operate()
    line = screen.dashboard.operate_line.text()
    assert "in observation:" not in line and "2 awaiting acceptance" in line


def test_no_countdown_before_any_cutover(open_screen):
    screen = open_screen("overview")
    assert "in observation:" not in screen.dashboard.operate_line.text()

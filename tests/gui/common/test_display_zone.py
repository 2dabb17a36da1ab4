"""Times on screen are in the project's zone, not the laptop's: an engineer whose laptop says
UTC (or Europe/Paris) reads the runbook in the data centre's Asia/Shanghai, zone named."""

from __future__ import annotations

from datetime import UTC, datetime

from hmfield.gui.common.labels import local_time, set_display_zone


def test_local_time_uses_the_display_zone_and_names_it():
    t = datetime(2026, 12, 19, 14, 0, tzinfo=UTC)
    try:
        set_display_zone("Asia/Shanghai")
        assert local_time(t, seconds=False) == "2026-12-19 22:00 CST"
        set_display_zone("Europe/Paris")
        assert local_time(t, seconds=False) == "2026-12-19 15:00 CET"
        set_display_zone("Nowhere/Else")  # a bad zone falls back to the machine's, no error
        assert local_time(t, seconds=False).startswith("2026-12-19")
    finally:
        set_display_zone(None)


def test_the_runbooks_screen_shows_the_plan_zone(open_screen, demo_path):
    from zoneinfo import ZoneInfo

    set_display_zone("UTC")  # as if the laptop were on UTC before the project opens
    screen = open_screen("runbooks", demo_path)
    try:
        zone = screen.screen_ctx.session.project.zone_name()
        assert zone == "Asia/Shanghai"  # the demo's plan zone
        model = screen.step_model
        assert model.rowCount() > 0
        col = next(i for i, c in enumerate(model.columns) if c.key == "planned_start")
        step = model.rows[0]  # a PlannedStep
        expected = step.planned_start.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M")
        shown = model.index(0, col).data()
        assert shown == f"{expected} CST"
    finally:
        set_display_zone(None)

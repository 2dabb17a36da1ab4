"""The countdown every screen and paper shows (days, hours, minutes rounded up), the plan
PDF's Gantt drawing it on the real observation bar, and the incident CLI in words."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from operate_world import CUTOVER_END

from hmfield.core.operate.paper import operate_counts
from hmfield.core.operate.periods import ObservationService
from hmfield.core.plan.calendar import read_calendar
from hmfield.core.reports.plan.plan_gantt import draw_gantt, gantt_labels, observation_span


def test_left_parts_round_minutes_up(ow, clock):
    window = ObservationService(ow.ctx).windows()[0]
    assert window.left_parts(CUTOVER_END + timedelta(days=1)) == (6, 0, 0)
    assert window.left_parts(CUTOVER_END + timedelta(days=6, hours=22, seconds=30)) == (0, 2, 0)
    assert window.left_parts(window.end + timedelta(days=1)) == (0, 0, 0)


def test_dashboard_counts_carry_the_waves_in_observation(ow, clock):
    counts = operate_counts(ow.ctx)
    assert [w.wave_id for w in counts.countdowns] == [ow.wave.id]
    assert counts.now is not None and counts.now <= clock.now() and counts.tz


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    from hmfield.core.demo.build import write_demo

    path = tmp_path_factory.mktemp("countdown") / "demo.hmfield"
    write_demo(path, hosts=20)
    return path


def test_plan_gantt_draws_the_real_period_with_its_countdown(demo_file):
    from hmfield.core.project.service import open_project

    ctx = open_project(demo_file, readonly=True)
    try:
        cal, windows = read_calendar(ctx), ObservationService(ctx).windows()
    finally:
        ctx.store.close()
    lab = gantt_labels("zh")
    window = next(w for w in windows if w.start)
    now = window.end - timedelta(days=2, hours=3)
    row = next(w for w in cal.waves if w.wave_id == window.wave_id)
    start, end, text = observation_span(row, window, now, lab)
    assert (start, end) == (window.start, window.end)
    assert text == "观察期剩余 2 天 3 小时 0 分"
    drawing = draw_gantt(cal, "zh", 500, windows, now)
    strings = [getattr(x, "text", "") for x in drawing.contents]
    assert "观察期剩余 2 天 3 小时 0 分" in strings and lab["now"] in strings
    later = observation_span(row, window, window.end + timedelta(hours=1), lab)
    assert later[2] == lab["obs_ended"]
    other = next(w for w in cal.waves if w.wave_id != window.wave_id)
    assert observation_span(other, None, now, lab) == (other.cutover_end, other.observation_end, "")


def test_incident_cli_prints_words_not_codes(demo_file, tmp_path, capsys):
    import shutil

    from hmfield.cli.app import run

    path = tmp_path / "demo.hmfield"
    shutil.copy(demo_file, path)
    capsys.readouterr()
    assert run(["incident", "add", str(path), "--symptom", "磁盘告警", "--wave", "W02",
                "--severity", "critical", "--lang", "zh"]) == 0  # fmt: skip
    out = capsys.readouterr().out
    assert "（严重）" in out or "(严重)" in out
    assert "critical" not in out and "未关闭" in out
    assert run(["incident", "list", str(path)]) == 0
    listing = capsys.readouterr().out
    assert "Critical" in listing and "Open" in listing
    assert " critical " not in listing and " open " not in listing
    assert run(["incident", "list", str(path), "--json", "--lang", "zh"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"severity_label", "status_label"} <= set(data[0])

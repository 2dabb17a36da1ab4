from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from runbook_helpers import T0, at, step

from hmfield.core.runbooks import (
    ForecastStatus,
    RunbookError,
    StepState,
    StepStatus,
    StepType,
    compile_runbook,
    forecast,
    ready_steps,
)

DONE, RUNNING, SKIPPED = StepStatus.DONE, StepStatus.RUNNING, StepStatus.SKIPPED
WINDOW_END = at(60)  # diamond plans 45 minutes: 15 minutes of buffer


def run(diamond, now, *states, **kw):
    return forecast(diamond, list(states), now, T0, WINDOW_END, **kw)


def test_on_track_with_running_steps(diamond):
    f = run(
        diamond,
        at(12),
        StepState("a", DONE, at(0), at(10)),
        StepState("b", RUNNING, at(10)),
        StepState("c", RUNNING, at(11)),
    )
    assert f.forecast_end == at(45) == f.planned_end
    assert f.status is ForecastStatus.ON_TRACK
    assert f.buffer_minutes == 15
    assert f.minutes_left_in_window == 48
    assert f.remaining_minutes == 33
    assert f.remaining_critical_path == ["b", "d"]
    assert f.ready == []
    c = f.variances["c"]
    assert (c.start_variance, c.end_variance, c.end) == (1, 1, at(31))
    assert f.variances["a"].duration_variance == 0
    assert f.variances["d"].duration_variance is None and f.variances["d"].start == at(40)


def test_late_start_eats_buffer_is_at_risk(diamond):
    f = run(diamond, at(15), StepState("a", DONE, at(0), at(15)))
    assert f.forecast_end == at(50)
    assert f.status is ForecastStatus.AT_RISK
    assert f.slip_minutes == 5
    assert f.ready == ["b", "c"]
    assert f.remaining_critical_path == ["b", "d"]
    assert f.variances["a"].duration_variance == 5
    assert f.variances["b"].start_variance == 5


def test_passing_window_end_is_over_window(diamond):
    f = run(diamond, at(30), StepState("a", DONE, at(0), at(30)))
    assert f.forecast_end == at(65)
    assert f.status is ForecastStatus.OVER_WINDOW


def test_forecast_exactly_at_window_end_is_not_over(diamond):
    f = run(diamond, at(25), StepState("a", DONE, at(0), at(25)))
    assert f.forecast_end == WINDOW_END
    assert f.status is ForecastStatus.AT_RISK


def test_explicit_buffer(diamond):
    states = [StepState("a", DONE, at(0), at(10))]
    assert run(diamond, at(10), *states).status is ForecastStatus.ON_TRACK
    f = run(diamond, at(10), *states, buffer_min=20)
    assert f.buffer_minutes == 20 and f.status is ForecastStatus.AT_RISK


def test_running_step_overrun_ends_one_minute_after_now(diamond):
    f = run(
        diamond,
        at(50),
        StepState("a", DONE, at(0), at(10)),
        StepState("b", RUNNING, at(10)),  # planned to end at 40
        StepState("c", DONE, at(10), at(30)),
    )
    assert f.variances["b"].end == at(51)
    assert f.variances["b"].duration_variance == 11
    assert f.forecast_end == at(56)
    assert f.status is ForecastStatus.AT_RISK
    assert f.remaining_critical_path == ["b", "d"]
    g = run(
        diamond,
        at(50),
        StepState("a", DONE, at(0), at(10)),
        StepState("b", RUNNING, at(10)),
        StepState("c", DONE, at(10), at(30)),
        overrun_minutes=6,
    )
    assert g.forecast_end == at(61) and g.status is ForecastStatus.OVER_WINDOW


def test_skipped_step_takes_no_time(diamond):
    f = run(diamond, at(10), StepState("a", DONE, at(0), at(10)), StepState("b", SKIPPED))
    assert f.forecast_end == at(35)
    assert f.ready == ["c"]
    assert f.remaining_critical_path == ["c", "d"]
    b = f.variances["b"]
    assert b.status is SKIPPED and b.start_variance is None and b.duration_variance is None


def test_skipped_step_still_waits_for_its_predecessors(diamond):
    f = run(diamond, at(0), StepState("b", SKIPPED))
    assert f.variances["d"].start == at(30)  # a 0-10, c 10-30, b passes a's end through
    assert f.ready == ["a"]


def test_before_window_pending_steps_start_at_window_start(diamond):
    f = run(diamond, T0 - timedelta(minutes=30))
    assert f.forecast_end == at(45)
    assert f.minutes_left_in_window == 90
    assert f.remaining_minutes == 75
    assert f.remaining_critical_path == ["a", "b", "d"]


def test_all_done(diamond):
    states = [
        StepState("a", DONE, at(0), at(8)),
        StepState("b", DONE, at(8), at(30)),
        StepState("c", SKIPPED),
        StepState("d", DONE, at(30), at(36)),
    ]
    f = run(diamond, at(40), *states)
    assert f.forecast_end == at(36)
    assert f.remaining_critical_path == [] and f.ready == [] and f.remaining_minutes == 0
    assert f.status is ForecastStatus.ON_TRACK


def test_done_without_start_assumes_planned_duration(diamond):
    f = run(diamond, at(20), StepState("a", "done", ended_at=at(20)))
    assert f.variances["a"].start == at(10)
    assert f.variances["a"].duration_variance == 0


def test_mapping_and_list_and_compiled_agree(diamond):
    states = [StepState("a", DONE, at(0), at(12)), StepState("c", "running", at(12))]
    now = at(20)
    one = forecast(diamond, states, now, T0, WINDOW_END)
    two = forecast(compile_runbook(diamond), {s.key: s for s in states}, now, T0, WINDOW_END)
    assert one == two


def test_ready_steps_gates_included_running_excluded():
    steps = [
        step("a", 5),
        step("gate", 5, ["a"], type=StepType.GATE),
        step("b", 5, ["a"]),
        step("c", 5, ["gate", "b"]),
        step("free", 5),
    ]
    assert ready_steps(steps, []) == ["a", "free"]
    states = [StepState("a", DONE, at(0), at(5)), StepState("b", RUNNING, at(5))]
    assert ready_steps(steps, states) == ["gate", "free"]
    states += [StepState("gate", SKIPPED), StepState("free", RUNNING, at(1))]
    assert ready_steps(steps, states) == []
    states[1] = StepState("b", DONE, at(5), at(9))
    assert ready_steps(steps, states) == ["c"]


@pytest.mark.parametrize(
    ("states", "message"),
    [
        ([StepState("ghost", DONE, at(0), at(1))], "unknown step 'ghost'"),
        ([StepState("a", RUNNING)], "'a' is running but has no start"),
        ([StepState("a", DONE, at(0))], "'a' is done but has no end"),
        ([StepState("a", "paused")], "unknown status 'paused'"),
        ([StepState("a", RUNNING, datetime(2025, 3, 1, 22, 5))], "time zone"),
    ],
)
def test_bad_states_give_clear_errors(diamond, states, message):
    with pytest.raises(RunbookError, match=message):
        run(diamond, at(10), *states)


def test_bad_window_and_clock(diamond):
    with pytest.raises(RunbookError, match="ends before it starts"):
        forecast(diamond, [], at(0), at(10), at(0))
    with pytest.raises(RunbookError, match="current time"):
        forecast(diamond, [], datetime(2025, 3, 1), T0, WINDOW_END)

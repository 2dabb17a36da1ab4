"""Cutover window feasibility: hand-computed lanes, slack and colours."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest

from hmfield.core.errors import InputError
from hmfield.core.plan.maths.windows import (
    HostEstimate,
    cutover_minutes,
    window_feasibility,
    window_minutes,
)


def hosts(*totals: float) -> list[HostEstimate]:
    # split each total as sync 50 %, boot 20 %, verify 30 % to exercise the sum
    return [HostEstimate(t * 0.5, t * 0.2, t * 0.3, f"h{i}") for i, t in enumerate(totals)]


def test_window_length() -> None:
    assert window_minutes(time(22, 0), time(6, 0)) == 480
    assert window_minutes(time(1, 0), time(5, 30)) == 270
    start = datetime(2026, 3, 7, 22, 0, tzinfo=UTC)
    assert window_minutes(start, datetime(2026, 3, 8, 4, 0, tzinfo=UTC)) == 360


def test_longest_first_lanes() -> None:
    # 50,40 on two lanes; 30 -> 40+30=70; 20 -> 50+20=70; 10 -> 80
    assert cutover_minutes(hosts(10, 20, 30, 40, 50), 2) == pytest.approx(80)
    assert cutover_minutes(hosts(10, 20, 30, 40, 50), 1) == pytest.approx(150)
    assert cutover_minutes(hosts(10, 20, 30), 8) == pytest.approx(30)
    assert cutover_minutes([], 3) == 0


def test_green_with_numbers() -> None:
    # four hosts of 30 + 10 + 20 = 60 min, two at once -> 120 min in a 480 min window
    est = [HostEstimate(30, 10, 20, f"h{i}") for i in range(4)]
    result = window_feasibility(time(22, 0), time(6, 0), est, parallelism=2)
    assert result.status == "green"
    assert result.needed_min == 120
    assert result.available_min == 480
    assert result.slack_pct == pytest.approx(75)
    text = "\n".join(line.text for line in result.lines)
    assert "480 min" in text and "120 min needed" in text and "75 %" in text
    assert "30 + 10 + 20 = 60 min" in text


def test_amber_under_twenty_percent_slack() -> None:
    # 80 min needed in 90: slack 11.1 %
    result = window_feasibility(time(9, 0), time(10, 30), hosts(10, 20, 30, 40, 50), 2)
    assert result.status == "amber"
    assert result.slack_pct == pytest.approx(100 / 9)


def test_exactly_twenty_percent_is_green_and_zero_is_amber() -> None:
    assert window_feasibility(time(9, 0), time(10, 40), hosts(10, 20, 30, 40, 50), 2).status == (
        "green"
    )
    exact = window_feasibility(time(9, 0), time(10, 20), hosts(10, 20, 30, 40, 50), 2)
    assert exact.status == "amber" and exact.slack_pct == 0


def test_red_when_it_does_not_fit_and_extra_steps_count() -> None:
    result = window_feasibility(
        time(9, 0), time(10, 30), hosts(10, 20, 30, 40, 50), 2, extra_min=15
    )
    assert result.needed_min == 95
    assert result.status == "red"
    assert result.slack_pct == pytest.approx(-5 / 90 * 100)
    assert result.lines[-1].severity == "error"
    assert "+ 15 min wave-level steps = 95 min needed" in result.lines[-2].text


@pytest.mark.parametrize(
    ("kwargs", "column"),
    [
        ({"host_estimates": [HostEstimate(10, -1, 5, "web01")]}, "boot_min"),
        ({"parallelism": 0}, "parallelism"),
        ({"extra_min": -5}, "extra_min"),
    ],
)
def test_bad_estimates_are_one_line_errors(kwargs: dict, column: str) -> None:
    args = {"host_estimates": hosts(10), "parallelism": 1} | kwargs
    with pytest.raises(InputError) as err:
        window_feasibility(time(1, 0), time(2, 0), **args)
    assert err.value.column == column
    if column == "boot_min":
        assert err.value.row == 1 and "web01" in str(err.value)


def test_end_before_start_is_refused() -> None:
    with pytest.raises(InputError, match="not after start"):
        window_minutes(datetime(2026, 1, 2, 6, 0), datetime(2026, 1, 1, 22, 0))
    with pytest.raises(InputError):
        window_minutes(time(6, 0), time(6, 0))

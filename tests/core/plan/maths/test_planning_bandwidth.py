"""Sync time maths, checked against hand-computed figures (1 MiB = 8,388,608 bit, 1 Mbps = 10^6 bit/s)."""

from __future__ import annotations

import pytest

from hmfield.core.errors import InputError
from hmfield.core.plan.maths.bandwidth import (
    BITS_PER_MIB,
    check_minimums,
    effective_mbps,
    estimate_sync,
    full_sync_hours,
    incremental_hours,
    incremental_mib,
)


def test_units_are_exact() -> None:
    assert BITS_PER_MIB == 8_388_608


def test_one_gib_at_100_mbps() -> None:
    # 1024 MiB x 8,388,608 bit = 8,589,934,592 bit; / 100,000,000 bit/s = 85.89934592 s
    assert full_sync_hours(1024, 100) * 3600 == pytest.approx(85.89934592)


def test_share_and_efficiency_scale_the_link() -> None:
    # 1000 Mbps x 0.5 usable x 0.8 efficiency = 400 Mbps
    # 1,000,000 MiB = 8.388608e12 bit; / 4e8 bit/s = 20,971.52 s = 5.825422 h
    assert effective_mbps(1000, 0.5, 0.8) == pytest.approx(400)
    assert full_sync_hours(1_000_000, 1000, 0.5, 0.8) == pytest.approx(20_971.52 / 3600)


def test_per_host_cap_limits_concurrency() -> None:
    # four hosts capped at 50 Mbps each cannot use more than 200 of a 1000 Mbps link
    assert effective_mbps(1000, concurrency=4, per_host_mbps=50) == pytest.approx(200)
    # with 40 hosts the link is the limit again
    assert effective_mbps(1000, concurrency=40, per_host_mbps=50) == pytest.approx(1000)


def test_incremental_from_daily_change_rate() -> None:
    # 500,000 MiB x 2 %/day x 12 h / 24 h = 5,000 MiB; at 100 Mbps: 419.4304 s
    assert incremental_mib(500_000, 0.02, 12) == pytest.approx(5_000)
    assert incremental_hours(500_000, 0.02, 12, 100) * 3600 == pytest.approx(419.4304)
    assert incremental_hours(500_000, 0.0, 12, 100) == 0


def test_minimums_per_concurrent_host() -> None:
    # 100 Mbps x 50 % / 6 hosts = 8.33 Mbps each: under 10 for full, above 1 for incremental
    problems = check_minimums(100, 0.5, concurrency=6)
    assert [p.code for p in problems] == ["below_min_full"]
    assert problems[0].params["per_host_mbps"] == pytest.approx(100 * 0.5 / 6)
    assert problems[0].params["minimum_mbps"] == 10
    assert "8.33 Mbps per host" in problems[0].text
    # 5 hosts get exactly 10 Mbps: enough
    assert check_minimums(100, 0.5, concurrency=5) == []
    # 5 Mbps for 10 hosts: 0.5 each, under both minimums
    assert {p.code for p in check_minimums(5, concurrency=10)} == {
        "below_min_full",
        "below_min_incremental",
    }
    assert [p.code for p in check_minimums(5, full=False)] == []


@pytest.mark.parametrize(
    ("call", "column"),
    [
        (lambda: full_sync_hours(100, 0), "bandwidth_mbps"),
        (lambda: full_sync_hours(-1, 100), "data_mib"),
        (lambda: full_sync_hours(100, 100, usable_share=1.5), "usable_share"),
        (lambda: incremental_mib(100, -0.1, 24), "daily_change_rate"),
        (lambda: effective_mbps(100, concurrency=0), "concurrency"),
    ],
)
def test_bad_input_names_the_field(call, column: str) -> None:
    with pytest.raises(InputError) as err:
        call()
    assert err.value.column == column
    assert "\n" not in str(err.value)


def test_estimate_spells_out_the_maths() -> None:
    est = estimate_sync(
        1024, 100, usable_share=0.5, daily_change_rate=0.1, hours_since_last=24, concurrency=1
    )
    assert est.effective_mbps == pytest.approx(50)
    assert est.full_hours * 3600 == pytest.approx(85.89934592 * 2)
    assert est.incremental_mib == pytest.approx(102.4)
    assert est.incremental_hours * 3600 == pytest.approx(17.179869184)
    assert est.problems == []
    text = "\n".join(line.text for line in est.lines)
    assert "= 50 Mbps" in text
    assert "= 0.05 h (2.9 min)" in text
    assert "= 102.4 MiB" in text
    assert [line.code for line in est.lines] == [
        "effective_mbps",
        "full_hours",
        "incremental_mib",
        "incremental_hours",
    ]

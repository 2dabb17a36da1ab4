"""Sync time maths: how long a full and an incremental sync take over a given link.

Units are in the names and exact: 1 MiB = 1,048,576 bytes = 8,388,608 bits;
1 Mbps = 1,000,000 bit/s (network rates are decimal, sizes binary).

full sync        = data in use / effective bandwidth                  (support facts)
incremental sync = data in use x daily change rate x hours since last sync / 24
effective Mbps   = min(link x usable share, concurrency x per-host cap) x efficiency

HyperMotion's minimums are 10 Mbps for full sync and 1 Mbps for incremental; they are checked
against what each concurrently syncing host gets (link x usable share / concurrency).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from hmfield.core.errors import InputError
from hmfield.core.plan.maths.notes import PlanFinding, fmt_num

BITS_PER_MIB = 8 * 1_048_576
BITS_PER_SECOND_PER_MBPS = 1_000_000
MBIT_PER_MIB = BITS_PER_MIB / BITS_PER_SECOND_PER_MBPS  # 8.388608 Mbit in one MiB
MIN_FULL_MBPS = 10.0
MIN_INCREMENTAL_MBPS = 1.0


def _positive(name: str, value: float, *, allow_zero: bool = False) -> None:
    if value is None or math.isnan(value) or value < 0 or (value == 0 and not allow_zero):
        need = "0 or more" if allow_zero else "greater than 0"
        raise InputError(f"{name} must be {need} (got {value})", column=name)


def _share(name: str, value: float) -> None:
    if value is None or math.isnan(value) or not 0 < value <= 1:
        raise InputError(
            f"{name} must be a fraction above 0 and at most 1 (got {value})", column=name
        )


def effective_mbps(
    bandwidth_mbps: float,
    usable_share: float = 1.0,
    efficiency: float = 1.0,
    *,
    concurrency: int = 1,
    per_host_mbps: float | None = None,
) -> float:
    """Throughput the sync really gets, in Mbps.

    ``usable_share`` is the part of the link the customer lets migration use; ``efficiency``
    covers protocol overhead and compression (below 1 means slower). When one host's stream is
    capped at ``per_host_mbps``, ``concurrency`` hosts at once cannot use more than their sum.
    """
    _positive("bandwidth_mbps", bandwidth_mbps)
    _share("usable_share", usable_share)
    _positive("efficiency", efficiency)
    if concurrency < 1:
        raise InputError(f"concurrency must be 1 or more (got {concurrency})", column="concurrency")
    usable = bandwidth_mbps * usable_share
    if per_host_mbps is not None:
        _positive("per_host_mbps", per_host_mbps)
        usable = min(usable, concurrency * per_host_mbps)
    return usable * efficiency


def transfer_hours(data_mib: float, mbps: float) -> float:
    """Hours to move ``data_mib`` MiB at ``mbps`` Mbps."""
    _positive("data_mib", data_mib, allow_zero=True)
    _positive("mbps", mbps)
    return data_mib * BITS_PER_MIB / (mbps * BITS_PER_SECOND_PER_MBPS) / 3600


def full_sync_hours(
    data_mib: float,
    bandwidth_mbps: float,
    usable_share: float = 1.0,
    efficiency: float = 1.0,
    *,
    concurrency: int = 1,
    per_host_mbps: float | None = None,
) -> float:
    """Hours for a full sync of ``data_mib`` MiB in use (a whole wave's data, or one host's)."""
    mbps = effective_mbps(
        bandwidth_mbps,
        usable_share,
        efficiency,
        concurrency=concurrency,
        per_host_mbps=per_host_mbps,
    )
    return transfer_hours(data_mib, mbps)


def incremental_mib(data_mib: float, daily_change_rate: float, hours_since_last: float) -> float:
    """Changed data since the last sync, pro rata of a daily change rate (0.05 = 5 %/day).

    Changes are assumed spread evenly over the day and not overlapping, which overestimates
    for data rewritten in place: a safe side for a cutover window.
    """
    _positive("data_mib", data_mib, allow_zero=True)
    _positive("daily_change_rate", daily_change_rate, allow_zero=True)
    _positive("hours_since_last", hours_since_last, allow_zero=True)
    return data_mib * daily_change_rate * hours_since_last / 24


def incremental_hours(
    data_mib: float,
    daily_change_rate: float,
    hours_since_last: float,
    bandwidth_mbps: float,
    usable_share: float = 1.0,
    efficiency: float = 1.0,
    *,
    concurrency: int = 1,
    per_host_mbps: float | None = None,
) -> float:
    """Hours for an incremental sync after ``hours_since_last`` hours of changes."""
    changed = incremental_mib(data_mib, daily_change_rate, hours_since_last)
    mbps = effective_mbps(
        bandwidth_mbps,
        usable_share,
        efficiency,
        concurrency=concurrency,
        per_host_mbps=per_host_mbps,
    )
    return transfer_hours(changed, mbps)


def check_minimums(
    bandwidth_mbps: float,
    usable_share: float = 1.0,
    *,
    concurrency: int = 1,
    full: bool = True,
    incremental: bool = True,
) -> list[PlanFinding]:
    """Problems when a host's share of the link is under HyperMotion's minimums."""
    _positive("bandwidth_mbps", bandwidth_mbps, allow_zero=True)
    _share("usable_share", usable_share)
    if concurrency < 1:
        raise InputError(f"concurrency must be 1 or more (got {concurrency})", column="concurrency")
    per_host = bandwidth_mbps * usable_share / concurrency
    problems: list[PlanFinding] = []
    checks = [("full", MIN_FULL_MBPS, full), ("incremental", MIN_INCREMENTAL_MBPS, incremental)]
    for phase, minimum, wanted in checks:
        if wanted and per_host < minimum:
            how = (
                f"{fmt_num(bandwidth_mbps)} Mbps x {fmt_num(usable_share * 100)} % usable"
                f" / {concurrency} hosts at once = {fmt_num(per_host, 2)} Mbps per host"
            )
            problems.append(
                PlanFinding(
                    f"below_min_{phase}",
                    f"{phase} sync needs at least {fmt_num(minimum)} Mbps per host; {how}",
                    "error",
                    {
                        "phase": phase,
                        "bandwidth_mbps": bandwidth_mbps,
                        "usable_share": usable_share,
                        "concurrency": concurrency,
                        "per_host_mbps": per_host,
                        "minimum_mbps": minimum,
                    },
                )
            )
    return problems


def _line(code: str, text: str, **params: float) -> PlanFinding:
    return PlanFinding(code, text, "info", params)


@dataclass(frozen=True)
class SyncEstimate:
    """Full and incremental sync times for one data set, with the maths spelt out."""

    effective_mbps: float
    full_hours: float
    incremental_mib: float
    incremental_hours: float
    problems: list[PlanFinding] = field(default_factory=list)
    lines: list[PlanFinding] = field(default_factory=list)


def estimate_sync(
    data_mib: float,
    bandwidth_mbps: float,
    *,
    usable_share: float = 1.0,
    efficiency: float = 1.0,
    concurrency: int = 1,
    per_host_mbps: float | None = None,
    daily_change_rate: float = 0.0,
    hours_since_last: float = 24.0,
) -> SyncEstimate:
    """Everything the Sync screen shows for a wave or a host, in one call."""
    mbps = effective_mbps(
        bandwidth_mbps,
        usable_share,
        efficiency,
        concurrency=concurrency,
        per_host_mbps=per_host_mbps,
    )
    full = transfer_hours(data_mib, mbps)
    changed = incremental_mib(data_mib, daily_change_rate, hours_since_last)
    incr = transfer_hours(changed, mbps)
    cap = f", capped at {concurrency} x {fmt_num(per_host_mbps)} Mbps" if per_host_mbps else ""
    lines = [
        _line(
            "effective_mbps",
            f"effective bandwidth = {fmt_num(bandwidth_mbps)} Mbps x "
            f"{fmt_num(usable_share * 100)} % usable x {fmt_num(efficiency * 100)} % efficiency"
            f"{cap} = {fmt_num(mbps, 2)} Mbps",
            effective_mbps=mbps,
        ),
        _line(
            "full_hours",
            f"full sync = {fmt_num(data_mib)} MiB x 8,388,608 bit / {fmt_num(mbps, 2)} Mbps"
            f" = {fmt_num(full, 2)} h ({fmt_num(full * 60, 1)} min)",
            data_mib=data_mib,
            hours=full,
        ),
        _line(
            "incremental_mib",
            f"change = {fmt_num(data_mib)} MiB x {fmt_num(daily_change_rate * 100, 2)} %/day"
            f" x {fmt_num(hours_since_last)} h / 24 = {fmt_num(changed, 1)} MiB",
            incremental_mib=changed,
        ),
        _line(
            "incremental_hours",
            f"incremental sync = {fmt_num(changed, 1)} MiB / {fmt_num(mbps, 2)} Mbps"
            f" = {fmt_num(incr * 60, 1)} min",
            hours=incr,
        ),
    ]
    problems = check_minimums(bandwidth_mbps, usable_share, concurrency=concurrency)
    return SyncEstimate(mbps, full, changed, incr, problems, lines)

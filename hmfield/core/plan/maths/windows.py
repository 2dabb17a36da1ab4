"""Does a wave's cutover fit its window? (support facts: a cutover window must hold the final
incremental sync plus boot plus verification.)

Each host needs final sync + boot + verification minutes (estimates the engineer can edit).
``parallelism`` hosts are cut over at once; hosts are dealt longest first onto the lane that
frees up first, and the longest lane is the time needed. Wave-level steps (DNS or load
balancer switch, rollback reserve) add ``extra_min`` once.

green: fits with at least 20 % of the window to spare; amber: fits with less; red: does not fit.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, time
from typing import Literal

from hmfield.core.errors import InputError
from hmfield.core.plan.maths.notes import PlanFinding, fmt_num

Status = Literal["green", "amber", "red"]
AMBER_BELOW_PCT = 20.0


@dataclass(frozen=True)
class HostEstimate:
    """Minutes one host needs inside the window."""

    final_sync_min: float
    boot_min: float
    verify_min: float
    host_id: str | None = None

    @property
    def total_min(self) -> float:
        return self.final_sync_min + self.boot_min + self.verify_min


@dataclass(frozen=True)
class Feasibility:
    status: Status
    needed_min: float
    available_min: float
    slack_pct: float  # (available - needed) / available x 100; negative when red
    lines: list[PlanFinding] = field(default_factory=list)


def window_minutes(window_start: datetime | time, window_end: datetime | time) -> float:
    """Length of a window. Clock times wrap past midnight (22:00 -> 06:00 is 480 minutes)."""
    if isinstance(window_start, datetime) and isinstance(window_end, datetime):
        if (window_start.tzinfo is None) != (window_end.tzinfo is None):
            raise InputError("window start and end must both have a time zone or neither")
        minutes = (window_end - window_start).total_seconds() / 60
        if minutes <= 0:
            raise InputError(
                f"window end {window_end:%Y-%m-%d %H:%M} is not after start "
                f"{window_start:%Y-%m-%d %H:%M}",
                column="window_end",
            )
        return minutes
    if isinstance(window_start, time) and isinstance(window_end, time):
        start = window_start.hour * 60 + window_start.minute + window_start.second / 60
        end = window_end.hour * 60 + window_end.minute + window_end.second / 60
        if start == end:
            raise InputError("window start and end are the same time", column="window_end")
        return (end - start) % (24 * 60)
    raise InputError("window start and end must both be dates with times, or both clock times")


def cutover_minutes(estimates: Sequence[HostEstimate], parallelism: int) -> float:
    """Longest lane when hosts are dealt longest first onto ``parallelism`` lanes."""
    lanes = [0.0] * min(parallelism, max(len(estimates), 1))
    heapq.heapify(lanes)
    for total in sorted((e.total_min for e in estimates), reverse=True):
        heapq.heappush(lanes, heapq.heappop(lanes) + total)
    return max(lanes)


def _check(estimates: Sequence[HostEstimate], parallelism: int, extra_min: float) -> None:
    if parallelism < 1:
        raise InputError(f"parallelism must be 1 or more (got {parallelism})", column="parallelism")
    if math.isnan(extra_min) or extra_min < 0:
        raise InputError(f"extra minutes cannot be negative (got {extra_min})", column="extra_min")
    for row, est in enumerate(estimates, start=1):
        for name in ("final_sync_min", "boot_min", "verify_min"):
            value = getattr(est, name)
            if value is None or math.isnan(value) or value < 0:
                raise InputError(
                    f"{est.host_id or 'host'}: {name} must be 0 or more (got {value})",
                    row=row,
                    column=name,
                )


def _clock(value: datetime | time) -> str:
    return f"{value:%Y-%m-%d %H:%M}" if isinstance(value, datetime) else f"{value:%H:%M}"


def _window_and_work(window_start, window_end, available: float, host_estimates) -> list:
    """The window's minutes and the hosts' work (with the longest host's parts)."""
    work = sum(e.total_min for e in host_estimates)
    lines = [
        PlanFinding(
            "window_available",
            f"window {_clock(window_start)} -> {_clock(window_end)} = {fmt_num(available)} min",
            "info",
            {"available_min": available},
        )
    ]
    if host_estimates:
        longest = max(host_estimates, key=lambda e: e.total_min)
        lines.append(
            PlanFinding(
                "window_work",
                f"{len(host_estimates)} hosts x (final sync + boot + verification) = "
                f"{fmt_num(work)} min of work; longest {longest.host_id or 'host'} = "
                f"{fmt_num(longest.final_sync_min)} + {fmt_num(longest.boot_min)} + "
                f"{fmt_num(longest.verify_min)} = {fmt_num(longest.total_min)} min",
                "info",
                {"hosts": len(host_estimates), "work_min": work, "longest_min": longest.total_min},
                (longest.host_id,) if longest.host_id else (),
            )
        )
    return lines


def _parallel_line(parallelism: int, lanes: float, extra_min: float, needed: float):
    """How the final syncs share the lanes, and the wave-level steps beside them."""
    return PlanFinding(
        "window_parallel",
        f"{parallelism} final syncs at once, longest first, then boot and checks (a host "
        f"after those it depends on) -> "
        f"{fmt_num(lanes)} min"
        + (f" + {fmt_num(extra_min)} min wave-level steps" if extra_min else "")
        + f" = {fmt_num(needed)} min needed",
        "info",
        {
            "parallelism": parallelism,
            "lanes_min": lanes,
            "extra_min": extra_min,
            "needed_min": needed,
        },
    )


def _slack_line(available: float, needed: float, slack_pct: float, status, amber_below_pct):
    """The slack and the colour it gives."""
    verdict = {
        "red": "does not fit",
        "amber": f"fits, under {fmt_num(amber_below_pct)} % spare",
        "green": f"fits with {fmt_num(amber_below_pct)} % or more spare",
    }[status]
    return PlanFinding(
        "window_slack",
        f"slack = ({fmt_num(available)} - {fmt_num(needed)}) / {fmt_num(available)} = "
        f"{fmt_num(slack_pct)} % -> {status}: {verdict}",
        "info" if status == "green" else ("warning" if status == "amber" else "error"),
        {"slack_pct": slack_pct, "status": status, "amber_below_pct": amber_below_pct},
    )


def window_feasibility(
    window_start: datetime | time,
    window_end: datetime | time,
    host_estimates: Sequence[HostEstimate],
    parallelism: int = 1,
    *,
    extra_min: float = 0.0,
    amber_below_pct: float = AMBER_BELOW_PCT,
    lanes_min: float | None = None,
) -> Feasibility:
    """Green, amber or red for one wave's window, with every number used. ``lanes_min``: the
    hosts' phase as the plan's timing module deals it (final syncs share the link's lanes,
    each host then boots and is checked off the lane); without it every host holds its lane
    for its whole time."""
    _check(host_estimates, parallelism, extra_min)
    available = window_minutes(window_start, window_end)
    lanes = cutover_minutes(host_estimates, parallelism) if lanes_min is None else lanes_min
    needed = lanes + extra_min
    slack_pct = (available - needed) / available * 100
    if needed > available:
        status: Status = "red"
    elif slack_pct < amber_below_pct:
        status = "amber"
    else:
        status = "green"

    lines = _window_and_work(window_start, window_end, available, host_estimates)
    lines.append(_parallel_line(parallelism, lanes, extra_min, needed))
    lines.append(_slack_line(available, needed, slack_pct, status, amber_below_pct))
    return Feasibility(status, needed, available, slack_pct, lines)

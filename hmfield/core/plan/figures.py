"""Numbers the plan shows: per-host cutover minutes, window feasibility per wave, sync times
over the planned link, and the Sync Proxies the agentless hosts need.

Pure functions over :class:`PlanInputs` (no writes), shared by the planning service, the
screens and the plan report so they all show the same figures.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from hmfield.core.errors import HmError
from hmfield.core.model.plan import Wave
from hmfield.core.plan.inputs import PlanInputs
from hmfield.core.plan.maths import (
    Feasibility,
    HostEstimate,
    PlanFinding,
    SyncEstimate,
    effective_mbps,
    estimate_sync,
    incremental_mib,
    window_feasibility,
)
from hmfield.core.plan.maths.bandwidth import transfer_hours

HOSTS_PER_PROXY = 100


@dataclass(frozen=True)
class HostMinutes:
    """One host's cutover minutes and which of them the engineer set (the rest computed)."""

    host_id: str
    final_sync_min: float
    boot_min: float
    verify_min: float
    edited: frozenset[str] = frozenset()

    @property
    def total_min(self) -> float:
        return self.final_sync_min + self.boot_min + self.verify_min

    def estimate(self) -> HostEstimate:
        return HostEstimate(self.final_sync_min, self.boot_min, self.verify_min, self.host_id)


@dataclass
class WaveFeasibility:
    wave: Wave
    position: int  # 0-based
    hosts: int
    data_mib: float
    result: Feasibility | None  # None: no cutover window
    findings: list[PlanFinding] = field(default_factory=list)

    @property
    def status(self) -> str:
        return self.result.status if self.result else "unknown"


def per_host_mbps(inputs: PlanInputs) -> float | None:
    """What one of ``concurrency`` hosts syncing at once gets; None without a bandwidth."""
    net = inputs.network
    if net is None or not net.bandwidth_mbps:
        return None
    concurrency = max(int(net.concurrency or 1), 1)
    mbps = effective_mbps(net.bandwidth_mbps, net.usable_share or 1.0, concurrency=concurrency)
    return mbps / concurrency


def host_minutes(inputs: PlanInputs, host_id: str, rate: float | None = None) -> HostMinutes:
    """Final incremental sync (data x daily change x interval / per-host bandwidth), boot and
    verification minutes; values the engineer stored win over the computed ones."""
    host = inputs.hosts[host_id]
    s, net = inputs.settings, inputs.network
    rate = per_host_mbps(inputs) if rate is None else rate
    if rate:
        changed = incremental_mib(
            host.data_mib, net.daily_change_rate or 0.0, s.incremental_interval_h or 0.0
        )
        final = transfer_hours(changed, rate) * 60
    else:
        final = 0.0
    values = {
        "final_sync_min": final,
        "boot_min": s.default_boot_min,
        "verify_min": s.default_verify_min,
    }
    edited = set()
    est = inputs.estimates.get(host_id)
    if est is not None:
        for key in values:
            if getattr(est, key) is not None:
                values[key] = float(getattr(est, key))
                edited.add(key)
    return HostMinutes(host_id, **values, edited=frozenset(edited))


def wave_hosts(inputs: PlanInputs, wave_id: str) -> list[str]:
    return [h.id for h in inputs.hosts.values() if h.wave_id == wave_id]


def wave_feasibility(inputs: PlanInputs, wave: Wave) -> WaveFeasibility:
    """Does this wave's cutover fit its window? (green / amber / red with the numbers)."""
    position = inputs.wave_order.get(wave.id, wave.order)
    ids = wave_hosts(inputs, wave.id)
    data = sum(inputs.hosts[h].data_mib for h in ids)
    out = WaveFeasibility(wave, position, len(ids), data, None)
    if wave.cutover_start is None or wave.cutover_end is None:
        out.findings.append(
            PlanFinding(
                "window_missing",
                f"wave {position + 1} has no cutover window",
                "warning",
                {"wave": position},
            )
        )
        return out
    rate = per_host_mbps(inputs)
    estimates = [host_minutes(inputs, h, rate).estimate() for h in ids]
    parallel = max(int(inputs.network.concurrency or 1), 1) if inputs.network else 1
    try:
        result = window_feasibility(
            wave.cutover_start,
            wave.cutover_end,
            estimates,
            parallel,
            extra_min=inputs.settings.wave_extra_min or 0.0,
        )
    except HmError as exc:
        out.findings.append(
            PlanFinding(
                "window_invalid", f"wave {position + 1}: {exc}", "error", {"wave": position}
            )
        )
        return out
    out.result = result
    params = {
        "wave": position,
        "needed_min": result.needed_min,
        "available_min": result.available_min,
        "slack_pct": result.slack_pct,
    }
    if result.status == "red":
        out.findings.append(
            PlanFinding(
                "window_red",
                f"wave {position + 1} does not fit its window",
                "error",
                params,
                tuple(ids),
            )
        )
    elif result.status == "amber":
        out.findings.append(
            PlanFinding(
                "window_amber", f"wave {position + 1} has under 20 % spare", "warning", params
            )
        )
    return out


@dataclass
class SyncSummary:
    """Sync over the planned link for all hosts, and per wave (hours)."""

    total_data_mib: float
    estimate: SyncEstimate | None
    per_wave: list[tuple[str, int, float, float]]  # wave name, hosts, data MiB, full sync h
    per_host_mbps: float | None
    problems: list[PlanFinding]
    lines: list[PlanFinding] = field(default_factory=list)  # the maths, in GiB, coded for wording


def sync_summary(inputs: PlanInputs) -> SyncSummary:
    net = inputs.network
    total = sum(h.data_mib for h in inputs.hosts.values())
    if net is None or not net.bandwidth_mbps:
        note = PlanFinding("no_bandwidth", "the network plan has no bandwidth", "warning")
        return SyncSummary(total, None, [], None, [note])
    concurrency = max(int(net.concurrency or 1), 1)
    est = estimate_sync(
        total,
        net.bandwidth_mbps,
        usable_share=net.usable_share or 1.0,
        concurrency=concurrency,
        daily_change_rate=net.daily_change_rate or 0.0,
        hours_since_last=inputs.settings.incremental_interval_h or 24.0,
    )
    per_wave = []
    for wave in inputs.waves:
        ids = wave_hosts(inputs, wave.id)
        data = sum(inputs.hosts[h].data_mib for h in ids)
        per_wave.append((wave.name, len(ids), data, transfer_hours(data, est.effective_mbps)))
    gib = 1024.0
    interval = inputs.settings.incremental_interval_h or 24.0
    lines = [
        PlanFinding(
            "sync_effective",
            f"effective bandwidth = {net.bandwidth_mbps} Mbps x {net.usable_share} = {est.effective_mbps:.1f} Mbps",
            "info",
            {
                "bandwidth_mbps": float(net.bandwidth_mbps),
                "usable_share": float(net.usable_share or 1.0),
                "effective_mbps": est.effective_mbps,
                "concurrency": concurrency,
                "per_host_mbps": est.effective_mbps / concurrency,
            },
        ),
        PlanFinding(
            "sync_full",
            f"full sync = {total / gib:.1f} GiB / {est.effective_mbps:.1f} Mbps = {est.full_hours:.1f} h",
            "info",
            {
                "data_gib": total / gib,
                "effective_mbps": est.effective_mbps,
                "hours": est.full_hours,
            },
        ),
        PlanFinding(
            "sync_change",
            f"change per {interval:g} h = {est.incremental_mib / gib:.1f} GiB",
            "info",
            {
                "data_gib": total / gib,
                "rate_pct": (net.daily_change_rate or 0.0) * 100,
                "interval_h": float(interval),
                "change_gib": est.incremental_mib / gib,
            },
        ),
        PlanFinding(
            "sync_incremental",
            f"incremental sync = {est.incremental_hours * 60:.1f} min",
            "info",
            {
                "change_gib": est.incremental_mib / gib,
                "effective_mbps": est.effective_mbps,
                "minutes": est.incremental_hours * 60,
            },
        ),
    ]
    return SyncSummary(total, est, per_wave, per_host_mbps(inputs), list(est.problems), lines)


def proxies_needed(inputs: PlanInputs, host_ids=None) -> dict[str, tuple[int, int]]:
    """platform -> (agentless hosts, Sync Proxies needed at 100 hosts each)."""
    counts = inputs.agentless_by_platform(host_ids)
    return {p: (n, math.ceil(n / HOSTS_PER_PROXY)) for p, n in sorted(counts.items())}

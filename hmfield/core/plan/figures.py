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
    PlanFinding,
    SyncEstimate,
    estimate_sync,
    window_feasibility,
)
from hmfield.core.plan.maths.notes import fmt_minutes, fmt_num
from hmfield.core.plan.timing import (
    HostTiming,
    PlanTiming,
    WaveTiming,
    alternative_timing,
    host_timing,
    moved_apart,
    plan_timing,
    sync_policy,
    wave_host_ids,
    wave_timing,
)

HOSTS_PER_PROXY = 100


# One host's cutover minutes: the timing module's figures (kept under the old name).
HostMinutes = HostTiming


@dataclass
class WaveFeasibility:
    wave: Wave
    position: int  # 0-based
    hosts: int
    data_mib: float
    result: Feasibility | None  # None: no cutover window
    findings: list[PlanFinding] = field(default_factory=list)
    timing: WaveTiming | None = None  # the minutes the runbook plans for this wave

    @property
    def status(self) -> str:
        return self.result.status if self.result else "unknown"

    @property
    def end_known(self) -> bool:
        """False while a step's minutes are unknown: the wave's length is a lower bound."""
        return self.timing is None or self.timing.known

    @property
    def unknown_steps(self) -> int:
        """How many runbook steps of the wave have unknown minutes (the runbook's count)."""
        return len(self.timing.unknown_steps) if self.timing is not None else 0


def unknown_params(timing: WaveTiming) -> dict:
    """The count, the lower bound and the missing inputs of a wave's unknown steps."""
    steps = timing.unknown_steps
    inputs = sorted({m for missing in steps.values() for m in missing})
    return {"count": len(steps), "needed_min": float(timing.cutover_min), "inputs": inputs}


def per_host_mbps(inputs: PlanInputs) -> float | None:
    """What one of ``concurrency`` hosts syncing at once gets; None without a bandwidth."""
    return sync_policy(inputs).stream_mbps


def host_minutes(inputs: PlanInputs, host_id: str, rate: float | None = None) -> HostTiming:
    """Final incremental sync, boot and verification minutes (``timing.host_timing``); values
    the engineer stored win over the computed ones. ``rate`` is ignored (kept for callers).
    A host HyperMotion does not move (``timing.moved_apart``) shows what the plan counts for
    it (``apart``): its last copy by its alternative plan in the sync column (the engineer's
    estimate, else unknown), no boot of HyperMotion's, its verification, and its freeze and
    switch in ``other_min``: the total is the window minutes the check counts for it."""
    if host_id in inputs.hosts and moved_apart(inputs, [host_id]):
        copy = alternative_timing(inputs, host_id)
        return HostTiming(
            host_id,
            copy.size_mib,
            None,
            None,
            None if copy.missing else copy.final_copy_min,
            0.0,
            copy.verify_min,
            edited=frozenset() if copy.missing else frozenset({"final_sync_min"}),
            missing=copy.missing,
            other_min=copy.freeze_min + copy.switch_min,
            apart=True,
        )
    return host_timing(inputs, host_id)


def wave_hosts(inputs: PlanInputs, wave_id: str) -> list[str]:
    return wave_host_ids(inputs, wave_id)


def wave_feasibility(
    inputs: PlanInputs, wave: Wave, plan: PlanTiming | None = None
) -> WaveFeasibility:
    """Does this wave's cutover fit its window? (green / amber / red with the numbers).
    ``plan``: every wave's timing of these inputs, read once by a caller checking every
    wave (``timing.plan_timing``: the same figures, without a scan of all hosts per wave)."""
    position = inputs.wave_order.get(wave.id, wave.order)
    if plan is not None and wave.id in plan.waves:
        ids, timing = wave_host_ids(inputs, wave.id, plan.index), plan.waves[wave.id]
    else:
        ids, timing = wave_hosts(inputs, wave.id), wave_timing(inputs, wave.id)
    # the wave's data: its hosts and its non-host objects (NAS shares, databases)
    out = WaveFeasibility(wave, position, len(ids), timing.data_mib, None, timing=timing)
    missing = _missing_input(wave, timing, position)
    if missing is not None:
        out.findings.append(missing)
        return out
    try:
        out.result = _fit(inputs, wave, timing)
    except HmError as exc:
        out.findings.append(
            PlanFinding(
                "window_invalid", f"wave {position + 1}: {exc}", "error", {"wave": position}
            )
        )
        return out
    out.findings += _fit_findings(out.result, position, ids)
    return out


def _missing_input(wave: Wave, timing, position: int) -> PlanFinding | None:
    """Why the fit cannot be judged: no cutover window, or a step's minutes unknown (never
    "0 min, fits")."""
    if wave.cutover_start is None or wave.cutover_end is None:
        return PlanFinding(
            "window_missing",
            f"wave {position + 1} has no cutover window",
            "warning",
            {"wave": position},
        )
    if timing.known:
        return None
    params = {"wave": position, **unknown_params(timing)}
    return PlanFinding(
        "final_sync_unknown",
        f"wave {position + 1}: {params['count']} steps have unknown minutes "
        f"({', '.join(params['inputs'])}): at least {fmt_minutes(timing.cutover_min)} min",
        "warning",
        params,
        tuple(k.split(":", 1)[1] for k in timing.unknown_steps),
    )


def _fit(inputs: PlanInputs, wave: Wave, timing):
    """The window check of the wave's hosts on the concurrent streams, with the runbook's
    wave-level steps, system checks and objects beside the lanes."""
    estimates = [t.estimate() for t in timing.hosts.values()]
    result = window_feasibility(
        wave.cutover_start,
        wave.cutover_end,
        estimates,
        sync_policy(inputs).concurrency,
        extra_min=round(max(timing.cutover_min - timing.lanes_min, 0.0), 6),  # no 139.99999
        lanes_min=timing.lanes_min,  # the timing module's lanes (the runbook's)
    )
    apart = _apart_line(timing)
    if apart is not None:  # after the hosts' work: what else the window holds beside them
        result.lines.insert(min(2, len(result.lines)), apart)
    return result


def _apart_line(timing: WaveTiming) -> PlanFinding | None:
    """The window's members moved by their own tool (non-host objects, and hosts HyperMotion
    does not move): how many, and the longest, beside the syncs (in the wave-level steps)."""
    moving = {k: t for k, t in timing.objects.items() if t.in_window}
    if not moving:
        return None
    longest = max(moving, key=lambda k: moving[k].window_min)
    minutes = moving[longest].window_min
    text = (
        f"{len(moving)} moved by their own tool (freeze + copy + verify + switch), beside the"
        f" syncs: longest {longest} = {fmt_num(minutes)} min"
    )
    params = {"count": len(moving), "member": longest, "longest_min": minutes}
    return PlanFinding("window_apart", text, "info", params)


def _fit_findings(result, position: int, ids) -> list[PlanFinding]:
    params = {
        "wave": position,
        "needed_min": result.needed_min,
        "available_min": result.available_min,
        "slack_pct": result.slack_pct,
    }
    if result.status == "red":
        msg = f"wave {position + 1} does not fit its window"
        return [PlanFinding("window_red", msg, "error", params, tuple(ids))]
    if result.status == "amber":
        msg = f"wave {position + 1} has under 20 % spare"
        return [PlanFinding("window_amber", msg, "warning", params)]
    return []


def feasibility_line(feas: WaveFeasibility, *, cell: bool = False) -> PlanFinding:
    """One wave's check as a coded line (``PlanMessages.text`` words it in zh or en): what
    ``plan check`` prints per wave and the Waves table's feasibility cell (``cell``)."""
    suffix = "_cell" if cell else ""
    params: dict = {"name": feas.wave.name, "hosts": feas.hosts}
    r = feas.result
    if r is not None:
        params |= {
            "status": r.status,
            "needed_min": float(r.needed_min),
            "available_min": float(r.available_min),
            "slack_pct": float(r.slack_pct),
        }
        text = f"{feas.wave.name}: {r.status} - {fmt_minutes(r.needed_min)} of {fmt_minutes(r.available_min)} min"
        return PlanFinding("check_wave_fit" + suffix, text, "info", params)
    if feas.timing is not None and not feas.timing.known and feas.wave.cutover_start:
        params |= unknown_params(feas.timing)
        text = (
            f"{feas.wave.name}: unknown - at least {fmt_minutes(feas.timing.cutover_min)} min, "
            f"{params['count']} steps unknown ({feas.hosts} hosts)"
        )
        return PlanFinding("check_wave_unknown" + suffix, text, "warning", params)
    text = f"{feas.wave.name}: no cutover window ({feas.hosts} hosts)"
    return PlanFinding("check_wave_no_window" + suffix, text, "warning", params)


@dataclass
class SyncSummary:
    """Sync over the planned link for all hosts, and per wave (hours)."""

    total_data_mib: float
    estimate: SyncEstimate | None
    per_wave: list[tuple[str, int, float, float]]  # wave name, hosts, data MiB, full sync h
    per_host_mbps: float | None
    problems: list[PlanFinding]
    lines: list[PlanFinding] = field(default_factory=list)  # the maths, in GiB, coded for wording


def _sync_lines(net, est, total: float, interval: float, concurrency: int) -> list[PlanFinding]:
    """How the sync figures were worked out: effective bandwidth, full sync, the change per
    final interval and the incremental sync, each with its values."""
    gib = 1024.0
    return [
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


def sync_summary(inputs: PlanInputs, timing: PlanTiming | None = None) -> SyncSummary:
    """Full and incremental sync of every host and non-host object over the planned link; per
    wave the full syncs dealt on the concurrent streams (``timing.wave_timing``; ``timing``:
    every wave's timing of these inputs, when the caller has it)."""
    net = inputs.network
    total = sum(h.data_mib for h in inputs.hosts.values())
    total += sum(float(o.size_mib or 0.0) for o in inputs.objects.values())
    if net is None or not net.bandwidth_mbps:
        note = PlanFinding(
            "no_bandwidth",
            "the network plan has no bandwidth; full and final sync times are unknown",
            "warning",
        )
        return SyncSummary(total, None, [], None, [note])
    policy = sync_policy(inputs)
    concurrency = policy.concurrency
    est = estimate_sync(
        total,
        net.bandwidth_mbps,
        usable_share=net.usable_share or 1.0,
        concurrency=concurrency,
        daily_change_rate=net.daily_change_rate or 0.0,
        hours_since_last=policy.final_interval_h,
    )
    per_wave = []
    waves = (timing or plan_timing(inputs)).waves
    for wave in inputs.waves:
        t = waves[wave.id]
        per_wave.append((wave.name, t.host_count, t.data_mib, t.full_sync_min / 60))
    lines = _sync_lines(net, est, total, policy.final_interval_h, concurrency)
    return SyncSummary(total, est, per_wave, per_host_mbps(inputs), list(est.problems), lines)


def proxies_needed(inputs: PlanInputs, host_ids=None) -> dict[str, tuple[int, int]]:
    """platform -> (agentless hosts, Sync Proxies needed at 100 hosts each)."""
    counts = inputs.agentless_by_platform(host_ids)
    return {p: (n, math.ceil(n / HOSTS_PER_PROXY)) for p, n in sorted(counts.items())}

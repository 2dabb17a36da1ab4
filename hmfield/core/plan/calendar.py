"""The transfer calendar: full syncs and incrementals turned into dates.

From a start (``PlanSettings.sync_start``, else the project's planned start at midnight in
the plan's zone), the network plan and the wave order, every host's full sync (and every
non-host object's first copy) is put on the shared link (``maths.link``): at most
``concurrency`` at once, sharing the link equally (a transfer that ends frees its share for
the others; an object's tool never above its rate), waves in order, longest first.
Agentless hosts also hold a Sync Proxy slot (100 hosts each, ``PlanSettings.proxies``) from
their full sync until their wave's cutover ends, so a wave may have to wait for an earlier
wave to free slots.

After its full sync a host runs incrementals every ``sync_interval_h`` until
``raise_before_h`` before its cutover, then every final interval (the final delta the window
check plans). Changes do not depend on the interval, so the link load of all incrementals is
the data being protected x daily change rate, checked against the link at each cutover.

Checks: a wave's full sync must end before its drill window and its cutover window; cutover
windows must not overlap; a full sync running in another wave's cutover window competes with
that wave's final delta. Findings carry the dates in the plan's zone, the zone named.
Durations come from :mod:`hmfield.core.plan.timing`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from hmfield.core.plan.figures import HOSTS_PER_PROXY
from hmfield.core.plan.inputs import PlanInputs
from hmfield.core.plan.maths.bandwidth import BITS_PER_MIB, BITS_PER_SECOND_PER_MBPS, MBIT_PER_MIB
from hmfield.core.plan.maths.link import LinkShare
from hmfield.core.plan.maths.notes import PlanFinding
from hmfield.core.plan.timing import (
    PlanTiming,
    SyncPolicy,
    WaveTiming,
    fmt_local,
    plan_timing,
    timing_defaults,
    zone,
)

if TYPE_CHECKING:
    from hmfield.core.model.plan import Wave


@dataclass(frozen=True)
class ItemSync:
    """One host's (or object's) full sync on the link and its incrementals after it."""

    node_id: str
    kind: str  # host | object
    wave_id: str
    full_start: datetime
    full_end: datetime
    regular_runs: int  # incrementals at the regular interval
    final_runs: int  # incrementals at the final interval, right before cutover


@dataclass
class WaveCalendar:
    wave_id: str
    position: int
    name: str
    hosts: int
    data_mib: float
    full_start: datetime | None
    full_end: datetime | None
    full_sync_min: float  # full_end - full_start
    drill_start: datetime | None
    drill_end: datetime | None
    cutover_start: datetime | None
    cutover_end: datetime | None
    observation_end: datetime | None
    cutover_min: float  # what the runbook plans (timing)
    waited_for_proxies: bool = False
    incremental_load_pct: float | None = None  # link used by incrementals at its cutover
    late: list[str] = field(default_factory=list)  # "drill" and/or "cutover"

    @property
    def status(self) -> str:
        if self.full_end is None:
            return "unknown"
        return "late" if self.late else "ok"


@dataclass
class TransferCalendar:
    start: datetime | None
    timezone: str
    waves: list[WaveCalendar]
    items: dict[str, ItemSync]
    findings: list[PlanFinding]

    @property
    def end(self) -> datetime | None:
        ends = [w.observation_end or w.cutover_end or w.full_end for w in self.waves]
        ends = [e for e in ends if e is not None]
        return max(ends, default=None)


def calendar_start(inputs: PlanInputs, planned_start: date | None = None) -> datetime | None:
    """The stored start, else the project's planned start at 00:00 in the plan's zone."""
    stored = getattr(inputs.settings, "sync_start", None)
    if stored is not None:
        return stored
    if planned_start is None:
        return None
    tz = zone(inputs.settings.timezone)
    return datetime.combine(planned_start, time(0, 0), tzinfo=tz)


def _finding(code: str, text: str, severity, params: dict, nodes=()) -> PlanFinding:
    return PlanFinding(code, text, severity, params, tuple(nodes))


def _proxy_wait(
    held: list[tuple[datetime, int]], need: int, capacity: int | None, earliest: datetime
) -> tuple[datetime, bool]:
    """When ``need`` more agentless hosts fit next to the ``held`` (release time, hosts)."""
    if capacity is None or need == 0:
        return earliest, False
    releases = sorted(held)
    in_use = sum(n for t, n in releases if t > earliest)
    if in_use + need <= capacity:
        return earliest, False
    for t, n in releases:
        if t <= earliest:
            continue
        in_use -= n
        if in_use + need <= capacity:
            return t, True
    return earliest, True  # more than the whole pool: the proposal's capacity check says so


def _runs(full_end: datetime, cutover: datetime | None, p) -> tuple[int, int]:
    if cutover is None or cutover <= full_end:
        return 0, 0
    raise_at = max(cutover - timedelta(hours=p.raise_before_h), full_end)
    regular = math.floor((raise_at - full_end) / timedelta(hours=p.regular_interval_h))
    final = math.ceil((cutover - raise_at) / timedelta(hours=p.final_interval_h))
    return max(regular, 0), max(final, 0)


def transfer_calendar(
    inputs: PlanInputs,
    planned_start: date | None = None,
    timing: PlanTiming | None = None,
) -> TransferCalendar:
    """Schedule every full sync and incremental on the link (see the module docstring)."""
    timing = timing or plan_timing(inputs)
    p, tz_name = timing.policy, inputs.settings.timezone or "UTC"
    start = calendar_start(inputs, planned_start)
    findings: list[PlanFinding] = []
    if start is None or not p.link_mbps:
        code = "calendar_no_start" if start is None else "calendar_no_link"
        text = "no start date for the transfer calendar" if start is None else "no bandwidth"
        findings.append(_finding(code, text, "warning", {}))
        return TransferCalendar(start, tz_name, [], {}, findings)
    link = LinkShare(p.link_mbps, p.concurrency)
    px = inputs.settings.proxies
    capacity = px * HOSTS_PER_PROXY if px else None
    held: list[tuple[datetime, int]] = []
    placed: list[tuple[Wave, WaveTiming, list[tuple[str, str]], bool]] = []
    for wave in inputs.waves:
        wt = timing.waves[wave.id]
        agentless = sum(1 for h in wt.hosts if inputs.hosts[h].agentless)
        earliest, waited = _proxy_wait(held, agentless, capacity, start)
        mine = _put_on_link(wt, link, (earliest - start) / timedelta(minutes=1))
        # the proxies are held until the cutover ends (else until the full syncs would end)
        release = wave.cutover_end or start + timedelta(minutes=link.end_of(k for k, _ in mine))
        held.append((release, agentless))
        placed.append((wave, wt, mine, waited))
    spans = link.spans()
    items: dict[str, ItemSync] = {}
    waves: list[WaveCalendar] = []
    for wave, wt, mine, waited in placed:
        synced = [_item(node, kind, wave, spans[node], start, p) for node, kind in mine]
        items.update((i.node_id, i) for i in synced)
        full_start = min((i.full_start for i in synced), default=None)
        full_end = max((i.full_end for i in synced), default=None)
        waves.append(_wave_calendar(wave, wt, full_start, full_end, p, waited))
    cal = TransferCalendar(start, tz_name, waves, items, findings)
    _check(cal, inputs, timing)
    return cal


def _put_on_link(wt: WaveTiming, link: LinkShare, earliest_min: float) -> list[tuple[str, str]]:
    """Add a wave's full syncs (hosts) and first copies (objects, at most their tool's rate)
    to the link, longest first, none before ``earliest_min`` (a free proxy): (node, kind)
    in the order added."""
    work = [(h, "host", t.data_mib * MBIT_PER_MIB, None) for h, t in wt.hosts.items()]
    work += [(o, "object", t.size_mib * MBIT_PER_MIB, t.tool_mbps) for o, t in wt.objects.items()]
    work.sort(key=lambda x: -x[2])
    for node, _kind, mbit, cap in work:
        link.add(node, mbit, earliest_min, cap)
    return [(node, kind) for node, kind, _, _ in work]


def _item(node: str, kind: str, wave: Wave, span: tuple[float, float], start: datetime, p):
    """One transfer's dates, and the incrementals that follow it up to the cutover."""
    begin, end = (start + timedelta(minutes=m) for m in span)
    regular, final = _runs(end, wave.cutover_start, p)
    return ItemSync(node, kind, wave.id, begin, end, regular, final)


def _wave_calendar(
    wave: Wave,
    wt: WaveTiming,
    full_start: datetime | None,
    full_end: datetime | None,
    p: SyncPolicy,
    waited: bool,
) -> WaveCalendar:
    obs = wave.cutover_end + timedelta(hours=p.observation_h) if wave.cutover_end else None
    return WaveCalendar(
        wave.id,
        wt.position,
        wave.name,
        wt.host_count,
        wt.data_mib,
        full_start,
        full_end,
        (full_end - full_start).total_seconds() / 60 if full_start else 0.0,
        wave.drill_start,
        wave.drill_end,
        wave.cutover_start,
        wave.cutover_end,
        obs,
        wt.cutover_min,
        waited,
    )


def _check(cal: TransferCalendar, inputs: PlanInputs, timing: PlanTiming) -> None:
    _late_syncs(cal)
    windows = sorted(
        (w for w in cal.waves if w.cutover_start and w.cutover_end), key=lambda w: w.cutover_start
    )
    _overlapping_cutovers(cal, windows)
    _syncs_in_cutovers(cal, windows)
    _incremental_load(cal, inputs, timing, timing.policy)


def _late_syncs(cal: TransferCalendar) -> None:
    """A full sync that ends after its wave's drill or cutover starts, or that waits for Sync
    Proxy slots."""
    tz = cal.timezone
    for w in cal.waves:
        if w.full_end is None:
            continue
        base = {"wave": w.position, "full_end": fmt_local(w.full_end, tz)}
        for kind in ("drill", "cutover"):
            begin = getattr(w, f"{kind}_start")
            if begin is not None and w.full_end > begin:
                w.late.append(kind)
                late_min = (w.full_end - begin).total_seconds() / 60
                cal.findings.append(
                    _finding(
                        f"calendar_late_{kind}",
                        f"wave {w.position + 1}: full sync ends {base['full_end']}, after its "
                        f"{kind} window starts {fmt_local(begin, tz)}",
                        "error",
                        {**base, "window_start": fmt_local(begin, tz), "late_min": late_min},
                    )
                )
        if w.waited_for_proxies:
            cal.findings.append(
                _finding(
                    "calendar_waits_proxies",
                    f"wave {w.position + 1}: full sync waits for Sync Proxy slots until "
                    f"{fmt_local(w.full_start, tz)}",
                    "warning",
                    {"wave": w.position, "full_start": fmt_local(w.full_start, tz)},
                )
            )


def _overlapping_cutovers(cal: TransferCalendar, windows: list[WaveCalendar]) -> None:
    """Two waves' cutover windows that overlap (``windows`` in order of start)."""
    tz = cal.timezone
    for a, b in zip(windows, windows[1:], strict=False):
        if b.cutover_start < a.cutover_end:
            cal.findings.append(
                _finding(
                    "calendar_cutover_overlap",
                    f"cutover windows of waves {a.position + 1} and {b.position + 1} overlap "
                    f"({fmt_local(b.cutover_start, tz)} - {fmt_local(a.cutover_end, tz)})",
                    "warning",
                    {
                        "wave": a.position,
                        "other_wave": b.position + 1,
                        "start": fmt_local(b.cutover_start, tz),
                        "end": fmt_local(a.cutover_end, tz),
                    },
                )
            )


def _syncs_in_cutovers(cal: TransferCalendar, windows: list[WaveCalendar]) -> None:
    """A wave's full sync running during another wave's cutover: they share the link."""
    tz = cal.timezone
    for w in cal.waves:
        if w.full_start is None:
            continue
        for other in windows:
            if other is w:
                continue
            if w.full_start < other.cutover_end and other.cutover_start < w.full_end:
                cal.findings.append(
                    _finding(
                        "calendar_sync_in_cutover",
                        f"wave {w.position + 1}'s full sync runs during wave "
                        f"{other.position + 1}'s cutover window "
                        f"({fmt_local(other.cutover_start, tz)}); they share the link",
                        "warning",
                        {
                            "wave": w.position,
                            "other_wave": other.position + 1,
                            "start": fmt_local(other.cutover_start, tz),
                        },
                    )
                )


def _incremental_load(cal: TransferCalendar, inputs: PlanInputs, timing: PlanTiming, p) -> None:
    """Link share the incrementals of every protected item need at each wave's cutover."""
    link_mib_per_h = p.link_mbps * BITS_PER_SECOND_PER_MBPS * 3600 / BITS_PER_MIB
    ends = {w.wave_id: w.cutover_end for w in cal.waves}
    sizes: dict[str, float] = {}
    for wt in timing.waves.values():
        sizes.update({h: t.data_mib for h, t in wt.hosts.items()})
        sizes.update({o: t.size_mib for o, t in wt.objects.items()})
    for w in cal.waves:
        if w.cutover_start is None:
            continue
        t = w.cutover_start
        protected = sum(
            sizes.get(i.node_id, 0.0)
            for i in cal.items.values()
            if i.full_end <= t and (ends.get(i.wave_id) is None or ends[i.wave_id] > t)
        )
        pct = protected * p.daily_change_rate / 24 / link_mib_per_h * 100
        w.incremental_load_pct = pct
        if pct > 100:
            cal.findings.append(
                _finding(
                    "calendar_incremental_overload",
                    f"at wave {w.position + 1}'s cutover incrementals need {pct:.0f} % of the link",
                    "error",
                    {"wave": w.position, "load_pct": pct},
                )
            )


def time_findings(
    inputs: PlanInputs, planned_start: date | None = None, timing: PlanTiming | None = None
) -> list[PlanFinding]:
    """What ``plan check`` adds about time: the calendar's findings (when there are waves) and
    a final interval long enough to carry hours of change into the window (``timing``: every
    wave's timing of these inputs, when the caller has it)."""
    timing = timing or plan_timing(inputs)
    out: list[PlanFinding] = []
    limit = timing_defaults().warn_final_interval_h
    if timing.policy.final_interval_h > limit:
        hours = timing.policy.final_interval_h
        out.append(
            _finding(
                "final_interval_long",
                f"the incremental interval before cutover is {hours:g} h",
                "warning",
                {"interval_h": hours},
            )
        )
    if inputs.waves:
        out.extend(transfer_calendar(inputs, planned_start, timing).findings)
    return out


def read_calendar(ctx, inputs=None, timing: PlanTiming | None = None) -> TransferCalendar:
    """The transfer calendar of the stored plan (what the Waves screen shows); ``inputs``: the
    plan inputs the caller has just read (not read a second time), ``timing``: their waves'
    timing, when the caller has it."""
    from sqlmodel import select

    from hmfield.core.model.project import Project
    from hmfield.core.plan.inputs import load_plan_inputs

    with ctx.read() as s:
        inputs = inputs if inputs is not None else load_plan_inputs(s)
        project = s.exec(select(Project)).first()
    return transfer_calendar(inputs, project.planned_start if project else None, timing)

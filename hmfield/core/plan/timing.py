"""Time in the plan, computed once: the one planning module every duration comes from.

Per host: full sync (data in use / its share of the link), regular incremental, the final
delta (change over the interval right before cutover, default 1 h, never under HyperMotion's
5-minute RPO), boot and verification. Per non-host object (NAS, database, bucket): the tool's
first copy and its last copy in the cutover window; a host HyperMotion does not move (mode
"alternative" or "none", e.g. an ARM server) as such an object, never on a sync lane. Per
wave: the hosts dealt longest first onto ``concurrency`` lanes (the lanes the runbook
plans), each launched after the hosts and objects it depends on (``maths.order``, as the
runbook orders them), the objects beside them, and the wave-level runbook steps before and
after (``resources/plan/timing.yaml``).

The window check (``figures.wave_feasibility``), the runbook generator, the live forecast (it
runs on the runbook's planned minutes), the transfer calendar and every report read these
figures; ``tests/core/plan/test_timing_agreement.py`` says they agree.

Rates: the link's usable part (bandwidth x usable share) carries ``concurrency`` syncs at
once. In the cutover window every lane syncs at once, so a host's final sync (and an
object's copies, its tool when slower) is planned at ``link / concurrency``. Full syncs share
the link as ``maths.link`` does: a sync that ends frees its share for the others, so a wave
alone on the link moves its data in data / link (a lone large VM is not held to an eighth
of the line); the transfer calendar puts every wave's full syncs on one such link.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from hmfield.core.errors import InputError
from hmfield.core.model.enums import MigrationMode, RecommendedMode
from hmfield.core.plan.inputs import PlanInputs
from hmfield.core.plan.maths.bandwidth import (
    MBIT_PER_MIB,
    effective_mbps,
    incremental_mib,
    transfer_hours,
)
from hmfield.core.plan.maths.link import makespan
from hmfield.core.plan.maths.order import ProviderLink, provider_links
from hmfield.core.plan.maths.windows import HostEstimate
from hmfield.core.yamltext import load_yaml
from hmfield.paths import resource_path

HOST_FIELDS = ("final_sync_min", "boot_min", "verify_min")


# -- defaults (resources/plan/timing.yaml) ---------------------------------------------------
@dataclass(frozen=True)
class TimingDefaults:
    final_interval_h: float
    min_interval_min: float
    final_floor_min: float
    warn_final_interval_h: float
    regular_interval_h: float
    raise_before_h: float
    observation_h: float
    wave_steps: Mapping[str, float]
    object_freeze_min: float
    object_verify_min: float
    object_switch_min: float
    tools: Mapping[str, tuple[float, bool]]  # tool -> (Mbps, copies changes only)
    replicated_kinds: frozenset[str] = frozenset()


@lru_cache(maxsize=2)
def timing_defaults(path: str | None = None) -> TimingDefaults:
    src = path or str(resource_path("plan", "timing.yaml"))
    try:
        with open(src, encoding="utf-8") as fh:
            doc = load_yaml(fh)
        sync, objects = doc["sync"], doc["objects"]
        return TimingDefaults(
            final_interval_h=float(sync["final_interval_h"]),
            min_interval_min=float(sync["min_interval_min"]),
            final_floor_min=float(sync["final_floor_min"]),
            warn_final_interval_h=float(sync["warn_final_interval_h"]),
            regular_interval_h=float(sync["regular_interval_h"]),
            raise_before_h=float(sync["raise_before_h"]),
            observation_h=float(sync["observation_h"]),
            wave_steps={k: float(v) for k, v in doc["wave_steps"].items()},
            object_freeze_min=float(objects["freeze_min"]),
            object_verify_min=float(objects["verify_min"]),
            object_switch_min=float(objects["switch_min"]),
            tools={
                k: (float(v["mbps"]), bool(v["changes_only"])) for k, v in objects["tools"].items()
            },
            replicated_kinds=frozenset(objects.get("replicated_kinds") or ()),
        )
    except OSError as exc:
        raise InputError(f"cannot read timing defaults: {exc.strerror}", file=src) from None
    except (yaml.YAMLError, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise InputError(f"timing defaults are malformed: {exc}", file=src) from None


# -- words for durations and times --------------------------------------------------------
def fmt_duration(minutes: float | None, lang: str = "en") -> str:
    """``305`` -> "5 h 05 min" (en) / "5 小时 05 分" (zh); under an hour "42 min"; days for
    two days and more ("3 d 04 h")."""
    if minutes is None or math.isnan(minutes):
        return "-"
    zh = lang.lower().startswith("zh")
    total = int(round(minutes))
    sign = "-" if total < 0 else ""
    total = abs(total)
    days, rest = divmod(total, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days >= 2:
        return f"{sign}{days} 天 {hours:02d} 小时" if zh else f"{sign}{days} d {hours:02d} h"
    hours += days * 24
    if hours:
        return f"{sign}{hours} 小时 {mins:02d} 分" if zh else f"{sign}{hours} h {mins:02d} min"
    return f"{sign}{mins} 分钟" if zh else f"{sign}{mins} min"


def zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def fmt_local(value: datetime | None, tz_name: str | None, *, named: bool = True) -> str:
    """An aware time in the project's zone, the zone named: "2026-12-12 22:00 Asia/Shanghai"."""
    if value is None:
        return "-"
    local = value.astimezone(zone(tz_name))
    text = f"{local:%Y-%m-%d %H:%M}"
    return f"{text} {tz_name or 'UTC'}" if named else text


# -- the sync policy ----------------------------------------------------------------------
@dataclass(frozen=True)
class SyncPolicy:
    """What every duration is computed from: the link, its sharing and the intervals."""

    link_mbps: float | None  # effective: bandwidth x usable share; None without a network plan
    concurrency: int
    daily_change_rate: float
    final_interval_h: float
    regular_interval_h: float
    raise_before_h: float
    observation_h: float
    final_floor_min: float  # no final incremental is planned shorter (one sync cycle)
    boot_min: float
    verify_min: float
    dns_min: float
    wave_steps: Mapping[str, float]

    @property
    def stream_mbps(self) -> float | None:
        """What one of ``concurrency`` streams gets."""
        return self.link_mbps / self.concurrency if self.link_mbps else None


def sync_policy(inputs: PlanInputs) -> SyncPolicy:
    s, net, d = inputs.settings, inputs.network, timing_defaults()
    link = None
    if net is not None and net.bandwidth_mbps:
        link = effective_mbps(net.bandwidth_mbps, net.usable_share or 1.0)
    interval = s.incremental_interval_h
    interval = d.final_interval_h if interval is None else float(interval)
    return SyncPolicy(
        link_mbps=link,
        concurrency=max(int(net.concurrency or 1), 1) if net else 1,
        daily_change_rate=float(net.daily_change_rate or 0.0) if net else 0.0,
        final_interval_h=max(interval, d.min_interval_min / 60),
        regular_interval_h=float(getattr(s, "sync_interval_h", None) or d.regular_interval_h),
        raise_before_h=d.raise_before_h,
        observation_h=float(getattr(s, "observation_h", None) or d.observation_h),
        final_floor_min=d.final_floor_min,
        boot_min=float(s.default_boot_min or 0.0),
        verify_min=float(s.default_verify_min or 0.0),
        dns_min=float(s.wave_extra_min or 0.0),
        wave_steps=d.wave_steps,
    )


def _floored(final_min: float | None, floor: float) -> float | None:
    """A final incremental is a whole sync cycle (snapshot, changed blocks, hand-over) even
    when the delta is a few MiB: never planned under the floor; unknown stays unknown."""
    return None if final_min is None else max(final_min, floor)


def _minutes(data_mib: float, mbps: float | None) -> float:
    return transfer_hours(data_mib, mbps) * 60 if mbps else 0.0


# -- hosts ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class HostTiming:
    """One host's minutes; ``edited`` names the cutover figures the engineer set. A figure the
    inputs cannot give is None (unknown, never 0) and ``missing`` names the input ("bandwidth":
    the network plan has none)."""

    host_id: str
    data_mib: float
    full_sync_min: float | None
    incremental_min: float | None  # one regular incremental
    final_sync_min: float | None
    boot_min: float
    verify_min: float
    edited: frozenset[str] = frozenset()
    missing: tuple[str, ...] = ()
    # a host HyperMotion does not move (figures.host_minutes): its own tool's freeze and
    # switch minutes, beside its last copy (final_sync_min) and verification (verify_min)
    other_min: float = 0.0
    apart: bool = False

    @property
    def known(self) -> bool:
        """True when the final sync (the one figure of the window) is known."""
        return self.final_sync_min is not None

    @property
    def total_min(self) -> float | None:
        """Minutes of the host in the cutover window (its lane holds only the final sync; a
        host moved apart: its object steps, ``ObjectTiming.window_min``); None while the
        final sync is unknown."""
        if self.final_sync_min is None:
            return None
        return self.final_sync_min + self.boot_min + self.verify_min + self.other_min

    def estimate(self) -> HostEstimate:
        """The window maths' input (an unknown final sync counts as 0: a lower bound, and
        ``figures.wave_feasibility`` says the check is unknown)."""
        return HostEstimate(
            self.final_sync_min or 0.0, self.boot_min, self.verify_min, self.host_id
        )

    def runbook_minutes(self) -> dict[str, float]:
        """The runbook's per-host phases: sync, start (boot), verify (boot check). An unknown
        final sync plans 0 (a lower bound) and its step carries ``duration_unknown``
        (:func:`unknown_step_keys`), printed "unknown", never a made-up figure."""
        return {
            "sync": self.final_sync_min or 0.0,
            "start": self.boot_min,
            "verify": self.verify_min,
        }


def host_timing(inputs: PlanInputs, host_id: str, policy: SyncPolicy | None = None) -> HostTiming:
    p = policy or sync_policy(inputs)
    host = inputs.hosts.get(host_id)
    data = host.data_mib if host else 0.0
    rate = p.stream_mbps
    # without a bandwidth a transfer of data has no duration, nor without the host's size:
    # unknown, never 0
    missing = []
    if host is not None and not host.size_known:
        missing.append("size")
    if rate is None and (data > 0 or missing):
        missing.append("bandwidth")
    unknown = bool(missing)

    def minutes(mib: float) -> float | None:
        return None if unknown else _minutes(mib, rate)

    values = {
        "final_sync_min": _floored(
            minutes(incremental_mib(data, p.daily_change_rate, p.final_interval_h)),
            p.final_floor_min,
        ),
        "boot_min": p.boot_min,
        "verify_min": p.verify_min,
    }
    edited = set()
    est = inputs.estimates.get(host_id)
    if est is not None:
        for key in HOST_FIELDS:
            if getattr(est, key) is not None:
                values[key] = float(getattr(est, key))
                edited.add(key)
    return HostTiming(
        host_id,
        data,
        minutes(data),
        minutes(incremental_mib(data, p.daily_change_rate, p.regular_interval_h)),
        edited=frozenset(edited),
        missing=tuple(missing),
        **values,
    )


# -- non-host objects ---------------------------------------------------------------------
@dataclass(frozen=True)
class ObjectTiming:
    """A NAS share, database or bucket moved by its own tool: first copy before the window,
    then in the window freeze writes -> last copy -> verify -> switch."""

    object_id: str
    size_mib: float
    tool: str
    mbps: float  # the tool's rate, capped by one stream of the link
    changes_only: bool  # last copy moves the change only (rclone) or everything (dumps)
    in_window: bool
    full_copy_min: float
    final_copy_min: float
    freeze_min: float
    verify_min: float
    switch_min: float
    missing: tuple[str, ...] = ()  # "size": the inventory has no size, its copies are unknown
    tool_mbps: float | None = None  # the tool's own rate (its first copy never goes faster)

    @property
    def known(self) -> bool:
        """False when the copies' minutes are unknown (no size): 0 is then a lower bound."""
        return not self.missing

    @property
    def window_min(self) -> float:
        """Minutes of the cutover window this object takes (0 when it moves outside it)."""
        if not self.in_window:
            return 0.0
        return self.freeze_min + self.final_copy_min + self.verify_min + self.switch_min


def object_timing(
    inputs: PlanInputs, object_id: str, policy: SyncPolicy | None = None
) -> ObjectTiming:
    """Per-object minutes (the runbook's freeze / final copy / verify / switch steps use these).

    ``object_id`` must be in ``inputs.objects``."""
    p, d = policy or sync_policy(inputs), timing_defaults()
    obj = inputs.objects[object_id]
    tool = obj.tool if obj.tool in d.tools else "other"
    tool_mbps, changes_only = d.tools[tool]
    if tool == "other" and obj.kind in d.replicated_kinds:
        changes_only = True
    own = getattr(obj, "throughput_mbps", None)
    mbps = rate = float(own) if own else tool_mbps
    if p.stream_mbps:
        mbps = min(mbps, p.stream_mbps)
    size = float(obj.size_mib or 0.0)
    last = incremental_mib(size, p.daily_change_rate, p.final_interval_h) if changes_only else size
    missing = ("size",) if obj.size_mib is None else ()
    return ObjectTiming(
        object_id,
        size,
        tool,
        mbps,
        changes_only,
        bool(getattr(obj, "final_copy_in_window", True)),
        _minutes(size, mbps),
        _minutes(last, mbps),
        d.object_freeze_min,
        d.object_verify_min,
        d.object_switch_min,
        missing,
        rate,
    )


def alternative_timing(inputs: PlanInputs, host_id: str) -> ObjectTiming:
    """A host moved by its alternative plan, not by HyperMotion (mode "alternative": a server
    HyperMotion cannot move, or the engineer's choice). It takes no sync lane; in the window
    it takes an object's steps (freeze writes, last copy, verify, switch). The last copy's
    minutes are the engineer's estimate of the host's final sync (its alternative plan's
    own); without one they are unknown: the plan holds no tool or rate for it, and the
    window check counts it as unknown and names what is missing."""
    d = timing_defaults()
    est = inputs.estimates.get(host_id)
    copy = est.final_sync_min if est is not None else None
    return ObjectTiming(
        host_id,
        inputs.hosts[host_id].data_mib,
        "other",
        0.0,
        False,
        True,
        0.0,
        float(copy or 0.0),
        d.object_freeze_min,
        d.object_verify_min,
        d.object_switch_min,
        () if copy is not None else ("alternative_plan",),
    )


# the modes HyperMotion does not move a host in: its alternative plan, or none at all (not
# supported and no alternative named yet): such a host never gets a sync and a boot
_APART = frozenset({MigrationMode.ALTERNATIVE.value, RecommendedMode.NONE.value})


def moved_apart(inputs: PlanInputs, host_ids: Iterable[str]) -> set[str]:
    """The hosts of ``host_ids`` HyperMotion does not move (see alternative_timing)."""
    return {h for h in host_ids if inputs.hosts[h].mode in _APART}


# -- waves ----------------------------------------------------------------------------------
def deal_lanes(items: Iterable[tuple[str, float]], lanes: int) -> list[list[str]]:
    """Items (id, minutes) dealt longest first onto the lane that frees first (ties: the
    lower lane, then input order); returns the ids per lane in running order."""
    ordered = sorted(enumerate(items), key=lambda x: (-x[1][1], x[0]))
    count = min(max(lanes, 1), max(len(ordered), 1))
    heap = [(0.0, i) for i in range(count)]
    out: list[list[str]] = [[] for _ in range(count)]
    for _, (key, minutes) in ordered:
        end, lane = heapq.heappop(heap)
        out[lane].append(key)
        heapq.heappush(heap, (end + minutes, lane))
    return [lane for lane in out if lane]


@dataclass
class WaveTiming:
    """One wave's minutes. ``lanes`` holds host ids per lane in order (the runbook chains each
    lane: a host's final sync waits for the boot check of the host before it)."""

    wave_id: str
    position: int
    hosts: dict[str, HostTiming]
    objects: dict[str, ObjectTiming]
    lanes: list[list[str]]
    host_end: dict[str, float]  # minutes from the first final sync to the host's boot check end
    lanes_min: float  # longest lane
    before_min: float  # runbook steps before the first final sync
    hosts_phase_min: float  # first final sync -> last system verified / boot checked
    objects_min: float  # longest object in the window
    after_min: float  # switch gate -> DNS -> resume -> resumed notice -> sign-off
    full_sync_min: float  # the wave's full syncs sharing the link alone (maths.link)
    data_mib: float
    unknown_hosts: list[str] = field(default_factory=list)  # final sync unknown (no bandwidth)
    apart: list[str] = field(default_factory=list)  # hosts HyperMotion does not move (objects)

    @property
    def host_count(self) -> int:
        """The wave's hosts, those moved by their alternative plan included."""
        return len(self.hosts) + len(self.apart)

    @property
    def known(self) -> bool:
        """False while a step's minutes are unknown: ``cutover_min`` is then a lower bound."""
        return not self.unknown_steps

    @property
    def unknown_steps(self) -> dict[str, tuple[str, ...]]:
        """The runbook steps whose minutes the plan cannot give, by step key, with the
        missing inputs (what :func:`unknown_step_keys` hands the runbook generator)."""
        return unknown_step_keys(self)

    @property
    def cutover_min(self) -> float:
        """The runbook's planned length: what the window must hold."""
        return self.before_min + max(self.hosts_phase_min, self.objects_min) + self.after_min


def unknown_step_keys(timing: WaveTiming) -> dict[str, tuple[str, ...]]:
    """Step key -> missing inputs, for every runbook step of the wave whose minutes are
    unknown: a host's final sync (``sync:<host>``), an object's copy in the window
    (``copy:<object>``). The runbook marks these ``duration_unknown``; the window check
    counts them; both read this one function."""
    out = {f"sync:{h}": t.missing for h, t in timing.hosts.items() if not t.known}
    for oid, t in timing.objects.items():
        if not t.known and t.in_window:
            out[f"copy:{oid}"] = t.missing
    return out


@dataclass(frozen=True)
class WaveIndex:
    """Each wave's hosts and objects, in the inputs' order, read once for a loop over the
    waves: a scan of every host and the whole assignment per wave made the plan's figures
    grow with waves x hosts (a 50,000-host plan has 100 waves). Built from the inputs as
    they are: inputs changed after (a what-if) need a new one."""

    hosts: dict[str | None, list[str]]
    objects: dict[int, list[str]]

    @classmethod
    def of(cls, inputs: PlanInputs) -> WaveIndex:
        hosts: dict[str | None, list[str]] = {}
        for h in inputs.hosts.values():
            hosts.setdefault(h.wave_id, []).append(h.id)
        assignment = inputs.assignment()
        objects: dict[int, list[str]] = {}
        for o in inputs.objects:
            position = assignment.get(o)
            if position is not None:
                objects.setdefault(position, []).append(o)
        return cls(hosts, objects)


def wave_host_ids(inputs: PlanInputs, wave_id: str, index: WaveIndex | None = None) -> list[str]:
    if index is not None:
        return list(index.hosts.get(wave_id, ()))
    return [h.id for h in inputs.hosts.values() if h.wave_id == wave_id]


def wave_object_ids(inputs: PlanInputs, wave_id: str, index: WaveIndex | None = None) -> list[str]:
    order = inputs.wave_order
    position = order.get(wave_id)
    if position is None:
        return []
    if index is not None:
        return list(index.objects.get(position, ()))
    assignment = inputs.assignment()
    return [o for o in inputs.objects if assignment.get(o) == position]


def runbook_step_minutes(policy: SyncPolicy) -> dict[str, float]:
    """Wave-level runbook minutes as ``RunbookOptions`` fields (the generator's input)."""
    w = policy.wave_steps
    return {
        "participants_minutes": w.get("participants", 0.0),
        "window_minutes": w.get("window", 0.0),
        "notice_minutes": w.get("notice", 0.0),
        "stop_minutes": w.get("stop", 0.0),
        "verify_system_minutes": w.get("verify_system", 0.0),
        "go_switch_minutes": w.get("go_switch", 0.0),
        "dns_minutes": policy.dns_min,
        "resume_minutes": w.get("resume", 0.0),
        "notice_resumed_minutes": w.get("notice_resumed", 0.0),
        "signoff_minutes": w.get("signoff", 0.0),
    }


def wave_system_ids(inputs: PlanInputs, wave_id: str, host_ids: Iterable[str]) -> list[str]:
    """The business systems the wave's runbook stops and verifies: its hosts' systems, then
    systems placed in the wave by hand (the runbook generator's list)."""
    out = list(dict.fromkeys(s for h in host_ids if (s := inputs.hosts[h].system_id)))
    out += [sid for sid, b in inputs.systems.items() if b.wave_id == wave_id and sid not in out]
    return out


def _object_group(inputs: PlanInputs, oid: str) -> str | None:
    """The business system of a member timed as an object (a non-host object, or a host
    moved apart), None for the wave's own group."""
    obj, host = inputs.objects.get(oid), inputs.hosts.get(oid)
    if obj is not None:
        return obj.business_system_id or None
    return host.system_id if host is not None else None


def _hosts_phase(
    inputs: PlanInputs,
    host_end: Mapping[str, float],
    systems: Iterable[str],
    verify_system: float,
    objects: Mapping[str, ObjectTiming] | None = None,
) -> float:
    """The runbook's shape: every group (a business system, or the wave itself for hosts and
    objects without one) is verified after the boot checks of its hosts and the switch of
    its objects (right after its stop when it has none here)."""
    by_system: dict[str | None, float] = dict.fromkeys(systems, 0.0)
    for hid, end in host_end.items():
        host = inputs.hosts.get(hid)
        sid = host.system_id if host else None
        by_system[sid] = max(by_system.get(sid, 0.0), end)
    for oid, t in (objects or {}).items():
        sid = _object_group(inputs, oid)
        by_system[sid] = max(by_system.get(sid, 0.0), t.window_min)
    return max((end + verify_system for end in by_system.values()), default=0.0)


def wave_links(inputs: PlanInputs) -> list[ProviderLink]:
    """Who waits for whom in a cutover (``order.provider_links`` input): the plan's
    dependencies between hosts and objects, and each object's linked hosts (a host using a
    database starts after the database is switched). The runbook and the timing read these."""
    links = [
        ProviderLink(d.from_id, d.to_id, d.kind)
        for d in inputs.dependencies
        if d.from_type in ("host", "object") and d.to_type in ("host", "object")
    ]
    for o in inputs.objects.values():
        links += [ProviderLink(h, o.id, "linked") for h in o.linked_host_ids or []]
    return links


def provider_waits(
    inputs: PlanInputs, hosts: Iterable[str], objects: Iterable[str]
) -> dict[str, list[str]]:
    """Consumer -> the hosts and objects of the wave it starts after (explicit dependencies,
    then the tiers of its business system: database and middleware, app, web), as the
    runbook orders its launches."""
    members = [(h, inputs.hosts[h].system_id, inputs.hosts[h].role) for h in hosts]
    members += [(o, _object_group(inputs, o), None) for o in objects]
    waits, _dropped = provider_links(members, wave_links(inputs))
    return waits


def _host_ends(
    hosts: Mapping[str, HostTiming],
    lanes: list[list[str]],
    waits: Mapping[str, list[str]],
    objects: Mapping[str, ObjectTiming],
) -> dict[str, float]:
    """Minutes from the first final sync to each host's boot check end, as the runbook
    schedules them: a sync waits for the one before it in its lane; a launch waits for its
    own sync and for its providers (a host's boot check, an object's switch)."""
    sync_end: dict[str, float] = {}
    for lane in lanes:
        clock = 0.0
        for hid in lane:
            clock += hosts[hid].final_sync_min or 0.0
            sync_end[hid] = clock
    ends: dict[str, float] = {}

    def ready(key: str) -> float:
        if key in objects:
            return objects[key].window_min
        if key not in ends:  # provider_links keeps no loop: this recursion ends
            start = max([sync_end[key], *map(ready, waits.get(key, ()))])
            ends[key] = start + hosts[key].boot_min + hosts[key].verify_min
        return ends[key]

    for hid in sync_end:
        ready(hid)
    return ends


def wave_timing(
    inputs: PlanInputs,
    wave_id: str,
    policy: SyncPolicy | None = None,
    index: WaveIndex | None = None,
) -> WaveTiming:
    """The wave's minutes; ``index``: the waves' hosts and objects read once by a caller
    timing every wave (:class:`WaveIndex`)."""
    p = policy or sync_policy(inputs)
    host_ids = wave_host_ids(inputs, wave_id, index)
    apart = moved_apart(inputs, host_ids)
    hosts = {h: host_timing(inputs, h, p) for h in host_ids if h not in apart}
    objects = {o: object_timing(inputs, o, p) for o in wave_object_ids(inputs, wave_id, index)}
    objects.update({h: alternative_timing(inputs, h) for h in host_ids if h in apart})
    # the link is what the lanes share: a host holds its lane for its final sync, then boots
    # and is checked off the lane while the next host's sync runs; it launches once its
    # providers are up (the runbook's order)
    lanes = deal_lanes(((h, t.final_sync_min or 0.0) for h, t in hosts.items()), p.concurrency)
    host_end = _host_ends(hosts, lanes, provider_waits(inputs, hosts, objects), objects)
    w = runbook_step_minutes(p)
    systems = wave_system_ids(inputs, wave_id, host_ids)
    before = w["participants_minutes"] + w["window_minutes"] + w["notice_minutes"]
    if systems or host_ids or objects:  # every group stops, the wave's own group too
        before += w["stop_minutes"]
    after = w["go_switch_minutes"] + w["dns_minutes"] + w["resume_minutes"]
    after += w["notice_resumed_minutes"] + w["signoff_minutes"]
    return WaveTiming(
        wave_id=wave_id,
        position=inputs.wave_order.get(wave_id, 0),
        hosts=hosts,
        objects=objects,
        lanes=lanes,
        host_end=host_end,
        lanes_min=max(host_end.values(), default=0.0),
        before_min=before,
        hosts_phase_min=_hosts_phase(
            inputs, host_end, systems, w["verify_system_minutes"], objects
        ),
        objects_min=max((o.window_min for o in objects.values()), default=0.0),
        after_min=after,
        full_sync_min=_full_syncs_min(hosts, objects, p),
        data_mib=sum(t.data_mib for t in hosts.values())
        + sum(t.size_mib for t in objects.values()),
        unknown_hosts=[h for h, t in hosts.items() if not t.known],
        apart=[h for h in host_ids if h in apart],
    )


@dataclass
class PlanTiming:
    """Every wave's minutes, read once (what the plan record and the screens hand around)."""

    policy: SyncPolicy
    waves: dict[str, WaveTiming] = field(default_factory=dict)
    index: WaveIndex | None = None  # the waves' hosts and objects they were timed from

    def host(self, host_id: str) -> HostTiming | None:
        for wave in self.waves.values():
            if host_id in wave.hosts:
                return wave.hosts[host_id]
        return None


def plan_timing(inputs: PlanInputs) -> PlanTiming:
    policy, index = sync_policy(inputs), WaveIndex.of(inputs)
    waves = {w.id: wave_timing(inputs, w.id, policy, index) for w in inputs.waves}
    return PlanTiming(policy, waves, index)


def _full_syncs_min(hosts: Mapping[str, HostTiming], objects: Mapping, p: SyncPolicy) -> float:
    """Minutes for the wave's full syncs and first copies alone on the link (``maths.link``:
    at most ``concurrency`` at once, sharing it; a busy link moves the wave's data in data /
    link); 0 without a link or while the sizes are unknown (a lower bound)."""
    if not p.link_mbps:
        return 0.0
    work = [(t.data_mib * MBIT_PER_MIB, None) for t in hosts.values() if t.full_sync_min]
    work += [(t.size_mib * MBIT_PER_MIB, t.tool_mbps) for t in objects.values()]
    work.sort(key=lambda x: -x[0])
    return makespan(work, p.link_mbps, p.concurrency)


def lane_predecessors(timing: WaveTiming) -> dict[str, str]:
    """host id -> the host before it on its lane (what the runbook chains)."""
    out: dict[str, str] = {}
    for lane in timing.lanes:
        for before, after in zip(lane, lane[1:], strict=False):
            out[after] = before
    return out

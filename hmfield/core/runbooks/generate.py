"""Generate a wave's cutover runbook from the seed's stage seven (割接阶段) with its rollback
branch from stage eight (迁移割接回退阶段).

Shape (keys in brackets; ``{g}`` a group: a business system, or ``wave`` for the hosts and
objects without one; ``{h}`` a host, ``{o}`` a non-host object such as a NAS share or a
database service)::

    [participants] -> [notice] (went out before the window) -> [window] gate
      -> per group [stop:{g}]
      -> per object: [freeze:{o}] -> [copy:{o}] -> [check:{o}] -> [switch:{o}]
      -> per host: [sync:{h}] (at most `concurrency` at once) -> [start:{h}] (after its
         providers) -> [boot:{h}]
      -> per group [verify:{g}] (after its hosts and objects)
      -> [hold] (only to meet the rollback plan's no-return time) -> [go_switch] gate
      -> [no_return] milestone -> per group [dns:{g}] -> [resume:{g}]
      -> [notice_resumed] -> [signoff] gate -> [complete]
    branch: [rollback:1] .. [rollback:10], entered from a gate before [no_return]

The point of no return is the milestone after the last decision: until then the source is
stopped but intact and the branch restores it; after it users write on the target. Gates
carry written criteria (:mod:`hmfield.core.runbooks.gates`); providers start before their
consumers and syncs respect the concurrency (:mod:`hmfield.core.plan.maths.order`).

Executor roles follow the seed's 执行方 column (where it lists "MSP / 客户" the first one is
used); owners come from ``participants`` by the finer participant role of stage seven item 1
(app operator stops and resumes business, app users verify it), falling back to the executor.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from typing import Any

from hmfield.core.plan.maths.order import TIER_RANK, ProviderLink, provider_links, sync_lanes
from hmfield.core.runbooks.gates import GateFacts, gate_criteria
from hmfield.core.runbooks.rollback import PlanNotice, hold_minutes, notice, rollback_branch
from hmfield.core.runbooks.schedule import RunbookError, StepSpec, StepType, compile_runbook
from hmfield.core.runbooks.titles import runbook_titles

MSP, CUSTOMER = "msp", "customer"
APP_OPERATOR, APP_USER = "app_operator", "app_user"
WAVE_GROUP = "wave"  # the group of hosts and objects without a business system

# Step kinds: key prefix -> (stream, executor role, owner role, type). Titles are data:
# resources/runbook/cutover.yaml (zh/en), so a delivery team can fix the wording.
_KINDS: dict[str, tuple[str, str, str, StepType]] = {
    "participants": ("coordination", MSP, MSP, StepType.MILESTONE),
    "window": ("coordination", CUSTOMER, CUSTOMER, StepType.GATE),
    "notice": ("coordination", CUSTOMER, CUSTOMER, StepType.TASK),
    "stop": ("business", CUSTOMER, APP_OPERATOR, StepType.TASK),
    "freeze": ("data", CUSTOMER, APP_OPERATOR, StepType.TASK),
    "copy": ("data", MSP, MSP, StepType.TASK),
    "check": ("data", CUSTOMER, APP_USER, StepType.VALIDATION),
    "switch": ("data", MSP, MSP, StepType.TASK),
    "sync": ("migration", MSP, MSP, StepType.TASK),
    "start": ("migration", MSP, MSP, StepType.TASK),
    "boot": ("validation", CUSTOMER, CUSTOMER, StepType.VALIDATION),
    "verify": ("validation", CUSTOMER, APP_USER, StepType.VALIDATION),
    "hold": ("coordination", MSP, MSP, StepType.TASK),
    "go_switch": ("coordination", CUSTOMER, CUSTOMER, StepType.GATE),
    "no_return": ("coordination", CUSTOMER, CUSTOMER, StepType.MILESTONE),
    "dns": ("network", CUSTOMER, CUSTOMER, StepType.TASK),
    "resume": ("business", CUSTOMER, APP_OPERATOR, StepType.TASK),
    "notice_resumed": ("coordination", CUSTOMER, CUSTOMER, StepType.TASK),
    "signoff": ("coordination", CUSTOMER, CUSTOMER, StepType.GATE),
    "complete": ("coordination", MSP, MSP, StepType.MILESTONE),
}
_NAMED = ("stop", "verify", "dns", "resume")  # kinds whose {0} is a group name
_GATES = ("window", "go_switch", "signoff")

HOST_PHASES = ("sync", "start", "verify")
# Stage eight item 6 (执行业务功能验证) is where business runs on the source again: the time
# the rollback plan's limit is about. Items 7-10 (target resources, record, review, next
# step) follow once users are served again.
RESTORED_AFTER = 6


@dataclass
class RunbookOptions:
    """Planned minutes and switches. ``host_minutes[host_key]`` overrides the per-host phases
    ``sync``/``start``/``verify`` (boot check); ``system_minutes[group]`` overrides ``stop``,
    ``verify`` and ``dns``. ``lanes[host_key]`` names the host before it on the same lane (the
    plan's timing module deals them, so the runbook and ``plan check`` agree): its final sync
    then waits for that host's final sync (the link is what the lanes share); without ``lanes`` the syncs are dealt onto the
    network plan's concurrency here. ``extra_steps`` (the engineer's own) are appended and may
    depend on any generated key."""

    participants_minutes: float = 0
    window_minutes: float = 5
    notice_minutes: float = 10
    stop_minutes: float = 15
    sync_minutes: float = 30
    start_minutes: float = 10
    verify_boot_minutes: float = 15
    verify_system_minutes: float = 30
    freeze_minutes: float = 5
    copy_minutes: float = 30
    check_minutes: float = 15
    switch_minutes: float = 10
    go_switch_minutes: float = 10
    dns_changes: bool = True
    dns_minutes: float = 20
    resume_minutes: float = 15
    notice_resumed_minutes: float = 10
    signoff_minutes: float = 15
    host_minutes: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    system_minutes: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    lanes: Mapping[str, str] = field(default_factory=dict)
    # per object key: freeze / copy / check / switch minutes (the plan's timing module)
    object_minutes: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    rollback_minutes: Sequence[float] | None = None
    extra_steps: Sequence[StepSpec] = ()

    @classmethod
    def coerce(cls, options: RunbookOptions | Mapping[str, Any] | None) -> RunbookOptions:
        if options is None:
            return cls()
        if isinstance(options, cls):
            return options
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(options) - known)
        if unknown:
            raise RunbookError(f"unknown runbook option(s): {', '.join(unknown)}")
        return cls(**options)


@dataclass(frozen=True)
class HostInput:
    key: str
    name: str
    group: str | None = None  # business system key; None: the wave's own group
    tier: str | None = None  # db | middleware | app | web | other (the host's role)


@dataclass(frozen=True)
class ObjectInput:
    key: str
    name: str
    group: str | None = None


@dataclass(frozen=True)
class PlanFacts:
    """What the plan says beyond the hosts: the concurrency of syncs, who provides for whom,
    the rollback plan (no-return offset in minutes from the window start, decider, limit)
    and the words the gates quote. ``clock`` turns an offset into a time people read."""

    concurrency: int | None = None
    links: Sequence[ProviderLink] = ()
    rollback_plan: bool | None = None  # the wave has one (None: not known, say nothing)
    no_return_offset: float | None = None
    window_minutes: float | None = None
    decider: Any = None
    rollback_limit: float | None = None
    gates: GateFacts = GateFacts()
    clock: Callable[[float], str] = staticmethod(lambda m: f"+{m:.0f} min")


@dataclass
class GeneratedRunbook:
    steps: list[StepSpec]  # the cutover path
    branch: list[StepSpec]  # the rollback branch (stage eight)
    criteria: dict[str, dict[str, str]]  # gate key -> {"zh", "en"}
    notices: list[PlanNotice]  # what the lead must know about the plan behind it


class _Builder:
    def __init__(self, participants: Mapping[str, Any], names: Mapping[str, str]) -> None:
        self.participants = participants
        self.names = names
        self.titles = runbook_titles(kinds=tuple(_KINDS)).steps
        self.steps: list[StepSpec] = []
        self.owners: dict[str, Any] = {}

    def add(self, kind: str, key: str, minutes: float, preds: list[str], label: str = "") -> str:
        stream, executor, owner_role, step_type = _KINDS[kind]
        zh, en = self.titles[kind]["zh"], self.titles[kind]["en"]
        label = self.names.get(label, label) if kind in _NAMED else label
        owner = self.owners.get(kind) or self.participants.get(
            owner_role, self.participants.get(executor)
        )
        self.steps.append(
            StepSpec(
                key=key,
                number=len(self.steps) + 1,
                title={"zh": zh.format(label), "en": en.format(label)},
                stream=stream,
                executor_role=executor,
                owner=owner,
                predecessors=list(dict.fromkeys(preds)),
                planned_minutes=minutes,
                type=step_type,
                point_of_no_return=kind == "no_return",
            )
        )
        return key


def _minutes(
    overrides: Mapping[str, Mapping[str, float]], name: str, phase: str, default: float
) -> float:
    return overrides.get(name, {}).get(phase, default)


def _as_host(item: HostInput | tuple) -> HostInput:
    if isinstance(item, HostInput):
        return item
    key, name, group, *rest = item
    return HostInput(key, name, group or None, rest[0] if rest else None)


class _Wave:
    """The wave's members sorted into groups, providers first, with their waits."""

    def __init__(self, wave_name, hosts, objects, systems, opts, facts) -> None:
        self.name = wave_name
        self.hosts = [_as_host(h) for h in hosts]
        self.objects = list(objects)
        seen: set[str] = set()
        for h in self.hosts:
            if not h.key:
                raise RunbookError(f"host '{h.name}' has no key")
            if h.key in seen:
                raise RunbookError(f"host '{h.key}' is listed twice in wave '{wave_name}'")
            seen.add(h.key)
            for phase in opts.host_minutes.get(h.key, {}):
                if phase not in HOST_PHASES:
                    raise RunbookError(f"host '{h.key}': unknown phase(s) {phase} in minutes")
        order = list(dict.fromkeys(s for s in systems if s))
        members = [*self.hosts, *self.objects]
        order = list(dict.fromkeys([*order, *(m.group for m in members if m.group)]))
        if any(m.group is None for m in members):
            order.append(WAVE_GROUP)
        self.groups = order
        rank = lambda h: TIER_RANK.get(h.tier or "", len(TIER_RANK))  # noqa: E731
        self.members = {g: [] for g in order}
        for h in sorted(self.hosts, key=lambda h: (rank(h), h.name)):
            self.members[h.group or WAVE_GROUP].append(h)
        self.objects_of = {
            g: [o for o in self.objects if (o.group or WAVE_GROUP) == g] for g in order
        }
        keyed = [(h.key, h.group or WAVE_GROUP, h.tier) for h in self.hosts]
        keyed += [(o.key, o.group or WAVE_GROUP, None) for o in self.objects]
        self.waits, self.dropped = provider_links(keyed, facts.links)
        self.object_keys = {o.key for o in self.objects}
        syncs = [(h.key, opts.host_minutes.get(h.key, {}).get("sync", opts.sync_minutes), rank(h))
                 for h in self.hosts]  # fmt: skip
        # a sync waits for the sync before it in its lane: the plan's lanes (the timing
        # module's, so the runbook and plan check agree), or dealt here onto the concurrency
        self.lane_before = dict(opts.lanes) if opts.lanes else sync_lanes(syncs, facts.concurrency)


def _cutover(wave: _Wave, opts: RunbookOptions, build: _Builder, hold: float) -> None:
    sm = opts.system_minutes
    first = build.add("participants", "participants", opts.participants_minutes, [])
    # the stop-business notice went out before the window (it tells users to sign out before
    # it starts): the night confirms it, and the GO gate that reads "approved and published"
    # comes after that confirmation
    notice_key = build.add("notice", "notice", opts.notice_minutes, [first])
    gate = build.add("window", "window", opts.window_minutes, [notice_key])
    stops = {
        g: build.add("stop", f"stop:{g}", _minutes(sm, g, "stop", opts.stop_minutes), [gate], g)
        for g in wave.groups
    }  # fmt: skip
    ready: dict[str, str] = {}  # member key -> the step after which it can serve consumers
    for g in wave.groups:
        for o in wave.objects_of[g]:
            om = opts.object_minutes.get(o.key, {})
            step = build.add("freeze", f"freeze:{o.key}", om.get("freeze", opts.freeze_minutes),
                             [stops[g]], o.name)  # fmt: skip
            step = build.add("copy", f"copy:{o.key}", om.get("copy", opts.copy_minutes), [step],
                             o.name)  # fmt: skip
            step = build.add("check", f"check:{o.key}", om.get("check", opts.check_minutes),
                             [step], o.name)  # fmt: skip
            ready[o.key] = build.add(
                "switch", f"switch:{o.key}", om.get("switch", opts.switch_minutes), [step], o.name
            )
    for g in wave.groups:
        for h in wave.members[g]:
            hm = opts.host_minutes.get(h.key, {})
            before = wave.lane_before.get(h.key)
            preds = [stops[g]] + ([f"sync:{before}"] if before else [])
            step = build.add(
                "sync", f"sync:{h.key}", hm.get("sync", opts.sync_minutes), preds, h.name
            )
            providers = [ready.get(p, f"boot:{p}") for p in wave.waits.get(h.key, [])]
            step = build.add("start", f"start:{h.key}", hm.get("start", opts.start_minutes),
                             [step, *providers], h.name)  # fmt: skip
            ready[h.key] = build.add(
                "boot", f"boot:{h.key}", hm.get("verify", opts.verify_boot_minutes), [step], h.name
            )
    checks = []
    for g in wave.groups:
        done = [ready[m.key] for m in (*wave.objects_of[g], *wave.members[g])] or [stops[g]]
        minutes = _minutes(sm, g, "verify", opts.verify_system_minutes)
        checks.append(build.add("verify", f"verify:{g}", minutes, done, g))
    before_gate = checks or [gate]
    if hold > 0:
        before_gate = [build.add("hold", "hold", round(hold, 1), before_gate)]
    go = build.add("go_switch", "go_switch", opts.go_switch_minutes, before_gate)
    no_return = build.add("no_return", "no_return", 0, [go])
    resumed = []
    for g in wave.groups:
        step = no_return
        if opts.dns_changes:
            step = build.add("dns", f"dns:{g}", _minutes(sm, g, "dns", opts.dns_minutes), [step], g)
        resumed.append(build.add("resume", f"resume:{g}", opts.resume_minutes, [step], g))
    out = build.add("notice_resumed", "notice_resumed", opts.notice_resumed_minutes,
                    resumed or [no_return])  # fmt: skip
    sign = build.add("signoff", "signoff", opts.signoff_minutes, [out])
    build.add("complete", "complete", 0, [sign], wave.name)


def build_runbook(
    wave_name: str,
    hosts: Sequence[HostInput | tuple],
    systems: Sequence[str] = (),
    participants: Mapping[str, Any] | None = None,
    options: RunbookOptions | Mapping[str, Any] | None = None,
    system_names: Mapping[str, str] | None = None,
    objects: Sequence[ObjectInput] = (),
    facts: PlanFacts | None = None,
) -> GeneratedRunbook:
    """The cutover runbook of one wave, its rollback branch, the gates' criteria and what the
    lead must know (see the module docstring for the shape).

    ``hosts``: :class:`HostInput` or ``(key, name, group[, tier])``; ``systems`` orders the
    groups (business system keys); ``system_names`` maps a group key to the printed name
    (by default the key; the ``wave`` group prints as the wave). ``participants`` maps role
    codes ("msp", "customer", "app_operator", "app_user", ...) to the owner of the steps.
    """
    opts = RunbookOptions.coerce(options)
    facts = facts or PlanFacts()
    names = {WAVE_GROUP: wave_name, **(system_names or {})}
    wave = _Wave(wave_name, hosts, objects, systems, opts, facts)

    def assemble(hold: float) -> list[StepSpec]:
        build = _Builder(participants or {}, names)
        if facts.decider is not None:
            build.owners.update({k: facts.decider for k in _GATES})
        _cutover(wave, opts, build, hold)
        steps = build.steps
        for extra in opts.extra_steps:  # copies: the caller's specs keep their numbers
            steps.append(
                replace(extra, number=len(steps) + 1, predecessors=list(extra.predecessors))
            )
        return steps

    steps = assemble(0.0)
    compiled = compile_runbook(steps)  # refuse a runbook that cannot be scheduled
    gate = compiled.index["go_switch"]
    hold, late = hold_minutes(compiled.es[gate], opts.go_switch_minutes, facts.no_return_offset)
    if hold > 0.5:
        steps = assemble(hold)
        compile_runbook(steps)
    branch = rollback_branch(participants, opts.rollback_minutes, len(steps) + 1, facts.decider)
    return GeneratedRunbook(
        steps, branch, {k: gate_criteria(k, facts.gates) for k in _GATES},
        _notices(wave, facts, late, branch),
    )  # fmt: skip


def _notices(
    wave: _Wave, facts: PlanFacts, late: float, branch: list[StepSpec]
) -> list[PlanNotice]:
    out: list[PlanNotice] = []
    offset = facts.no_return_offset
    if facts.rollback_plan is False:
        out.append(notice("no_rollback_plan"))
    if facts.rollback_plan and offset is None:
        out.append(notice("no_return_unset"))
    if offset is not None and late > 0.5:
        out.append(notice("no_return_late", plan=facts.clock(offset),
                          earliest=facts.clock(offset + late), minutes=round(late)))  # fmt: skip
    window = facts.window_minutes
    if offset is not None and window is not None and not 0 <= offset <= window:
        out.append(notice("no_return_outside", plan=facts.clock(offset),
                          start=facts.clock(0), end=facts.clock(window)))  # fmt: skip
    total = sum(s.planned_minutes for s in branch[:RESTORED_AFTER])
    if facts.rollback_limit and total > facts.rollback_limit:
        out.append(notice("rollback_too_long", minutes=round(total), limit=facts.rollback_limit))
    names = {h.key: h.name for h in wave.hosts} | {o.key: o.name for o in wave.objects}
    for link in wave.dropped:
        out.append(notice("link_dropped", consumer=names.get(link.consumer, link.consumer),
                          provider=names.get(link.provider, link.provider)))  # fmt: skip
    return out


def generate_runbook(
    wave_name: str,
    hosts: Sequence[HostInput | tuple],
    systems: Sequence[str] = (),
    participants: Mapping[str, Any] | None = None,
    options: RunbookOptions | Mapping[str, Any] | None = None,
    system_names: Mapping[str, str] | None = None,
) -> list[StepSpec]:
    """The cutover path only (see :func:`build_runbook` for the branch and criteria)."""
    return build_runbook(wave_name, hosts, systems, participants, options, system_names).steps


def generate_rollback_runbook(
    wave_name: str,
    participants: Mapping[str, Any] | None = None,
    minutes: Sequence[float] | None = None,
) -> list[StepSpec]:
    """Stage eight on its own (``rollback:1`` .. ``rollback:10``), numbered from 1."""
    steps = rollback_branch(participants, list(minutes) if minutes is not None else None)
    first = steps[0]
    first.title = {
        "zh": f"{first.title['zh']}（{wave_name}）",
        "en": f"{first.title['en']} ({wave_name})",
    }
    return steps

"""Generate a wave's cutover runbook from the seed's stage seven (割接阶段), and the rollback
runbook from stage eight (迁移割接回退阶段).

Cutover shape (keys in brackets; ``{h}`` a host key, ``{s}`` a business system)::

    [participants] -> [window] gate -> [notice] -> [stop:{s}] per system
      -> per host, in parallel: [sync:{h}] -> [start:{h}] -> [boot:{h}]
      -> [verify:{s}] per system (after the boots of its hosts)
      -> [go_switch] gate -> [dns] (optional) -> [resume] -> [go_accept] gate -> [complete]

Point of no return: the step that moves users onto the target, i.e. the DNS/route change, or,
without one, resuming business on the target. Until then the source is stopped but intact, so
rolling back is just restarting the source business. After it, new writes land on the target
only and a rollback has to reconcile data (the seed's stage eight), so the ``go_switch`` gate
sits right before it. ``go_accept`` is the seed's "accept or roll back" decision taken in the
observation window after the switch.

Executor roles follow the seed's 执行方 column (where it lists "MSP / 客户" the first one is
used); owners come from ``participants`` by the finer participant role of stage seven item 1
(app operator stops and resumes business, app users verify it), falling back to the executor.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from typing import Any

from hmfield.core.runbooks.schedule import RunbookError, StepSpec, StepType, compile_runbook
from hmfield.core.runbooks.titles import runbook_titles

MSP, CUSTOMER = "msp", "customer"
APP_OPERATOR, APP_USER = "app_operator", "app_user"

# Step kinds: key prefix -> (stream, executor role, owner role, type). Titles are data:
# resources/runbook/cutover.yaml (zh/en), so a delivery team can fix the wording.
_KINDS: dict[str, tuple[str, str, str, StepType]] = {
    "participants": ("coordination", MSP, MSP, StepType.MILESTONE),
    "window": ("coordination", CUSTOMER, CUSTOMER, StepType.GATE),
    "notice": ("coordination", CUSTOMER, CUSTOMER, StepType.TASK),
    "stop": ("business", CUSTOMER, APP_OPERATOR, StepType.TASK),
    "sync": ("migration", MSP, MSP, StepType.TASK),
    "start": ("migration", MSP, MSP, StepType.TASK),
    "boot": ("validation", CUSTOMER, CUSTOMER, StepType.VALIDATION),
    "verify": ("validation", CUSTOMER, APP_USER, StepType.VALIDATION),
    "go_switch": ("coordination", CUSTOMER, CUSTOMER, StepType.GATE),
    "dns": ("network", CUSTOMER, CUSTOMER, StepType.TASK),
    "resume": ("business", CUSTOMER, APP_OPERATOR, StepType.TASK),
    "go_accept": ("coordination", CUSTOMER, CUSTOMER, StepType.GATE),
    "complete": ("coordination", MSP, MSP, StepType.MILESTONE),
}

# Stage eight, in order: (executor role, type, default minutes); titles in the YAML file.
_ROLLBACK: list[tuple[str, StepType, float]] = [
    (CUSTOMER, StepType.VALIDATION, 10),
    (MSP, StepType.GATE, 10),
    (MSP, StepType.TASK, 10),
    (MSP, StepType.TASK, 15),
    (MSP, StepType.VALIDATION, 15),
    (MSP, StepType.VALIDATION, 30),
    (MSP, StepType.TASK, 15),
    (MSP, StepType.TASK, 10),
    (MSP, StepType.TASK, 30),
    (MSP, StepType.MILESTONE, 0),
]

HOST_PHASES = ("sync", "start", "verify")


@dataclass
class RunbookOptions:
    """Planned minutes and switches. ``host_minutes[host_key]`` overrides the per-host phases
    ``sync``/``start``/``verify`` (boot check); ``system_minutes[system]`` overrides ``stop``
    and ``verify``. ``lanes[host_key]`` names the host before it on the same lane: its final
    sync then also waits for that host's boot check (hosts run in parallel only up to the
    concurrency; the plan's timing module deals the lanes). ``extra_steps`` (the engineer's
    own) are appended and may depend on any generated key."""

    participants_minutes: float = 0
    window_minutes: float = 5
    notice_minutes: float = 10
    stop_minutes: float = 15
    sync_minutes: float = 30
    start_minutes: float = 10
    verify_boot_minutes: float = 15
    verify_system_minutes: float = 30
    go_switch_minutes: float = 10
    dns_changes: bool = True
    dns_minutes: float = 20
    resume_minutes: float = 15
    go_accept_minutes: float = 15
    host_minutes: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    system_minutes: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    lanes: Mapping[str, str] = field(default_factory=dict)
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


class _Builder:
    def __init__(
        self, participants: Mapping[str, Any], system_names: Mapping[str, str] | None = None
    ) -> None:
        self.participants = participants
        self.system_names = system_names or {}
        self.titles = runbook_titles(kinds=tuple(_KINDS)).steps
        self.steps: list[StepSpec] = []

    def add(self, kind: str, key: str, minutes: float, preds: list[str], label: str = "") -> str:
        stream, executor, owner_role, step_type = _KINDS[kind]
        zh, en = self.titles[kind]["zh"], self.titles[kind]["en"]
        label = self.system_names.get(label, label) if kind in ("stop", "verify") else label
        owner = self.participants.get(owner_role, self.participants.get(executor))
        self.steps.append(
            StepSpec(
                key=key,
                number=len(self.steps) + 1,
                title={"zh": zh.format(label), "en": en.format(label)},
                stream=stream,
                executor_role=executor,
                owner=owner,
                predecessors=list(preds),
                planned_minutes=minutes,
                type=step_type,
            )
        )
        return key


def _minutes(
    overrides: Mapping[str, Mapping[str, float]], name: str, phase: str, default: float
) -> float:
    return overrides.get(name, {}).get(phase, default)


def generate_runbook(
    wave_name: str,
    hosts: Sequence[tuple[str, str, str | None]],
    systems: Sequence[str],
    participants: Mapping[str, Any] | None = None,
    options: RunbookOptions | Mapping[str, Any] | None = None,
    system_names: Mapping[str, str] | None = None,
) -> list[StepSpec]:
    """The cutover runbook of one wave (see the module docstring for its shape).

    ``hosts``: ``(host_key, display name, business system)``; a host whose system is not in
    ``systems`` adds that system at the end; a host without a system waits for every system to
    stop and feeds the switch gate directly. ``participants`` maps role codes ("msp",
    "customer", "app_operator", "app_user", ...) to the owner to put on the steps.
    ``system_names`` maps a system key (e.g. a record id, which keeps step keys stable across
    renames) to the name printed in titles; by default the key is the name.
    """
    opts = RunbookOptions.coerce(options)
    build = _Builder(participants or {}, system_names)
    seen_hosts: set[str] = set()
    order = list(dict.fromkeys(s for s in systems if s))
    for key, name, system in hosts:
        if not key:
            raise RunbookError(f"host '{name}' has no key")
        if key in seen_hosts:
            raise RunbookError(f"host '{key}' is listed twice in wave '{wave_name}'")
        seen_hosts.add(key)
        if system and system not in order:
            order.append(system)

    first = build.add("participants", "participants", opts.participants_minutes, [])
    gate = build.add("window", "window", opts.window_minutes, [first])
    notice = build.add("notice", "notice", opts.notice_minutes, [gate])
    sys_min = opts.system_minutes
    stops: dict[str, str] = {}
    for s in order:
        minutes = _minutes(sys_min, s, "stop", opts.stop_minutes)
        stops[s] = build.add("stop", f"stop:{s}", minutes, [notice], s)
    boots: dict[str | None, list[str]] = {}
    for key, name, system in hosts:
        system = system or None
        hm = opts.host_minutes.get(key, {})
        unknown = sorted(set(hm) - set(HOST_PHASES))
        if unknown:
            raise RunbookError(f"host '{key}': unknown phase(s) {', '.join(unknown)} in minutes")
        waits = [stops[system]] if system else list(stops.values()) or [notice]
        if opts.lanes.get(key) in seen_hosts:
            waits = [*waits, f"boot:{opts.lanes[key]}"]
        step = build.add("sync", f"sync:{key}", hm.get("sync", opts.sync_minutes), waits, name)
        step = build.add("start", f"start:{key}", hm.get("start", opts.start_minutes), [step], name)
        step = build.add(
            "boot", f"boot:{key}", hm.get("verify", opts.verify_boot_minutes), [step], name
        )
        boots.setdefault(system, []).append(step)
    checks: list[str] = []
    for s in order:
        minutes = _minutes(sys_min, s, "verify", opts.verify_system_minutes)
        checks.append(build.add("verify", f"verify:{s}", minutes, boots.get(s) or [stops[s]], s))
    checks += boots.get(None, [])
    go_switch = build.add("go_switch", "go_switch", opts.go_switch_minutes, checks or [notice])
    previous = go_switch
    if opts.dns_changes:
        previous = build.add("dns", "dns", opts.dns_minutes, [go_switch])
    resume = build.add("resume", "resume", opts.resume_minutes, [previous])
    no_return = "dns" if opts.dns_changes else "resume"
    for spec in build.steps:
        spec.point_of_no_return = spec.key == no_return
    accept = build.add("go_accept", "go_accept", opts.go_accept_minutes, [resume])
    build.add("complete", "complete", 0, [accept], wave_name)

    steps = build.steps
    for extra in opts.extra_steps:  # copies: the caller's specs keep their numbers
        steps.append(replace(extra, number=len(steps) + 1, predecessors=list(extra.predecessors)))
    compile_runbook(steps)  # refuse to hand out a runbook that cannot be scheduled
    return steps


def generate_rollback_runbook(
    wave_name: str,
    participants: Mapping[str, Any] | None = None,
    minutes: Sequence[float] | None = None,
) -> list[StepSpec]:
    """Stage eight as a linear runbook (``rollback:1`` .. ``rollback:10``), run only after a
    no-go decision. ``minutes`` overrides the ten default durations in order."""
    people = participants or {}
    if minutes is not None and len(minutes) != len(_ROLLBACK):
        raise RunbookError(f"rollback needs {len(_ROLLBACK)} durations, got {len(minutes)}")
    steps: list[StepSpec] = []
    titles = runbook_titles().rollback
    for n, (executor, step_type, default) in enumerate(_ROLLBACK, start=1):
        zh, en = titles[n - 1]["zh"], titles[n - 1]["en"]
        steps.append(
            StepSpec(
                key=f"rollback:{n}",
                number=n,
                title={"zh": f"{zh}（{wave_name}）", "en": f"{en} ({wave_name})"}
                if n == 1
                else {"zh": zh, "en": en},
                stream="rollback",
                executor_role=executor,
                owner=people.get(executor),
                predecessors=[f"rollback:{n - 1}"] if n > 1 else [],
                planned_minutes=default if minutes is None else minutes[n - 1],
                type=step_type,
            )
        )
    compile_runbook(steps)
    return steps

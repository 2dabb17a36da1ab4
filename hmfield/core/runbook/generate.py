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

from hmfield.core.runbook.schedule import RunbookError, StepSpec, StepType, compile_runbook

MSP, CUSTOMER = "msp", "customer"
APP_OPERATOR, APP_USER = "app_operator", "app_user"

# Step kinds: key prefix -> (zh, en, stream, executor role, owner role, type).
_KINDS: dict[str, tuple[str, str, str, str, str, StepType]] = {
    "participants": ("参与人员确认", "Participants and roles confirmed", "coordination", MSP, MSP, StepType.MILESTONE),
    "window": ("确认割接窗口，开始割接", "Cutover window confirmed: go to start", "coordination", CUSTOMER, CUSTOMER, StepType.GATE),
    "notice": ("发布业务割接停业务通知", "Publish the stop-business notice", "coordination", CUSTOMER, CUSTOMER, StepType.TASK),
    "stop": ("停业务：{0}（停止应用服务，源端不再写入）", "Stop business: {0} (stop application services, no new writes on the source)", "business", CUSTOMER, APP_OPERATOR, StepType.TASK),
    "sync": ("最后一次增量同步：{0}", "Final incremental sync: {0}", "migration", MSP, MSP, StepType.TASK),
    "start": ("启动割接主机：{0}", "Start cutover host: {0}", "migration", MSP, MSP, StepType.TASK),
    "boot": ("割接主机验证（引导至登录界面）：{0}", "Verify the cutover host boots to the login screen: {0}", "validation", CUSTOMER, CUSTOMER, StepType.VALIDATION),
    "verify": ("业务验证：{0}", "Business verification: {0}", "validation", CUSTOMER, APP_USER, StepType.VALIDATION),
    "go_switch": ("切换决策：业务切换至目标端（不可回退点之前）", "Go/no-go: switch business to the target (before the point of no return)", "coordination", CUSTOMER, CUSTOMER, StepType.GATE),
    "dns": ("割接后业务调整：更新 DNS 与访问路由", "Post-cutover adjustment: update DNS and access routes", "network", CUSTOMER, CUSTOMER, StepType.TASK),
    "resume": ("恢复业务，开放目标端访问", "Resume business on the target", "business", CUSTOMER, APP_OPERATOR, StepType.TASK),
    "go_accept": ("最终决策：验收或回退", "Final go/no-go: accept or roll back", "coordination", CUSTOMER, CUSTOMER, StepType.GATE),
    "complete": ("割接完成：{0}", "Cutover complete: {0}", "coordination", MSP, MSP, StepType.MILESTONE),
}  # fmt: skip

# Stage eight, in order: (zh, en, executor role, type, default minutes).
_ROLLBACK: list[tuple[str, str, str, StepType, float]] = [
    ("对照迁移方案，确认已满足回退触发条件", "Confirm the rollback triggers of the plan are met", CUSTOMER, StepType.VALIDATION, 10),
    ("正式确认启动回退流程", "Formal decision to start the rollback", MSP, StepType.GATE, 10),
    ("停止或冻结目标端对外业务访问", "Stop or freeze business access on the target", MSP, StepType.TASK, 10),
    ("执行业务访问路径切回", "Switch business access back to the source", MSP, StepType.TASK, 15),
    ("确认源端主机与业务系统运行状态", "Confirm source hosts and business systems are running", MSP, StepType.VALIDATION, 15),
    ("执行业务功能验证", "Verify core business functions", MSP, StepType.VALIDATION, 30),
    ("处理目标端资源（关闭 / 保留用于问题分析）", "Handle target resources (shut down / keep for analysis)", MSP, StepType.TASK, 15),
    ("记录回退原因与问题现象", "Record the rollback reason and symptoms", MSP, StepType.TASK, 10),
    ("组织问题复盘与方案优化讨论", "Hold the review and plan improvements", MSP, StepType.TASK, 30),
    ("确认后续处理策略（重新演练 / 调整方案 / 延期迁移）", "Agree the next step (new drill / revised plan / postpone)", MSP, StepType.MILESTONE, 0),
]  # fmt: skip

HOST_PHASES = ("sync", "start", "verify")


@dataclass
class RunbookOptions:
    """Planned minutes and switches. ``host_minutes[host_key]`` overrides the per-host phases
    ``sync``/``start``/``verify`` (boot check); ``system_minutes[system]`` overrides ``stop``
    and ``verify``. ``extra_steps`` (the engineer's own) are appended and may depend on any
    generated key."""

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
    def __init__(self, participants: Mapping[str, Any]) -> None:
        self.participants = participants
        self.steps: list[StepSpec] = []

    def add(self, kind: str, key: str, minutes: float, preds: list[str], label: str = "") -> str:
        zh, en, stream, executor, owner_role, step_type = _KINDS[kind]
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
) -> list[StepSpec]:
    """The cutover runbook of one wave (see the module docstring for its shape).

    ``hosts``: ``(host_key, display name, business system)``; a host whose system is not in
    ``systems`` adds that system at the end; a host without a system waits for every system to
    stop and feeds the switch gate directly. ``participants`` maps role codes ("msp",
    "customer", "app_operator", "app_user", ...) to the owner to put on the steps.
    """
    opts = RunbookOptions.coerce(options)
    build = _Builder(participants or {})
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
    for n, (zh, en, executor, step_type, default) in enumerate(_ROLLBACK, start=1):
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

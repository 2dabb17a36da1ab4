"""The plain data the runbook, cutover, drill and acceptance reports print.

Gathered once in read transactions and handed to the report builders as dataclasses, so
report code never touches the database and a benchmark can print 500 synthetic steps.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import select

from hmfield.core.context import ServiceContext
from hmfield.core.errors import HmError
from hmfield.core.model.inventory import BusinessSystem, Host
from hmfield.core.model.plan import DEFAULT_ZONE, Wave
from hmfield.core.model.project import Person, Project
from hmfield.core.model.runbook import DrillHostResult, DrillRun, Finding, Run
from hmfield.core.runbooks import Forecast
from hmfield.core.runbooks.acceptance import AcceptanceService
from hmfield.core.runbooks.drill_runs import DrillRunService
from hmfield.core.runbooks.runs import RunService
from hmfield.core.runbooks.service import RunbookService
from hmfield.core.runbooks.steps import pick_report_run
from hmfield.core.runbooks.titles import planned_length_text

DEFAULT_TZ = DEFAULT_ZONE


@dataclass(frozen=True)
class Participant:
    name: str
    roles: tuple[str, ...]
    organisation: str = ""
    phone: str = ""


@dataclass(frozen=True)
class PaperStep:
    number: int
    key: str
    title_zh: str
    title_en: str
    executor_role: str
    owner: str
    predecessors: str  # step numbers, "3, 4"
    planned_start: datetime | None
    planned_minutes: float
    type: str
    point_of_no_return: bool = False
    critical: bool = False
    status: str | None = None  # None: printed before the run
    actual_start: datetime | None = None
    actual_end: datetime | None = None
    skip_reason: str = ""
    gate_decision: str | None = None
    decided_by: str = ""
    decided_at: datetime | None = None
    deviation_note: str = ""
    start_variance: float | None = None
    duration_variance: float | None = None
    end_variance: float | None = None
    branch: str = ""  # "rollback": a step of the stage-eight branch
    criteria_zh: str = ""  # a gate's written go/no-go criteria
    criteria_en: str = ""
    check_zh: str = ""  # a rollback step: the seed's question it answers
    check_en: str = ""
    status_by: str = ""  # who last changed the status (a run's step)
    status_at: datetime | None = None  # and when
    predecessor_numbers: tuple[int, ...] = ()
    after_entry_minutes: float | None = None  # rollback branch: planned start after entry
    run_planned_start: datetime | None = None  # planned start on the run's own clock
    stream: str = ""  # the work stream (coordination, data, migration ...; rollback, custom)
    changed_by: str = ""  # who changed the planned step by hand (custom or edited), and when
    changed_at: datetime | None = None
    duration_unknown: bool = False  # the plan cannot give its minutes: printed "unknown"

    def title(self, lang: str) -> str:
        return (self.title_zh if lang == "zh" else self.title_en) or self.title_zh

    def criteria(self, lang: str) -> str:
        return self.criteria_zh if lang == "zh" else self.criteria_en

    def check(self, lang: str) -> str:
        return self.check_zh if lang == "zh" else self.check_en


@dataclass(frozen=True)
class RunInfo:
    kind: str
    status: str
    started_at: datetime | None
    ended_at: datetime | None
    planned_end: datetime
    forecast_end: datetime
    slip_minutes: float
    rollback: tuple[datetime, str, str] | None = None  # (at, who, reason)
    entered_from: int | None = None  # number of the gate the rollback branch was entered from
    after_no_return: bool = False  # the rollback was entered past the point of no return
    run_id: str = ""


@dataclass(frozen=True)
class EscalationEntry:
    """One line of the cover's escalation list: who is called at which level, and when."""

    level: int
    role: str  # PersonRole code (print its label)
    name: str
    organisation: str
    phone: str
    email: str
    when_zh: str
    when_en: str

    def when(self, lang: str) -> str:
        return self.when_zh if lang == "zh" else self.when_en


@dataclass(frozen=True)
class Announcement:
    """A wave's stop-business or business-resumed notice as printed: its lines in zh and
    en (title first, approval line last) and whether it is approved."""

    kind: str  # NoticeKind code
    lines_zh: tuple[str, ...]
    lines_en: tuple[str, ...]
    approved: bool

    def lines(self, lang: str) -> tuple[str, ...]:
        return self.lines_zh if lang == "zh" else self.lines_en


@dataclass(frozen=True)
class RunbookPaper:
    project_name: str
    customer: str
    wave_name: str
    tz: str
    window_start: datetime | None
    window_end: datetime | None
    version: int
    participants: list[Participant]
    rollback_triggers: str
    rollback_deciders: str
    point_of_no_return: str  # step reference, or a time from the rollback plan
    open_findings: list[tuple[str, str, str]]  # (title, host, owner)
    steps: list[PaperStep]
    run: RunInfo | None = None
    rollback_branch: list[PaperStep] = field(default_factory=list)
    escalation: list[EscalationEntry] = field(default_factory=list)
    notices: list[dict[str, str]] = field(default_factory=list)  # {"zh", "en"} for the lead
    no_return_at: datetime | None = None  # the rollback plan's time
    plan_window_start: datetime | None = None  # the wave's cutover window (window_* is the run's)
    plan_window_end: datetime | None = None
    rollback_limit_minutes: int | None = None
    announcements: list[Announcement] = field(default_factory=list)
    planned_min: float = 0.0  # the cutover path's planned length (a lower bound if unknown)
    unknown_steps: int = 0  # cutover steps whose minutes the plan cannot give
    hold_min: float = 0.0  # of planned_min: the wait for the point of no return (no work)

    def length_text(self, lang: str) -> str:
        """The planned length as the cover and the workbook print it (titles)."""
        return planned_length_text(self.planned_min, self.unknown_steps, self.hold_min, lang)


@dataclass(frozen=True)
class DrillPaper:
    project_name: str
    customer: str
    wave_name: str
    tz: str
    scope: str
    drill: DrillRun | None
    results: list[tuple[str, DrillHostResult]]  # (host name, result)
    findings: list[tuple[Finding, str, str]]  # (finding, host, owner)


@dataclass(frozen=True)
class AcceptancePaper:
    project_name: str
    customer: str
    wave_name: str
    tz: str
    observations: list[tuple[datetime | None, str, str, str, bool]]  # at, subject, metric, note, ok
    hosts: list[tuple[str, bool, int, bool]]  # name, cut over, problems, accepted
    signers: list[Participant] = field(default_factory=list)
    run_kind: str | None = None  # the run read (the cutover report's): live, rehearsal, None
    run_status: str | None = None
    run_started_at: datetime | None = None


def _project(ctx: ServiceContext) -> Project:
    with ctx.read() as s:
        project = s.exec(select(Project).where(Project.deleted == False)).first()  # noqa: E712
    if project is None:
        raise HmError("project record missing")
    return project


def _names(ctx: ServiceContext) -> dict[str, Person]:
    with ctx.read() as s:
        return {p.id: p for p in s.exec(select(Person)) if not p.deleted}


def report_tz(ctx: ServiceContext) -> str:
    """The zone the plan works in (plan settings), else China Standard Time."""
    from hmfield.core.model.plan import plan_zone

    with ctx.read() as s:
        return plan_zone(s)


def participants(ctx: ServiceContext) -> list[Participant]:
    people = sorted(_names(ctx).values(), key=lambda p: (p.created_at is None, p.created_at))
    return [Participant(p.name, tuple(p.roles), p.organisation, p.phone) for p in people if p.roles]


def _rollback_plan(ctx: ServiceContext, wave_id: str):
    try:
        from hmfield.core.model.plan import RollbackPlan
    except ImportError:
        return None
    with ctx.read() as s:
        return s.exec(
            select(RollbackPlan).where(
                RollbackPlan.wave_id == wave_id,
                RollbackPlan.deleted == False,  # noqa: E712
            )
        ).first()


def step_ranges(numbers: list[int] | tuple[int, ...], limit: int = 6) -> str:
    """Step numbers as people read them: runs as ranges ("3-7"), and a long list cut to its
    first and last with the count ("7, 10, 13 … 37 (11 steps)") so a cell never overflows."""
    nums = sorted(set(numbers))
    parts: list[str] = []
    i = 0
    while i < len(nums):
        j = i
        while j + 1 < len(nums) and nums[j + 1] == nums[j] + 1:
            j += 1
        parts.append(str(nums[i]) if j == i else f"{nums[i]}-{nums[j]}")
        i = j + 1
    if len(parts) <= limit:
        return ", ".join(parts)
    return f"{', '.join(parts[:3])} … {parts[-1]} ({len(nums)})"


def escalation(ctx: ServiceContext) -> list[EscalationEntry]:
    """The cover's escalation list: every person with a role of a level, level by level."""
    from hmfield.core.runbooks.titles import runbook_titles

    people = sorted(_names(ctx).values(), key=lambda p: (p.created_at is None, p.created_at))
    out = []
    for level in runbook_titles().escalation:
        for role in level.roles:
            for p in people:
                if role in (p.roles or []):
                    out.append(EscalationEntry(level.level, role, p.name, p.organisation,
                                               p.phone, p.email, level.text["zh"], level.text["en"]))  # fmt: skip
    return out


def _paper_step(x, planned, var, numbers: dict[str, int], name, run_step: bool) -> PaperStep:
    """One printed step: ``x`` the run's copy (or the runbook step), ``planned`` its plan."""
    from hmfield.core.runbooks.rollback import branch_checks

    check = branch_checks().get(x.key, {}) if x.branch else {}
    preds = tuple(numbers[k] for k in x.predecessors if k in numbers)
    return PaperStep(
        number=x.number,
        key=x.key,
        title_zh=x.title_zh,
        title_en=x.title_en,
        executor_role=x.executor_role,
        owner=name(x.owner_id),
        predecessors=step_ranges(preds),
        planned_start=planned.planned_start if planned else None,
        planned_minutes=x.planned_minutes,
        type=x.type,
        point_of_no_return=x.point_of_no_return,
        critical=bool(planned and planned.critical),
        status=x.status if run_step else None,
        actual_start=getattr(x, "started_at", None),
        actual_end=getattr(x, "ended_at", None),
        skip_reason=getattr(x, "skip_reason", ""),
        gate_decision=getattr(x, "gate_decision", None),
        decided_by=name(getattr(x, "decided_by_id", None)),
        decided_at=getattr(x, "decided_at", None),
        deviation_note=getattr(x, "deviation_note", ""),
        start_variance=var.start_variance if var else None,
        duration_variance=var.duration_variance if var else None,
        end_variance=var.end_variance if var else None,
        branch=x.branch,
        stream=x.stream,
        criteria_zh=x.criteria_zh,
        criteria_en=x.criteria_en,
        check_zh=check.get("zh", ""),
        check_en=check.get("en", ""),
        status_by=getattr(x, "status_by", ""),
        status_at=getattr(x, "status_at", None),
        predecessor_numbers=preds,
        after_entry_minutes=planned.after_entry_minutes if planned else None,
        run_planned_start=var.planned_start if var else None,
        duration_unknown=bool(getattr(x, "duration_unknown", False)),
        **_changed(x, name, run_step),
    )


def _changed(x, name, run_step: bool) -> dict:
    """Who changed a planned step by hand and when: an engineer's own step, or a generated
    one edited after generation (revision past its creation); a run's copy says nothing."""
    if run_step or not hasattr(x, "revision"):
        return {}
    if not (getattr(x, "custom", False) or (x.revision or 0) > 1):
        return {}
    return {"changed_by": name(x.changed_by) or "—", "changed_at": x.updated_at}


def announcements(ctx: ServiceContext, wave_id: str) -> list[Announcement]:
    """Both notices of the wave (saved, else the generated draft) as printed lines."""
    from hmfield.core.model.runbook import NoticeKind
    from hmfield.core.runbooks.notices import NoticeService

    svc = NoticeService(ctx)
    out = []
    for kind in (NoticeKind.STOP_BUSINESS.value, NoticeKind.BUSINESS_RESUMED.value):
        view = svc.get(wave_id, kind)
        out.append(
            Announcement(
                kind,
                tuple(svc.paragraphs(wave_id, kind, "zh")),
                tuple(svc.paragraphs(wave_id, kind, "en")),
                view.approved,
            )
        )
    return out


def _run_info(ctx: ServiceContext, run: Run, snap, fc: Forecast, name, numbers) -> RunInfo:
    events = RunService(ctx).rollback_events(run.id)
    rb = events[-1] if events else None
    return RunInfo(
        run.kind,
        run.status,
        run.started_at,
        run.ended_at,
        fc.planned_end,
        fc.forecast_end,
        fc.slip_minutes,
        (rb.triggered_at, name(rb.triggered_by_id), rb.reason) if rb else None,
        numbers.get(rb.entered_from) if rb and rb.entered_from else None,
        bool(rb and rb.after_no_return),
        run.id,
    )


def _steps_and_run(ctx: ServiceContext, view, run: Run | None, name):
    """The cutover path's and the rollback branch's paper steps, with the run's actuals and
    variances when there is a run (steps added during the run at the end of their path), and
    the run's header (None without a run)."""
    numbers = {p.step.key: p.step.number for p in [*view.steps, *view.branch]}
    actual: dict = {}
    variances: dict = {}
    info = None
    snap = None
    if run is not None:
        snap = RunService(ctx).snapshot(run.id)
        actual = snap.by_key
        numbers |= {x.key: x.number for x in snap.steps}
        fc: Forecast = snap.forecast(run.ended_at or ctx.clock.now())
        info = _run_info(ctx, run, snap, fc, name, numbers)
        variances = fc.variances

    def paper_steps(planned) -> list:
        return [
            _paper_step(actual.get(p.step.key, p.step), p, variances.get(p.step.key), numbers,
                        name, run is not None and p.step.key in actual)
            for p in planned
        ]  # fmt: skip

    steps, branch = paper_steps(view.steps), paper_steps(view.branch)
    if snap is not None:  # steps added during the run
        known = {x.key for x in [*steps, *branch]}
        for x in snap.steps:
            if x.key not in known:
                target = branch if x.branch else steps
                target.append(_paper_step(x, None, variances.get(x.key), numbers, name, True))
    return steps, branch, info


def runbook_paper(ctx: ServiceContext, wave: Wave, run: Run | None = None) -> RunbookPaper:
    """The runbook of ``wave`` (saved or a preview) with ``run``'s actuals when given: the
    cutover path, the rollback branch, the gates' criteria, who changed each step and when,
    the escalation list and what the lead must know about the plan behind it."""
    project = _project(ctx)
    people = _names(ctx)
    view = RunbookService(ctx).view_for_wave(wave.id)
    name = lambda pid: people[pid].name if pid in people else ""  # noqa: E731
    steps, branch, info = _steps_and_run(ctx, view, run, name)
    pnr = next((x for x in steps if x.point_of_no_return), None)
    plan = _rollback_plan(ctx, wave.id)
    hosts = _host_names(ctx)
    findings = [
        (f.title, hosts.get(f.host_id or "", ""), name(f.owner_id))
        for f in DrillRunService(ctx).open_must_fix(wave.id)
    ]
    return RunbookPaper(
        project_name=project.name,
        customer=project.customer,
        wave_name=wave.name or f"#{wave.order}",
        tz=report_tz(ctx),
        window_start=wave.cutover_start if run is None else run.window_start,
        window_end=wave.cutover_end if run is None else run.window_end,
        version=view.runbook.version if view.runbook else 1,
        participants=participants(ctx),
        rollback_triggers=(plan.triggers if plan else "") or "",
        rollback_deciders=", ".join(name(i) for i in (plan.decision_maker_ids if plan else [])),
        point_of_no_return=f"{pnr.number}|{pnr.title_zh}|{pnr.title_en}" if pnr else "",
        open_findings=findings,
        steps=steps,
        run=info,
        rollback_branch=branch,
        escalation=escalation(ctx),
        notices=[dict(n.text) for n in view.notices],
        no_return_at=plan.point_of_no_return if plan else None,
        plan_window_start=wave.cutover_start,
        plan_window_end=wave.cutover_end,
        rollback_limit_minutes=plan.max_rollback_minutes if plan else None,
        announcements=announcements(ctx, wave.id),
        planned_min=view.planned_min,
        unknown_steps=view.unknown_steps,
        hold_min=view.hold_min,
    )


def latest_run(ctx: ServiceContext, wave: Wave) -> Run | None:
    """The live run if there is one, else the latest rehearsal."""
    runbook = RunbookService(ctx).for_wave(wave.id)
    if runbook is None:
        return None
    return pick_report_run(RunService(ctx).runs(runbook.id))


def report_run(ctx: ServiceContext, wave: Wave, kind: str | None = None) -> Run:
    """The run a cutover or acceptance report is about: the live run if there is one, else
    the latest rehearsal (``kind`` "live" or "rehearsal" asks for that kind only). A wave
    with no such run is refused with a message saying so; nothing is written."""
    runbook = RunbookService(ctx).for_wave(wave.id)
    name = wave.name or f"#{wave.order + 1}"
    if runbook is None:
        raise HmError(f"wave '{name}' has no runbook and no run yet: there is nothing to report")
    runs = RunService(ctx).runs(runbook.id)
    if kind is not None:
        runs = [r for r in runs if r.kind == kind]
    pick = pick_report_run(runs)
    if pick is None:
        what = {"live": "live run", "rehearsal": "rehearsal"}.get(kind or "", "run")
        raise HmError(
            f"wave '{name}' has no {what} yet: there is nothing to report "
            "(print the runbook instead, or start a run first)"
        )
    return pick


def _host_names(ctx: ServiceContext) -> dict[str, str]:
    """Every host's name by id (deleted ones too: an old step may name one). Two columns,
    not the records: a 50,000-host project's whole records took 4.9 s and 400 MB here."""
    with ctx.read() as s:
        return dict(s.exec(select(Host.id, Host.name)).all())


def drill_paper(ctx: ServiceContext, wave: Wave, drill_id: str | None = None) -> DrillPaper:
    project = _project(ctx)
    drills = DrillRunService(ctx)
    people = _names(ctx)
    all_drills = drills.drills(wave.id)
    drill = drills.get(drill_id) if drill_id else (all_drills[-1] if all_drills else None)
    hosts = _host_names(ctx)
    scope = wave.name
    if drill is not None and drill.business_system_id:
        with ctx.read() as s:
            system = s.get(BusinessSystem, drill.business_system_id)
        scope = system.name if system else scope
    results = (
        [(hosts.get(r.host_id, r.host_id), r) for r in drills.results(drill.id)] if drill else []
    )
    findings = [
        (f, hosts.get(f.host_id or "", ""), people[f.owner_id].name if f.owner_id in people else "")
        for f in (drills.findings(drill_id=drill.id) if drill else [])
    ]
    if drill is None:  # blank paper: one row per host of the wave
        with ctx.read() as s:
            wave_hosts = s.exec(select(Host).where(Host.wave_id == wave.id, Host.deleted == False))  # noqa: E712
            results = [(h.name, None) for h in sorted(wave_hosts, key=lambda h: h.name)]
    return DrillPaper(
        project.name, project.customer, wave.name, report_tz(ctx), scope, drill, results, findings
    )


def acceptance_paper(ctx: ServiceContext, wave: Wave) -> AcceptancePaper:
    project = _project(ctx)
    acc = AcceptanceService(ctx)
    hosts = _host_names(ctx)
    with ctx.read() as s:
        systems = {b.id: b.name for b in s.exec(select(BusinessSystem))}
    obs = [
        (
            o.at,
            hosts.get(o.host_id or "", "") or systems.get(o.business_system_id or "", ""),
            o.metric,
            o.note,
            o.ok,
        )
        for o in acc.observations(wave.id)
    ]
    run = acc.report_run(wave.id)
    rows = [(h.host.name, h.cut_over, h.problems, h.accepted) for h in acc.hosts(wave.id)]
    wanted = ("customer", "msp", "app_user", "app_operator")
    signers = [p for p in participants(ctx) if any(r in wanted for r in p.roles)]
    return AcceptancePaper(
        project.name, project.customer, wave.name, report_tz(ctx), obs, rows, signers,
        run.kind if run else None, run.status if run else None, run.started_at if run else None,
    )  # fmt: skip


def rollback_brief(ctx: ServiceContext, runbook_id: str) -> dict[str, str]:
    """What the live screen shows beside the stage-eight checklist: the wave's rollback
    triggers, who decides and the point of no return (plan time and runbook step)."""
    with ctx.read() as s:
        from hmfield.core.model.runbook import Runbook, RunbookStep

        runbook = s.get(Runbook, runbook_id)
        pnr = s.exec(
            select(RunbookStep).where(
                RunbookStep.runbook_id == runbook_id,
                RunbookStep.point_of_no_return == True,  # noqa: E712
                RunbookStep.deleted == False,  # noqa: E712
            )
        ).first()
    if runbook is None:
        return {}
    plan = _rollback_plan(ctx, runbook.wave_id)
    people = _names(ctx)
    tz = report_tz(ctx)
    parts = []
    if pnr is not None:
        parts.append(f"#{pnr.number} {pnr.title_zh} / {pnr.title_en}")
    if plan is not None and plan.point_of_no_return is not None:
        from zoneinfo import ZoneInfo

        parts.append(plan.point_of_no_return.astimezone(ZoneInfo(tz)).strftime("%m-%d %H:%M"))
    deciders = [people[i].name for i in (plan.decision_maker_ids if plan else []) if i in people]
    return {
        "triggers": plan.triggers if plan else "",
        "deciders": ", ".join(deciders),
        "point_of_no_return": " · ".join(parts),
    }

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
from hmfield.core.model.plan import Wave
from hmfield.core.model.project import Person, Project
from hmfield.core.model.runbook import DrillHostResult, DrillRun, Finding, Run
from hmfield.core.runbooks import Forecast
from hmfield.core.runbooks.acceptance import AcceptanceService
from hmfield.core.runbooks.drill_runs import DrillRunService
from hmfield.core.runbooks.runs import RunService
from hmfield.core.runbooks.service import RunbookService

DEFAULT_TZ = "Asia/Shanghai"


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

    def title(self, lang: str) -> str:
        return (self.title_zh if lang == "zh" else self.title_en) or self.title_zh


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
    try:
        from hmfield.core.model.plan import PlanSettings
    except ImportError:
        return DEFAULT_TZ
    with ctx.read() as s:
        settings = s.exec(select(PlanSettings).where(PlanSettings.deleted == False)).first()  # noqa: E712
    return (settings.timezone if settings and settings.timezone else None) or DEFAULT_TZ


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


def runbook_paper(ctx: ServiceContext, wave: Wave, run: Run | None = None) -> RunbookPaper:
    """The runbook of ``wave`` (saved or a preview) with ``run``'s actuals when given."""
    project = _project(ctx)
    people = _names(ctx)
    view = RunbookService(ctx).view_for_wave(wave.id)
    name = lambda pid: people[pid].name if pid in people else ""  # noqa: E731
    number = {p.step.key: p.step.number for p in view.steps}
    actual: dict = {}
    variances: dict = {}
    info = None
    if run is not None:
        runs = RunService(ctx)
        snap = runs.snapshot(run.id)
        actual = snap.by_key
        fc: Forecast = snap.forecast(run.ended_at or ctx.clock.now())
        events = runs.rollback_events(run.id)
        rb = events[-1] if events else None
        info = RunInfo(
            run.kind,
            run.status,
            run.started_at,
            run.ended_at,
            fc.planned_end,
            fc.forecast_end,
            fc.slip_minutes,
            (rb.triggered_at, name(rb.triggered_by_id), rb.reason) if rb else None,
        )
        variances = fc.variances
    steps = []
    for p in view.steps:
        x = actual.get(p.step.key, p.step)
        var = variances.get(x.key)
        steps.append(
            PaperStep(
                number=x.number,
                key=x.key,
                title_zh=x.title_zh,
                title_en=x.title_en,
                executor_role=x.executor_role,
                owner=name(x.owner_id),
                predecessors=", ".join(str(number.get(k, k)) for k in x.predecessors),
                planned_start=var.planned_start if var else p.planned_start,
                planned_minutes=x.planned_minutes,
                type=x.type,
                point_of_no_return=x.point_of_no_return,
                critical=p.critical,
                status=getattr(x, "status", None) if run is not None else None,
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
            )
        )
    if run is not None:  # steps added during the run
        known = {s.key for s in steps}
        extra = [x for x in snap.steps if x.key not in known]
        for x in extra:
            v = variances.get(x.key)
            steps.append(
                PaperStep(
                    x.number, x.key, x.title_zh, x.title_en, x.executor_role, name(x.owner_id),
                    ", ".join(str(number.get(k, k)) for k in x.predecessors), v.planned_start,
                    x.planned_minutes, x.type, status=x.status, actual_start=x.started_at,
                    actual_end=x.ended_at, skip_reason=x.skip_reason,
                    deviation_note=x.deviation_note, start_variance=v.start_variance,
                    duration_variance=v.duration_variance, end_variance=v.end_variance,
                )
            )  # fmt: skip
    pnr = next((s for s in steps if s.point_of_no_return), None)
    plan = _rollback_plan(ctx, wave.id)
    drills = DrillRunService(ctx)
    hosts = _host_names(ctx)
    findings = [
        (f.title, hosts.get(f.host_id or "", ""), name(f.owner_id))
        for f in drills.open_must_fix(wave.id)
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
    )


def latest_run(ctx: ServiceContext, wave: Wave) -> Run | None:
    """The live run if there is one, else the latest rehearsal."""
    runbook = RunbookService(ctx).for_wave(wave.id)
    if runbook is None:
        return None
    runs = RunService(ctx).runs(runbook.id)
    live = [r for r in runs if r.kind == "live"]
    return (live or runs or [None])[-1]


def _host_names(ctx: ServiceContext) -> dict[str, str]:
    with ctx.read() as s:
        return {h.id: h.name for h in s.exec(select(Host))}


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
    rows = [(h.host.name, h.cut_over, h.problems, h.accepted) for h in acc.hosts(wave.id)]
    wanted = ("customer", "msp", "app_user", "app_operator")
    signers = [p for p in participants(ctx) if any(r in wanted for r in p.roles)]
    return AcceptancePaper(
        project.name, project.customer, wave.name, report_tz(ctx), obs, rows, signers
    )


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

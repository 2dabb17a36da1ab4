"""Cutover runbooks per wave (seed stage seven): generate, edit the engineer's own steps, and
compute the planned schedule from the wave's cutover window.

The runbook is generated from the stage-seven template (:mod:`hmfield.core.runbooks.generate`)
with the wave's hosts and business systems; owners come from People by role. Step keys use
record ids (``sync:<host id>``, ``stop:<system id>``) so they survive renames and let a run
step find its runbook step.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session, select

from hmfield.core.context import ServiceContext
from hmfield.core.errors import HmError
from hmfield.core.model.base import new_id
from hmfield.core.model.inventory import Host
from hmfield.core.model.plan import RollbackPlan, Wave
from hmfield.core.model.project import Person
from hmfield.core.model.runbook import DrillRun, Finding, Runbook, RunbookStep, StepFields
from hmfield.core.plan.inputs import PlanInputs, load_plan_inputs
from hmfield.core.plan.messages import PlanMessages
from hmfield.core.plan.timing import (
    host_timing,
    lane_predecessors,
    moved_apart,
    runbook_step_minutes,
    sync_policy,
    wave_links,
    wave_timing,
)
from hmfield.core.runbooks import (
    CompiledRunbook,
    StepSpec,
    compile_runbook,
    critical_path,
    plan_schedule,
)
from hmfield.core.runbooks.gates import GateFacts
from hmfield.core.runbooks.generate import (
    GeneratedRunbook,
    HostInput,
    ObjectInput,
    PlanFacts,
    build_runbook,
)
from hmfield.core.runbooks.rollback import PlanNotice, notice
from hmfield.core.runbooks.steps import (  # noqa: F401 - re-exported for callers
    _get,
    _steps,
    _with,
    check_changes,
    in_branch,
    on_path,
    spec_row,
    step_spec,
)
from hmfield.core.runbooks.titles import planned_length_text, runbook_titles
from hmfield.core.text import fill

EDITABLE_ALWAYS = ("planned_minutes", "owner_id", "executor_role")
EDITABLE_CUSTOM = (
    *EDITABLE_ALWAYS,
    "title_zh",
    "title_en",
    "stream",
    "predecessors",
    "type",
    "point_of_no_return",
)


@dataclass(frozen=True)
class PlannedStep:
    """A step with its planned start/end (None without a cutover window) and its slack."""

    step: StepFields
    planned_start: datetime | None
    planned_end: datetime | None
    critical: bool
    slack_minutes: float
    after_entry_minutes: float | None = None  # rollback branch: planned start after entry


@dataclass(frozen=True)
class RunbookView:
    """A runbook as the screens and reports show it. ``runbook`` is None for a preview that
    was generated but not saved (read-only CLI)."""

    wave: Wave
    runbook: Runbook | None
    steps: list[PlannedStep]  # the cutover path
    branch: list[PlannedStep] = field(default_factory=list)  # the rollback branch
    notices: list = field(default_factory=list)  # rollback.Notice: what the lead must know

    planned_min: float = 0.0  # the cutover path's planned length (a lower bound if unknown)
    unknown_steps: int = 0  # cutover steps whose minutes the plan cannot give

    @property
    def saved(self) -> bool:
        return self.runbook is not None

    @property
    def end_known(self) -> bool:
        return not self.unknown_steps

    @property
    def hold_min(self) -> float:
        """Of planned_min: the wait for the rollback plan's point of no return (no work)."""
        return sum(p.step.planned_minutes for p in self.steps if p.step.key == "hold")

    def length_text(self, lang: str) -> str:
        """The planned length as the screens, the CLI and paper word it (titles)."""
        return planned_length_text(self.planned_min, self.unknown_steps, self.hold_min, lang)


def find_wave(s: Session, ref: str) -> Wave:
    """A wave by id, number or name (what people type on the command line). The number is
    the one people see, W01 = 1: ``Wave.order`` is 0-based."""
    ref = (ref or "").strip()
    waves = list(s.exec(select(Wave).where(Wave.deleted == False)))  # noqa: E712
    for test in (
        lambda w: w.id == ref,
        lambda w: ref.isdigit() and w.order + 1 == int(ref),
        lambda w: w.name == ref,
        lambda w: w.name.casefold() == ref.casefold(),
    ):
        hits = [w for w in waves if test(w)]
        if len(hits) == 1:
            return hits[0]
    names = ", ".join(f"{w.order + 1} {w.name}" for w in sorted(waves, key=lambda w: w.order))
    raise HmError(f"no wave '{ref}'; the waves are: {names or 'none yet (plan them first)'}")


def owners_by_role(s: Session) -> dict[str, str]:
    """Role code -> the Person id who owns steps of that role (first person added wins)."""
    people = s.exec(
        select(Person).where(Person.deleted == False).order_by(Person.created_at)  # noqa: E712
    )
    owners: dict[str, str] = {}
    for person in people:
        for role in person.roles or []:
            owners.setdefault(role, person.id)
    return owners


def wave_hosts(s: Session, wave_id: str) -> list[Host]:
    return list(
        s.exec(
            select(Host)
            .where(Host.wave_id == wave_id, Host.deleted == False)  # noqa: E712
            .order_by(Host.name)
        )
    )


def timing_options(
    s: Session, wave: Wave, hosts: list[Host], inputs: PlanInputs | None = None
) -> dict[str, Any]:
    """Planned minutes and lanes from the plan's timing module: the figures ``plan check``,
    the transfer calendar and the plan documents use (engineer's per-host values win)."""
    inputs = inputs or load_plan_inputs(s)
    policy = sync_policy(inputs)
    timing = wave_timing(inputs, wave.id, policy)
    minutes = {
        h.id: (timing.hosts.get(h.id) or host_timing(inputs, h.id, policy)).runbook_minutes()
        for h in hosts
    }
    return {
        **runbook_step_minutes(policy),
        "host_minutes": minutes,
        "lanes": lane_predecessors(timing),
        "object_minutes": {
            oid: (
                {
                    "freeze": t.freeze_min,
                    "copy": t.final_copy_min,
                    "check": t.verify_min,
                    "switch": t.switch_min,
                }
                if t.in_window
                else dict.fromkeys(("freeze", "copy", "check", "switch"), 0.0)
            )
            for oid, t in timing.objects.items()
        },  # fmt: skip
    }


def _local_clock(start: datetime | None, tz: str):
    """Offset in minutes from the window start -> "12-20 03:00 (Asia/Shanghai)"."""
    from zoneinfo import ZoneInfo

    def clock(minutes: float) -> str:
        if start is None:
            return f"+{minutes:.0f} min"
        at = (start + timedelta(minutes=minutes)).astimezone(ZoneInfo(tz))
        return f"{at:%m-%d %H:%M} ({tz})"

    return clock


def _rollback_plan(s: Session, wave_id: str) -> RollbackPlan | None:
    return s.exec(
        select(RollbackPlan).where(RollbackPlan.wave_id == wave_id, RollbackPlan.deleted == False)  # noqa: E712
    ).first()


def _finding_texts(s: Session, wave: Wave) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(open must-fix findings, other findings to re-check) of the wave's drills."""
    systems = {h.business_system_id for h in wave_hosts(s, wave.id) if h.business_system_id}
    drills = [
        d.id
        for d in s.exec(select(DrillRun).where(DrillRun.deleted == False))  # noqa: E712
        if d.wave_id == wave.id or (d.business_system_id and d.business_system_id in systems)
    ]
    if not drills:
        return (), ()
    rows = s.exec(
        select(Finding)
        .where(Finding.drill_run_id.in_(drills), Finding.deleted == False)  # type: ignore[attr-defined]  # noqa: E712
        .order_by(Finding.created_at)
    )
    blocking, recheck = [], []
    for f in rows:
        if f.must_fix_before_cutover and f.status == "open":
            blocking.append(f.title)
        else:
            recheck.append(f.title)
    return tuple(blocking), tuple(recheck)


def _plan_facts(s: Session, wave: Wave, inputs: PlanInputs, owners: dict[str, str]) -> PlanFacts:
    plan = _rollback_plan(s, wave.id)
    tz = inputs.settings.timezone or "Asia/Shanghai"
    clock = _local_clock(wave.cutover_start, tz)
    ws, we = wave.cutover_start, wave.cutover_end
    offset = None
    if plan is not None and plan.point_of_no_return is not None and ws is not None:
        offset = (plan.point_of_no_return - ws).total_seconds() / 60
    decider = (plan.decision_maker_ids or [None])[0] if plan else None
    names = {p.id: p.name for p in s.exec(select(Person))}
    deciders = [names[i] for i in (plan.decision_maker_ids if plan else []) if i in names]
    if not deciders and owners.get("customer") in names:
        deciders = [names[owners["customer"]]]
    blocking, recheck = _finding_texts(s, wave)
    links = wave_links(inputs)  # the timing's waits are the same
    net = inputs.network
    return PlanFacts(
        concurrency=int(net.concurrency) if net is not None and net.concurrency else None,
        links=links,
        rollback_plan=plan is not None,
        no_return_offset=offset,
        window_minutes=(we - ws).total_seconds() / 60 if ws and we else None,
        decider=decider,
        rollback_limit=plan.max_rollback_minutes if plan else None,
        gates=GateFacts(
            decider=", ".join(deciders),
            triggers=plan.triggers if plan else "",
            blocking=blocking,
            findings=recheck,
            no_return=clock(offset) if offset is not None else "",
        ),
        clock=clock,
    )


def generation(
    s: Session, wave: Wave, options: Mapping[str, Any] | None = None
) -> tuple[GeneratedRunbook, list[dict]]:
    """The wave's runbook from the method (cutover path, rollback branch, criteria and the
    notices for the lead) and its RunbookStep field dicts (not saved). Durations are the
    plan's (final sync from the bandwidth maths, boot and verification from the plan
    settings or the engineer's estimates), the concurrency is the network plan's."""
    inputs = load_plan_inputs(s)
    position = inputs.wave_order.get(wave.id)
    hosts = [h for h in wave_hosts(s, wave.id) if h.id in inputs.hosts]
    assigned = inputs.assignment() if position is not None else {}
    objects = [o for oid, o in inputs.objects.items() if assigned.get(oid) == position]
    # a host moved by its alternative plan gets an object's steps (freeze, copy, verify,
    # switch), never a HyperMotion sync and boot: the plan's timing says the same
    apart = moved_apart(inputs, [h.id for h in hosts])
    objects += [h for h in hosts if h.id in apart]
    system_ids = list(dict.fromkeys(h.business_system_id for h in hosts if h.business_system_id))
    system_ids += [b.id for b in inputs.systems.values() if b.wave_id == wave.id]
    system_ids = list(dict.fromkeys(system_ids))
    names = {
        sid: (inputs.systems[sid].name if sid in inputs.systems else sid[:8]) for sid in system_ids
    }
    hosts = [h for h in hosts if h.id not in apart]
    opts = dict(options or {})
    for key, value in timing_options(s, wave, hosts, inputs).items():
        opts.setdefault(key, value)
    opts.setdefault("dns_minutes", float(inputs.settings.wave_extra_min or 20))
    owners = owners_by_role(s)
    generated = build_runbook(
        wave.name or f"#{wave.order}",
        [HostInput(h.id, h.name or h.hostname or h.id[:8], h.business_system_id, h.role) for h in hosts],
        system_ids,
        owners,
        opts,
        system_names=names,
        objects=[ObjectInput(o.id, o.name or o.id[:8], o.business_system_id) for o in objects],
        facts=_plan_facts(s, wave, inputs, owners),
    )  # fmt: skip
    # the steps whose minutes the plan cannot give: the window check counts the same ones
    unknown = wave_timing(inputs, wave.id).unknown_steps
    if unknown:  # planned at 0 (a lower bound), printed "unknown", the missing input named
        generated.notices.append(_unknown_notice(unknown, inputs.names))
    rows = [spec_row(x, criteria=generated.criteria.get(x.key)) for x in generated.steps]
    rows += [spec_row(x, branch="rollback") for x in generated.branch]
    _mark_unknown(rows, unknown)
    return generated, rows


def _missing_words(missing: Iterable[str], lang: str) -> str:
    msg = PlanMessages(lang)
    sep = "、" if lang == "zh" else ", "
    return sep.join(msg.word(f"missing_{m}") for m in sorted(set(missing)))


def _unknown_notice(unknown: Mapping[str, tuple[str, ...]], names: Mapping[str, str]):
    who = [names.get(k.split(":", 1)[1], k.split(":", 1)[1][:8]) for k in unknown]
    more = f" (+{len(who) - 5})" if len(who) > 5 else ""
    missing = [m for ms in unknown.values() for m in ms]
    template = runbook_titles().messages["final_sync_unknown"]
    return PlanNotice(
        "final_sync_unknown",
        {
            lang: fill(
                template[lang],
                lang,
                count=len(unknown),
                hosts=", ".join(who[:5]) + more,
                inputs=_missing_words(missing, lang),
            )
            for lang in ("zh", "en")
        },
    )


def _mark_unknown(rows: list[dict], unknown: Mapping[str, tuple[str, ...]]) -> None:
    """A step whose minutes are unknown carries ``duration_unknown`` (planned at 0, a lower
    bound, until the input is there and the runbook is regenerated) and says why."""
    for row in rows:
        missing = unknown.get(row["key"])
        if missing is not None:
            row["duration_unknown"] = True
            row["title_zh"] += f"（时长未知：{_missing_words(missing, 'zh')}）"
            row["title_en"] += f" (duration unknown: {_missing_words(missing, 'en')})"


def generated_rows(s: Session, wave: Wave, options: Mapping[str, Any] | None = None) -> list[dict]:
    """The runbook of ``wave`` as RunbookStep field dicts (not saved)."""
    return generation(s, wave, options)[1]


def planned_view(
    wave: Wave, runbook: Runbook | None, steps: list[StepFields], notices: list | None = None
) -> RunbookView:
    """Planned starts and the critical path of the cutover path; the rollback branch apart,
    with each step's start as minutes after the branch is entered."""
    steps = sorted(steps, key=lambda x: x.number)
    path, branch = on_path(steps), in_branch(steps)
    compiled = compile_runbook([step_spec(x) for x in path])
    cp = critical_path(compiled)
    plan = plan_schedule(compiled, wave.cutover_start) if wave.cutover_start else {}
    rows = []
    for x in path:
        start, end = plan.get(x.key, (None, None))
        rows.append(PlannedStep(x, start, end, cp.is_critical(x.key), cp.slack_minutes[x.key]))
    side = compile_runbook([step_spec(x) for x in branch]) if branch else None
    extra = [
        PlannedStep(x, None, None, False, 0.0, side.es[side.index[x.key]]) for x in branch
    ] if side else []  # fmt: skip
    return RunbookView(
        wave,
        runbook,
        rows,
        extra,
        list(notices or []),
        compiled.planned_length,
        len(compiled.unknown_steps),
    )


def _refuse_branch_links(steps: list[RunbookStep], predecessors: Iterable[str]) -> None:
    branch = {x.key: x.number for x in in_branch(steps)}
    hit = [branch[k] for k in predecessors if k in branch]
    if hit:
        nums = ", ".join(str(n) for n in hit)
        raise HmError(
            f"a cutover step cannot wait for rollback step(s) {nums}: the rollback branch runs "
            "only after a no-go"
        )


def saved_drift(s: Session, view: RunbookView) -> list:
    """A saved runbook whose point of no return no longer matches the rollback plan."""
    plan = _rollback_plan(s, view.wave.id)
    pnr = next((p for p in view.steps if p.step.point_of_no_return), None)
    if plan is None or plan.point_of_no_return is None or pnr is None or pnr.planned_start is None:
        return []
    gap = (pnr.planned_start - plan.point_of_no_return).total_seconds() / 60
    if abs(gap) <= 0.5 or any(n.code == "no_return_late" for n in view.notices):
        return []
    return [notice("no_return_moved", step=pnr.step.number)]


class RunbookService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx
        self._compiled: dict[str, tuple[tuple, CompiledRunbook]] = {}

    # -- reads ----------------------------------------------------------------------------
    def waves(self) -> list[Wave]:
        with self.ctx.read() as s:
            return list(
                s.exec(select(Wave).where(Wave.deleted == False).order_by(Wave.order))  # noqa: E712
            )

    def wave(self, ref: str) -> Wave:
        with self.ctx.read() as s:
            return find_wave(s, ref)

    def for_wave(self, wave_id: str) -> Runbook | None:
        with self.ctx.read() as s:
            return s.exec(
                select(Runbook).where(
                    Runbook.wave_id == wave_id,
                    Runbook.deleted == False,  # noqa: E712
                )
            ).first()

    def steps(self, runbook_id: str) -> list[RunbookStep]:
        with self.ctx.read() as s:
            return _steps(s, runbook_id)

    def view(self, runbook_id: str) -> RunbookView:
        """The saved runbook; its notices compare it with the plan as it is now."""
        with self.ctx.read() as s:
            runbook = _get(s, Runbook, runbook_id, "runbook")
            wave = s.get(Wave, runbook.wave_id)
            fresh = generation(s, wave)[0]
            view = planned_view(wave, runbook, _steps(s, runbook_id), fresh.notices)
            view.notices.extend(saved_drift(s, view))
            return view

    def preview(self, wave_id: str, options: Mapping[str, Any] | None = None) -> RunbookView:
        """The runbook the wave would get, without saving anything (read-only commands)."""
        with self.ctx.read() as s:
            wave = _get(s, Wave, wave_id, "wave")
            generated, rows = generation(s, wave, options)
            steps = [RunbookStep(runbook_id="", **r) for r in rows]
        return planned_view(wave, None, steps, generated.notices)

    def view_for_wave(self, wave_id: str) -> RunbookView:
        """The saved runbook of the wave, or the preview when it has none yet."""
        runbook = self.for_wave(wave_id)
        return self.view(runbook.id) if runbook else self.preview(wave_id)

    def compiled(self, runbook_id: str) -> CompiledRunbook:
        """The validated graph, cached until a step's schedule-relevant fields change."""
        specs = [step_spec(x) for x in self.steps(runbook_id)]
        return self._cache(runbook_id, specs)

    def _cache(self, key: str, specs: list[StepSpec]) -> CompiledRunbook:
        sig = tuple((x.key, x.planned_minutes, tuple(x.predecessors), x.type) for x in specs)
        hit = self._compiled.get(key)
        if hit and hit[0] == sig:
            return hit[1]
        compiled = compile_runbook(specs)
        self._compiled[key] = (sig, compiled)
        return compiled

    # -- writes ---------------------------------------------------------------------------
    def generate(self, wave_id: str, options: Mapping[str, Any] | None = None) -> RunbookView:
        """Create the wave's runbook from the stage-seven template (refused if it has one)."""
        with self.ctx.write() as uow:
            s = uow.session
            wave = _get(s, Wave, wave_id, "wave")
            existing = s.exec(
                select(Runbook).where(Runbook.wave_id == wave_id, Runbook.deleted == False)  # noqa: E712
            ).first()
            if existing:
                raise HmError(
                    f"wave '{wave.name}' already has a runbook (version {existing.version}); "
                    "regenerate it instead"
                )
            runbook = uow.rec.create(Runbook(wave_id=wave_id))
            rows = generated_rows(s, wave, options)
            uow.rec.bulk_create(RunbookStep, [dict(r, runbook_id=runbook.id) for r in rows])
        return self.view(runbook.id)

    def regenerate(self, runbook_id: str, options: Mapping[str, Any] | None = None) -> RunbookView:
        """Rebuild the generated steps (hosts may have moved) and keep the engineer's own."""
        with self.ctx.write() as uow:
            s = uow.session
            runbook = _get(s, Runbook, runbook_id, "runbook")
            wave = s.get(Wave, runbook.wave_id)
            old = _steps(s, runbook_id)
            custom = [x for x in old if x.custom]
            rows = generated_rows(s, wave, options)
            keys = {r["key"] for r in rows} | {x.key for x in custom}
            for x in old:
                if not x.custom:
                    uow.rec.delete(x)
            uow.rec.bulk_create(RunbookStep, [dict(r, runbook_id=runbook_id) for r in rows])
            for n, x in enumerate(custom, start=len(rows) + 1):
                preds = [p for p in x.predecessors if p in keys]
                uow.rec.update(x, {"number": n, "predecessors": preds})
            uow.rec.update(runbook, {"version": runbook.version + 1})
        return self.view(runbook_id)

    def add_step(
        self,
        runbook_id: str,
        title: str,
        *,
        predecessors: Iterable[str] = (),
        planned_minutes: float = 10,
        type: str = "task",
        executor_role: str = "msp",
        owner_id: str | None = None,
        stream: str = "custom",
        title_en: str | None = None,
    ) -> RunbookStep:
        """Add one of the engineer's own steps at the end of the runbook."""
        if not (title or "").strip():
            raise HmError("a step needs a title")
        with self.ctx.write() as uow:
            steps = _steps(uow.session, _get(uow.session, Runbook, runbook_id, "runbook").id)
            step = RunbookStep(
                runbook_id=runbook_id,
                key=f"custom:{new_id()[:10]}",
                number=max((x.number for x in steps), default=0) + 1,
                title_zh=title.strip(),
                title_en=(title_en or title).strip(),
                stream=stream,
                executor_role=executor_role,
                owner_id=owner_id,
                predecessors=list(predecessors),
                planned_minutes=planned_minutes,
                type=type,
                custom=True,
            )
            _refuse_branch_links(steps, step.predecessors)
            compile_runbook([step_spec(x) for x in [*steps, step]])
            return uow.rec.create(step)

    def edit_step(self, step_id: str, **changes: Any) -> RunbookStep:
        """Change a step; generated steps allow only minutes, owner and executor role."""
        with self.ctx.write() as uow:
            step = _get(uow.session, RunbookStep, step_id, "runbook step")
            allowed = EDITABLE_CUSTOM if step.custom else EDITABLE_ALWAYS
            check_changes(step, changes, allowed)
            steps = _steps(uow.session, step.runbook_id)
            trial = [_with(x, changes) if x.id == step.id else x for x in steps]
            if not step.branch:
                _refuse_branch_links(steps, changes.get("predecessors", []))
            compile_runbook([step_spec(x) for x in trial])
            if "planned_minutes" in changes and step.duration_unknown:
                changes = {**changes, "duration_unknown": False}  # the engineer knows it now
            uow.rec.update(step, changes)
            return step

    def remove_step(self, step_id: str) -> None:
        """Remove one of the engineer's own steps (tombstone); refused while others wait on it."""
        with self.ctx.write() as uow:
            step = _get(uow.session, RunbookStep, step_id, "runbook step")
            if not step.custom:
                raise HmError(
                    f"step {step.number} is generated from the template; only your own steps "
                    "can be removed (set its minutes to 0 instead)"
                )
            waiting = [
                x for x in _steps(uow.session, step.runbook_id) if step.key in x.predecessors
            ]
            if waiting:
                nums = ", ".join(str(x.number) for x in waiting)
                raise HmError(f"step {step.number} cannot be removed: step(s) {nums} wait for it")
            uow.rec.delete(step)

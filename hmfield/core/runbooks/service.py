"""Cutover runbooks per wave (seed stage seven): generate, edit the engineer's own steps, and
compute the planned schedule from the wave's cutover window.

The runbook is generated from the stage-seven template (:mod:`hmfield.core.runbooks.generate`)
with the wave's hosts and business systems; owners come from People by role. Step keys use
record ids (``sync:<host id>``, ``stop:<system id>``) so they survive renames and let a run
step find its runbook step.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, select

from hmfield.core.context import ServiceContext
from hmfield.core.errors import HmError
from hmfield.core.model.base import new_id
from hmfield.core.model.inventory import BusinessSystem, Host
from hmfield.core.model.plan import Wave
from hmfield.core.model.project import Person
from hmfield.core.model.runbook import Runbook, RunbookStep, StepFields
from hmfield.core.plan.inputs import load_plan_inputs
from hmfield.core.plan.timing import (
    host_timing,
    lane_predecessors,
    runbook_step_minutes,
    sync_policy,
    wave_timing,
)
from hmfield.core.runbooks import (
    CompiledRunbook,
    StepSpec,
    compile_runbook,
    critical_path,
    generate_runbook,
    plan_schedule,
)
from hmfield.core.runbooks.steps import (  # noqa: F401 - re-exported for callers
    _get,
    _steps,
    _with,
    check_changes,
    spec_row,
    step_spec,
)

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


@dataclass(frozen=True)
class RunbookView:
    """A runbook as the screens and reports show it. ``runbook`` is None for a preview that
    was generated but not saved (read-only CLI)."""

    wave: Wave
    runbook: Runbook | None
    steps: list[PlannedStep]

    @property
    def saved(self) -> bool:
        return self.runbook is not None


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


def timing_options(s: Session, wave: Wave, hosts: list[Host]) -> dict[str, Any]:
    """Planned minutes and lanes from the plan's timing module: the figures ``plan check``,
    the transfer calendar and the plan documents use (engineer's per-host values win)."""
    inputs = load_plan_inputs(s)
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
    }


def generated_rows(s: Session, wave: Wave, options: Mapping[str, Any] | None = None) -> list[dict]:
    """The stage-seven runbook of ``wave`` as RunbookStep field dicts (not saved)."""
    hosts = wave_hosts(s, wave.id)
    system_ids = list(dict.fromkeys(h.business_system_id for h in hosts if h.business_system_id))
    extra = s.exec(
        select(BusinessSystem).where(
            BusinessSystem.wave_id == wave.id,
            BusinessSystem.deleted == False,  # noqa: E712
        )
    )
    system_ids += [b.id for b in extra if b.id not in system_ids]
    names = {}
    for sid in system_ids:
        system = s.get(BusinessSystem, sid)
        names[sid] = system.name if system and system.name else sid[:8]
    opts = dict(options or {})
    for key, value in timing_options(s, wave, hosts).items():
        opts.setdefault(key, value)
    specs = generate_runbook(
        wave.name or f"#{wave.order}",
        [(h.id, h.name or h.hostname or h.id[:8], h.business_system_id) for h in hosts],
        system_ids,
        owners_by_role(s),
        opts,
        system_names=names,
    )
    return [spec_row(spec) for spec in specs]


def planned_view(wave: Wave, runbook: Runbook | None, steps: list[StepFields]) -> RunbookView:
    steps = sorted(steps, key=lambda x: x.number)
    compiled = compile_runbook([step_spec(x) for x in steps])
    cp = critical_path(compiled)
    plan = plan_schedule(compiled, wave.cutover_start) if wave.cutover_start else {}
    rows = []
    for x in steps:
        start, end = plan.get(x.key, (None, None))
        rows.append(PlannedStep(x, start, end, cp.is_critical(x.key), cp.slack_minutes[x.key]))
    return RunbookView(wave, runbook, rows)


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
        with self.ctx.read() as s:
            runbook = _get(s, Runbook, runbook_id, "runbook")
            return planned_view(s.get(Wave, runbook.wave_id), runbook, _steps(s, runbook_id))

    def preview(self, wave_id: str, options: Mapping[str, Any] | None = None) -> RunbookView:
        """The runbook the wave would get, without saving anything (read-only commands)."""
        with self.ctx.read() as s:
            wave = _get(s, Wave, wave_id, "wave")
            rows = [RunbookStep(runbook_id="", **r) for r in generated_rows(s, wave, options)]
        return planned_view(wave, None, rows)

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
            compile_runbook([step_spec(x) for x in trial])
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

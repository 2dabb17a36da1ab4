"""Runs of a runbook: a rehearsal or the live cutover night, step by step, and the rollback.

A run copies the runbook's steps (:class:`RunStep`) so what happens at night never rewrites
the plan: an edit during a run is a deviation, taken back into the runbook only with
:meth:`RunService.adopt_deviations`. Gates are done only with a named go decision; skipping
needs a reason. Every status change stamps who made it and when (``status_by``,
``status_at``). The live screen asks for a :class:`LiveSnapshot` after each click and calls
its pure :meth:`LiveSnapshot.forecast` on every clock tick (no database work per tick).

Rollback: the run carries the rollback branch (stage eight) but does not schedule it until a
rollback is triggered, normally after a no-go at a gate before the point of no return. Then
the unfinished cutover steps are skipped, the branch is what remains to do, and the run ends
as rolled back when the branch is finished. After the point of no return a rollback must be
confirmed as such (the plan's data rule for data written on the target applies).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session, select

from hmfield.core.context import ServiceContext
from hmfield.core.errors import HmError
from hmfield.core.model.base import new_id
from hmfield.core.model.plan import Wave
from hmfield.core.model.project import Person
from hmfield.core.model.runbook import (
    GateDecision,
    Notice,
    NoticeKind,
    RollbackEvent,
    Run,
    Runbook,
    RunbookStep,
    RunKind,
    RunStatus,
    RunStep,
)
from hmfield.core.runbooks import CompiledRunbook, Forecast, StepState, compile_runbook, forecast
from hmfield.core.runbooks.checklist_link import after_rollback, after_step_done
from hmfield.core.runbooks.steps import (
    FINISHED,
    ROLLBACK_BRANCH,
    _get,
    _require_ready,
    _run_steps,
    _steps,
    _wave_of,
    _window,
    check_changes,
    in_branch,
    on_path,
    passed_no_return,
    step_spec,
)

SHARED = (
    "key", "number", "title_zh", "title_en", "stream", "executor_role", "owner_id",
    "predecessors", "planned_minutes", "type", "point_of_no_return", "custom", "branch",
    "criteria_zh", "criteria_en", "duration_unknown",
)  # fmt: skip
NOT_NEEDED = "no rollback needed: the cutover completed"
RISK_SHARE = 0.5  # at risk once the forecast has used half the slack the plan left in the window
RUN_EDITABLE = (
    "planned_minutes",
    "owner_id",
    "executor_role",
    "title_zh",
    "title_en",
    "predecessors",
)


def active_steps(steps: list[RunStep], rolling_back: bool) -> list[RunStep]:
    """The steps being worked on: the cutover path, plus the rollback branch once entered."""
    return list(steps) if rolling_back else on_path(steps)


@dataclass
class LiveSnapshot:
    """A run as read after the last write: steps, the compiled graph of the active steps
    (the cutover path; the rollback branch too once entered) and the window."""

    run: Run
    steps: list[RunStep]  # every step of the run, the branch included
    compiled: CompiledRunbook
    window_start: datetime
    window_end: datetime
    rollback: RollbackEvent | None = None
    by_key: dict[str, RunStep] = field(init=False)
    states: list[StepState] = field(init=False)

    def __post_init__(self) -> None:
        self.by_key = {x.key: x for x in self.steps}
        self.states = [
            StepState(x.key, x.status, x.started_at, x.ended_at)
            for x in active_steps(self.steps, self.rolling_back)
        ]

    @property
    def rolling_back(self) -> bool:
        return self.rollback is not None

    @property
    def path(self) -> list[RunStep]:
        return on_path(self.steps)

    @property
    def branch(self) -> list[RunStep]:
        return in_branch(self.steps)

    def no_return_passed(self) -> bool:
        return passed_no_return(self.path) is not None

    def forecast(self, now: datetime) -> Forecast:
        """Pure and O(V+E): safe to call every second all night. The state is judged against
        the window with a reserve of half the planned slack (:data:`RISK_SHARE`): on track at
        the start, at risk once the slip has eaten half the room, over when past the end."""
        fc_plan = self.compiled.planned_length
        window = (self.window_end - self.window_start).total_seconds() / 60
        reserve = max(0.0, window - fc_plan) * RISK_SHARE
        return forecast(
            self.compiled, self.states, now, self.window_start, self.window_end, reserve
        )

    def step(self, key: str) -> RunStep:
        return self.by_key[key]


class RunService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx
        self._compiled: dict[str, tuple[tuple, CompiledRunbook]] = {}
        self.warnings: list[str] = []  # checklist updates that failed after the last write

    # -- reads ----------------------------------------------------------------------------
    def runs(self, runbook_id: str) -> list[Run]:
        with self.ctx.read() as s:
            return list(
                s.exec(
                    select(Run)
                    .where(Run.runbook_id == runbook_id, Run.deleted == False)  # noqa: E712
                    .order_by(Run.started_at)
                )
            )

    def get(self, run_id: str) -> Run:
        with self.ctx.read() as s:
            return _get(s, Run, run_id, "run")

    def steps(self, run_id: str) -> list[RunStep]:
        with self.ctx.read() as s:
            return _run_steps(s, run_id)

    def rollback_events(self, run_id: str) -> list[RollbackEvent]:
        with self.ctx.read() as s:
            return list(
                s.exec(
                    select(RollbackEvent)
                    .where(RollbackEvent.run_id == run_id, RollbackEvent.deleted == False)  # noqa: E712
                    .order_by(RollbackEvent.triggered_at)
                )
            )

    def snapshot(self, run_id: str) -> LiveSnapshot:
        with self.ctx.read() as s:
            run = _get(s, Run, run_id, "run")
            steps = _run_steps(s, run_id)
            event = _rollback_event(s, run_id)
        specs = [step_spec(x) for x in active_steps(steps, event is not None)]
        sig = tuple((x.key, x.planned_minutes, tuple(x.predecessors), x.type) for x in specs)
        hit = self._compiled.get(run_id)
        if hit is None or hit[0] != sig:
            hit = (sig, compile_runbook(specs))
            self._compiled[run_id] = hit
        # a run recorded without a window (an older file, a wave whose window was cleared)
        # is judged from its own start over its planned length, never a crash
        start = run.window_start or run.started_at or self.ctx.clock.now()
        end = run.window_end or start + timedelta(minutes=hit[1].planned_length)
        return LiveSnapshot(run, steps, hit[1], start, end, event)

    def forecast(self, run_id: str, now: datetime | None = None) -> Forecast:
        return self.snapshot(run_id).forecast(now or self.ctx.clock.now())

    # -- starting a run -------------------------------------------------------------------
    def start(self, runbook_id: str, kind: str = RunKind.REHEARSAL.value) -> Run:
        """Start a rehearsal (timed from now) or the live run (the wave's cutover window)."""
        if kind not in {k.value for k in RunKind}:
            raise HmError(f"unknown run kind '{kind}'; use rehearsal or live")
        with self.ctx.write() as uow:
            s = uow.session
            runbook = _get(s, Runbook, runbook_id, "runbook")
            wave = s.get(Wave, runbook.wave_id)
            busy = s.exec(
                select(Run).where(Run.runbook_id == runbook_id, Run.status == "running")
            ).first()
            if busy:
                raise HmError(f"a {busy.kind} run of this runbook is still running; end it first")
            steps = _steps(s, runbook_id)
            if not steps:
                raise HmError("the runbook has no steps; generate it first")
            compiled = compile_runbook([step_spec(x) for x in on_path(steps)])
            now = uow.rec.now
            ws, we = _window(wave, kind, now, compiled.planned_length)
            run = uow.rec.create(
                Run(
                    runbook_id=runbook_id,
                    kind=kind,
                    started_at=now,
                    window_start=ws,
                    window_end=we,
                    runbook_version=runbook.version,
                )
            )
            rows = [{**{f: getattr(x, f) for f in SHARED}, "run_id": run.id} for x in steps]
            uow.rec.bulk_create(RunStep, rows)
            if kind == RunKind.LIVE:
                uow.rec.update(wave, {"status": "cutting_over"})
            return run

    # -- steps ----------------------------------------------------------------------------
    def start_step(self, run_id: str, key: str) -> RunStep:
        with self.ctx.write() as uow:
            run, step, steps = self._open(uow.session, run_id, key)
            if step.status != "pending":
                raise HmError(f"step {step.number} is {step.status}, not waiting to start")
            _require_ready(step, steps)
            uow.rec.update(
                step, self._stamped(uow, {"status": "running", "started_at": uow.rec.now})
            )
            return step

    def finish_step(self, run_id: str, key: str) -> RunStep:
        """Done (timestamped). A pending step may be done in one click once it is ready."""
        with self.ctx.write() as uow:
            run, step, steps = self._open(uow.session, run_id, key)
            if step.type == "gate":
                raise HmError(
                    f"step {step.number} is a go/no-go gate: record the decision and who took it"
                )
            if step.status not in ("pending", "running"):
                raise HmError(f"step {step.number} is already {step.status}")
            if step.status == "pending":
                _require_ready(step, steps)
            _require_approved_notice(uow.session, run, step)
            uow.rec.update(step, self._stamped(uow, {"status": "done", "ended_at": uow.rec.now}))
            self._maybe_complete(uow, run, steps)
        self.warnings = after_step_done(self.ctx, run, step)
        return step

    def skip_step(self, run_id: str, key: str, reason: str) -> RunStep:
        reason = (reason or "").strip()
        if not reason:
            raise HmError("skipping a step needs a reason")
        with self.ctx.write() as uow:
            run, step, steps = self._open(uow.session, run_id, key)
            if step.type == "gate":
                raise HmError(f"step {step.number} is a gate: decide go or no-go, do not skip it")
            if step.status not in ("pending", "running"):
                raise HmError(f"step {step.number} is already {step.status}")
            changes = {"status": "skipped", "skip_reason": reason}
            if step.status == "running":
                changes["ended_at"] = uow.rec.now
            uow.rec.update(step, self._stamped(uow, changes))
            self._maybe_complete(uow, run, steps)
            return step

    def decide_gate(self, run_id: str, key: str, decision: str, person_id: str) -> RunStep:
        """Go closes the gate; no-go keeps it open (roll back, or decide again later)."""
        if decision not in {d.value for d in GateDecision}:
            raise HmError(f"a gate decision is go or no_go, not '{decision}'")
        with self.ctx.write() as uow:
            s = uow.session
            run, step, steps = self._open(s, run_id, key)
            if step.type != "gate":
                raise HmError(f"step {step.number} is not a go/no-go gate")
            if step.status not in ("pending", "running"):
                raise HmError(f"step {step.number} is already {step.status}")
            person = s.get(Person, person_id) if person_id else None
            if person is None or person.deleted:
                raise HmError("a gate decision needs the name of the person who decided")
            if step.status == "pending":
                _require_ready(step, steps)
            now = uow.rec.now
            changes: dict[str, Any] = {
                "gate_decision": decision,
                "decided_by_id": person.id,
                "decided_at": now,
                "started_at": step.started_at or now,
                "status": "done" if decision == GateDecision.GO else "running",
            }
            if decision == GateDecision.GO:
                changes["ended_at"] = now
            uow.rec.update(step, self._stamped(uow, changes))
            self._maybe_complete(uow, run, steps)
            return step

    # -- deviations -----------------------------------------------------------------------
    def edit_step(self, run_id: str, key: str, note: str = "", **changes: Any) -> RunStep:
        """Change a step during the run; it is marked as a deviation from the runbook."""
        with self.ctx.write() as uow:
            run, step, steps = self._open(uow.session, run_id, key)
            if step.status in FINISHED:
                raise HmError(f"step {step.number} is already {step.status}; nothing to change")
            check_changes(step, changes, RUN_EDITABLE)
            trial = [x.model_copy(update=changes) if x.id == step.id else x for x in steps]
            compile_runbook([step_spec(x) for x in trial])
            what = ", ".join(sorted(changes))
            text = (note or "").strip() or f"changed during the run: {what}"
            merged = f"{step.deviation_note}; {text}" if step.deviation_note else text
            if "planned_minutes" in changes and step.duration_unknown:
                changes = {**changes, "duration_unknown": False}  # the engineer knows it now
            uow.rec.update(step, {**changes, "deviation": True, "deviation_note": merged})
            return step

    def add_step(
        self,
        run_id: str,
        title: str,
        note: str,
        *,
        predecessors: Iterable[str] = (),
        planned_minutes: float = 10,
        executor_role: str = "msp",
        owner_id: str | None = None,
    ) -> RunStep:
        """A step nobody planned, added during the run (a deviation with its reason)."""
        if not (title or "").strip():
            raise HmError("a step needs a title")
        if not (note or "").strip():
            raise HmError("say why the step is added (the deviation note)")
        with self.ctx.write() as uow:
            run = self._running(uow.session, run_id)
            steps = _run_steps(uow.session, run_id)
            step = RunStep(
                run_id=run.id,
                key=f"custom:{new_id()[:10]}",
                number=max((x.number for x in steps), default=0) + 1,
                title_zh=title.strip(),
                title_en=title.strip(),
                stream="custom",
                executor_role=executor_role,
                owner_id=owner_id,
                predecessors=list(predecessors),
                planned_minutes=planned_minutes,
                custom=True,
                deviation=True,
                deviation_note=note.strip(),
            )
            compile_runbook([step_spec(x) for x in [*steps, step]])
            return uow.rec.create(step)

    def adopt_deviations(self, run_id: str) -> int:
        """Take the run's deviations back into the runbook (new version); returns how many."""
        with self.ctx.write() as uow:
            s = uow.session
            run = _get(s, Run, run_id, "run")
            runbook = _get(s, Runbook, run.runbook_id, "runbook")
            by_key = {x.key: x for x in _steps(s, runbook.id)}
            count = 0
            for x in _run_steps(s, run_id):
                if not x.deviation:
                    continue
                values = {f: getattr(x, f) for f in SHARED if f not in ("key", "number")}
                target = by_key.get(x.key)
                if target is None:
                    number = max((y.number for y in by_key.values()), default=0) + 1
                    by_key[x.key] = uow.rec.create(
                        RunbookStep(runbook_id=runbook.id, key=x.key, number=number, **values)
                    )
                else:
                    uow.rec.update(target, values)
                count += 1
            steps = list(by_key.values())
            compile_runbook([step_spec(x) for x in steps])
            if count:
                uow.rec.update(runbook, {"version": runbook.version + 1})
            return count

    # -- ending ---------------------------------------------------------------------------
    def trigger_rollback(
        self, run_id: str, reason: str, person_id: str, after_no_return: bool = False
    ) -> RollbackEvent:
        """Enter the rollback branch: who, when, why and from which gate. Every unfinished
        cutover step is skipped; the branch's steps are what the run does next. Past the
        point of no return only with ``after_no_return`` (the plan's data rule applies)."""
        reason = (reason or "").strip()
        if not reason:
            raise HmError("a rollback needs a reason (which trigger was met)")
        with self.ctx.write() as uow:
            s = uow.session
            run = self._running(s, run_id)
            if _rollback_event(s, run_id) is not None:
                raise HmError("this run is already rolling back; work through the rollback steps")
            person = s.get(Person, person_id) if person_id else None
            if person is None or person.deleted:
                raise HmError("a rollback needs the name of the person who decided it")
            steps = _run_steps(s, run_id)
            pnr = passed_no_return(on_path(steps))
            passed = pnr is not None
            if passed and not after_no_return:
                raise HmError(
                    f"the point of no return (step {pnr.number}) is passed: data is now written "
                    "on the target; confirm a rollback after the point of no return (the "
                    "rollback plan's data rule applies)"
                )
            now = uow.rec.now
            event = uow.rec.create(
                RollbackEvent(
                    run_id=run.id,
                    triggered_at=now,
                    triggered_by_id=person.id,
                    reason=reason,
                    entered_from=_entry_gate(on_path(steps)),
                    after_no_return=passed,
                )
            )
            for x in on_path(steps):
                if x.status in FINISHED:
                    continue
                changes: dict[str, Any] = {
                    "status": "skipped",
                    "skip_reason": f"rollback: {reason}",
                }
                if x.status == "running":
                    changes["ended_at"] = now
                uow.rec.update(x, self._stamped(uow, changes))
            if not in_branch(steps):  # a run copied before runbooks had a branch
                uow.rec.update(run, {"status": RunStatus.ROLLED_BACK.value, "ended_at": now})
            wave = _wave_of(s, run)
            if run.kind == RunKind.LIVE and wave is not None:
                uow.rec.update(wave, {"status": "rolled_back"})
        self.warnings = after_rollback(self.ctx, run)
        return event

    def abort(self, run_id: str, reason: str) -> Run:
        """End a rehearsal (or a live run that never started) without finishing it."""
        if not (reason or "").strip():
            raise HmError("aborting a run needs a reason")
        with self.ctx.write() as uow:
            run = self._running(uow.session, run_id)
            uow.rec.update(run, {"status": RunStatus.ABORTED.value, "ended_at": uow.rec.now})
            return run

    # -- helpers --------------------------------------------------------------------------
    def _running(self, s: Session, run_id: str) -> Run:
        run = _get(s, Run, run_id, "run")
        if run.status != RunStatus.RUNNING:
            raise HmError(f"the run is {run.status.replace('_', ' ')}; nothing can change now")
        return run

    def _open(self, s: Session, run_id: str, key: str) -> tuple[Run, RunStep, list[RunStep]]:
        run = self._running(s, run_id)
        steps = _run_steps(s, run_id)
        step = next((x for x in steps if x.key == key), None)
        if step is None:
            raise HmError(f"the run has no step '{key}'")
        if step.branch == ROLLBACK_BRANCH and _rollback_event(s, run_id) is None:
            raise HmError(
                f"step {step.number} belongs to the rollback branch: it starts only after a "
                "rollback is triggered (a no-go at a gate before the point of no return)"
            )
        return run, step, steps

    def _maybe_complete(self, uow, run: Run, steps: list[RunStep]) -> None:
        """The run ends when the active steps are finished: the cutover path (completed) or,
        once a rollback was triggered, the rollback branch (rolled back)."""
        if _rollback_event(uow.session, run.id) is not None:
            if all(x.status in FINISHED for x in in_branch(steps)):
                uow.rec.update(
                    run, {"status": RunStatus.ROLLED_BACK.value, "ended_at": uow.rec.now}
                )
            return
        if all(x.status in FINISHED for x in on_path(steps)):
            for x in in_branch(steps):  # the cutover went through: the branch was not needed
                if x.status == "pending":
                    uow.rec.update(x, {"status": "skipped", "skip_reason": NOT_NEEDED})
            uow.rec.update(run, {"status": RunStatus.COMPLETED.value, "ended_at": uow.rec.now})
            wave = _wave_of(uow.session, run)
            if run.kind == RunKind.LIVE and wave is not None:
                uow.rec.update(wave, {"status": "done"})

    def _stamped(self, uow, changes: dict[str, Any]) -> dict[str, Any]:
        """``changes`` with who changed the status and when."""
        actor = self.ctx.actor
        return {**changes, "status_by_id": actor.person_id or None, "status_by": actor.name,
                "status_at": uow.rec.now}  # fmt: skip


# the live steps that publish a notice: done only once the wave's notice is approved
_NOTICE_STEPS = {
    "notice": NoticeKind.STOP_BUSINESS.value,
    "notice_resumed": NoticeKind.BUSINESS_RESUMED.value,
}


def _require_approved_notice(s: Session, run: Run, step: RunStep) -> None:
    """A live run's "publish the approved notice" step is not done while the wave's notice
    is a draft: the runbook would say a notice went out that nobody approved (its GO gate
    reads "approved and published"). A rehearsal publishes nothing; a notice sent another
    way is skipped with its reason."""
    kind = _NOTICE_STEPS.get(step.key)
    if kind is None or run.kind != RunKind.LIVE.value:
        return
    runbook = s.get(Runbook, run.runbook_id)
    approved = s.exec(
        select(Notice.id).where(
            Notice.wave_id == runbook.wave_id,
            Notice.kind == kind,
            Notice.deleted == False,  # noqa: E712
            Notice.approved_by_id.is_not(None),
        )
    ).first()
    if approved is None:
        what = "stop-business" if kind == NoticeKind.STOP_BUSINESS.value else "business-resumed"
        raise HmError(
            f"step {step.number}: the wave's {what} notice is not approved yet: have it "
            "approved (Runbooks, notices) before it is published, or skip the step with the "
            "reason"
        )


def _rollback_event(s: Session, run_id: str) -> RollbackEvent | None:
    return s.exec(
        select(RollbackEvent)
        .where(RollbackEvent.run_id == run_id, RollbackEvent.deleted == False)  # noqa: E712
        .order_by(RollbackEvent.triggered_at)
    ).first()


def _entry_gate(path: list[RunStep]) -> str:
    """The gate the rollback is entered from: the one held open by a no-go, else the last
    gate decided, else the step being worked on."""
    gates = [x for x in path if x.type == "gate" and x.decided_at is not None]
    nogo = [x for x in gates if x.gate_decision == GateDecision.NO_GO and x.status == "running"]
    if nogo:
        return nogo[-1].key
    if gates:
        return max(gates, key=lambda x: x.decided_at).key
    running = [x for x in path if x.status == "running"]
    return running[0].key if running else ""

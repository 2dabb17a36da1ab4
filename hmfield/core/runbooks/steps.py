"""Small helpers shared by the runbook and run services: the stored step as the scheduling
core's StepSpec and back, field checks, record lookups, and the run's window rules."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session, select

from hmfield.core.errors import HmError
from hmfield.core.model.plan import Wave
from hmfield.core.model.runbook import Run, Runbook, RunbookStep, RunKind, RunStep, StepFields
from hmfield.core.runbooks import StepSpec, StepType

FINISHED = ("done", "skipped")


def step_spec(step: StepFields) -> StepSpec:
    """The scheduling core's view of a stored step."""
    return StepSpec(
        key=step.key,
        number=step.number,
        title={"zh": step.title_zh, "en": step.title_en},
        stream=step.stream,
        executor_role=step.executor_role,
        owner=step.owner_id,
        predecessors=list(step.predecessors or []),
        planned_minutes=float(step.planned_minutes or 0),
        type=step.type,
        point_of_no_return=bool(step.point_of_no_return),
        duration_unknown=bool(step.duration_unknown),
    )


def spec_row(
    spec: StepSpec,
    custom: bool = False,
    branch: str = "",
    criteria: Mapping[str, str] | None = None,
) -> dict:
    title = spec.title if isinstance(spec.title, Mapping) else {"zh": spec.title, "en": spec.title}
    criteria = criteria or {}
    return {
        "key": spec.key,
        "number": spec.number,
        "title_zh": title.get("zh", ""),
        "title_en": title.get("en", ""),
        "stream": spec.stream,
        "executor_role": spec.executor_role,
        "owner_id": spec.owner,
        "predecessors": list(spec.predecessors),
        "planned_minutes": float(spec.planned_minutes),
        "type": str(StepType(spec.type)),
        "point_of_no_return": spec.point_of_no_return,
        "duration_unknown": bool(spec.duration_unknown),
        "custom": custom,
        "branch": branch,
        "criteria_zh": criteria.get("zh", ""),
        "criteria_en": criteria.get("en", ""),
    }


ROLLBACK_BRANCH = "rollback"


def on_path(steps: Iterable[StepFields]) -> list:
    """The cutover path: every step but the rollback branch's."""
    return [x for x in steps if x.branch != ROLLBACK_BRANCH]


def in_branch(steps: Iterable[StepFields]) -> list:
    return [x for x in steps if x.branch == ROLLBACK_BRANCH]


def check_changes(step: StepFields, changes: Mapping[str, Any], allowed: Iterable[str]) -> None:
    """Refuse fields a step may not change and values that make no sense, in one line."""
    bad = sorted(set(changes) - set(allowed))
    if bad:
        raise HmError(f"step {step.number}: {', '.join(bad)} cannot be changed here")
    if "planned_minutes" in changes:
        m = changes["planned_minutes"]
        if isinstance(m, bool) or not isinstance(m, int | float) or m < 0:
            raise HmError(f"step {step.number}: planned minutes must be a number >= 0")
    if "type" in changes and changes["type"] not in {t.value for t in StepType}:
        raise HmError(f"step {step.number}: unknown step type {changes['type']!r}")
    for field in ("title_zh", "title_en"):
        if field in changes and not str(changes[field] or "").strip():
            raise HmError(f"step {step.number}: the title cannot be empty")


def _with(step: StepFields, changes: Mapping[str, Any]) -> StepFields:
    copy = step.model_copy()
    for k, v in changes.items():
        setattr(copy, k, v)
    return copy


def _steps(s: Session, runbook_id: str) -> list[RunbookStep]:
    return list(
        s.exec(
            select(RunbookStep)
            .where(RunbookStep.runbook_id == runbook_id, RunbookStep.deleted == False)  # noqa: E712
            .order_by(RunbookStep.number)
        )
    )


def _get(s: Session, model: type, record_id: str, what: str, deleted: bool = False):
    obj = s.get(model, record_id) if record_id else None
    if obj is None or (obj.deleted and not deleted):
        raise HmError(f"no {what} with id {record_id}")
    return obj


def _require_ready(step: RunStep, steps: list[RunStep]) -> None:
    by_key = {x.key: x for x in steps}
    waiting = [by_key[p] for p in step.predecessors if by_key[p].status not in FINISHED]
    if waiting:
        nums = ", ".join(str(x.number) for x in waiting)
        raise HmError(f"step {step.number} waits for step(s) {nums} to finish")


def _window(wave: Wave, kind: str, now: datetime, planned: float) -> tuple[datetime, datetime]:
    """Live: the wave's cutover window. Rehearsal: from now, as long as that window."""
    ws, we = wave.cutover_start, wave.cutover_end
    if kind == RunKind.LIVE:
        if ws is None or we is None:
            raise HmError(f"wave '{wave.name}' has no cutover window; set it in the plan first")
        return ws, we
    length = (we - ws) if ws and we else timedelta(minutes=max(60.0, planned * 1.25))
    return now, now + length


def _wave_of(s: Session, run: Run) -> Wave | None:
    runbook = s.get(Runbook, run.runbook_id)
    return s.get(Wave, runbook.wave_id) if runbook else None


def _run_steps(s: Session, run_id: str) -> list[RunStep]:
    return list(
        s.exec(
            select(RunStep)
            .where(RunStep.run_id == run_id, RunStep.deleted == False)  # noqa: E712
            .order_by(RunStep.number)
        )
    )


def pick_report_run(runs: list[Run]) -> Run | None:
    """The run reports are about (``runs`` by start): the latest live run, else the latest
    rehearsal. The cutover report and the acceptance figures both use it."""
    live = [r for r in runs if r.kind == RunKind.LIVE]
    return (live or runs or [None])[-1]


def passed_no_return(path: Iterable[StepFields]) -> StepFields | None:
    """The point-of-no-return step if the run went past it (done, or skipped by hand; a
    step skipped because of a rollback was not passed)."""
    for x in path:
        if x.point_of_no_return and (
            x.status == "done"
            or (x.status == "skipped" and not (x.skip_reason or "").startswith("rollback"))
        ):
            return x
    return None

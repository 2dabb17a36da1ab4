"""The rollback branch of a cutover runbook and where its point of no return sits (pure).

The branch is the seed's stage eight (迁移割接回退阶段), ten items in order with their
executors, owners and planned minutes (``rollback:1`` .. ``rollback:10``). It is not on the
cutover path: a live run enters it from a gate before the point of no return (a no-go), and
only then are its steps scheduled, from the moment of entry.

The point of no return is where the rollback plan says. When the plan names a time, the
runbook holds (observes, source intact) until the switch decision ends at that time; when the
runbook cannot reach the plan's time, or the time is outside the window, it says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from hmfield.core.runbooks.schedule import RunbookError, StepSpec, StepType, compile_runbook
from hmfield.core.runbooks.titles import runbook_titles
from hmfield.core.text import fill

BRANCH = "rollback"
# stage eight, by position: the step type (1 checks the triggers, 2 is the formal decision)
_TYPES = {1: StepType.VALIDATION, 2: StepType.GATE, 5: StepType.VALIDATION, 6: StepType.VALIDATION}


@dataclass(frozen=True)
class PlanNotice:
    """Something the cutover lead must know about the plan behind the runbook (zh and en)."""

    code: str
    text: dict[str, str]


def notice(code: str, **params: Any) -> PlanNotice:
    template = runbook_titles().messages[code]
    return PlanNotice(code, {lang: fill(template[lang], lang, **params) for lang in ("zh", "en")})


def rollback_branch(
    participants: Mapping[str, Any] | None = None,
    minutes: list[float] | None = None,
    first_number: int = 1,
    decider: Any = None,
) -> list[StepSpec]:
    """Stage eight as a linear chain; owners by the executor role (the formal decision is
    the rollback plan's decider when given); ``minutes`` overrides the planned defaults."""
    people = participants or {}
    items = runbook_titles().rollback_items
    if minutes is not None and len(minutes) != len(items):
        raise RunbookError(f"rollback needs {len(items)} durations, got {len(minutes)}")
    steps: list[StepSpec] = []
    for n, item in enumerate(items, start=1):
        executor = item.executors[0]
        owner = decider if n == 2 and decider else people.get(executor)
        if owner is None and len(item.executors) > 1:
            owner = people.get(item.executors[1])
        steps.append(
            StepSpec(
                key=f"{BRANCH}:{n}",
                number=first_number + n - 1,
                title=dict(item.title),
                stream=BRANCH,
                executor_role=executor,
                owner=owner,
                predecessors=[f"{BRANCH}:{n - 1}"] if n > 1 else [],
                planned_minutes=item.minutes if minutes is None else minutes[n - 1],
                type=_TYPES.get(n, StepType.TASK),
            )
        )
    compile_runbook(steps)
    return steps


def branch_checks() -> dict[str, dict[str, str]]:
    """``rollback:n`` -> the seed's check question of that item (zh and en)."""
    items = runbook_titles().rollback_items
    return {f"{BRANCH}:{n}": dict(item.check) for n, item in enumerate(items, start=1)}


def hold_minutes(
    gate_start: float,
    gate_minutes: float,
    plan_offset: float | None,
) -> tuple[float, float]:
    """Minutes to hold before the switch decision so that it ends at the plan's point of no
    return, and how many minutes the runbook is late for it (0 when it can make it).

    ``gate_start``: the decision's planned start without a hold (minutes from the window
    start); ``plan_offset``: the plan's point of no return, same scale (None: no time set).
    """
    if plan_offset is None:
        return 0.0, 0.0
    gap = plan_offset - (gate_start + gate_minutes)
    return (gap, 0.0) if gap >= 0 else (0.0, -gap)

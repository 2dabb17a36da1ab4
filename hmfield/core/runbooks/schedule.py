"""Runbook steps and their planned schedule (pure: no database, no Qt).

A runbook is a list of :class:`StepSpec` linked by ``predecessors`` (a DAG). The planned
schedule is the classic earliest-start forward pass: a step starts at the window start if it
has no predecessors, otherwise when the last of its predecessors ends. :class:`CompiledRunbook`
validates the graph once (duplicate keys, unknown predecessors, cycles, bad durations) and
caches the topological order and planned offsets, so the live screen can recompute the
forecast many times a second without redoing that work.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from hmfield.core.errors import HmError


class StepType(StrEnum):
    TASK = "task"
    MILESTONE = "milestone"
    GATE = "gate"  # go / no-go: needs a named decision (go or no-go, who, when)
    VALIDATION = "validation"


class RunbookError(HmError):
    """A runbook that cannot be scheduled; the message names the steps involved."""


Title = str | Mapping[str, str]


@dataclass(slots=True)
class StepSpec:
    """One step of a cutover runbook.

    ``title`` is either plain text or ``{"zh": ..., "en": ...}``. ``owner`` is whatever the
    caller uses to identify a person (a Person id or object); the core never looks inside it.
    ``planned_minutes`` may be 0 (milestones usually are).
    """

    key: str
    number: int
    title: Title
    stream: str = ""
    executor_role: str = ""
    owner: Any = None
    predecessors: list[str] = field(default_factory=list)
    planned_minutes: float = 0
    type: StepType | str = StepType.TASK
    point_of_no_return: bool = False
    duration_unknown: bool = False  # planned_minutes is a lower bound: the plan cannot say

    def title_text(self, lang: str = "zh") -> str:
        """The title in ``lang`` ("zh", "zh_CN", "en"), falling back to the other language."""
        if isinstance(self.title, str):
            return self.title
        want = "zh" if lang.lower().startswith("zh") else "en"
        other = "en" if want == "zh" else "zh"
        return self.title.get(want) or self.title.get(other) or self.key

    def describe(self) -> str:
        """How messages name this step: number and key, e.g. ``step 5 'sync:web01'``."""
        return f"step {self.number} '{self.key}'"


def ensure_aware(value: datetime, what: str) -> datetime:
    """Return ``value`` in UTC; naive datetimes are refused (we never guess a zone)."""
    if not isinstance(value, datetime):
        raise RunbookError(f"{what} must be a date and time, got {value!r}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise RunbookError(f"{what} must carry a time zone (UTC), got {value.isoformat()}")
    return value.astimezone(UTC)


class CompiledRunbook:
    """A validated runbook with its graph in index form, ready for fast repeated passes.

    Attributes (all lists aligned with ``steps``): ``preds``/``succs`` (indices),
    ``minutes`` (planned durations), ``es``/``ef`` (planned earliest start/end, minutes from
    the window start). ``order`` is a topological order (stable: input order where free).
    """

    __slots__ = ("steps", "keys", "index", "preds", "succs", "order", "minutes", "es", "ef")

    def __init__(self, steps: Sequence[StepSpec]) -> None:
        self.steps: list[StepSpec] = list(steps)
        self.keys: list[str] = []
        self.index: dict[str, int] = {}
        self.minutes: list[float] = []
        for i, step in enumerate(self.steps):
            self._check_step(i, step)
        self.preds: list[list[int]] = []
        self.succs: list[list[int]] = [[] for _ in self.steps]
        for i, step in enumerate(self.steps):
            seen: list[int] = []
            for pkey in step.predecessors:
                j = self.index.get(pkey)
                if j is None:
                    raise RunbookError(
                        f"{step.describe()} has unknown predecessor '{pkey}'; "
                        "remove it or add a step with that key"
                    )
                if j not in seen:
                    seen.append(j)
                    self.succs[j].append(i)
            self.preds.append(seen)
        self.order = self._topological_order()
        self.es, self.ef = self._forward_pass()

    def _check_step(self, i: int, step: StepSpec) -> None:
        if not isinstance(step, StepSpec):
            raise RunbookError(f"runbook item {i + 1} is not a step: {step!r}")
        if not isinstance(step.key, str) or not step.key.strip():
            raise RunbookError(f"step {step.number} has an empty key")
        if step.key in self.index:
            first = self.steps[self.index[step.key]]
            raise RunbookError(
                f"duplicate step key '{step.key}' (steps {first.number} and {step.number})"
            )
        minutes = step.planned_minutes
        if (
            isinstance(minutes, bool)
            or not isinstance(minutes, int | float)
            or not math.isfinite(minutes)
            or minutes < 0
        ):
            raise RunbookError(
                f"{step.describe()}: planned minutes must be a number >= 0, got {minutes!r}"
            )
        try:
            StepType(step.type)
        except ValueError:
            kinds = ", ".join(t.value for t in StepType)
            raise RunbookError(
                f"{step.describe()}: unknown step type {step.type!r} (use one of {kinds})"
            ) from None
        self.index[step.key] = i
        self.keys.append(step.key)
        self.minutes.append(float(minutes))

    def _topological_order(self) -> list[int]:
        indeg = [len(p) for p in self.preds]
        queue = deque(i for i, d in enumerate(indeg) if d == 0)
        order: list[int] = []
        while queue:
            i = queue.popleft()
            order.append(i)
            for s in self.succs[i]:
                indeg[s] -= 1
                if indeg[s] == 0:
                    queue.append(s)
        if len(order) != len(self.steps):
            raise RunbookError(self._cycle_message(indeg))
        return order

    def _cycle_message(self, indeg: list[int]) -> str:
        """Name one cycle among the steps Kahn's algorithm could not order.

        Every unordered step still has an unordered predecessor, so walking predecessors from
        any of them must revisit a step: the walk from that step on is a cycle.
        """
        start = next(i for i, d in enumerate(indeg) if d > 0)
        walk: list[int] = []
        position: dict[int, int] = {}
        i = start
        while i not in position:
            position[i] = len(walk)
            walk.append(i)
            i = next(p for p in self.preds[i] if indeg[p] > 0)
        cycle = walk[position[i] :]
        cycle.reverse()  # walked backwards along predecessors; show it forwards
        first = cycle.index(min(cycle))  # start from the step that comes first in the runbook
        cycle = cycle[first:] + cycle[:first]
        cycle.append(cycle[0])
        chain = " -> ".join(self.steps[j].describe() for j in cycle)
        return f"the predecessors form a cycle: {chain}; remove one of these links"

    def _forward_pass(self) -> tuple[list[float], list[float]]:
        es = [0.0] * len(self.steps)
        ef = [0.0] * len(self.steps)
        for i in self.order:
            start = 0.0
            for p in self.preds[i]:
                if ef[p] > start:
                    start = ef[p]
            es[i] = start
            ef[i] = start + self.minutes[i]
        return es, ef

    @property
    def planned_length(self) -> float:
        """Minutes from the window start to the planned end of the last step."""
        return max(self.ef, default=0.0)

    @property
    def unknown_steps(self) -> list[str]:
        """Keys of the steps whose minutes the plan cannot give: ``planned_length`` is then a
        lower bound ("at least N min, K steps unknown")."""
        return [s.key for s in self.steps if s.duration_unknown]

    def __len__(self) -> int:
        return len(self.steps)


def compile_runbook(steps: Sequence[StepSpec] | CompiledRunbook) -> CompiledRunbook:
    """Validate and index ``steps`` once; passes a :class:`CompiledRunbook` through."""
    if isinstance(steps, CompiledRunbook):
        return steps
    return CompiledRunbook(steps)


def plan_schedule(
    steps: Sequence[StepSpec] | CompiledRunbook, window_start: datetime
) -> dict[str, tuple[datetime, datetime]]:
    """Planned (start, end) in UTC for every step: earliest start after all predecessors.

    Raises :class:`RunbookError` for unknown predecessors, cycles, duplicate keys, negative
    durations or a naive ``window_start``.
    """
    runbook = compile_runbook(steps)
    start = ensure_aware(window_start, "the window start")
    return {
        key: (start + timedelta(minutes=runbook.es[i]), start + timedelta(minutes=runbook.ef[i]))
        for i, key in enumerate(runbook.keys)
    }

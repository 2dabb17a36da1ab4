"""Live state of a run: which steps can start now, and when the cutover will end.

The live screen calls :func:`forecast` every second or on every click, so it does one pass in
the cached topological order of a :class:`CompiledRunbook` (O(V+E), no graph library).

How each step is projected (minutes are floats, times aware UTC):

* done: its actual start and end. A done step without ``started_at`` ("one-click done") is
  assumed to have run for its planned minutes up to ``ended_at``.
* running: started at ``started_at`` and expected to end at start + planned minutes. If that
  moment has already passed (the step overruns) we assume it ends ``overrun_minutes`` (default
  1) after ``now``: it is not done yet, and the forecast keeps sliding while it runs on.
* skipped: takes no time; its successors wait only for its own predecessors.
* pending: starts at the latest of ``now``, the window start and its predecessors' ends.

The forecast end is the latest projected end. Status: ``over_window`` when it is after the
window end; ``at_risk`` when it eats into the buffer (after ``window_end - buffer``); else
``on_track``. By default the buffer is the planned slack, window end minus planned end, so the
screen turns amber as soon as the forecast is later than the plan.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from hmfield.core.runbooks.critical_path import EPSILON, backtrack_chain
from hmfield.core.runbooks.schedule import (
    CompiledRunbook,
    RunbookError,
    StepSpec,
    compile_runbook,
    ensure_aware,
)


class StepStatus(StrEnum):
    PENDING = "pending"
    RUNNING = "running"
    DONE = "done"
    SKIPPED = "skipped"


class ForecastStatus(StrEnum):
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OVER_WINDOW = "over_window"


@dataclass(slots=True)
class StepState:
    """What happened to one step in a run. Missing states count as pending."""

    key: str
    status: StepStatus | str = StepStatus.PENDING
    started_at: datetime | None = None
    ended_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class StepVariance:
    """Plan against reality (or projection) for one step; variances in minutes, + = late.

    ``start``/``end`` are actual when known, projected otherwise. ``duration_variance`` is
    None for pending and skipped steps; all variances are None for skipped steps.
    """

    key: str
    status: StepStatus
    planned_start: datetime
    planned_end: datetime
    start: datetime
    end: datetime
    start_variance: float | None
    duration_variance: float | None
    end_variance: float | None


@dataclass(frozen=True, slots=True)
class Forecast:
    forecast_end: datetime
    planned_end: datetime
    status: ForecastStatus
    buffer_minutes: float
    minutes_left_in_window: float  # window end minus now; negative once the window is over
    remaining_minutes: float  # forecast end minus now (0 when everything is finished)
    slip_minutes: float  # forecast end minus planned end
    remaining_critical_path: list[str]  # unfinished steps that set the forecast end
    ready: list[str]
    variances: dict[str, StepVariance]
    # steps still to run whose minutes are unknown (planned at 0): the end is a lower bound
    unknown_steps: int = 0

    @property
    def end_known(self) -> bool:
        """False while a step still to run has unknown minutes: ``forecast_end`` is then the
        earliest the run can end ("at least")."""
        return not self.unknown_steps


StatesArg = Mapping[str, StepState] | Iterable[StepState]

_FINISHED = (StepStatus.DONE, StepStatus.SKIPPED)


def _states_by_index(runbook: CompiledRunbook, states: StatesArg) -> list[StepState | None]:
    by_index: list[StepState | None] = [None] * len(runbook)
    values = states.values() if isinstance(states, Mapping) else states
    for state in values:
        i = runbook.index.get(state.key)
        if i is None:
            raise RunbookError(f"the run has a state for unknown step '{state.key}'")
        try:
            status = StepStatus(state.status)
        except ValueError:
            kinds = ", ".join(s.value for s in StepStatus)
            raise RunbookError(
                f"{runbook.steps[i].describe()}: unknown status {state.status!r} (use {kinds})"
            ) from None
        if status is not state.status:
            state = StepState(state.key, status, state.started_at, state.ended_at)
        by_index[i] = state
    return by_index


def ready_steps(steps: Sequence[StepSpec] | CompiledRunbook, states: StatesArg) -> list[str]:
    """Pending steps whose predecessors are all done or skipped (gates included), in runbook
    order."""
    runbook = compile_runbook(steps)
    by_index = _states_by_index(runbook, states)
    ready = []
    for i, preds in enumerate(runbook.preds):
        state = by_index[i]
        if state is not None and state.status is not StepStatus.PENDING:
            continue
        if all(by_index[p] is not None and by_index[p].status in _FINISHED for p in preds):
            ready.append(runbook.keys[i])
    return ready


def forecast(
    steps: Sequence[StepSpec] | CompiledRunbook,
    states: StatesArg,
    now: datetime,
    window_start: datetime,
    window_end: datetime,
    buffer_min: float | None = None,
    overrun_minutes: float = 1.0,
) -> Forecast:
    """Project the rest of the run from ``now`` (see the module docstring for the rules).

    ``buffer_min`` None means "the planned slack" (window end minus planned end, at least 0).
    Pass a :class:`CompiledRunbook` to skip validation on every call.
    """
    runbook = compile_runbook(steps)
    by_index = _states_by_index(runbook, states)
    ws = ensure_aware(window_start, "the window start")
    we = ensure_aware(window_end, "the window end")
    now = ensure_aware(now, "the current time")
    if we < ws:
        raise RunbookError("the window ends before it starts; check the window times")

    def offset(value: datetime, what: str, i: int) -> float:
        aware = ensure_aware(value, f"{runbook.steps[i].describe()}: {what}")
        return (aware - ws).total_seconds() / 60.0

    n = len(runbook)
    t_now = (now - ws).total_seconds() / 60.0
    floor = t_now if t_now > 0.0 else 0.0
    minutes, preds = runbook.minutes, runbook.preds
    start = [0.0] * n
    end = [0.0] * n
    status = [StepStatus.PENDING] * n
    for i in runbook.order:
        state = by_index[i]
        st = StepStatus.PENDING if state is None else state.status
        status[i] = st
        if st is StepStatus.PENDING or st is StepStatus.SKIPPED:
            s = floor if st is StepStatus.PENDING else 0.0
            for p in preds[i]:
                if end[p] > s:
                    s = end[p]
            start[i] = s
            end[i] = s + minutes[i] if st is StepStatus.PENDING else s
        elif st is StepStatus.RUNNING:
            if state.started_at is None:
                raise RunbookError(f"{runbook.steps[i].describe()} is running but has no start")
            s = offset(state.started_at, "start time", i)
            e = s + minutes[i]
            start[i] = s
            end[i] = e if e > t_now else t_now + overrun_minutes
        else:  # done
            if state.ended_at is None:
                raise RunbookError(f"{runbook.steps[i].describe()} is done but has no end time")
            e = offset(state.ended_at, "end time", i)
            s = e - minutes[i] if state.started_at is None else offset(state.started_at, "start", i)
            start[i], end[i] = s, e

    return _summarise(runbook, status, start, end, t_now, ws, we, now, buffer_min)


def _remaining_chain(
    runbook: CompiledRunbook, status: list[StepStatus], start, end, t_end: float
) -> list[str]:
    """The chain that sets the forecast end, keeping only what is still to do."""
    unfinished = [
        i
        for i in range(len(runbook))
        if status[i] in (StepStatus.PENDING, StepStatus.RUNNING) and end[i] >= t_end - EPSILON
    ]
    if not unfinished:
        return []
    last = min(unfinished, key=lambda i: (bool(runbook.succs[i]), i))
    chain = backtrack_chain(runbook, last, start, end)
    active = (StepStatus.PENDING, StepStatus.RUNNING)
    return [runbook.keys[i] for i in chain if status[i] in active]


def _ready_and_variances(
    runbook: CompiledRunbook, status: list[StepStatus], start, end, ws: datetime
) -> tuple[list[str], dict[str, StepVariance]]:
    """The steps that can start now (pending, every predecessor finished) and each step's
    planned and forecast times with its start, duration and end variances (none for a
    skipped step; no duration variance before it started)."""
    keys, es, ef, minutes = runbook.keys, runbook.es, runbook.ef, runbook.minutes
    variances: dict[str, StepVariance] = {}
    ready: list[str] = []
    td = timedelta
    for i in range(len(runbook)):
        st = status[i]
        if st is StepStatus.PENDING and all(status[p] in _FINISHED for p in runbook.preds[i]):
            ready.append(keys[i])
        if st is StepStatus.SKIPPED:
            sv = dv = ev = None
        else:
            sv = start[i] - es[i]
            ev = end[i] - ef[i]
            dv = None if st is StepStatus.PENDING else end[i] - start[i] - minutes[i]
        variances[keys[i]] = StepVariance(
            keys[i],
            st,
            ws + td(minutes=es[i]),
            ws + td(minutes=ef[i]),
            ws + td(minutes=start[i]),
            ws + td(minutes=end[i]),
            sv,
            dv,
            ev,
        )
    return ready, variances


def _summarise(
    runbook: CompiledRunbook,
    status: list[StepStatus],
    start: list[float],
    end: list[float],
    t_now: float,
    ws: datetime,
    we: datetime,
    now: datetime,
    buffer_min: float | None,
) -> Forecast:
    n = len(runbook)
    t_end = max(end, default=0.0)
    planned = runbook.planned_length
    window = (we - ws).total_seconds() / 60.0
    buffer = max(0.0, window - planned) if buffer_min is None else float(buffer_min)
    if t_end > window + EPSILON:
        verdict = ForecastStatus.OVER_WINDOW
    elif t_end > window - buffer + EPSILON:
        verdict = ForecastStatus.AT_RISK
    else:
        verdict = ForecastStatus.ON_TRACK

    remaining = _remaining_chain(runbook, status, start, end, t_end)
    ready, variances = _ready_and_variances(runbook, status, start, end, ws)
    td = timedelta
    return Forecast(
        forecast_end=ws + td(minutes=t_end) if n else max(now, ws),
        planned_end=ws + td(minutes=planned),
        status=verdict,
        buffer_minutes=buffer,
        minutes_left_in_window=window - t_now,
        remaining_minutes=max(0.0, t_end - t_now),
        slip_minutes=t_end - planned,
        remaining_critical_path=remaining,
        ready=ready,
        variances=variances,
        unknown_steps=sum(
            1 for i in range(n) if runbook.steps[i].duration_unknown and status[i] not in _FINISHED
        ),
    )

"""Critical path and slack of a runbook's plan (longest path by planned durations).

The critical path is the chain of steps whose delay delays the whole cutover; slack is how
many minutes a step may slip without moving the planned end. Both come from one forward pass
(cached in :class:`CompiledRunbook`) and one backward pass, O(V+E).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from hmfield.core.runbooks.schedule import CompiledRunbook, StepSpec, compile_runbook

# Durations are minutes as floats; treat differences below this as equal.
EPSILON = 1e-6


@dataclass(frozen=True, slots=True)
class CriticalPath:
    """``path``: keys from first to last step of one longest chain; ``length_minutes``: its
    planned length; ``slack_minutes``: per step, latest start minus earliest start."""

    path: list[str]
    length_minutes: float
    slack_minutes: dict[str, float]
    earliest_start: dict[str, float]
    latest_start: dict[str, float]

    def is_critical(self, key: str) -> bool:
        """True for every step without slack (there may be several equally long chains)."""
        return self.slack_minutes[key] <= EPSILON


def backtrack_chain(
    runbook: CompiledRunbook, last: int, start: Sequence[float], end: Sequence[float]
) -> list[int]:
    """Walk back from ``last`` through the predecessor that binds each step's start.

    A predecessor binds when its end equals the step's start; among ties the one that comes
    first in the runbook wins, so the answer is deterministic. Returns indices first-to-last.
    """
    chain = [last]
    i = last
    while True:
        binding = -1
        for p in runbook.preds[i]:
            if abs(end[p] - start[i]) <= EPSILON and (binding < 0 or p < binding):
                binding = p
        if binding < 0:
            break
        chain.append(binding)
        i = binding
    chain.reverse()
    return chain


def critical_path(steps: Sequence[StepSpec] | CompiledRunbook) -> CriticalPath:
    """Longest path through the plan and every step's slack (minutes)."""
    runbook = compile_runbook(steps)
    n = len(runbook)
    if n == 0:
        return CriticalPath([], 0.0, {}, {}, {})
    es, ef = runbook.es, runbook.ef
    project_end = runbook.planned_length
    lf = [project_end] * n
    ls = [0.0] * n
    for i in reversed(runbook.order):
        finish = project_end
        for s in runbook.succs[i]:
            if ls[s] < finish:
                finish = ls[s]
        lf[i] = finish
        ls[i] = finish - runbook.minutes[i]
    # A step ending at the project end with successors has zero-length successors that also
    # end there; start from a sink so closing milestones are on the path.
    last = min(i for i in range(n) if not runbook.succs[i] and abs(ef[i] - project_end) <= EPSILON)
    chain = backtrack_chain(runbook, last, es, ef)
    keys = runbook.keys
    return CriticalPath(
        path=[keys[i] for i in chain],
        length_minutes=project_end,
        slack_minutes={keys[i]: max(0.0, ls[i] - es[i]) for i in range(n)},
        earliest_start={keys[i]: es[i] for i in range(n)},
        latest_start={keys[i]: ls[i] for i in range(n)},
    )

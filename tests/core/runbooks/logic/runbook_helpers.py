"""Helpers for the runbook tests: a fixed window start and tiny step builders."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hmfield.core.runbooks import StepSpec

T0 = datetime(2025, 3, 1, 22, 0, tzinfo=UTC)


def at(minutes: float) -> datetime:
    """The window start plus ``minutes``."""
    return T0 + timedelta(minutes=minutes)


def step(key: str, minutes: float, preds: list[str] | None = None, **kw) -> StepSpec:
    number = kw.pop("number", 0)
    return StepSpec(
        key, number, key.upper(), predecessors=preds or [], planned_minutes=minutes, **kw
    )

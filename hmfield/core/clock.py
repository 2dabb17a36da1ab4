"""Injected clocks: every timestamp in hmfield is aware UTC and comes from a Clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock:
    """A clock for tests and benchmarks: starts at ``start`` and moves only when told
    (or by ``step`` on every reading, so that successive events stay ordered)."""

    def __init__(self, start: datetime | None = None, step: timedelta = timedelta(0)) -> None:
        self._now = start or datetime(2026, 1, 1, tzinfo=UTC)
        if self._now.tzinfo is None:
            raise ValueError("FixedClock needs an aware datetime")
        self._step = step

    def now(self) -> datetime:
        value = self._now
        self._now = self._now + self._step
        return value

    def advance(self, delta: timedelta) -> None:
        self._now += delta

    def set(self, value: datetime) -> None:
        self._now = value


def to_utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("naive datetime: hmfield stores aware UTC timestamps only")
    return value.astimezone(UTC)


def iso(value: datetime | None) -> str | None:
    """Canonical text for a timestamp (UTC, microseconds, 'Z'-free offset form)."""
    if value is None:
        return None
    return to_utc(value).isoformat(timespec="microseconds")

"""Progress and cancellation protocol for long work (Qt-free).

Core functions take a ``progress`` argument and call ``progress.report(done, total, text)``
now and then and ``progress.check()`` at safe points; ``check()`` raises
:class:`~hmfield.core.errors.Cancelled` when the user asked to stop. The GUI's job helper
passes an implementation that forwards throttled reports to a progress dialog.
"""

from __future__ import annotations

import threading
import time
from typing import Protocol

from hmfield.core.errors import Cancelled


class Progress(Protocol):
    def report(self, done: int, total: int | None = None, text: str = "") -> None: ...

    def check(self) -> None: ...

    @property
    def cancelled(self) -> bool: ...


class NullProgress:
    """Progress that reports nowhere and is never cancelled."""

    cancelled = False

    def report(self, done: int, total: int | None = None, text: str = "") -> None:
        pass

    def check(self) -> None:
        pass


class ThreadProgress:
    """Thread-safe progress with cancel flag and throttled callback (used by jobs and CLI)."""

    def __init__(self, callback=None, min_interval: float = 0.1) -> None:
        self._cancel = threading.Event()
        self._callback = callback
        self._min_interval = min_interval
        self._last = 0.0
        self.done = 0
        self.total: int | None = None
        self.text = ""

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    def report(self, done: int, total: int | None = None, text: str = "") -> None:
        self.done, self.total = done, total
        if text:
            self.text = text
        now = time.monotonic()
        if self._callback and (now - self._last >= self._min_interval or (total and done >= total)):
            self._last = now
            self._callback(done, total, self.text)

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled()


NULL_PROGRESS = NullProgress()

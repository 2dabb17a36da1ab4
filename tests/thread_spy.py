"""Which threads call a method: the screens' visit tests check that a reading happens once,
or not at all, and off the GUI thread for a large project."""

from __future__ import annotations

import threading


def thread_names(monkeypatch, owner, name: str) -> list[str]:
    """Wrap ``owner.name`` (a method of a class, of an instance, or a module's function) for
    the test: every call appends the calling thread's name to the list returned, then runs
    the real one."""
    calls: list[str] = []
    real = getattr(owner, name)

    def spy(*args, **kwargs):
        calls.append(threading.current_thread().name)
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, spy)
    return calls

"""Closing a project while a job still reads it waits for the job: before, the store was
closed under the worker's feet (SQLAlchemy: "Set changed size during iteration", or a read
failing half-way)."""

from __future__ import annotations

import threading


def test_close_waits_for_a_running_read(window, demo_path, qtbot):
    from hmfield.core.inventory.service import InventoryService

    window.open_project(demo_path)
    window.jobs.wait(60000)
    ctx = window.session.ctx
    started, release = threading.Event(), threading.Event()
    seen: list = []

    def slow_read(_progress):
        started.set()
        release.wait(10)
        return len(InventoryService(ctx).rows())

    job = window.jobs.start("read", slow_read, on_done=seen.append, quiet=True)
    qtbot.waitUntil(started.is_set, timeout=10000)  # queued jobs start once painted
    threading.Timer(0.3, release.set).start()  # the read ends while close_project waits
    window.close_project()
    assert job.ended and seen and seen[0] > 0  # the read finished against an open store
    assert window.session is None

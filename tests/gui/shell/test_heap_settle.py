"""A large project's screens keep their rows: once a first visit's jobs are done the heap is
frozen, so that full collections of the cycle collector (55-95 ms each with the GIL held at
10,000 hosts) never walk those rows again; the project's closing hands them back."""

from __future__ import annotations

import gc
import weakref

from hmfield.gui.common import jobs as jobs_module
from hmfield.gui.common.heap import HeapSettler
from hmfield.gui.shell import main_window


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_settling_collects_the_young_garbage_before_freezing():
    gc.unfreeze()
    try:
        heap = HeapSettler()
        heap.idle()  # nothing visited: nothing done
        assert heap.settled == 0 and gc.get_freeze_count() == 0
        kept, dropped = _Cycle(), _Cycle()
        gone = weakref.ref(dropped)
        del dropped
        heap.visited()
        heap.idle()
        assert gone() is None  # the cycle made just before was collected, not frozen
        assert heap.settled == 1 and gc.get_freeze_count() > 0
        assert kept.me is kept
        heap.idle()  # settled once per visit
        assert heap.settled == 1
        heap.release()
        assert gc.get_freeze_count() == 0
    finally:
        gc.unfreeze()


def test_a_large_projects_first_visit_settles_and_closing_releases(
    window, demo_path, monkeypatch, qtbot
):
    monkeypatch.setattr(main_window, "large_project", lambda ctx: True)
    monkeypatch.setattr(jobs_module, "BACKGROUND_ABOVE", 0)  # its rows read by a job
    assert window.open_project(demo_path)
    qtbot.waitUntil(lambda: not window.jobs.busy, timeout=20000)
    qtbot.waitUntil(lambda: window.heap.settled >= 1, timeout=5000)  # the first screen
    before = window.heap.settled
    window.show_screen("waves")
    qtbot.waitUntil(lambda: not window.jobs.busy, timeout=20000)
    qtbot.waitUntil(lambda: window.heap.settled == before + 1, timeout=5000)
    assert gc.get_freeze_count() > 0
    window.show_screen(window.nav_keys()[0])  # built already: no new visit to settle
    window.show_screen("waves")
    qtbot.wait(50)
    assert window.heap.settled == before + 1 and not window.heap.pending
    window.close_project()
    assert gc.get_freeze_count() == 0


def test_a_small_project_is_not_settled(window, demo_path, qtbot):
    assert window.open_project(demo_path)
    window.show_screen("waves")
    qtbot.waitUntil(lambda: not window.jobs.busy, timeout=20000)
    qtbot.wait(50)
    assert window.heap.settled == 0 and not window.heap.pending

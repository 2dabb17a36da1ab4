"""Dependencies keeps its data across visits and reads again only after a change; its
endpoint names are read once per reading; at 10,000 hosts (here: the threshold at 0) the
reading runs through the job helper (issue 19: screens that never stall)."""

from __future__ import annotations

import threading

from thread_spy import thread_names

from hmfield.core.plan.dependencies import DependencyService
from hmfield.core.plan.waves import WaveService
from hmfield.gui.common import jobs as jobs_module


def _count_readings(monkeypatch) -> list[str]:
    """The thread of every reading of the endpoint names (the screen's costly read)."""
    return thread_names(monkeypatch, DependencyService, "endpoints")


def test_a_visit_reads_once_and_a_second_visit_nothing(window, demo_path, monkeypatch):
    assert window.open_project(demo_path)
    calls = _count_readings(monkeypatch)
    screen = window.show_screen("dependencies")
    assert len(calls) == 1  # combos, table and their names: one reading
    assert screen.model.rowCount() > 0 and screen.from_combo.count() > 0
    window.show_screen("inventory")
    window.show_screen("dependencies")
    assert len(calls) == 1  # nothing changed
    WaveService(window.session.ctx).add("W-extra")  # a change elsewhere
    window.show_screen("inventory")
    window.show_screen("dependencies")
    assert len(calls) == 2


def test_a_large_projects_dependencies_are_read_off_the_gui_thread(
    window, demo_path, monkeypatch, qtbot
):
    monkeypatch.setattr(jobs_module, "BACKGROUND_ABOVE", 0)
    assert window.open_project(demo_path)
    qtbot.waitUntil(lambda: not window.jobs.busy, timeout=20000)
    calls = _count_readings(monkeypatch)
    screen = window.show_screen("dependencies")
    qtbot.waitUntil(lambda: screen.model.rowCount() > 0, timeout=20000)
    qtbot.waitUntil(lambda: not window.jobs.busy, timeout=20000)
    assert calls and threading.main_thread().name not in calls
    assert not screen.stale() and screen.from_combo.count() > 0


def test_both_ends_list_every_endpoint_and_keep_the_choice_across_a_reading(window, demo_path):
    """The two end pickers share one list set whole; a reading after a change keeps what the
    engineer chose in each, and an object or a system is named with its kind."""
    assert window.open_project(demo_path)
    screen = window.show_screen("dependencies")
    names = DependencyService(window.session.ctx).endpoints().names
    assert screen.from_combo.count() == screen.to_combo.count() == len(names)
    labels = [screen.from_combo.itemText(i) for i in range(screen.from_combo.count())]
    assert any(label.endswith("[business system]") for label in labels)
    screen.from_combo.setCurrentIndex(2)
    screen.to_combo.setCurrentIndex(5)
    chosen = (screen._end(screen.from_combo), screen._end(screen.to_combo))
    WaveService(window.session.ctx).add("W-extra")  # a change elsewhere: read again
    window.show_screen("inventory")
    window.show_screen("dependencies")
    assert (screen._end(screen.from_combo), screen._end(screen.to_combo)) == chosen
    assert screen.from_combo.currentText() == labels[2]

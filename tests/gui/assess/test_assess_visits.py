"""The Assess screen keeps its pages across visits and reads the verdicts again only after a
change; its pages share one reading; at 10,000 hosts (here: the threshold at 0) the reading
runs through the job helper (issue 19: screens that never stall)."""

from __future__ import annotations

import threading

from thread_spy import thread_names

from hmfield.core.plan.waves import WaveService
from hmfield.gui.common import jobs as jobs_module


def _count_readings(monkeypatch, screen) -> list[str]:
    """The thread of every reading of the verdicts by ``screen`` (its service's hosts())."""
    return thread_names(monkeypatch, screen.verdicts.service, "hosts")


def test_every_page_is_filled_from_one_reading(window, demo_path, monkeypatch):
    assert window.open_project(demo_path)
    calls = _count_readings(monkeypatch, window.screens["assess"])  # built, not yet shown
    screen = window.show_screen("assess")
    assert len(calls) == 1  # verdicts, alternatives and conclusion: one reading
    names = {h.name for h in screen.verdicts.model.rows}
    assert names and set(screen.alternatives.host_names.values()) == names
    assert screen.conclusion.text.toPlainText()


def test_a_second_visit_reads_nothing_until_something_changes(window, demo_path, monkeypatch):
    assert window.open_project(demo_path)
    calls = _count_readings(monkeypatch, window.show_screen("assess"))
    window.show_screen("inventory")
    window.show_screen("assess")
    assert calls == []  # nothing changed: the pages shown are current
    WaveService(window.session.ctx).add("W-extra")  # a change made elsewhere
    window.show_screen("inventory")
    window.show_screen("assess")
    assert len(calls) == 1


def test_a_large_projects_verdicts_are_read_off_the_gui_thread(
    window, demo_path, monkeypatch, qtbot
):
    monkeypatch.setattr(jobs_module, "BACKGROUND_ABOVE", 0)
    assert window.open_project(demo_path)
    window.show_screen("inventory")  # its first visit (and the window's first jobs) done
    qtbot.waitUntil(lambda: not window.jobs.busy, timeout=20000)
    calls = _count_readings(monkeypatch, window.screens["assess"])
    screen = window.show_screen("assess")
    qtbot.waitUntil(lambda: not window.jobs.busy and bool(calls), timeout=20000)
    qtbot.waitUntil(lambda: screen.verdicts.model.rowCount() > 0, timeout=20000)
    assert calls and threading.main_thread().name not in calls
    assert not screen.stale()
    shown = screen.verdicts.model.rowCount()
    window.show_screen("inventory")
    window.show_screen("assess")
    assert len(calls) == 1 and screen.verdicts.model.rowCount() == shown


def test_the_verdict_table_is_in_name_order_without_sorting_at_each_reset(window, demo_path):
    """The rows come sorted by host name (AssessmentService.hosts); ascending by name they are
    shown in that order without a sort pass, and one proxy only watches the model (an orphan
    proxy of make_table re-sorted every row at each reset)."""
    from PySide6.QtCore import QSortFilterProxyModel, Qt

    assert window.open_project(demo_path)
    page = window.show_screen("assess").verdicts
    proxy, model = page.proxy, page.model
    names = [proxy.index(r, 0).data() for r in range(proxy.rowCount())]
    assert names == sorted(names, key=str.casefold) and len(names) > 5
    assert proxy.sortColumn() == -1  # by name, ascending: the source order, no sort pass
    watching = [p for p in page.findChildren(QSortFilterProxyModel) if p.sourceModel() is model]
    assert watching == [proxy]
    page.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)  # any other order: Qt sorts
    assert [proxy.index(r, 0).data() for r in range(proxy.rowCount())] == sorted(
        names, key=str.casefold, reverse=True
    )
    page.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert [proxy.index(r, 0).data() for r in range(proxy.rowCount())] == names

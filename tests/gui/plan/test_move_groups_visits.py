"""Move groups reads its view when shown and again only after a change: it had no visit
rule at all, so a host put into a business system on another screen never showed here
until the project was opened again; at 10,000 hosts (here: the threshold at 0) the reading
runs through the job helper (issue 19: screens that never stall)."""

from __future__ import annotations

import threading

from sqlmodel import select
from thread_spy import thread_names

from hmfield.core.model.inventory import Host
from hmfield.core.plan.move_groups import MoveGroupService
from hmfield.gui.common import jobs as jobs_module


def _count_readings(monkeypatch) -> list[str]:
    return thread_names(monkeypatch, MoveGroupService, "view")


def test_a_change_elsewhere_shows_at_the_next_visit(window, demo_path, monkeypatch):
    assert window.open_project(demo_path)
    calls = _count_readings(monkeypatch)
    screen = window.show_screen("move_groups")
    assert len(calls) == 1
    groups = screen.group_model.rowCount()
    window.show_screen("inventory")
    window.show_screen("move_groups")
    assert len(calls) == 1  # nothing changed
    ctx = window.session.ctx
    with ctx.read() as s:
        host = s.exec(select(Host.id).where(Host.deleted.is_(False))).first()
    MoveGroupService(ctx).accept([("新业务系统", [host])])  # as another screen would
    window.show_screen("inventory")
    window.show_screen("move_groups")
    assert len(calls) == 2
    names = {screen.group_model.row_at(r).name for r in range(screen.group_model.rowCount())}
    assert "新业务系统" in names and screen.group_model.rowCount() >= groups


def test_a_large_projects_groups_are_read_off_the_gui_thread(window, demo_path, monkeypatch, qtbot):
    monkeypatch.setattr(jobs_module, "BACKGROUND_ABOVE", 0)
    assert window.open_project(demo_path)
    qtbot.waitUntil(lambda: not window.jobs.busy, timeout=20000)
    calls = _count_readings(monkeypatch)
    screen = window.show_screen("move_groups")
    qtbot.waitUntil(lambda: screen.group_model.rowCount() > 0, timeout=20000)
    qtbot.waitUntil(lambda: not window.jobs.busy, timeout=20000)
    assert calls and threading.main_thread().name not in calls
    assert not screen.stale()

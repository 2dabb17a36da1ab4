"""Phase screens: keyboard marking, inline reasons, undo, evidence, the host grid, the
dashboard, and the models under QAbstractItemModelTester."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt

from hmfield.core.checklists.host_tasks import HostTaskService
from hmfield.core.checklists.service import ChecklistService
from hmfield.core.model.inventory import Host
from hmfield.core.project.service import NewProject, create_project


@pytest.fixture
def fresh_path(tmp_path):
    """A mixed-automated project with six agent hosts, nothing recorded yet."""
    path = tmp_path / "fresh.hmfield"
    ctx = create_project(path, NewProject(name="键盘测试", source_access="mixed"))
    with ctx.write() as uow:
        for n in range(6):
            uow.rec.create(Host(name=f"app-{n:02d}", migration_mode="agent", ips=[f"10.1.0.{n}"]))
    ctx.store.close()
    return path


def _phase(screen):
    screen = getattr(screen, "phase_widget", screen)  # the Plan screen: its first tab
    screen.tree.setFocus()
    return screen


def _screen(window, key):
    return _phase(window.show_screen(key))


def test_phase_screens_are_registered(window, demo_path):
    window.open_project(demo_path)
    for key in ("plan", "migrate", "operate"):
        assert key in window.screens
    migrate = window.screens["migrate"]
    assert migrate.model.rowCount() == 8  # stages one to eight
    ids = [migrate.model.view_at(i).template_id for i in migrate.model.item_indexes()]
    assert ids[0] == "migrate.s1.1" and "migrate.s8.10" in ids
    assert not any(i.startswith(("plan.", "assess.")) for i in ids)


def test_twenty_items_in_a_minute_by_keyboard(open_screen, fresh_path, qtbot):
    screen = _phase(open_screen("migrate", fresh_path))
    order = [screen.model.view_at(i).template_id for i in screen.model.item_indexes()]
    screen.select_item(order[0])
    started = time.perf_counter()
    for _ in range(20):
        qtbot.keyClick(screen.tree, Qt.Key.Key_3)  # done, and on to the next item
    elapsed = time.perf_counter() - started
    service = ChecklistService(screen.screen_ctx.session.ctx)
    statuses = {v.template_id: v.status for v in service.items("migrate")}
    assert [statuses[i] for i in order[:20]] == ["done"] * 20
    assert statuses[order[20]] == "not_started"
    assert screen.current_view().template_id == order[20]
    assert elapsed < 60, f"20 items took {elapsed:.1f} s"
    assert screen.undo_stack.count() == 20


def test_reason_is_asked_inline_then_undo_redo(window, fresh_path, qtbot, fake_dialogs):
    # in the window: Ctrl+Z is the Edit menu's undo of the focused screen
    window.open_project(fresh_path)
    screen = _screen(window, "plan")
    screen.select_item("plan.2")
    qtbot.keyClick(screen.tree, Qt.Key.Key_6)  # skipped: needs a reason
    pane = screen.pane
    assert pane.reason_row.isVisible() and pane.pending_status == "skipped"
    service = ChecklistService(window.session.ctx)
    assert service.item("plan.2").status == "not_started"  # nothing saved without a reason
    qtbot.keyClick(pane.reason_edit, Qt.Key.Key_Return)  # empty: refused, still asking
    assert pane.reason_row.isVisible() and service.item("plan.2").status == "not_started"
    pane.reason_edit.setText("只有一个批次，无需演练规划")
    qtbot.keyClick(pane.reason_edit, Qt.Key.Key_Return)
    view = service.item("plan.2")
    assert (view.status, view.status_reason) == ("skipped", "只有一个批次，无需演练规划")
    assert not pane.reason_row.isVisible()
    assert "只有一个批次" in pane.alert_label.text()
    assert fake_dialogs.errors == []  # no modal dialog on the way

    qtbot.keyClick(screen.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert service.item("plan.2").status == "not_started"
    screen.redo_action.trigger()
    assert service.item("plan.2").status == "skipped"
    qtbot.keyClick(screen.tree, Qt.Key.Key_4)  # blocked, then Esc: nothing changes
    qtbot.keyClick(pane.reason_edit, Qt.Key.Key_Escape)
    assert service.item("plan.2").status == "skipped" and not pane.reason_row.isVisible()


def test_status_buttons_and_times(window, fresh_path, qtbot):
    window.open_project(fresh_path)
    screen = _screen(window, "operate")
    screen.select_item("operate.1")
    screen.pane.status_buttons["in_progress"].click()
    view = ChecklistService(window.session.ctx).item("operate.1")
    assert view.status == "in_progress" and view.started_at is not None
    assert screen.pane.status_buttons["in_progress"].isChecked()
    assert "Saved" in window.saved_label.text()


def test_attach_evidence_and_history(open_screen, fresh_path, fake_dialogs, tmp_path):
    screen = _phase(open_screen("migrate", fresh_path))
    screen.select_item("migrate.s1.2")
    shot = tmp_path / "iperf.txt"
    shot.write_text("182 Mbits/sec", encoding="utf-8")
    fake_dialogs.queue("open_file", str(shot))
    evidence = screen.pane.evidence
    evidence.attach_button.click()
    assert evidence.model.rowCount() == 1
    assert evidence.model.rows[0].file_name == "iperf.txt"
    fake_dialogs.queue("open_file", str(shot))
    evidence.attach_button.click()  # same bytes again: deduplicated
    assert evidence.model.rowCount() == 1
    assert evidence.history_model.rowCount() >= 1  # the item's audit events
    out = tmp_path / "exported.txt"
    evidence.view.selectRow(0)
    fake_dialogs.queue("save_file", str(out))
    evidence.export_button.click()
    assert out.read_text(encoding="utf-8") == "182 Mbits/sec"
    missing = tmp_path / "gone.png"
    fake_dialogs.queue("open_file", str(missing))
    evidence.attach_button.click()
    assert fake_dialogs.errors and "no such file" in fake_dialogs.errors[-1][1]


def test_host_grid_bulk_change_and_undo(open_screen, fresh_path, qtbot):
    screen = _phase(open_screen("migrate", fresh_path))
    screen.select_item("migrate.s3.2")  # agent registration: per host
    grid = screen.pane.hosts
    assert grid.model.rowCount() == 6
    grid.view.selectAll()
    qtbot.keyClick(grid.view, Qt.Key.Key_3)
    service = ChecklistService(screen.screen_ctx.session.ctx)
    host_tasks = HostTaskService(screen.screen_ctx.session.ctx)
    assert {r.status for r in host_tasks.host_tasks("migrate.s3.2")} == {"done"}
    assert service.item("migrate.s3.2").status == "done"  # followed its hosts
    screen.undo_action.trigger()
    assert {r.status for r in host_tasks.host_tasks("migrate.s3.2")} == {"not_started"}
    assert service.item("migrate.s3.2").status == "not_started"
    grid.view.selectRow(0)
    qtbot.keyClick(grid.view, Qt.Key.Key_4)  # blocked: reason inline below the grid
    assert grid.status_combo.currentData() == "blocked"
    grid.reason_edit.setText("Agent 安装失败：缺少 .NET 4.5")
    qtbot.keyClick(grid.reason_edit, Qt.Key.Key_Return)
    rows = host_tasks.host_tasks("migrate.s3.2")
    assert sorted(r.status for r in rows).count("blocked") == 1
    assert "1 blocked" in screen.model.data(screen.model.index(2, 1))  # stage three row


def test_dashboard_lists_blocked_due_and_waves(window, demo_path, qtbot):
    from hmfield.gui.overview.dashboard import ChecklistDashboard

    window.open_project(demo_path)
    board = ChecklistDashboard(window.session)
    qtbot.addWidget(board)
    blocked = [v.template_id for v in board.blocked_model.rows]
    assert "migrate.s7.2" in blocked  # the demo's blocked decision (and its failed drill host)
    assert board.due_model.rowCount() > 0
    assert all(v.assignee_name for v in board.due_model.rows)
    name, bar, _extra = board.phase_rows["assess"]
    assert bar.value() == bar.maximum() > 0
    ChecklistService(window.session.ctx).set_status("migrate.s7.2", "in_progress")
    board.refresh()
    assert "migrate.s7.2" not in [v.template_id for v in board.blocked_model.rows]
    assert board.blocked_model.rowCount() == len(blocked) - 1
    seen = []
    board.itemActivated.connect(lambda phase, item: seen.append((phase, item)))
    board._activated(board.due_model.index(0, 0))
    assert seen and seen[0][0] == "migrate"


def test_models_pass_the_model_tester(open_screen, demo_path, qtmodeltester):
    from hmfield.core.checklists.lifecycle import lifecycle_counts_by_wave
    from hmfield.gui.models.checklist_tables import WaveLifecycleModel

    screen = open_screen("migrate", demo_path)
    qtmodeltester.check(screen.model)
    screen.select_item("migrate.s4.1")
    qtmodeltester.check(screen.pane.hosts.model)
    waves = WaveLifecycleModel()
    waves.set_rows(lifecycle_counts_by_wave(screen.screen_ctx.session.ctx))
    qtmodeltester.check(waves)


def test_titles_follow_the_language(window, demo_path):
    window.open_project(demo_path)
    screen = window.show_screen("migrate")
    first = screen.model.item_indexes()[0]
    assert screen.model.data(first) == "Create the target platform network"
    window.language.set_language("zh_CN")
    first = screen.model.item_indexes()[0]
    assert screen.model.data(first) == "目标平台网络创建"
    window.language.set_language("en")


def test_a_visit_reads_the_items_again_only_after_a_change(window, fresh_path, monkeypatch):
    """The items (with their per-host counts: 0.2 s at 10,000 hosts) were read on every
    visit; now after a change (here a status set from another screen's service) or on
    another day of the project's zone."""
    window.open_project(fresh_path)
    screen = _screen(window, "migrate")
    reads = []
    real = ChecklistService.items
    monkeypatch.setattr(ChecklistService, "items", lambda s, p: reads.append(p) or real(s, p))
    window.show_screen("overview")
    _screen(window, "migrate")
    assert reads == []
    item = screen.model.view_at(screen.model.item_indexes()[0])
    ChecklistService(window.session.ctx).set_status(item.template_id, "in_progress")
    window.show_screen("overview")
    _screen(window, "migrate")
    assert len(reads) == 1
    again = screen.model.view_at(screen.model.find(item.template_id))
    assert again.status == "in_progress"

"""The inventory screen end to end: edits through the service, undo/redo, paste, filter,
columns remembered, delete/restore, import with preview, copy as TSV."""

from __future__ import annotations

import threading

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QComboBox, QStyleOptionViewItem

from hmfield.core.inventory.children import HostChildrenService
from hmfield.core.inventory.service import InventoryService
from hmfield.core.project.service import NewProject, create_project

HOSTS = [
    ("web-01", "10.0.0.1", "vmware", "linux", "网上银行"),
    ("web-02", "10.0.0.2", "vmware", "linux", "网上银行"),
    ("db-01", "10.0.0.10", "physical", "linux", "核心账务"),
    ("db-02", "10.0.0.11", "physical", "windows", "核心账务"),
    ("ad-01", "10.0.0.20", "vmware", "windows", ""),
]


@pytest.fixture
def inv_path(tmp_path):
    path = tmp_path / "inv.hmfield"
    ctx = create_project(path, NewProject(name="清单测试", customer="客户", people=[]))
    svc = InventoryService(ctx)
    for name, ip, platform, family, system in HOSTS:
        row = svc.add(
            name=name, ips=[ip], platform=platform, os_family=family,
            business_system=system or None, memory_mib=8192, role="app",
        )  # fmt: skip
        if name == "db-01":
            HostChildrenService(ctx).add_disk(row.id, name="disk0", capacity_mib=102400)
            HostChildrenService(ctx).add_nic(row.id, name="eth0", ips=[ip])
    ctx.store.close()
    return path


@pytest.fixture
def screen(open_screen, inv_path):
    """The inventory screen on its own (real services, no main window)."""
    return open_screen("inventory", inv_path)


@pytest.fixture
def window_screen(window, inv_path):
    """The same screen inside the main window, for what the window shows of it."""
    assert window.open_project(inv_path)
    return window.show_screen("inventory")


def _row_of(screen, name: str) -> int:
    col = screen.model.col_of["name"]
    for r in range(screen.proxy.rowCount()):
        if screen.proxy.index(r, col).data() == name:
            return r
    raise AssertionError(name)


def _cell(screen, name: str, key: str):
    return screen.proxy.index(_row_of(screen, name), screen.model.col_of[key])


def _stored(screen, name: str):
    return next(r for r in screen.service.rows() if r.name == name)


def test_screen_is_registered_and_counts(screen):
    assert screen.model.rowCount() == 5
    assert screen.count_label.text() == "5 of 5 shown"


def test_inline_edit_with_undo_and_redo(window_screen, window):
    index = _cell(window_screen, "web-01", "platform")
    editor = window_screen.view.itemDelegate().createEditor(
        window_screen.view.viewport(), QStyleOptionViewItem(), index
    )
    assert isinstance(editor, QComboBox)  # an enumeration gets a combo box
    assert window_screen.proxy.setData(index, "kvm")
    assert _stored(window_screen, "web-01").platform == "kvm"
    assert _cell(window_screen, "web-01", "platform").data() == "KVM"
    assert "Saved" in window.saved_label.text()
    ev = window.session.audit.events(entity="host")[0]
    assert (ev.field, ev.new_value) == ("platform", '"kvm"')
    window_screen.undo_stack.undo()
    assert _stored(window_screen, "web-01").platform == "vmware"
    assert _cell(window_screen, "web-01", "platform").data() == "VMware"
    window_screen.undo_stack.redo()
    assert _stored(window_screen, "web-01").platform == "kvm"


def test_invalid_inline_edit_is_refused_with_a_message(screen, fake_dialogs):
    index = _cell(screen, "web-01", "cpu_cores")
    assert not screen.proxy.setData(index, "many")
    assert fake_dialogs.errors and "CPU cores" in fake_dialogs.errors[-1][1]
    assert screen.undo_stack.count() == 0


def test_bulk_edit_three_hosts_one_undo(screen):
    ids = [_stored(screen, n).id for n in ("web-01", "db-01", "ad-01")]
    before = {i: screen.service.row(i).business_system for i in ids}
    screen.select_ids(ids)
    assert sorted(screen.selected_ids()) == sorted(ids)
    assert screen.apply_bulk(
        screen.selected_ids(), {"business_system": "统一门户", "environment": "prod"}
    )
    after = screen.service.rows_for(ids)
    assert {r.business_system for r in after} == {"统一门户"}
    assert {r.environment for r in after} == {"prod"}
    assert _cell(screen, "ad-01", "business_system").data() == "统一门户"
    assert screen.undo_stack.count() == 1
    screen.undo_stack.undo()
    assert {i: screen.service.row(i).business_system for i in ids} == before
    assert {screen.service.row(i).environment for i in ids} == {None}


def test_bulk_edit_dialog_reports_only_touched_fields(qtbot):
    from hmfield.gui.inventory.bulk_edit_dialog import BulkEditDialog

    dialog = BulkEditDialog(3, ["网上银行"], ["李敏"])
    qtbot.addWidget(dialog)
    assert dialog.changes() == {}
    dialog.set_value("role", "db")
    dialog.set_value("owner", None)
    dialog.set_value("business_system", "新系统")
    assert dialog.changes() == {"role": "db", "owner": None, "business_system": "新系统"}


def test_paste_block_with_bad_ip_is_rejected_naming_the_cell(screen, fake_dialogs):
    screen.set_visible_columns(["name", "ips", "platform", "os_family"])
    screen.view.setCurrentIndex(_cell(screen, "db-01", "ips"))
    fake_dialogs.queue("confirm", False)  # "paste the valid cells and skip these?" -> no
    problems = screen.paste_text("10.9.9.1\tkvm\r\n10.9.9.x\tkvm\r\n")
    assert len(problems) == 1
    bad_row = _row_of(screen, "db-01") + 2
    assert problems[0].startswith(f"Row {bad_row} (db-02), column IP addresses")
    assert "10.9.9.x" in problems[0]
    assert _stored(screen, "db-01").ips == ["10.0.0.10"]  # nothing applied
    assert screen.undo_stack.count() == 0


def test_paste_valid_block_applied_audited_and_undoable(screen):
    screen.set_visible_columns(["name", "ips", "platform", "os_family"])
    screen.view.setCurrentIndex(_cell(screen, "db-01", "ips"))
    assert screen.paste_text("10.9.9.1\tKVM\tWindows\n10.9.9.2\t华为云\tLinux") == []
    assert _stored(screen, "db-01").ips == ["10.9.9.1"]
    assert _stored(screen, "db-02").platform == "huawei_cloud"
    assert _stored(screen, "db-01").os_family == "windows"
    assert _stored(screen, "db-02").os_family == "linux"
    fields = {e.field for e in screen.screen_ctx.session.audit.events(entity="host", limit=20)}
    assert {"ips", "platform", "os_family"} <= fields
    screen.undo_stack.undo()
    assert _stored(screen, "db-01").ips == ["10.0.0.10"]
    assert _stored(screen, "db-02").platform == "physical"


def test_copy_selection_as_tsv(screen):
    screen.set_visible_columns(["name", "ips", "memory_mib"])
    sel = screen.view.selectionModel()
    from PySide6.QtCore import QItemSelectionModel as S

    for key in ("name", "memory_mib"):
        for name in ("db-01", "db-02"):
            sel.select(_cell(screen, name, key), S.SelectionFlag.Select)
    text = screen.copy_selection()
    assert text == "db-01\t8 GiB\r\ndb-02\t8 GiB"
    assert QGuiApplication.clipboard().text() == text


def test_filter_keystrokes_and_facets(screen, qtbot):
    qtbot.keyClicks(screen.filter_edit, "db")
    assert screen.proxy.rowCount() == 2
    assert screen.count_label.text() == "2 of 5 shown"
    qtbot.keyClicks(screen.filter_edit, " 10.0.0.11")
    assert screen.proxy.rowCount() == 1
    screen.filter_edit.clear()
    screen.facet_bar.set_values("platform", {"vmware"})
    assert screen.proxy.rowCount() == 3
    assert "VMware" in screen.facet_bar.buttons["platform"].text()
    screen.facet_bar.clear()
    assert screen.count_label.text() == "5 of 5 shown"


def test_ctrl_f_focuses_the_filter(screen, qtbot):
    screen.view.setFocus()
    qtbot.keyClick(screen.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert screen.filter_edit.hasFocus() or QGuiApplication.focusObject() is screen.filter_edit


def test_column_choice_is_remembered(window_screen, window, inv_path):
    window_screen.set_visible_columns(["os_family", "name", "verdict"])
    assert window_screen.visible_column_keys() == ["os_family", "name", "verdict"]
    assert window.settings.get("columns/inventory") == ["os_family", "name", "verdict"]
    window.close_project()
    window.open_project(inv_path)
    again = window.show_screen("inventory")
    assert again.visible_column_keys() == ["os_family", "name", "verdict"]


def test_delete_then_undo_restores(screen):
    ids = [_stored(screen, "web-02").id, _stored(screen, "ad-01").id]
    screen.select_ids(ids)
    screen.delete_selected()
    assert screen.model.rowCount() == 3
    assert {r.name for r in screen.service.rows()} == {"web-01", "db-01", "db-02"}
    screen.undo_stack.undo()
    assert screen.model.rowCount() == 5
    assert len(screen.service.rows()) == 5
    screen.undo_stack.redo()
    assert screen.model.rowCount() == 3


def test_add_and_duplicate_are_undoable(screen):
    screen.add_host()
    assert screen.model.rowCount() == 6
    screen.view.closePersistentEditor(screen.view.currentIndex())
    screen.select_ids([_stored(screen, "db-01").id])
    screen.duplicate_selected()
    copy = _stored(screen, "db-01 (copy)")
    assert screen.service.get(copy.id).disks[0].name == "disk0"
    screen.undo_stack.undo()
    screen.undo_stack.undo()
    assert screen.model.rowCount() == 5 and len(screen.service.rows()) == 5


def test_detail_panel_shows_and_edits_children(screen):
    screen.select_ids([_stored(screen, "db-01").id])
    disks = screen.detail.tables["disk"].model
    assert [d.name for d in disks.rows] == ["disk0"]
    assert screen.detail.tables["nic"].model.rowCount() == 1
    cap = [c.key for c in disks.columns].index("capacity_mib")
    assert disks.setData(disks.index(0, cap), "200 GiB")
    host_id = _stored(screen, "db-01").id
    assert screen.service.get(host_id).disks[0].capacity_mib == 200 * 1024
    screen.undo_stack.undo()
    assert screen.service.get(host_id).disks[0].capacity_mib == 100 * 1024


def test_export_then_import_with_preview_and_apply(screen, fake_dialogs, tmp_path, qtmodeltester):
    out = tmp_path / "inv.xlsx"
    fake_dialogs.queue("save_file", str(out))
    screen.buttons["export"].click()
    screen.screen_ctx.jobs.wait()
    assert out.exists() and screen.io.last_export == out
    wb = load_workbook(out)
    ws = wb.worksheets[0]
    header = [c.value for c in ws[1]]
    name_col = next(i for i, h in enumerate(header) if h and "Name" in str(h))
    cpu_col = next(i for i, h in enumerate(header) if h and "CPU" in str(h))
    for row in ws.iter_rows(min_row=2):
        if row[name_col].value == "web-02":
            row[cpu_col].value = 12
    wb.save(out)
    fake_dialogs.queue("open_file", str(out))
    screen.buttons["import"].click()
    screen.screen_ctx.jobs.wait()
    dialog = screen.io.preview_dialog
    assert dialog is not None, fake_dialogs.errors
    assert dialog.model.rowCount() == 1
    qtmodeltester.check(dialog.model)
    assert "cpu_cores" in dialog.model.index(0, 4).data()
    assert dialog.apply_button.isEnabled()
    dialog.accept()
    screen.screen_ctx.jobs.wait()
    assert _stored(screen, "web-02").cpu_cores == 12
    assert _cell(screen, "web-02", "cpu_cores").data() == "12"
    assert screen.io.last_result.updated == 1


def test_large_inventory_loads_through_the_job_helper(window, inv_path, monkeypatch, qtbot):
    """Above BACKGROUND_ABOVE hosts (10,000 in the field; 0 here) the first open and a
    visit after a change read on the job helper's thread; an unchanged visit reads nothing."""
    from hmfield.gui.common import jobs as jobs_module

    monkeypatch.setattr(jobs_module, "BACKGROUND_ABOVE", 0)
    assert window.open_project(inv_path)
    gui_thread = threading.get_ident()
    reads: dict[str, set[bool]] = {}
    for method in ("ids", "rows_for", "rows"):
        real = getattr(InventoryService, method)

        def spy(self, *a, _real=real, _name=method, **k):
            reads.setdefault(_name, set()).add(threading.get_ident() == gui_thread)
            return _real(self, *a, **k)

        monkeypatch.setattr(InventoryService, method, spy)
    inv = window.show_screen("inventory")
    # the screen is built without reading a host: the first job reads the ids and the first
    # screenful of rows, a second the full rows, both off the GUI thread
    assert inv.model.rowCount() == 0 and window.jobs.busy and reads == {}
    qtbot.waitUntil(lambda: inv.model.rowCount() == len(HOSTS), timeout=20000)
    name = inv.model.col_of["name"]
    shown = sorted(inv.proxy.index(r, name).data() for r in range(inv.proxy.rowCount()))
    assert shown == sorted(h[0] for h in HOSTS)
    qtbot.waitUntil(lambda: not window.jobs.busy, timeout=20000)
    assert reads == {"ids": {False}, "rows_for": {False}, "rows": {False}}
    assert [r.id for r in inv.model.rows] == [r.id for r in inv.service.rows()]
    assert not inv.freshness.stale()
    started: list[str] = []
    real_start = window.jobs.start
    monkeypatch.setattr(
        window.jobs, "start", lambda *a, **k: started.append(a[0]) or real_start(*a, **k)
    )
    window.show_screen("waves")
    window.show_screen("inventory")
    # nothing changed: the rows shown are current (the Waves screen reads its own)
    assert "Loading the inventory…" not in started
    InventoryService(window.session.ctx).add(name="app-09", ips=["10.0.0.99"])
    window.show_screen("waves")
    qtbot.waitUntil(lambda: not window.jobs.busy, timeout=20000)
    window.show_screen("inventory")
    assert "Loading the inventory…" in started
    qtbot.waitUntil(lambda: inv.model.rowCount() == len(HOSTS) + 1, timeout=20000)

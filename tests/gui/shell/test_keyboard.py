"""Keyboard right after navigation and after a dialog: Ctrl+F reaches the Inventory filter
when the navigation list has the focus; Ctrl+Z undoes a bulk edit once its dialog closed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog


def _activate(window, qtbot):
    window.activateWindow()
    window.raise_()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)


def _choose_in_nav(window, qtbot, key):
    row = window.nav_keys().index(key)
    window.nav.setFocus()
    rect = window.nav.visualItemRect(window.nav.item(row))
    qtbot.mouseClick(window.nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.wait(50)
    window.jobs.wait(60000)
    return window.screens[key]


def test_ctrl_f_right_after_choosing_inventory(window, demo_path, qtbot):
    window.open_project(demo_path)
    _activate(window, qtbot)
    screen = _choose_in_nav(window, qtbot, "inventory")
    assert window.stack.currentWidget() is screen
    qtbot.keyClick(
        QApplication.focusWidget() or window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier
    )
    qtbot.waitUntil(lambda: QApplication.focusWidget() is screen.filter_edit, timeout=2000)


def test_ctrl_z_right_after_the_bulk_edit_dialog(window, demo_path, qtbot, monkeypatch):
    import hmfield.gui.inventory.screen as inv

    window.open_project(demo_path)
    _activate(window, qtbot)
    screen = _choose_in_nav(window, qtbot, "inventory")
    screen.view.setFocus()
    screen.view.selectRow(0)
    host_id = screen.selected_ids()[0]
    assert host_id

    class Accepting(inv.BulkEditDialog):
        def exec(self):
            self.show()
            qtbot.wait(20)
            self.accept()
            return QDialog.DialogCode.Accepted

        def changes(self):
            return {"notes": "bulk note"}

    monkeypatch.setattr(inv, "BulkEditDialog", Accepting)
    screen.bulk_edit()
    qtbot.wait(50)
    assert screen.undo_stack.canUndo()
    qtbot.keyClick(
        QApplication.focusWidget() or window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier
    )
    qtbot.waitUntil(lambda: not screen.undo_stack.canUndo(), timeout=2000)


def test_focus_lands_in_the_table_of_a_screen_chosen_with_the_mouse(window, demo_path, qtbot):
    window.open_project(demo_path)
    _activate(window, qtbot)
    screen = _choose_in_nav(window, qtbot, "inventory")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is screen.view, timeout=2000)

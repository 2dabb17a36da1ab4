"""Edit > Undo / Redo of the main window, acting on the undo stack of what the engineer is
working in: the screen shown (or its checklist tab), or the nearest widget with an
``undo_stack`` around the keyboard focus.

Why the screens' own shortcuts are taken off: a screen keeps its undo/redo actions (they work
when the screen stands alone, in tests or embedded) but two actions with Ctrl+Z in reach of
the same focus make Qt call the key ambiguous and do nothing. So the window adopts each
screen's stacks into a QUndoGroup, removes the undo/redo key sequences from the screen's
actions, and owns Ctrl+Z, Ctrl+Y and Ctrl+Shift+Z itself. Text fields keep their own undo:
Qt lets a focused line or text edit override these keys.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, QTimer
from PySide6.QtGui import QAction, QKeySequence, QUndoGroup, QUndoStack
from PySide6.QtWidgets import QApplication, QDialog, QTabWidget, QWidget


def undo_keys() -> list[QKeySequence]:
    """Built on call: a standard-key QKeySequence made before the QApplication crashes."""
    return [QKeySequence(QKeySequence.StandardKey.Undo)]


def redo_keys() -> list[QKeySequence]:
    return _unique(
        [
            QKeySequence("Ctrl+Y"),
            QKeySequence("Ctrl+Shift+Z"),
            QKeySequence(QKeySequence.StandardKey.Redo),  # the platform's own, when it differs
        ]
    )


def find_keys() -> list[QKeySequence]:
    return [QKeySequence(QKeySequence.StandardKey.Find)]


def _taken() -> set[str]:
    return {k.toString() for k in (*undo_keys(), *redo_keys(), *find_keys())}


def find_target(screen: QWidget | None):
    """What Ctrl+F does on a screen: its ``focus_filter()``, else focus its ``filter_edit``
    (also on the current tab of a tabbed screen); None when the screen has no search."""
    for widget in (screen, screen.currentWidget() if isinstance(screen, QTabWidget) else None):
        if widget is None:
            continue
        slot = getattr(widget, "focus_filter", None)
        if callable(slot):
            return slot
        edit = getattr(widget, "filter_edit", None)
        if isinstance(edit, QWidget):
            return lambda e=edit: (e.setFocus(), getattr(e, "selectAll", lambda: None)())
    return None


def own_stack(widget: QWidget | None) -> QUndoStack | None:
    stack = getattr(widget, "undo_stack", None)
    return stack if isinstance(stack, QUndoStack) else None


def screen_stack(screen: QWidget | None) -> QUndoStack | None:
    """The stack a screen edits with: its own, else its current tab's (Plan: the checklist
    tab), else its phase widget's (Assess embeds one)."""
    if screen is None:
        return None
    found = own_stack(screen)
    if found is None and isinstance(screen, QTabWidget):
        found = own_stack(screen.currentWidget())
    if found is None:
        found = own_stack(getattr(screen, "phase_widget", None))
    return found


class EditActions(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.group = QUndoGroup(self)
        self.undo = QAction(window)
        self.undo.setShortcuts(undo_keys())
        self.redo = QAction(window)
        self.redo.setShortcuts(redo_keys())
        # Ctrl+F is the window's too: a screen's own Find (widget-with-children) misses the
        # key while the navigation list has the focus, i.e. right after choosing the screen
        self.find = QAction(window)
        self.find.setShortcuts(find_keys())
        self.find.triggered.connect(self.find_in_screen)
        window.addAction(self.find)
        self.undo.triggered.connect(self.group.undo)
        self.redo.triggered.connect(self.group.redo)
        for signal in (self.group.canUndoChanged, self.group.canRedoChanged):
            signal.connect(self.retranslate)
        self.group.undoTextChanged.connect(self.retranslate)
        self.group.redoTextChanged.connect(self.retranslate)
        window.edit_menu.aboutToShow.connect(self.follow_focus)
        window.edit_menu.addAction(self.undo)
        window.edit_menu.addAction(self.redo)
        app = QApplication.instance()
        if app is not None:
            app.focusChanged.connect(self.follow_focus)
            app.focusChanged.connect(self._focus_left_dialog)
        self.retranslate()

    def _focus_left_dialog(self, old, new) -> None:
        """A dialog closed and no window has the focus (no window manager hands it back, as
        under Xvfb or on some desktops): give it back to the main window, so Ctrl+Z and the
        other keys work at once, on the widget that had the focus before the dialog. Only
        after a dialog: switching to another application leaves the focus where it went."""
        if new is not None or old is None:
            return
        try:
            top = old.window()
        except RuntimeError:
            return
        if isinstance(top, QDialog) and top is not self.window:
            QTimer.singleShot(0, self._take_focus_back)

    def _take_focus_back(self) -> None:
        try:
            window = self.window
            if QApplication.focusWindow() is not None or not window.isVisible():
                return
        except RuntimeError:  # the window is gone
            return
        if QApplication.activeModalWidget() is None and QApplication.activePopupWidget() is None:
            window.activateWindow()

    def adopt(self, screen: QWidget) -> None:
        """Take a screen's stacks into the group and its undo/redo keys off its actions."""
        for stack in screen.findChildren(QUndoStack):
            if stack not in self.group.stacks():
                self.group.addStack(stack)
        taken = _taken()
        for action in screen.findChildren(QAction):
            keys = action.shortcuts()
            kept = [k for k in keys if k.toString() not in taken]
            if len(kept) != len(keys):
                action.setShortcuts(kept)
        if isinstance(screen, QTabWidget):
            screen.currentChanged.connect(lambda *_: self.follow_focus())

    def find_in_screen(self) -> None:
        target = find_target(self.window.stack.currentWidget())
        if target is not None:
            target()

    def follow_focus(self, *_args) -> None:
        """Make the stack of the focused widget (else of the shown screen) the active one."""
        try:
            screen = self.window.stack.currentWidget()
        except RuntimeError:  # focus moved while the window is being torn down
            return
        stack = None
        widget = QApplication.focusWidget()
        if screen is not None and widget is not None and screen.isAncestorOf(widget):
            while widget is not None and widget is not screen and stack is None:
                stack = own_stack(widget)
                widget = widget.parentWidget()
        stack = stack or screen_stack(screen)
        if stack is not None and stack not in self.group.stacks():
            self.group.addStack(stack)
        if stack is not self.group.activeStack():
            self.group.setActiveStack(stack)
        self.retranslate()

    def retranslate(self, *_args) -> None:
        undo_text, redo_text = self.group.undoText(), self.group.redoText()
        self.undo.setText(
            QCoreApplication.translate("MainWindow", "&Undo %1").replace("%1", undo_text).strip()
            if undo_text
            else QCoreApplication.translate("MainWindow", "&Undo")
        )
        self.redo.setText(
            QCoreApplication.translate("MainWindow", "&Redo %1").replace("%1", redo_text).strip()
            if redo_text
            else QCoreApplication.translate("MainWindow", "&Redo")
        )
        self.find.setText(QCoreApplication.translate("MainWindow", "&Find"))
        self.undo.setEnabled(self.group.canUndo())
        self.redo.setEnabled(self.group.canRedo())


def _unique(keys: list[QKeySequence]) -> list[QKeySequence]:
    seen, out = set(), []
    for key in keys:
        if key.toString() not in seen:
            seen.add(key.toString())
            out.append(key)
    return out

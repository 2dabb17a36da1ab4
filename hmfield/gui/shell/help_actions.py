"""The Help menu's own entries: the user guide (F1), the keyboard shortcut list and About."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QAction, QKeySequence


class HelpActions(QObject):
    def __init__(self, window, menu) -> None:
        super().__init__(window)
        self.window = window
        self.guide = QAction(window)
        # a list: setShortcut would load the Qt namespace before the first window (15 ms)
        self.guide.setShortcuts([QKeySequence(QKeySequence.StandardKey.HelpContents)])
        self.shortcuts = QAction(window)
        self.about = QAction(window)
        self.guide.triggered.connect(self.show_guide)
        self.shortcuts.triggered.connect(self.show_shortcuts)
        self.about.triggered.connect(self.show_about)
        first = menu.actions()[0] if menu.actions() else None
        menu.insertAction(first, self.guide)
        menu.insertAction(first, self.shortcuts)
        menu.insertSeparator(first)
        menu.addSeparator()
        menu.addAction(self.about)
        self.dialog = None  # the last help window shown (tests look at it)
        self.retranslate()

    def retranslate(self) -> None:
        self.guide.setText(QCoreApplication.translate("HelpActions", "&User guide"))
        self.shortcuts.setText(QCoreApplication.translate("HelpActions", "&Keyboard shortcuts"))
        self.about.setText(QCoreApplication.translate("HelpActions", "&About hmfield"))

    def _show(self, dialog) -> None:
        self.dialog = dialog
        dialog.show()
        dialog.raise_()

    def show_guide(self) -> None:
        from hmfield.gui.shell.help_dialogs import GuideViewer

        self._show(GuideViewer(self.window))

    def show_shortcuts(self) -> None:
        from hmfield.gui.shell.help_dialogs import ShortcutsDialog

        self._show(ShortcutsDialog(self.window))

    def show_about(self) -> None:
        from hmfield.gui.shell.help_dialogs import AboutDialog

        self._show(AboutDialog(self.window))

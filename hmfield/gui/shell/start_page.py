"""The start page: new project, open, recent projects, open the demo."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QListWidgetItem, QWidget

from hmfield.gui.forms.ui_start_page import Ui_StartPage


class StartPage(QWidget):
    newRequested = Signal()
    openRequested = Signal()
    demoRequested = Signal()
    recentChosen = Signal(str)

    def __init__(self, recent: list[str], parent=None) -> None:
        super().__init__(parent)
        self.form = Ui_StartPage()
        self.form.setupUi(self)
        self.form.newButton.clicked.connect(self.newRequested)
        self.form.openButton.clicked.connect(self.openRequested)
        self.form.demoButton.clicked.connect(self.demoRequested)
        self.form.recentList.itemActivated.connect(
            lambda item: self.recentChosen.emit(item.data(Qt.ItemDataRole.UserRole))
        )
        self.set_recent(recent)

    def set_recent(self, recent: list[str]) -> None:
        self.form.recentList.clear()
        for path in recent:
            p = Path(path)
            item = QListWidgetItem(f"{p.stem}    —    {p.parent}")
            item.setData(Qt.ItemDataRole.UserRole, path)
            item.setToolTip(path)
            if not p.exists():
                item.setForeground(Qt.GlobalColor.gray)
            self.form.recentList.addItem(item)

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.form.retranslateUi(self)
        super().changeEvent(event)

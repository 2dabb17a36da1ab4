"""The start page: new project, open, recent projects (by project name and customer), and
the demo offered in its own box while the engineer has no project of their own yet."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from hmfield.gui.forms.ui_start_page import Ui_StartPage

WELCOME_STYLE = "QFrame#welcomeBox { border: 1px solid #90caf9; background: #e3f2fd; }"
# Qt.ItemDataRole.UserRole and Qt.TextSelectableByMouse as numbers: the start page is the
# first window, and importing PySide6's Qt namespace builds its 93 enums (15 ms)
PATH_ROLE = 0x0100
FOREGROUND_ROLE = 9  # Qt.ItemDataRole.ForegroundRole
SELECTABLE_BY_MOUSE = 1


class StartPage(QWidget):
    newRequested = Signal()
    openRequested = Signal()
    demoRequested = Signal()
    bundleRequested = Signal()
    recentChosen = Signal(str)

    def __init__(self, recent: list[str], titles: dict | None = None, parent=None) -> None:
        super().__init__(parent)
        self.form = Ui_StartPage()
        self.form.setupUi(self)
        self.form.newButton.clicked.connect(self.newRequested)
        self.form.openButton.clicked.connect(self.openRequested)
        self.form.demoButton.clicked.connect(self.demoRequested)
        self.form.recentList.itemActivated.connect(
            lambda item: self.recentChosen.emit(item.data(PATH_ROLE))
        )
        self.bundle_button = QPushButton()
        self.bundle_button.clicked.connect(self.bundleRequested)
        self.form.buttons.insertWidget(2, self.bundle_button)
        self._demo_location = ""
        self._build_welcome()
        self.set_recent(recent, titles or {})
        self.retranslate()

    def _build_welcome(self) -> None:
        self.welcome = QFrame(objectName="welcomeBox")
        self.welcome.setStyleSheet(WELCOME_STYLE)
        box = QVBoxLayout(self.welcome)
        self.welcome_text = QLabel(wordWrap=True)
        self.welcome_demo = QPushButton()
        self.welcome_demo.clicked.connect(self.demoRequested)
        self.welcome_where = QLabel(wordWrap=True)
        self.welcome_where.setProperty("textInteractionFlags", SELECTABLE_BY_MOUSE)
        fixed = QSizePolicy.Policy.Fixed
        self.welcome_demo.setSizePolicy(fixed, fixed)  # its own width, on the left
        box.addWidget(self.welcome_text)
        box.addWidget(self.welcome_demo)
        box.addWidget(self.welcome_where)
        self.form.layout.insertWidget(3, self.welcome)
        self._filler = QWidget()  # holds the page at the top while the list is hidden
        self._filler.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self.form.layout.addWidget(self._filler)

    def set_demo_location(self, path: str) -> None:
        self._demo_location = path
        self.retranslate()

    def set_recent(self, recent: list[str], titles: dict | None = None) -> None:
        titles = titles or {}
        self.form.recentList.clear()
        for path in recent:
            p = Path(path)
            name, customer = titles.get(path, (p.stem, ""))
            text = f"{name}    —    {customer}" if customer else name
            item = QListWidgetItem(text)
            item.setData(PATH_ROLE, path)
            item.setToolTip(path)
            if not p.exists():  # greyed: Qt.GlobalColor.gray as the foreground role's data
                item.setData(FOREGROUND_ROLE, QColor(0xA0, 0xA0, 0xA4))
            self.form.recentList.addItem(item)
        self.welcome.setVisible(not recent)
        # no recent project: no empty white box under a "Recent projects" heading
        self.form.recentLabel.setVisible(bool(recent))
        self.form.recentList.setVisible(bool(recent))
        self._filler.setVisible(not recent)

    def retranslate(self) -> None:
        self.welcome_text.setText(
            self.tr(
                "New to hmfield? Open the demo project: a bank's data centre moving to the "
                "cloud, with hosts, verdicts, waves, runbooks and checklists filled in. It is "
                "its own file, changed as the demo's engineer, never as you."
            )
        )
        self.welcome_demo.setText(self.tr("Open the demo project"))
        self.bundle_button.setText(self.tr("Open a &bundle…"))
        self.bundle_button.setToolTip(
            self.tr("A bundle (*.hmbundle) from a colleague or the office: merged or opened")
        )
        self.welcome_where.setText(
            self.tr("The demo is kept at %1").replace("%1", self._demo_location)
        )

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.form.retranslateUi(self)
            self.retranslate()
        super().changeEvent(event)

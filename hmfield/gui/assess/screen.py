"""The Assess screen (调研): one tab per seed item of the survey stage.

1 Import the discovery file (待办1) · 2 Verdicts and reasons, with overrides · 3 What
HyperMotion does not move and the alternatives (待办3) · 4 The assessment conclusion the
migration plan quotes (待办4), read-only with a copy button and a free-text addendum · and the
stage's checklist when the checklists widget is installed.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from hmfield.core.assess.verdicts import AssessmentService
from hmfield.core.errors import HmError
from hmfield.core.project.status import change_stamp
from hmfield.gui.assess.alternatives import AlternativesPage
from hmfield.gui.assess.import_panel import ImportPage
from hmfield.gui.assess.rules_view import RulesPage
from hmfield.gui.assess.verdicts import VerdictPage
from hmfield.gui.common.context import ScreenContext
from hmfield.gui.common.jobs import OneReading, read_in_background


class ConclusionPage(QWidget):
    """The generated conclusion (read-only: it follows the data) and the engineer's addendum."""

    saved = Signal()
    failed = Signal(str)

    def __init__(self, ctx: ScreenContext, parent=None) -> None:
        super().__init__(parent)
        self.service = AssessmentService(ctx.services)
        self.lang_fn = ctx.lang
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.copy_button = QPushButton()
        self.copy_button.clicked.connect(self.copy)
        self.note_label = QLabel()
        self.note = QPlainTextEdit()
        self.note.setTabChangesFocus(True)
        self.note.installEventFilter(self)
        self.save_note_button = QPushButton()
        self.save_note_button.clicked.connect(self.save_note)
        row = QHBoxLayout()
        row.addWidget(self.heading, 1)
        row.addWidget(self.copy_button)
        note_row = QHBoxLayout()
        note_row.addWidget(self.note_label, 1)
        note_row.addWidget(self.save_note_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.text, 3)
        layout.addLayout(note_row)
        layout.addWidget(self.note, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(
            self.tr(
                "Generated from the verdicts and non-host objects; the migration plan quotes it."
            )
        )
        self.copy_button.setText(self.tr("Copy"))
        self.note_label.setText(self.tr("Addendum (your own words, saved with the project):"))
        self.save_note_button.setText(self.tr("Save addendum"))

    def reload(self, hosts: list | None = None) -> None:
        """The conclusion of ``hosts`` (the screen's one reading), else read them."""
        self.text.setPlainText(self.service.conclusion(self.lang_fn(), hosts))
        self.note.setPlainText(self.service.note())

    def copy(self) -> None:
        text = self.text.toPlainText()
        addendum = self.note.toPlainText().strip()
        QGuiApplication.clipboard().setText(f"{text}\n\n{addendum}" if addendum else text)

    def save_note(self) -> None:
        try:
            if self.service.set_note(self.note.toPlainText()):
                self.saved.emit()
        except HmError as exc:
            self.failed.emit(str(exc))

    def eventFilter(self, obj, event) -> bool:
        if obj is self.note and event.type() == QEvent.Type.FocusOut:
            self.save_note()
        return super().eventFilter(obj, event)


class AssessScreen(QWidget):
    saved = Signal()
    failed = Signal(str)

    def __init__(self, ctx: ScreenContext, parent=None) -> None:
        super().__init__(parent)
        self.screen_ctx = ctx
        self.session = ctx.session
        self.tabs = QTabWidget()
        self.import_page = ImportPage(ctx)
        self.verdicts = VerdictPage(ctx)
        self.alternatives = AlternativesPage(ctx)
        self.conclusion = ConclusionPage(ctx)
        self.dirty = True  # loaded when first shown: opening a project stays quick
        self._stamp = None  # the project's change stamp when the pages were read
        self._reading = OneReading()  # the background read, one at a time
        for page in (self.import_page, self.verdicts, self.alternatives, self.conclusion):
            page.failed.connect(self.failed)
            if page is not self.import_page:
                page.saved.connect(self.saved)
            self.tabs.addTab(page, "")
        self.import_page.imported.connect(self._imported)
        self.verdicts.saved.connect(lambda: self._refresh(self.alternatives, self.conclusion))
        self.alternatives.saved.connect(lambda: self._refresh(self.conclusion))
        self.rules = RulesPage(ctx)  # what the rules check of the vendor facts
        self.rules.failed.connect(self.failed)
        self.tabs.addTab(self.rules, "")
        self.checklist = self._checklist_tab()
        self.tabs.currentChanged.connect(self._tab_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self.retranslate()

    def _checklist_tab(self) -> QWidget | None:
        """The stage's checklist (seed items and their status), when the widget exists."""
        try:
            from hmfield.gui.checklists.widgets import PhaseWidget
        except ImportError:
            return None
        try:
            widget = PhaseWidget(self.screen_ctx, "assess")
        except (TypeError, HmError):
            return None
        for name in ("saved", "failed"):
            signal = getattr(widget, name, None)
            if signal is not None:
                signal.connect(getattr(self, name))
        self.tabs.addTab(widget, "")
        return widget

    def retranslate(self) -> None:
        titles = [
            self.tr("1 · Collect and import"),
            self.tr("2 · Verdicts and reasons"),
            self.tr("3 · Not supported and alternatives"),
            self.tr("4 · Assessment conclusion"),
            self.tr("Rules checked"),
        ]
        if self.checklist is not None:
            titles.append(self.tr("Checklist"))
        for i, title in enumerate(titles):
            self.tabs.setTabText(i, title)

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            if not self.dirty:
                self.reload()
        super().changeEvent(event)

    def reload(self) -> None:
        """Refresh every page from the project (after an import, a language switch)."""
        stamp = change_stamp(self.screen_ctx.services)  # first: a change meanwhile is seen
        if self._refresh(self.verdicts, self.alternatives, self.conclusion):
            self._stamp, self.dirty = stamp, False

    def _refresh(self, *pages, hosts: list | None = None) -> bool:
        """Reload ``pages`` from one reading of the verdicts (``hosts``, else read here): the
        same hosts on every page, read once (each page read them itself: four readings,
        8.5 s at 10,000 hosts). False when the reading failed (the error shown)."""
        try:
            hosts = self.verdicts.service.hosts() if hosts is None else hosts
            for page in pages:
                page.reload(hosts)
        except HmError as exc:
            self.failed.emit(str(exc))
            return False
        return True

    def stale(self) -> bool:
        """Did anything change since the pages were read (here or on another screen)?"""
        return self.dirty or change_stamp(self.screen_ctx.services) != self._stamp

    def activated(self) -> None:
        """Shown: read on the first visit and after a change anywhere; a visit with nothing
        changed reads nothing. A large project's verdicts are read through the job helper
        (10,000 hosts: 3 s the window would otherwise stand still)."""
        if not self.stale():
            return
        if not read_in_background(self.screen_ctx):
            self.reload()
        else:
            self.reload_in_background()

    def reload_in_background(self) -> None:
        """:meth:`reload` with the verdicts read on the job helper's thread."""
        service = self.verdicts.service

        def read(_progress):
            return change_stamp(self.screen_ctx.services), service.hosts()

        def show(result) -> None:
            stamp, hosts = result
            if self._refresh(self.verdicts, self.alternatives, self.conclusion, hosts=hosts):
                self._stamp, self.dirty = stamp, False

        self._reading.start(
            self.screen_ctx.jobs, self.tr("Reading the verdicts…"), read, show, self.failed.emit
        )

    def _imported(self, _result) -> None:
        self.saved.emit()
        self.reload()

    def _tab_changed(self, index: int) -> None:
        page = self.tabs.widget(index)
        if page is self.conclusion:
            self.conclusion.reload()
        elif page is self.rules:
            self.rules.reload()
        elif page is not None and page is self.checklist:
            self.checklist.activated()  # an import on the first tab changes its figures

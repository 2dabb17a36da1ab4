"""The wave's stop-business and business-resumed notices: generated from the wave, edited in
zh and en, approved by a named person, copied to the clipboard for mail or chat.

All text and state come from :class:`hmfield.core.runbooks.notices.NoticeService`; the copy
is the service's plain text (with its approval line), so what is pasted is what is printed.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from hmfield.core.errors import HmError
from hmfield.core.runbooks.notices import NoticeService
from hmfield.gui.common.core_text import core_text
from hmfield.gui.models.runbook_models import lang_of_app, zoned


class NoticePanel(QWidget):
    saved = Signal()
    failed = Signal(str)

    def __init__(self, ctx, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.notices = NoticeService(ctx)
        self.wave_id: str | None = None
        self.view = None
        self._build()
        self.retranslate()

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        row = QHBoxLayout()
        self.kind_combo = QComboBox()
        self.kind_combo.activated.connect(self.load)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        row.addWidget(self.kind_combo)
        row.addWidget(self.status_label, 1)
        outer.addLayout(row)
        self.tabs = QTabWidget()
        self.text_zh, self.text_en = QPlainTextEdit(), QPlainTextEdit()
        self.tabs.addTab(self.text_zh, "中文")
        self.tabs.addTab(self.text_en, "English")
        outer.addWidget(self.tabs, 1)
        actions = QHBoxLayout()
        self.save_button, self.regenerate_button = QPushButton(), QPushButton()
        self.approver = QComboBox()
        self.approve_button, self.copy_button = QPushButton(), QPushButton()
        self.save_button.clicked.connect(self.save)
        self.regenerate_button.clicked.connect(self.regenerate)
        self.approve_button.clicked.connect(self.approve)
        self.copy_button.clicked.connect(self.copy)
        for w in (self.save_button, self.regenerate_button):
            actions.addWidget(w)
        actions.addStretch(1)
        for w in (self.approver, self.approve_button, self.copy_button):
            actions.addWidget(w)
        outer.addLayout(actions)
        self.message = QLabel()
        self.message.setStyleSheet("color:#b71c1c;")
        outer.addWidget(self.message)

    def retranslate(self) -> None:
        current = self.kind_combo.currentData()
        self.kind_combo.clear()
        self.kind_combo.addItem(self.tr("Stop-business notice"), "stop_business")
        self.kind_combo.addItem(self.tr("Business-resumed notice"), "business_resumed")
        if current:
            self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(current)))
        self.save_button.setText(self.tr("Save edits"))
        self.regenerate_button.setText(self.tr("Generate again from the wave"))
        self.approve_button.setText(self.tr("Approve"))
        self.copy_button.setText(self.tr("Copy text"))
        if self.view is not None:
            self._show_status()

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_wave(self, wave_id: str | None, people: dict[str, str]) -> None:
        self.wave_id = wave_id
        self.approver.clear()
        self.approver.addItem(self.tr("— approved by —"), "")
        for pid, name in people.items():
            self.approver.addItem(name, pid)
        self.load()

    def kind(self) -> str:
        return self.kind_combo.currentData() or "stop_business"

    def load(self) -> None:
        enabled = self.wave_id is not None
        for w in (self.save_button, self.regenerate_button, self.approve_button, self.copy_button):
            w.setEnabled(enabled)
        if not enabled:
            self.view = None
            self.text_zh.setPlainText("")
            self.text_en.setPlainText("")
            self.status_label.setText("")
            return
        self.view = self.notices.get(self.wave_id, self.kind())
        self.text_zh.setPlainText(self.view.text_zh)
        self.text_en.setPlainText(self.view.text_en)
        self._show_status()

    def _show_status(self) -> None:
        v = self.view
        if v.approved:
            at = f"{zoned(v.approved_at, v.tz, '%Y-%m-%d %H:%M')} ({v.tz})"
            text = self.tr("Approved by %1 at %2").replace("%1", v.approved_by).replace("%2", at)
        elif v.saved:
            text = self.tr("Saved, not approved: do not publish yet")
        else:
            text = self.tr("Generated draft, not saved or approved")
        self.status_label.setText(text)

    def _do(self, action) -> bool:
        try:
            action()
        except HmError as exc:
            self.message.setText(core_text(str(exc)))
            self.failed.emit(str(exc))
            return False
        self.message.setText("")
        self.saved.emit()
        self.load()
        return True

    def save(self) -> None:
        zh, en = self.text_zh.toPlainText(), self.text_en.toPlainText()
        self._do(lambda: self.notices.save(self.wave_id, self.kind(), zh, en))

    def regenerate(self) -> None:
        self._do(lambda: self.notices.regenerate(self.wave_id, self.kind()))

    def approve(self) -> None:
        person = self.approver.currentData()
        if not person:
            self.message.setText(self.tr("Choose who approves the notice."))
            return
        zh, en = self.text_zh.toPlainText(), self.text_en.toPlainText()
        edited = self.view is not None and (zh, en) != (self.view.text_zh, self.view.text_en)
        if edited and not self._do(lambda: self.notices.save(self.wave_id, self.kind(), zh, en)):
            return
        self._do(lambda: self.notices.approve(self.wave_id, self.kind(), person))

    def copy(self) -> None:
        """The notice in the tab shown (else the app's language) as plain text."""
        lang = (
            ("zh", "en")[self.tabs.currentIndex()]
            if self.tabs.currentIndex() >= 0
            else lang_of_app()
        )
        text = self.notices.text(self.wave_id, self.kind(), lang)
        QGuiApplication.clipboard().setText(text)
        self.message.setText("")

"""The Incidents tab: every incident after the cutover (open ones first and tinted), a
one-line form for a new one, and for the selected incident one text field with the actions
that need it: close (the resolution), waive (the reason) or trigger the rollback plan (the
reason), the last two with the person who decided."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hmfield.core.operate.checks import CheckService
from hmfield.core.operate.incidents import IncidentService, IncidentView
from hmfield.core.operate.texts import words
from hmfield.gui.common.i18n import ui_lang
from hmfield.gui.models.operate_models import OutcomeTableModel, incident_columns, incident_tint
from hmfield.gui.models.record_model import ROW_ROLE
from hmfield.gui.models.table_view import make_table
from hmfield.gui.operate.common import MessageLine, attempt, people_names


class IncidentsTab(QWidget):
    changed = Signal()

    def __init__(self, screen_ctx, parent=None) -> None:
        super().__init__(parent)
        self.screen_ctx = screen_ctx
        ctx = screen_ctx.services
        self.service = IncidentService(ctx)
        self.checks = CheckService(ctx)
        self.tz = "Asia/Shanghai"
        self.waves: list[tuple[str, str]] = []  # (id, name)
        layout = QVBoxLayout(self)
        self.model = OutcomeTableModel(incident_columns(lambda: self.tz), incident_tint, self)
        self.view = make_table(self.model)
        layout.addWidget(self.view, 1)
        layout.addWidget(self._action_box())
        layout.addWidget(self._new_box())
        self.message = MessageLine()
        layout.addWidget(self.message)
        self.view.selectionModel().currentRowChanged.connect(self._selected)
        self.retranslate()

    def _new_box(self) -> QGroupBox:
        self.new_box = QGroupBox()
        grid = QGridLayout(self.new_box)
        self.wave = QComboBox()
        self.subject = QComboBox()
        self.severity = QComboBox()
        self.owner = QComboBox()
        self.symptom, self.cause = QLineEdit(), QLineEdit()
        self.add_button = QPushButton()
        self.new_labels = [QLabel() for _ in range(6)]
        widgets = (self.wave, self.subject, self.severity, self.owner, self.symptom, self.cause)
        for n, (label, widget) in enumerate(zip(self.new_labels, widgets, strict=True)):
            grid.addWidget(label, n // 3 * 2, n % 3)
            grid.addWidget(widget, n // 3 * 2 + 1, n % 3)
        grid.addWidget(self.add_button, 3, 3)
        self.wave.currentIndexChanged.connect(self._fill_subjects)
        self.add_button.clicked.connect(self._add)
        self.symptom.returnPressed.connect(self._add)
        self.cause.returnPressed.connect(self._add)
        return self.new_box

    def _action_box(self) -> QGroupBox:
        self.action_box = QGroupBox()
        row = QHBoxLayout(self.action_box)
        self.text = QLineEdit()
        self.decider = QComboBox()
        self.decider_label = QLabel()
        self.close_button, self.waive_button = QPushButton(), QPushButton()
        self.rollback_button = QPushButton()
        row.addWidget(self.text, 2)
        row.addWidget(self.decider_label)
        row.addWidget(self.decider, 1)
        for b in (self.close_button, self.waive_button, self.rollback_button):
            row.addWidget(b)
        self.close_button.clicked.connect(self._close)
        self.waive_button.clicked.connect(self._waive)
        self.rollback_button.clicked.connect(self._rollback)
        self.text.returnPressed.connect(self._close)
        return self.action_box

    def retranslate(self) -> None:
        self.new_box.setTitle(self.tr("New incident"))
        texts = (
            self.tr("Wave"), self.tr("Host or system"), self.tr("Severity"), self.tr("Owner"),
            self.tr("Symptom (what was seen)"), self.tr("Cause (if known)"),
        )  # fmt: skip
        for label, text in zip(self.new_labels, texts, strict=True):
            label.setText(text)
        self.add_button.setText(self.tr("Add incident"))
        self.action_box.setTitle(self.tr("Selected incident"))
        self.text.setPlaceholderText(self.tr("Resolution, or the reason to waive / roll back"))
        self.decider_label.setText(self.tr("Decided by"))
        self.close_button.setText(self.tr("Close with resolution"))
        self.waive_button.setText(self.tr("Waive for acceptance"))
        self.rollback_button.setText(self.tr("Trigger rollback plan"))
        w = words(ui_lang())
        current = self.severity.currentData() or "major"
        self.severity.clear()
        for code in ("critical", "major", "minor"):
            self.severity.addItem(w.code("severity", code), code)
        self.severity.setCurrentIndex(self.severity.findData(current))
        self.model.refresh_headers()

    def refresh(self, waves: list[tuple[str, str]], tz: str, wave_id: str | None = None) -> None:
        self.tz = tz
        keep = self.wave.currentData() or wave_id
        self.waves = waves
        self.wave.blockSignals(True)
        self.wave.clear()
        for wid, name in waves:
            self.wave.addItem(name, wid)
        index = self.wave.findData(wave_id or keep)
        self.wave.setCurrentIndex(index if index >= 0 else 0)
        self.wave.blockSignals(False)
        self._fill_subjects()
        names = people_names(self.screen_ctx.services)
        for combo, blank in ((self.owner, True), (self.decider, False)):
            current = combo.currentText()
            combo.clear()
            if blank:
                combo.addItem("—", "")
            for name in names:
                combo.addItem(name, name)
            found = combo.findText(current)
            if found >= 0:
                combo.setCurrentIndex(found)
        rows = self.service.incidents()
        rows.sort(key=lambda v: (not v.is_open,))
        self.model.set_rows(rows)
        self.view.resizeColumnsToContents()
        if rows:
            self.view.setCurrentIndex(self.view.model().index(0, 0))
        self._selected()

    def _fill_subjects(self) -> None:
        wave_id = self.wave.currentData()
        self.subject.clear()
        self.subject.addItem("—", None)
        if wave_id:
            for s in self.checks.subjects(wave_id):
                if s.kind in ("host", "system"):
                    self.subject.addItem(s.name, (s.kind, s.id))

    def current(self) -> IncidentView | None:
        index = self.view.currentIndex()
        return index.data(ROW_ROLE) if index.isValid() else None

    def _selected(self, *_args) -> None:
        view = self.current()
        is_open = view is not None and view.is_open
        for b in (self.close_button, self.waive_button):
            b.setEnabled(is_open)
        self.rollback_button.setEnabled(
            view is not None and view.incident.rollback_triggered_at is None
        )

    # -- writes -----------------------------------------------------------------------------
    def _add(self) -> None:
        subject = self.subject.currentData()
        host = subject[1] if subject and subject[0] == "host" else None
        system = subject[1] if subject and subject[0] == "system" else None
        done = attempt(
            self.message,
            lambda: self.service.add(
                self.symptom.text(),
                wave=self.wave.currentData(),
                host=host,
                system=system,
                severity=self.severity.currentData(),
                owner=self.owner.currentData() or None,
                cause=self.cause.text(),
            ),
            self.tr("Incident recorded"),
        )
        if done is not None:
            self.symptom.clear()
            self.cause.clear()
            self.changed.emit()

    def _act(self, call, done: str) -> None:
        view = self.current()
        if view is None:
            self.message.refused(self.tr("Select an incident first"))
            return
        if attempt(self.message, lambda: call(view.incident.id), done) is not None:
            self.text.clear()
            self.changed.emit()

    def _close(self) -> None:
        self._act(lambda i: self.service.close(i, self.text.text()), self.tr("Incident closed"))

    def _waive(self) -> None:
        self._act(
            lambda i: self.service.waive(i, self.text.text(), self.decider.currentText()),
            self.tr("Incident waived"),
        )

    def _rollback(self) -> None:
        self._act(
            lambda i: self.service.trigger_rollback(
                i, self.text.text(), self.decider.currentText()
            ),
            self.tr("Rollback decision recorded: run stage eight of the runbook next"),
        )

    def select_row(self, row: int) -> None:
        self.view.setCurrentIndex(self.view.model().index(row, 0))
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

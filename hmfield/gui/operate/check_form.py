"""The check entry form, made for a laptop at the rack: every field reachable with Tab,
Enter in any field saves the check, after which the next host is chosen and the cursor goes
back to CPU. The subject's source baseline and the flags the figures would raise are shown
live, before saving (``core.operate.figures.judge`` on the unsaved values)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDoubleValidator, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from hmfield.core.model.operate import ObservationCheck
from hmfield.core.operate.checks import CheckService, CheckSubject
from hmfield.core.operate.figures import judge
from hmfield.core.operate.texts import rules, words
from hmfield.gui.common.i18n import ui_lang
from hmfield.gui.operate.common import MessageLine, attempt


class CheckForm(QGroupBox):
    added = Signal(object)  # the CheckView

    def __init__(self, service: CheckService, default_who: str, parent=None) -> None:
        super().__init__(parent)
        self.service = service
        self.wave_id: str | None = None
        self.subjects: list[CheckSubject] = []
        outer = QVBoxLayout(self)
        form = QFormLayout()
        self.subject = QComboBox()
        self.subject.setEditable(True)
        self.subject.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.source = QLabel()
        self.source.setWordWrap(True)
        self.who = QLineEdit(default_who)
        figures = QHBoxLayout()
        self.cpu, self.mem, self.disk = QLineEdit(), QLineEdit(), QLineEdit()
        self.figure_labels = [QLabel(), QLabel(), QLabel()]
        for label, edit in zip(self.figure_labels, (self.cpu, self.mem, self.disk), strict=True):
            edit.setValidator(QDoubleValidator(0.0, 100.0, 1, edit))
            edit.setMaximumWidth(70)
            figures.addWidget(label)
            figures.addWidget(edit)
        figures.addStretch()
        self.business = QComboBox()
        self.note = QLineEdit()
        self.integrity = QComboBox()
        integrity_row = QHBoxLayout()
        self.before, self.after, self.tool = QLineEdit(), QLineEdit(), QLineEdit()
        for edit in (self.before, self.after, self.tool):
            integrity_row.addWidget(edit)
        self.preview = QLabel()
        self.preview.setWordWrap(True)
        self.labels = [QLabel() for _ in range(7)]
        rows = (self.subject, self.source, self.who, figures, self.business, self.note)
        for label, widget in zip(self.labels[:6], rows, strict=True):
            form.addRow(label, widget)
        form.addRow(self.labels[6], self.integrity)
        form.addRow("", integrity_row)
        outer.addLayout(form)
        outer.addWidget(self.preview)
        buttons = QHBoxLayout()
        self.add_button = QPushButton()
        self.add_button.setDefault(True)
        buttons.addWidget(self.add_button)
        buttons.addStretch()
        outer.addLayout(buttons)
        self.message = MessageLine()
        outer.addWidget(self.message)
        self.add_button.clicked.connect(self.submit)
        for edit in (self.who, self.cpu, self.mem, self.disk, self.note, self.before, self.after):
            edit.returnPressed.connect(self.submit)
            edit.textChanged.connect(self._update_preview)
        self.tool.returnPressed.connect(self.submit)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.submit)
        self.subject.currentIndexChanged.connect(self._update_preview)
        self.business.currentIndexChanged.connect(self._update_preview)
        self.integrity.currentIndexChanged.connect(self._update_preview)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("New check"))
        texts = (
            self.tr("Subject"), self.tr("Source"), self.tr("Checked by"), self.tr("Figures"),
            self.tr("Business check"), self.tr("Note"), self.tr("Data integrity"),
        )  # fmt: skip
        for label, text in zip(self.labels, texts, strict=True):
            label.setText(text)
        for label, text in zip(self.figure_labels, ("CPU %", self.tr("Mem %"), self.tr("Disk %")), strict=True):  # fmt: skip
            label.setText(text)
        w = words(ui_lang())
        _fill(self.business, [(c, w.code("result", c)) for c in ("not_tested", "pass", "fail")])
        choices = [("", self.tr("Not compared"))]
        choices += [(c, w.code("integrity", c)) for c in ("row_count", "checksum")]
        _fill(self.integrity, choices)
        self.before.setPlaceholderText(self.tr("Before (rows or checksum)"))
        self.after.setPlaceholderText(self.tr("After"))
        self.tool.setPlaceholderText(self.tr("Tool or query used"))
        self.add_button.setText(self.tr("Add check (Enter)"))
        self._update_preview()

    # -- the wave ---------------------------------------------------------------------------
    def set_wave(self, wave_id: str | None) -> None:
        self.wave_id = wave_id
        self.subjects = self.service.subjects(wave_id) if wave_id else []
        self.subject.blockSignals(True)
        self.subject.clear()
        for s in self.subjects:
            self.subject.addItem(s.name, s.id)
        self.subject.blockSignals(False)
        self.setEnabled(bool(self.subjects))
        self._update_preview()

    def current_subject(self) -> CheckSubject | None:
        text = self.subject.currentText().strip()
        row = self.subject.findText(text, Qt.MatchFlag.MatchFixedString)
        return self.subjects[row] if 0 <= row < len(self.subjects) else None

    # -- preview and saving -----------------------------------------------------------------
    def _values(self) -> dict:
        def number(edit: QLineEdit):
            text = edit.text().strip().replace(",", ".")
            return float(text) if text else None

        return {
            "cpu_pct": number(self.cpu),
            "mem_pct": number(self.mem),
            "disk_pct": number(self.disk),
            "business_result": self.business.currentData() or "not_tested",
            "business_note": self.note.text().strip(),
            "integrity_method": self.integrity.currentData() or "",
            "integrity_before": self.before.text().strip(),
            "integrity_after": self.after.text().strip(),
            "integrity_tool": self.tool.text().strip(),
            "checked_by": self.who.text().strip(),
        }

    def _update_preview(self) -> None:
        subject = self.current_subject()
        self.source.setText(subject.source.text() if subject else "")
        try:
            values = self._values()
        except ValueError:
            self.preview.setText("")
            return
        draft = ObservationCheck(**{k: v for k, v in values.items() if k != "checked_by"})
        source = subject.source if subject else None
        if source is None:
            self.preview.setText("")
            return
        w = words(ui_lang())
        j = judge(draft, source, rules())
        notes = j.failure_texts(w) + j.flag_texts(w)
        self.preview.setText(
            f"{w['check_' + j.outcome]}" + (f": {'; '.join(notes)}" if notes else "")
        )

    def submit(self) -> None:
        subject = self.current_subject()
        if subject is None:
            self.message.refused(self.tr("Choose a host, business system or object of the wave"))
            return
        try:
            values = self._values()
        except ValueError:
            self.message.refused(self.tr("CPU, memory and disk are percentages"))
            return
        kind = {"host": "host", "system": "system", "object": "obj"}[subject.kind]
        view = attempt(
            self.message,
            lambda: self.service.add(self.wave_id, **{kind: subject.id}, **values),
            lambda v: (
                self.tr("Saved: %1 (%2)")
                .replace("%1", v.subject)
                .replace("%2", words(ui_lang())["check_" + v.outcome])
            ),
        )
        if view is None:
            return
        for edit in (self.cpu, self.mem, self.disk, self.note, self.before, self.after):
            edit.clear()
        self.business.setCurrentIndex(0)
        nxt = self.subject.currentIndex() + 1
        if nxt < self.subject.count():
            self.subject.setCurrentIndex(nxt)
        self.cpu.setFocus()
        self.added.emit(view)


def _fill(combo: QComboBox, items: list[tuple[str, str]]) -> None:
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    for code, label in items:
        combo.addItem(label, code)
    index = combo.findData(current)
    combo.setCurrentIndex(index if index >= 0 else 0)
    combo.blockSignals(False)

"""One person's verdict for every selected host at once (or the selected hosts back to the
rules' verdict): ``AssessmentService.override_many`` / ``clear_overrides``, the methods
``hmfield assess override|clear`` calls, so the screen and the command line write alike."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from hmfield.gui.common.labels import mode_labels, verdict_labels


class BulkOverrideDialog(QDialog):
    """Verdict, mode and the reason (required) for ``count`` hosts."""

    def __init__(self, count: int, parent=None) -> None:
        super().__init__(parent)
        self.count = count
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.verdict = QComboBox()
        self.mode = QComboBox()
        self.reason = QLineEdit()
        self.reason.textChanged.connect(self._enable)
        self.form = QFormLayout()
        self.form.addRow("", self.verdict)
        self.form.addRow("", self.mode)
        self.form.addRow("", self.reason)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)
        self.retranslate()
        self._enable()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Override the verdict of the selected hosts"))
        self.intro.setText(
            self.tr(
                "One verdict and mode for %n host(s); the reason is recorded for each.",
                "",
                self.count,
            )
        )
        for combo, labels in ((self.verdict, verdict_labels()), (self.mode, mode_labels())):
            current = combo.currentData()
            combo.clear()
            for code, label in labels.items():
                combo.addItem(label, code)
            combo.setCurrentIndex(max(combo.findData(current), 0))
        for row, text in enumerate((self.tr("Verdict"), self.tr("Mode"), self.tr("Reason"))):
            label = self.form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            if label is not None and label.widget() is not None:
                label.widget().setText(text)
        self.reason.setPlaceholderText(self.tr("Why the rules' verdict does not apply"))

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _enable(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.reason.text().strip()))

    def choice(self) -> tuple[str, str, str]:
        return self.verdict.currentData(), self.mode.currentData(), self.reason.text().strip()

"""Set business system, role, environment, mode and owner on N selected hosts at once.

Every field starts at "(leave unchanged)"; only fields the person touches are written, and
"(clear)" empties a field on purpose.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel

from hmfield.core.model.labels import ENUM_LABELS, choice_label
from hmfield.gui.common.i18n import ui_lang

KEEP = "\x00keep"
CLEAR = "\x00clear"
FIELDS = ("business_system", "role", "environment", "migration_mode", "owner")


class BulkEditDialog(QDialog):
    def __init__(
        self, count: int, systems: Sequence[str], people: Sequence[str], parent=None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(
            QCoreApplication.translate("BulkEditDialog", "Edit %n host(s)", "", count)
        )
        form = QFormLayout(self)
        intro = QLabel(
            QCoreApplication.translate("BulkEditDialog", "Only the fields you change are written."),
            self,
        )
        intro.setWordWrap(True)
        form.addRow(intro)
        self.combos: dict[str, QComboBox] = {}
        labels = {
            "business_system": QCoreApplication.translate("BulkEditDialog", "Business system"),
            "role": QCoreApplication.translate("BulkEditDialog", "Role / tier"),
            "environment": QCoreApplication.translate("BulkEditDialog", "Environment"),
            "migration_mode": QCoreApplication.translate("BulkEditDialog", "Migration mode"),
            "owner": QCoreApplication.translate("BulkEditDialog", "Owner"),
        }
        for name in FIELDS:
            combo = QComboBox(self)
            combo.addItem(QCoreApplication.translate("BulkEditDialog", "(leave unchanged)"), KEEP)
            combo.addItem(QCoreApplication.translate("BulkEditDialog", "(clear)"), CLEAR)
            if name == "business_system":
                combo.setEditable(True)  # typing a new name creates the system
                choices = [(s, s) for s in systems]
            elif name == "owner":
                choices = [(p, p) for p in people]
            else:
                choices = [
                    (str(c), choice_label(name, str(c), ui_lang())) for c in ENUM_LABELS[name]
                ]
            for code, label in choices:
                combo.addItem(label, code)
            self.combos[name] = combo
            form.addRow(labels[name], combo)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.setMinimumWidth(420)

    def set_value(self, name: str, code: str | None) -> None:
        """Choose a value as a person would (tests and keyboard macros)."""
        combo = self.combos[name]
        pos = combo.findData(CLEAR if code is None else code)
        if pos >= 0:
            combo.setCurrentIndex(pos)
        elif combo.isEditable():
            combo.setEditText(code or "")

    def changes(self) -> dict:
        """{field: value} of the fields changed (None clears)."""
        out: dict = {}
        for name, combo in self.combos.items():
            data = combo.currentData()
            if combo.isEditable():
                text = combo.currentText().strip()
                pos = combo.findText(text)
                if pos < 0 or combo.itemData(pos) not in (KEEP, CLEAR):
                    out[name] = text or None
                    continue
                data = combo.itemData(pos)
            if data == KEEP:
                continue
            out[name] = None if data == CLEAR else data
        return out

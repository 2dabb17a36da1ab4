"""One delegate that gives each column the editor its spec asks for."""

from __future__ import annotations

import ipaddress

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QComboBox,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QStyledItemDelegate,
)

from hmfield.gui.models.columns import Column


def _column(index) -> Column | None:
    model = index.model()
    while hasattr(model, "sourceModel") and model.sourceModel() is not None:
        index = model.mapToSource(index)
        model = index.model()
    cols = getattr(model, "columns", None)
    return cols[index.column()] if cols and 0 <= index.column() < len(cols) else None


class MultiChoiceEditor(QListWidget):
    def set_choices(self, choices, selected) -> None:
        self.clear()
        for code, label in choices:
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if code in (selected or []) else Qt.CheckState.Unchecked
            )
            self.addItem(item)

    def selected(self) -> list[str]:
        return [
            self.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.count())
            if self.item(i).checkState() == Qt.CheckState.Checked
        ]


class ColumnDelegate(QStyledItemDelegate):
    def createEditor(self, parent, option, index):
        col = _column(index)
        kind = col.editor if col else "text"
        if kind == "int":
            spin = QSpinBox(parent)
            spin.setRange(col.extra.get("min", 0), col.extra.get("max", 1_000_000))
            return spin
        if kind == "choice":
            combo = QComboBox(parent)
            if col.extra.get("optional", True):
                combo.addItem("", None)
            for code, label in col.choices():
                combo.addItem(label, code)
            return combo
        if kind == "multichoice":
            editor = MultiChoiceEditor(parent)
            editor.setAutoFillBackground(True)
            return editor
        edit = QLineEdit(parent)
        if kind == "ip":
            edit.setValidator(QRegularExpressionValidator(r"[0-9a-fA-F:.,; ]*", edit))
        return edit

    def setEditorData(self, editor, index):
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QSpinBox):
            editor.setValue(int(value or 0))
        elif isinstance(editor, QComboBox):
            pos = editor.findData(value)
            editor.setCurrentIndex(max(pos, 0))
        elif isinstance(editor, MultiChoiceEditor):
            editor.set_choices(_column(index).choices(), value)
        elif isinstance(editor, QLineEdit):
            if isinstance(value, (list, tuple)):
                value = ", ".join(map(str, value))
            editor.setText("" if value is None else str(value))

    def setModelData(self, editor, model, index):
        if isinstance(editor, QSpinBox):
            model.setData(index, editor.value())
        elif isinstance(editor, QComboBox):
            model.setData(index, editor.currentData())
        elif isinstance(editor, MultiChoiceEditor):
            model.setData(index, editor.selected())
        elif isinstance(editor, QLineEdit):
            text = editor.text().strip()
            col = _column(index)
            if col is not None and col.editor == "ip" and text:
                for part in text.replace(";", ",").split(","):
                    try:
                        ipaddress.ip_address(part.strip())
                    except ValueError:
                        model.editFailed.emit(f"{part.strip()!r} is not an IP address")
                        return
            model.setData(index, text)

    def updateEditorGeometry(self, editor, option, index):
        if isinstance(editor, MultiChoiceEditor):
            rect = QRect(option.rect)
            rect.setHeight(max(rect.height(), 24 * min(editor.count() or 7, 8)))
            editor.setGeometry(rect)
        else:
            super().updateEditorGeometry(editor, option, index)

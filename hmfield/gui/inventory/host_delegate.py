"""Editors and the verdict badge for the inventory table.

Extends the shared ColumnDelegate with editable combo boxes for names that point at other
records (business system: type a new one to create it; owner; wave) and paints the verdict as a
coloured pill with its word inside (never colour alone).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QComboBox, QStyle, QStyleOptionViewItem

from hmfield.gui.models.delegates import ColumnDelegate, _column
from hmfield.gui.models.host_columns import VERDICT_COLOURS
from hmfield.gui.models.host_model import BADGE_ROLE


class HostDelegate(ColumnDelegate):
    """``names[kind]()`` lists the choices for the reference editors ("system", "person",
    "wave")."""

    def __init__(self, names: dict[str, Callable[[], list[str]]], parent=None) -> None:
        super().__init__(parent)
        self.names = names

    def createEditor(self, parent, option, index):
        col = _column(index)
        kind = col.editor if col else "text"
        if kind in ("system", "person", "wave"):
            combo = QComboBox(parent)
            combo.setEditable(kind == "system")  # a new system name creates the system
            combo.addItem("")
            for name in self.names.get(kind, list)():
                combo.addItem(name)
            return combo
        return super().createEditor(parent, option, index)

    def setEditorData(self, editor, index):
        col = _column(index)
        if isinstance(editor, QComboBox) and col and col.editor in ("system", "person", "wave"):
            text = index.data(Qt.ItemDataRole.EditRole) or ""
            pos = editor.findText(text)
            if pos >= 0:
                editor.setCurrentIndex(pos)
            else:
                editor.setEditText(text)
            return
        super().setEditorData(editor, index)

    def setModelData(self, editor, model, index):
        col = _column(index)
        if isinstance(editor, QComboBox) and col and col.editor in ("system", "person", "wave"):
            model.setData(index, editor.currentText().strip() or None)
            return
        super().setModelData(editor, model, index)

    def sizeHint(self, option, index):
        size = super().sizeHint(option, index)
        if index.data(BADGE_ROLE):
            size.setWidth(size.width() + 22)  # the pill's padding: the word is never cut
        return size

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        code = index.data(BADGE_ROLE)
        if not code:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = opt.text
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        colour = QColor(VERDICT_COLOURS.get(code, "#757575"))
        metrics = opt.fontMetrics
        width = min(metrics.horizontalAdvance(text) + 16, opt.rect.width() - 6)
        height = min(metrics.height() + 4, opt.rect.height() - 4)
        rect = QRectF(opt.rect.x() + 3, opt.rect.center().y() - height / 2 + 1, width, height)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawRoundedRect(rect, height / 2, height / 2)
        painter.setPen(QPen(QColor("white")))
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), text)
        painter.restore()

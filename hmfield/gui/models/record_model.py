"""A table model over a list of plain records, driven by column specs.

Edits go through ``on_edit(row, key, value) -> new_row`` (a service call); a single edit emits
``dataChanged`` for its row only; a whole reset only when the data set is replaced.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from hmfield.core.errors import HmError
from hmfield.gui.models.columns import Column

LONG_TEXT = 24  # characters from which a stretched column's cell has its text as tooltip

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2


class RecordTableModel(QAbstractTableModel):
    editFailed = Signal(str)

    def __init__(
        self,
        columns: Sequence[Column],
        rows: Sequence[Any] = (),
        on_edit: Callable[[Any, str, Any], Any] | None = None,
        parent=None,
    ) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.rows = list(rows)
        self.on_edit = on_edit

    # -- structure ------------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            return self.columns[section].header()
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.columns[index.column()].editable and self.on_edit is not None:
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    # -- data -----------------------------------------------------------------------------
    def data(self, index: QModelIndex | QPersistentModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self.rows)):
            return None
        row = self.rows[index.row()]
        col = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return col.text(row)
        if role == Qt.ItemDataRole.EditRole:
            return col.value(row)
        if role == SORT_ROLE:
            return col.sort(row)
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.ToolTipRole:
            if col.tooltip is not None:
                return col.tooltip(row)
            if col.extra.get("stretch"):  # long text may be elided: all of it on hover
                text = col.text(row)
                return text if len(text) > LONG_TEXT else None
        return None

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or self.on_edit is None:
            return False
        col = self.columns[index.column()]
        if not col.editable:
            return False
        row = self.rows[index.row()]
        try:
            new_row = self.on_edit(row, col.key, value)
        except HmError as exc:
            self.editFailed.emit(str(exc))
            return False
        if new_row is not None:
            self.rows[index.row()] = new_row
        left = self.index(index.row(), 0)
        right = self.index(index.row(), len(self.columns) - 1)
        self.dataChanged.emit(left, right)
        return True

    # -- replacing ------------------------------------------------------------------------
    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> Any:
        return self.rows[row]

    def refresh_headers(self) -> None:
        if self.columns:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)

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
        self._order: tuple[int, Qt.SortOrder] | None = None  # what sort_rows was asked
        self._ordered: list | None = None  # the rows list it ordered (identity)

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
        """Replace the data set. Once :meth:`sort_rows` ordered the rows, the new ones come in
        that order (the view's sort: ``row_at`` and ``rows`` are then in display order)."""
        rows = list(rows)
        if self._order is not None:
            try:
                rows = [rows[i] for i in self._permutation(rows, *self._order)]
            except TypeError:  # keys that do not compare: the proxy sorts (in_order False)
                self._order = None
        self.beginResetModel()
        self.rows = rows
        self._ordered = rows if self._order is not None else None
        self.endResetModel()

    # -- ordering (table_view.RecordSortProxy) ---------------------------------------------
    def sort_rows(self, column: int, order: Qt.SortOrder) -> bool:
        """Order the rows by ``column``'s sort key: one key per row and one stable list sort
        (Qt's proxy asked ``data`` twice per comparison: 0.9 s for 10,000 rows at every
        reset). Empty keys (None) go last, as Qt's proxy puts them. False when the keys do
        not compare (the proxy sorts them itself)."""
        if not 0 <= column < len(self.columns):
            self._order = self._ordered = None
            return False
        try:
            perm = self._permutation(self.rows, column, order)
        except TypeError:
            self._order = self._ordered = None
            return False
        self._order = (column, order)
        if perm != list(range(len(perm))):
            self.layoutAboutToBeChanged.emit()
            where = [0] * len(perm)
            for new, old in enumerate(perm):
                where[old] = new
            self.rows = [self.rows[i] for i in perm]
            before = self.persistentIndexList()
            after = [self.index(where[i.row()], i.column()) for i in before]
            self.changePersistentIndexList(before, after)
            self.layoutChanged.emit()
        self._ordered = self.rows
        return True

    def in_order(self) -> bool:
        """Whether ``rows`` are the rows :meth:`sort_rows` (or a later set_rows) ordered."""
        return self._order is not None and self._ordered is self.rows

    def _permutation(self, rows: Sequence[Any], column: int, order: Qt.SortOrder) -> list[int]:
        col = self.columns[column]
        keys = [_last_if_empty(col.sort(row)) for row in rows]
        descending = order == Qt.SortOrder.DescendingOrder
        return sorted(range(len(rows)), key=keys.__getitem__, reverse=descending)

    def row_at(self, row: int) -> Any:
        return self.rows[row]

    def refresh_headers(self) -> None:
        if self.columns:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)


def _last_if_empty(key: Any) -> tuple:
    return (1,) if key is None else (0, key)

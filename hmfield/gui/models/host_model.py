"""The inventory table model: a flat list of ``HostRow`` with display text cached per row.

Why the caches: a view asks ``data()`` many times per visible cell and 10,000 rows must sort
and filter in milliseconds. Display strings are computed once per row when it is first shown
(and again only when that row changes); the lowercase search text and facet values per row are
built on first filter. Nothing here touches the database: edits go out through
``edit_handler`` (the screen turns them into undoable service calls) and come back as rows.

A large project opens lazily (Anki's browser): :meth:`set_ids` takes the hosts' ids and a
``fetch(ids) -> rows`` reader, and a row is read with its block of ``BLOCK`` neighbours when
the view first asks for it (the row cache), so 10,000 or 50,000 hosts show in the same time.
Whatever needs every row (sort, filter, facets, ``rows``) reads the missing ones first; the
screen's background read of all rows completes the cache in place (:meth:`set_rows`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from hmfield.gui.models.columns import Column
from hmfield.gui.models.host_columns import (
    FACETS,
    VERDICT_COLOURS,
    host_columns,
    verdict_tooltip,
)

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2
BADGE_ROLE = Qt.ItemDataRole.UserRole + 3  # the verdict code, for the badge delegate
KEY_ROLE = Qt.ItemDataRole.UserRole + 4  # the column key

_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_HAY_FIELDS = ("name", "hostname", "ips", "os_name", "os_version", "business_system")
BLOCK = 256  # rows read together when a lazy model is first asked for one of them


def _blank(key: Any) -> bool:
    """Sort keys of empty cells are ``(1, ...)`` (see host_columns)."""
    return isinstance(key, tuple) and key[:1] == (1,)


class HostTableModel(QAbstractTableModel):
    """``edit_handler(row, field, value) -> bool`` is called by ``setData``; it applies the
    change (through the undo stack) and calls :meth:`update_rows` with the fresh rows."""

    editFailed = Signal(str)

    def __init__(self, columns: Sequence[Column] | None = None, parent=None) -> None:
        super().__init__(parent)
        self.columns: list[Column] = list(columns) if columns is not None else host_columns()
        self.col_of: dict[str, int] = {c.key: i for i, c in enumerate(self.columns)}
        self._rows: list[Any] = []  # None: a lazy row not read yet
        self._ids: list[str] = []  # a lazy model's ids, in row order
        self._fetch: Callable[[list[str]], Iterable[Any]] | None = None
        self._missing = 0  # lazy rows not read yet
        self._pos: dict[str, int] = {}
        self._text: list[tuple[str, ...] | None] = []
        self._hay: list[str | None] = []
        self._facet: list[tuple | None] = []
        self.editable: set[str] = {c.key for c in self.columns if c.editable}
        self.edit_handler: Callable[[Any, str, Any], bool] | None = None
        # host id -> reason texts, asked on hover only (a tooltip, never a per-cell query)
        self.reasons_provider: Callable[[str], list[str]] | None = None
        self._reasons: dict[str, list[str]] = {}
        self._verdict_col = self.col_of.get("verdict", -1)
        self._brushes = {k: QBrush(QColor(v)) for k, v in VERDICT_COLOURS.items()}

    # -- the row cache --------------------------------------------------------------------
    @property
    def rows(self) -> list[Any]:
        """Every row (a lazy model reads the ones it has not read yet first)."""
        if self._missing:
            self._read([i for i, row in enumerate(self._rows) if row is None])
        return self._rows

    @rows.setter
    def rows(self, rows: list[Any]) -> None:
        self._rows = rows

    @property
    def lazy(self) -> bool:
        """Some rows are not read yet."""
        return self._missing > 0

    def _row(self, r: int) -> Any:
        row = self._rows[r]
        if row is None:
            start = r - r % BLOCK
            block = range(start, min(start + BLOCK, len(self._rows)))
            self._read([i for i in block if self._rows[i] is None])
            row = self._rows[r]
        return row

    def _read(self, positions: list[int]) -> None:
        if not positions or self._fetch is None:
            return
        ids = [self._ids[i] for i in positions]
        found = {row.id: row for row in self._fetch(ids)}
        for i, host_id in zip(positions, ids, strict=True):
            # a host deleted since the ids were read keeps an empty row until the next load
            self._rows[i] = found.get(host_id) or _gone(self._rows, host_id)
        self._missing -= len(positions)

    # -- structure ------------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.columns[section].header()
            if role == KEY_ROLE:
                return self.columns[section].key
            return None
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.columns[index.column()].key in self.editable and self.edit_handler is not None:
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    # -- data -----------------------------------------------------------------------------
    def texts(self, r: int) -> tuple[str, ...]:
        """The display strings of row ``r`` (computed once, then cached)."""
        cached = self._text[r]
        if cached is None:
            row = self._row(r)
            cached = self._text[r] = tuple(c.text(row) for c in self.columns)
        return cached

    def data(self, index: QModelIndex | QPersistentModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r, c = index.row(), index.column()
        if r >= len(self._rows):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.texts(r)[c]
        col = self.columns[c]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if col.extra.get("align") == "right" else _LEFT
        row = self._row(r)
        if role == Qt.ItemDataRole.EditRole:
            return col.value(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            if c == self._verdict_col:
                return self._verdict_tip(row)
            if col.tooltip is not None:
                return col.tooltip(row)
            text = self.texts(r)[c]
            return text if len(text) > 40 else None
        if role == BADGE_ROLE:
            return getattr(row, "verdict", None) if c == self._verdict_col else None
        if role == Qt.ItemDataRole.ForegroundRole and c == self._verdict_col:
            return self._brushes.get(getattr(row, "verdict", None) or "")
        if role == SORT_ROLE:
            return col.sort(row)
        if role == ROW_ROLE:
            return row
        return None

    def _verdict_tip(self, row: Any) -> str | None:
        """Override reason from the row; the engine's reasons asked once per host (a
        primary-key read on the first hover, cached until the row changes)."""
        if not getattr(row, "verdict", None) or self.reasons_provider is None:
            return verdict_tooltip(row)
        if row.id not in self._reasons:
            self._reasons[row.id] = self.reasons_provider(row.id)
        return verdict_tooltip(row, self._reasons[row.id])

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or self.edit_handler is None:
            return False
        col = self.columns[index.column()]
        if col.key not in self.editable:
            return False
        if col.extra.get("kind") == "bool" and value in ("yes", "no"):
            value = value == "yes"
        return bool(self.edit_handler(self._row(index.row()), col.key, value))

    # -- rows in and out ------------------------------------------------------------------
    def set_rows(self, rows: Iterable[Any]) -> None:
        """Replace the whole data set (the only case for a model reset). A lazy model whose
        ids are these rows' in the same order is completed in place instead: the view keeps
        its scroll position, selection and current row."""
        rows = list(rows)
        if self._missing and [row.id for row in rows] == self._ids:
            self._rows, self._missing = rows, 0
            self._text = [None] * len(rows)
            self._hay = [None] * len(rows)
            self._facet = [None] * len(rows)
            self._reasons = {}
            if rows:
                last = self.index(len(rows) - 1, len(self.columns) - 1)
                self.dataChanged.emit(self.index(0, 0), last)
            return
        self.beginResetModel()
        self._rows, self._ids, self._fetch, self._missing = rows, [], None, 0
        self._reindex()
        self.endResetModel()

    def set_ids(
        self,
        ids: Sequence[str],
        fetch: Callable[[list[str]], Iterable[Any]],
        first: Iterable[Any] = (),
    ) -> None:
        """Replace the data set lazily: one row per id, each read by ``fetch`` (with its
        block) when first asked for (see the module's note). ``first``: rows already read
        (the first screenful), kept at their hosts' places."""
        self.beginResetModel()
        self._ids, self._fetch = list(ids), fetch
        self._rows = [None] * len(self._ids)
        self._missing = len(self._ids)
        n = len(self._ids)
        self._pos = {host_id: i for i, host_id in enumerate(self._ids)}
        for row in first:
            r = self._pos.get(row.id, -1)
            if r >= 0 and self._rows[r] is None:
                self._rows[r] = row
                self._missing -= 1
        self._text, self._hay, self._facet = [None] * n, [None] * n, [None] * n
        self._reasons = {}
        self.endResetModel()

    def _reindex(self) -> None:
        n = len(self._rows)
        self._pos = {row.id: i for i, row in enumerate(self._rows)}
        self._text = [None] * n
        self._hay = [None] * n
        self._facet = [None] * n
        self._reasons = {}

    def position(self, host_id: str) -> int:
        """Source row of a host (-1 when it is not in the table)."""
        return self._pos.get(host_id, -1)

    def row_at(self, r: int) -> Any:
        return self._row(r)

    def ids(self) -> list[str]:
        return list(self._ids) if self._missing else [row.id for row in self._rows]

    def update_rows(self, rows: Iterable[Any]) -> None:
        """Fresh rows after an edit: each changed row emits ``dataChanged`` for itself only."""
        last = len(self.columns) - 1
        for row in rows:
            r = self._pos.get(row.id, -1)
            if r < 0:
                continue
            if self._rows[r] is None:
                self._missing -= 1
            self._rows[r] = row
            self._reasons.pop(row.id, None)
            self._text[r] = self._hay[r] = self._facet[r] = None
            self.dataChanged.emit(self.index(r, 0), self.index(r, last))

    def append_rows(self, rows: Sequence[Any]) -> None:
        rows = [row for row in rows if row.id not in self._pos]
        if not rows:
            return
        first = len(self.rows)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        for row in rows:
            self._pos[row.id] = len(self.rows)
            self.rows.append(row)
            self._text.append(None)
            self._hay.append(None)
            self._facet.append(None)
        self.endInsertRows()

    def remove_ids(self, ids: Iterable[str]) -> None:
        """Remove hosts, one contiguous block at a time from the bottom up."""
        positions = sorted((self._pos[i] for i in set(ids) if i in self._pos), reverse=True)
        while positions:
            end = start = positions.pop(0)
            while positions and positions[0] == start - 1:
                start = positions.pop(0)
            self.beginRemoveRows(QModelIndex(), start, end)
            for store in (self.rows, self._text, self._hay, self._facet):
                del store[start : end + 1]
            self.endRemoveRows()
        self._pos = {row.id: i for i, row in enumerate(self.rows)}

    # -- for the proxy --------------------------------------------------------------------
    def haystack(self, r: int) -> str:
        """Lower-case text the quick filter searches: name, hostname, IPs, OS, system."""
        hay = self._hay[r]
        if hay is None:
            row = self._row(r)
            parts = []
            for name in _HAY_FIELDS:
                value = getattr(row, name, None)
                if value:
                    parts.append(" ".join(value) if isinstance(value, list) else str(value))
            hay = self._hay[r] = "\n".join(parts).casefold()
        return hay

    def facets(self, r: int) -> tuple:
        """The row's value for each facet in :data:`FACETS` order ("" when not set)."""
        values = self._facet[r]
        if values is None:
            row = self._row(r)
            values = self._facet[r] = tuple(getattr(row, f, None) or "" for f in FACETS)
        return values

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        """Reorder the rows in place by a precomputed key (a Python sort, not a Qt one: the
        proxy asking ``lessThan`` 130,000 times through Python would take half a second)."""
        if not (0 <= column < len(self.columns)):
            return
        col = self.columns[column]
        self.layoutAboutToBeChanged.emit()
        old_ids = [row.id for row in self.rows]
        keys = [col.sort(row) for row in self.rows]
        reverse = order == Qt.SortOrder.DescendingOrder
        perm = sorted(range(len(self.rows)), key=keys.__getitem__, reverse=reverse)
        if reverse:  # blanks stay at the bottom either way, as in a spreadsheet
            blank = [i for i in perm if _blank(keys[i])]
            if blank:
                perm = [i for i in perm if not _blank(keys[i])] + blank
        self.rows = [self.rows[i] for i in perm]
        self._text = [self._text[i] for i in perm]
        self._hay = [self._hay[i] for i in perm]
        self._facet = [self._facet[i] for i in perm]
        self._pos = {row.id: i for i, row in enumerate(self.rows)}
        old = self.persistentIndexList()
        new = [
            self.index(self._pos[old_ids[i.row()]], i.column()) if i.isValid() else i for i in old
        ]
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()

    def refresh_headers(self) -> None:
        """After a language switch: headers and every cached display string change."""
        self._text = [None] * len(self._rows)
        self._reasons = {}
        if self.columns:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, len(self.columns) - 1)
            )


def _gone(rows: list[Any], host_id: str) -> Any:
    """An empty row of the model's row type for a host no longer there."""
    sample = next((row for row in rows if row is not None), None)
    if sample is None:
        from hmfield.core.inventory.rows import HostRow

        return HostRow(id=host_id)
    return type(sample)(id=host_id)

"""The one way a table model is shown: sortable through a proxy in natural order, the column
spec's delegate, whole-row selection, compact rows."""

from __future__ import annotations

import contextlib
import math

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QHeaderView, QTableView

from hmfield.gui.models.delegates import ColumnDelegate
from hmfield.gui.models.record_model import SORT_ROLE


def make_table(model, parent=None, sortable=True) -> QTableView:
    view = QTableView(parent)
    if sortable:
        proxy = RecordSortProxy(view)
        proxy.setSourceModel(model)
        proxy.setSortRole(SORT_ROLE)
        view.setModel(proxy)
        view.setSortingEnabled(True)
        # Qt's header starts with a descending indicator: show rows in their natural order
        view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    else:
        view.setModel(model)
    view.setItemDelegate(ColumnDelegate(view))
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    size_columns(view, model)
    # a model whose columns come later (set with the data, as the runbook steps): size them
    # when they change, never on a plain reload (the engineer's own widths stay)
    model.modelReset.connect(lambda: _resize_later(view, model))
    view.verticalHeader().setDefaultSectionSize(24)
    view.verticalHeader().setVisible(False)
    view.setAlternatingRowColors(True)
    return view


class RecordSortProxy(QSortFilterProxyModel):
    """The tables' sort proxy. A record model (``sort_rows``) orders its own rows in Python
    and the proxy keeps the source order; any other model, or keys that do not compare, are
    sorted by Qt as before."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._wanted: tuple[int, Qt.SortOrder] | None = None

    def setSourceModel(self, model) -> None:
        super().setSourceModel(model)
        model.modelReset.connect(self._source_reset)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._wanted = (column, order) if column >= 0 else None
        source = self.sourceModel()
        if column >= 0 and hasattr(source, "sort_rows"):
            super().sort(-1)  # first the source order: the source's new layout maps one to one
            if source.sort_rows(column, order) or column >= source.columnCount():
                return  # ordered by the model, or no such column yet: when its rows come
        super().sort(column, order)

    def _source_reset(self) -> None:
        """New rows the model did not order (its columns came with them, as the runbook
        steps', a model that replaced its rows itself, keys that stopped comparing): sorted
        again, by the model when it can, else by Qt."""
        in_order = getattr(self.sourceModel(), "in_order", None)
        if self._wanted is not None and in_order is not None and not in_order():
            self.sort(*self._wanted)


def _resize_later(view: QTableView, model) -> None:
    with contextlib.suppress(RuntimeError):  # the view is gone, the model lives on
        size_columns(view, model, only_if_changed=True)


def size_columns(view: QTableView, model, only_if_changed: bool = False) -> None:
    """The long-text columns of the spec (``extra={"stretch": True}``: a step title, a risk)
    take the width left; the others fit their header and stay interactive. A spec with no
    such column stretches its last one, as before. Long text is elided with the whole of
    it as the cell's tooltip (record_model)."""
    header = view.horizontalHeader()
    columns = list(getattr(model, "columns", []) or [])
    keys = tuple(getattr(c, "key", "") for c in columns)
    if only_if_changed and view.property("hm_column_keys") == keys:
        return
    view.setProperty("hm_column_keys", keys)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    stretch = [i for i, c in enumerate(columns) if getattr(c, "extra", {}).get("stretch")]
    header.setStretchLastSection(not stretch)
    metrics = header.fontMetrics()
    for i, col in enumerate(columns):
        if i in stretch:
            header.setSectionResizeMode(i, QHeaderView.ResizeMode.Stretch)
            continue
        wide = col.extra.get("width")  # a typical value's width in characters
        text = col.header() if callable(col.header) else str(col.header)
        width = metrics.horizontalAdvance(text) + 28
        if wide:
            width = max(width, metrics.averageCharWidth() * int(wide) + 16)
        header.resizeSection(i, max(48, min(width, 320)))
    view.setWordWrap(False)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)


def fit_to_texts(view: QTableView, sample: int, exact: tuple[int, ...] = ()) -> None:
    """Qt's ``resizeColumnsToContents`` over the first ``sample`` rows, measured on the
    display texts: each column as wide as its header's size hint or its widest text plus
    the delegate's margin (taken from one real size hint), the grid line added as Qt does.
    Why: Qt asks the delegate for a size hint per cell (a style option filled from every
    role), ~70 ms for 30 rows of 17 columns at the first open of a large inventory; a text
    advance per cell is a few. ``exact``: columns whose delegate paints more than the text
    (the verdict badge), measured through the delegate as Qt would."""
    model, header = view.model(), view.horizontalHeader()
    rows = min(sample, model.rowCount())
    metrics = QFontMetricsF(view.font())  # Qt lays item text out in fractional pixels
    advance = lambda text: math.ceil(metrics.horizontalAdvance(text))  # noqa: E731
    grid = 1 if view.showGrid() else 0
    margin = None
    for c in range(model.columnCount()):
        if header.isSectionHidden(c):
            continue
        width = 0
        for r in range(rows):
            index = model.index(r, c)
            if c in exact:
                width = max(width, view.sizeHintForIndex(index).width())
                continue
            text = index.data()
            if not text:
                continue
            if margin is None:  # the delegate's padding around a text, as it sizes one
                margin = view.sizeHintForIndex(index).width() - advance(text)
            width = max(width, advance(text) + margin)
        width = max(width + grid if width else 0, header.sectionSizeHint(c))
        header.resizeSection(c, width)

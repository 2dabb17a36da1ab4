"""The one way a table model is shown: sortable through a proxy in natural order, the column
spec's delegate, whole-row selection, compact rows."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QHeaderView, QTableView

from hmfield.gui.models.delegates import ColumnDelegate
from hmfield.gui.models.record_model import SORT_ROLE


def make_table(model, parent=None, sortable=True) -> QTableView:
    view = QTableView(parent)
    if sortable:
        proxy = QSortFilterProxyModel(view)
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
    view.verticalHeader().setDefaultSectionSize(24)
    view.verticalHeader().setVisible(False)
    view.setAlternatingRowColors(True)
    return view


def size_columns(view: QTableView, model) -> None:
    """The long-text columns of the spec (``extra={"stretch": True}``: a step title, a risk)
    take the width left; the others fit their header and stay interactive. A spec with no
    such column stretches its last one, as before. Long text is elided with the whole of
    it as the cell's tooltip (record_model)."""
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    columns = list(getattr(model, "columns", []) or [])
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

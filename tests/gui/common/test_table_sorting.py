"""The tables' sort (make_table's RecordSortProxy): a record model orders its own rows in
Python, one key per row, so a reset of 10,000 rows no longer asks ``data`` twice per
comparison (0.9 s on the Move groups screen); the view shows what Qt's sort showed: empty
keys last, equal keys in their given order, the selection following its row; keys that do
not compare are sorted by Qt as before."""

from __future__ import annotations

from types import SimpleNamespace

from PySide6.QtCore import QItemSelectionModel, Qt

from hmfield.gui.models.columns import Column
from hmfield.gui.models.record_model import SORT_ROLE, RecordTableModel
from hmfield.gui.models.table_view import make_table


def _columns():
    return [
        Column("name", lambda: "Name"),
        Column("size", lambda: "Size", sort_key=lambda r: r.size),
    ]


def _rows(*pairs):
    return [SimpleNamespace(name=n, size=s) for n, s in pairs]


def _shown(view, column=0):
    proxy = view.model()
    return [proxy.index(r, column).data() for r in range(proxy.rowCount())]


def test_rows_are_ordered_by_the_model_and_shown_so(qtbot, hm_app, qtmodeltester):
    model = RecordTableModel(_columns(), _rows(("b", 2), ("A", None), ("c", 1), ("a", 2)))
    view = make_table(model)
    qtbot.addWidget(view)
    assert _shown(view) == ["A", "a", "b", "c"]  # case-folded, equal keys as given
    assert [r.name for r in model.rows] == ["A", "a", "b", "c"] and model.in_order()
    view.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    assert _shown(view) == ["c", "a", "b", "A"]  # 1, 2, 2 (as they stood), empty last
    selection = view.selectionModel()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    selection.select(view.model().index(0, 0), flags)  # "c"
    view.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    assert _shown(view) == ["A", "a", "b", "c"]
    assert [i.data() for i in selection.selectedRows()] == ["c"]  # the selection followed
    model.set_rows(_rows(("x", 5), ("y", 7), ("z", None)))  # new rows: the same sort
    assert _shown(view) == ["z", "y", "x"]
    qtmodeltester.check(view.model())


def test_a_reset_of_many_rows_reads_each_key_once(qtbot, hm_app):
    model = RecordTableModel(_columns(), [])
    view = make_table(model)
    qtbot.addWidget(view)
    view.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    asked = []
    real = model.data

    def counting(index, role=Qt.ItemDataRole.DisplayRole):
        if role == SORT_ROLE:
            asked.append(index.row())
        return real(index, role)

    model.data = counting
    rows = _rows(*((f"h{i:05d}", (i * 7919) % 10_000) for i in range(10_000)))
    model.set_rows(rows)
    assert asked == []  # Qt's sort asked ~280,000 times
    sizes = [int(view.model().index(r, 1).data()) for r in range(0, 10_000, 1000)]
    assert sizes == sorted(sizes, reverse=True) and sizes[0] == 9999


def test_keys_that_do_not_compare_are_sorted_by_qt(qtbot, hm_app):
    model = RecordTableModel(_columns(), _rows(("a", "10"), ("b", 3), ("c", 1)))
    view = make_table(model)
    qtbot.addWidget(view)
    view.sortByColumn(1, Qt.SortOrder.AscendingOrder)  # a text and numbers: Python refuses
    assert not model.in_order()
    assert [r.name for r in model.rows] == ["a", "b", "c"]  # left as given
    assert _shown(view)[:2] == ["c", "b"]  # Qt's proxy sorted them: 1 before 3
    view.sortByColumn(0, Qt.SortOrder.DescendingOrder)  # comparable again: the model
    assert model.in_order() and _shown(view) == ["c", "b", "a"]


def test_columns_that_come_with_the_rows_are_sorted_by_the_model(qtbot, hm_app):
    """The runbook steps' columns are set with their rows: the first sort (no column yet)
    falls to Qt, the first rows with columns are ordered by the model."""
    model = RecordTableModel([], [])
    view = make_table(model)
    qtbot.addWidget(view)
    model.columns = _columns()
    asked = []
    real = model.data
    model.data = lambda index, role=Qt.ItemDataRole.DisplayRole: (
        (asked.append(index.row()) if role == SORT_ROLE else None) or real(index, role)
    )
    model.set_rows(_rows(("b", 1), ("a", 2), ("c", 0)))
    assert asked == []  # not by Qt first and the model again
    assert model.in_order() and [r.name for r in model.rows] == ["a", "b", "c"]
    assert _shown(view) == ["a", "b", "c"]

"""The one table view sizes its columns from the spec: long-text columns stretch and show
their whole text on hover; the others fit their header; columns set later are sized too."""

from __future__ import annotations

from types import SimpleNamespace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView

from hmfield.gui.models.columns import Column
from hmfield.gui.models.record_model import RecordTableModel
from hmfield.gui.models.table_view import make_table

LONG = "Final incremental sync of the core banking database host core-db19 before cutover"


def _columns():
    return [
        Column("n", lambda: "#"),
        Column("title", lambda: "Step", extra={"stretch": True}),
        Column("minutes", lambda: "Minutes"),
    ]


def test_long_text_column_stretches_and_tells_all_on_hover(qtbot, hm_app):
    model = RecordTableModel(_columns(), [SimpleNamespace(n=1, title=LONG, minutes=5)])
    view = make_table(model)
    qtbot.addWidget(view)
    view.resize(900, 300)
    view.show()
    header = view.horizontalHeader()
    assert header.sectionResizeMode(1) == QHeaderView.ResizeMode.Stretch
    assert header.sectionResizeMode(2) == QHeaderView.ResizeMode.Interactive
    assert not header.stretchLastSection()
    assert header.sectionSize(1) > 3 * header.sectionSize(2)
    assert model.index(0, 1).data(Qt.ItemDataRole.ToolTipRole) == LONG
    assert model.index(0, 2).data(Qt.ItemDataRole.ToolTipRole) is None


def test_columns_given_after_the_view_are_sized(qtbot, hm_app):
    model = RecordTableModel([], [])
    view = make_table(model)
    qtbot.addWidget(view)
    model.beginResetModel()
    model.columns = _columns()
    model.rows = [SimpleNamespace(n=1, title=LONG, minutes=5)]
    model.endResetModel()
    assert view.horizontalHeader().sectionResizeMode(1) == QHeaderView.ResizeMode.Stretch


def test_runbook_steps_and_risks_stretch_their_text():
    from hmfield.gui.models.runbook_models import step_columns

    cols = step_columns({}, "zh", {})
    stretched = [c.key for c in cols if c.extra.get("stretch")]
    assert stretched == ["title_zh"]

"""The one table view sizes its columns from the spec: long-text columns stretch and show
their whole text on hover; the others fit their header; columns set later are sized too."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QTableView

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


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_fit_to_texts_gives_the_widths_qt_gives(qtbot, hm_app, lang):
    """The inventory's fast column fit (text advances plus the delegate's margin, the badge
    column through the delegate) makes every column as wide as Qt's own
    resizeColumnsToContents over the same rows: no text clipped, none wider."""
    from hmfield.core.inventory.rows import HostRow
    from hmfield.gui.inventory.host_delegate import HostDelegate
    from hmfield.gui.models.host_filter import HostFilterProxy
    from hmfield.gui.models.host_model import HostTableModel
    from hmfield.gui.models.table_view import fit_to_texts
    from hmfield.gui.shell.app import language_manager

    language_manager(hm_app).set_language(lang)
    rows = [
        HostRow(id=f"{i:032x}", name=f"核心账务-db-{i:03d}" if i % 3 else f"web-{i}",
                ips=[f"10.0.{i}.{i + 1}", "192.168.100.200"][: 1 + i % 2],
                platform=("vmware", "physical", "kvm")[i % 3], os_family="linux",
                os_name=("CentOS 7.9", "Windows Server 2016 Datacenter", "麒麟 V10")[i % 3],
                memory_mib=4096 * (i + 1), business_system="网上银行" if i % 2 else None,
                verdict=("supported", "not_supported", "supported_with_conditions", None)[i % 4])
        for i in range(12)
    ]  # fmt: skip
    model = HostTableModel()
    model.set_rows(rows)
    proxy = HostFilterProxy()
    proxy.setSourceModel(model)
    widths = []
    for fast in (False, True):
        view = QTableView()
        qtbot.addWidget(view)
        view.setModel(proxy)
        view.setItemDelegate(HostDelegate({}, view))
        view.horizontalHeader().setSortIndicatorShown(True)
        view.setColumnHidden(model.col_of["notes"], True)
        if fast:
            fit_to_texts(view, 10, exact=(model.col_of["verdict"],))
        else:
            view.horizontalHeader().setResizeContentsPrecision(10)
            view.resizeColumnsToContents()
        widths.append([view.columnWidth(c) for c in range(model.columnCount())])
    hidden = model.col_of["notes"]
    qt, ours = ([w for c, w in enumerate(ws) if c != hidden] for ws in widths)
    language_manager(hm_app).set_language("en")
    assert ours == qt, list(zip(ours, qt, strict=True))

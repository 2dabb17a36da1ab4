"""Inventory table models: Qt model contracts, caching, filter, facets, counts, sort."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPersistentModelIndex, Qt

from hmfield.core.inventory.rows import HostRow
from hmfield.core.model.inventory import Disk, Nic, Partition
from hmfield.gui.inventory.host_detail import disk_columns, nic_columns, partition_columns
from hmfield.gui.inventory.paste import Target, block_targets, plan_paste
from hmfield.gui.inventory.table_clipboard import parse_tsv, to_tsv
from hmfield.gui.models.host_columns import fmt_mib
from hmfield.gui.models.host_filter import HostFilterProxy
from hmfield.gui.models.host_model import BADGE_ROLE, HostTableModel
from hmfield.gui.models.record_model import RecordTableModel


def _rows() -> list[HostRow]:
    return [
        HostRow(id="a" * 32, name="web-01", ips=["10.0.0.2"], platform="vmware",
                os_family="linux", os_name="CentOS", memory_mib=16384,
                business_system="网上银行", migration_mode="agent", verdict="supported"),
        HostRow(id="b" * 32, name="db-01", ips=["10.0.0.10", "192.168.1.5"],
                platform="physical", os_family="linux", os_name="Red Hat", memory_mib=65536,
                business_system="核心账务", migration_mode="agent", verdict="not_supported"),
        HostRow(id="c" * 32, name="ad-01", ips=["10.0.0.3"], platform="vmware",
                os_family="windows", os_name="Windows Server 2016", memory_mib=None,
                business_system="核心账务", migration_mode="agentless", wave="第一批"),
        HostRow(id="d" * 32, name="app-07", ips=[], platform="kvm", os_family="linux",
                os_name="麒麟 Kylin", memory_mib=4096),
    ]  # fmt: skip


@pytest.fixture
def model(qapp):
    m = HostTableModel()
    m.set_rows(_rows())
    return m


@pytest.fixture
def proxy(model):
    p = HostFilterProxy()
    p.setSourceModel(model)
    return p


def _names(proxy) -> list[str]:
    col = proxy.sourceModel().col_of["name"]
    return [proxy.index(r, col).data() for r in range(proxy.rowCount())]


def test_host_model_passes_qt_model_tester(qtmodeltester, model):
    qtmodeltester.check(model)


def test_proxy_passes_qt_model_tester(qtmodeltester, proxy):
    proxy.set_text("10.0")
    proxy.sort(proxy.sourceModel().col_of["memory_mib"])
    qtmodeltester.check(proxy)


@pytest.mark.parametrize(
    ("columns", "rows"),
    [
        (disk_columns, [Disk(host_id="h", name="disk0", capacity_mib=102400, thin=True)]),
        (partition_columns, [Partition(host_id="h", mount="C:", capacity_mib=512, free_pct=40)]),
        (nic_columns, [Nic(host_id="h", name="eth0", mac="00:50:56:00:00:01", ips=["10.1.1.1"])]),
    ],
)
def test_detail_models_pass_qt_model_tester(qtmodeltester, qapp, columns, rows):
    model = RecordTableModel(columns(), rows, lambda row, key, value: row)
    qtmodeltester.check(model)
    assert model.rowCount() == 1


def test_display_is_human_and_translated(model):
    col = model.col_of
    assert model.index(0, col["memory_mib"]).data() == "16 GiB"
    assert model.index(0, col["platform"]).data() == "VMware"
    assert model.index(1, col["ips"]).data() == "10.0.0.10, 192.168.1.5"
    assert model.index(2, col["memory_mib"]).data() == ""
    assert model.index(1, col["verdict"]).data() == "Not supported"
    assert model.index(1, col["verdict"]).data(BADGE_ROLE) == "not_supported"
    tip = model.index(1, col["verdict"]).data(Qt.ItemDataRole.ToolTipRole)
    assert "Not supported" in tip  # the word, not only the colour
    assert fmt_mib(512) == "512 MiB" and fmt_mib(1536) == "1.5 GiB"
    assert fmt_mib(3 * 1024 * 1024) == "3 TiB"


def test_verdict_reasons_come_from_the_provider_once(model):
    asked = []
    model.reasons_provider = lambda hid: asked.append(hid) or ["RDM disk: not supported"]
    index = model.index(1, model.col_of["verdict"])
    assert "• RDM disk: not supported" in index.data(Qt.ItemDataRole.ToolTipRole)
    index.data(Qt.ItemDataRole.ToolTipRole)
    assert asked == ["b" * 32]


def test_one_edit_signals_one_row_only(model, qtbot):
    seen = []
    model.dataChanged.connect(lambda a, b, roles: seen.append((a.row(), b.row())))
    resets = []
    model.modelReset.connect(lambda: resets.append(1))
    row = _rows()[2]
    row.name = "ad-02"
    model.update_rows([row])
    assert seen == [(2, 2)] and not resets
    assert model.index(2, model.col_of["name"]).data() == "ad-02"


def test_quick_filter_name_ip_os_system_chinese(proxy):
    proxy.set_text("DB")
    assert _names(proxy) == ["db-01"]
    proxy.set_text("192.168")
    assert _names(proxy) == ["db-01"]
    proxy.set_text("核心")
    assert sorted(_names(proxy)) == ["ad-01", "db-01"]
    proxy.set_text("麒麟")
    assert _names(proxy) == ["app-07"]
    proxy.set_text("核心 windows")  # every word must match
    assert _names(proxy) == ["ad-01"]
    proxy.set_text("")
    assert proxy.rowCount() == 4


def test_facets_combine_and_count(proxy, qtbot):
    counts = []
    proxy.countChanged.connect(lambda shown, total: counts.append((shown, total)))
    proxy.set_facet("platform", {"vmware"})
    assert sorted(_names(proxy)) == ["ad-01", "web-01"]
    proxy.set_facet("migration_mode", {"agent"})
    assert _names(proxy) == ["web-01"]
    assert counts[-1] == (1, 4)
    proxy.set_facet("platform", None)
    proxy.set_facet("migration_mode", None)
    proxy.set_facet("wave", {""})  # not set
    assert sorted(_names(proxy)) == ["app-07", "db-01", "web-01"]
    proxy.clear_filters()
    assert counts[-1] == (4, 4)


def test_sort_by_precomputed_key_keeps_selection(proxy, model):
    mem = model.col_of["memory_mib"]
    keep = QPersistentModelIndex(model.index(model.position("b" * 32), 0))
    proxy.sort(mem, Qt.SortOrder.AscendingOrder)
    assert _names(proxy) == ["app-07", "web-01", "db-01", "ad-01"]  # blank last
    assert keep.row() == model.position("b" * 32) == 2
    proxy.sort(mem, Qt.SortOrder.DescendingOrder)
    assert _names(proxy) == ["db-01", "web-01", "app-07", "ad-01"]  # blank still last
    proxy.sort(model.col_of["ips"], Qt.SortOrder.AscendingOrder)
    assert _names(proxy)[:3] == ["web-01", "ad-01", "db-01"]  # numeric IP order
    proxy.set_text("10.0")
    proxy.sort(model.col_of["name"], Qt.SortOrder.DescendingOrder)
    assert _names(proxy) == ["web-01", "db-01", "ad-01"]


def test_append_and_remove_rows(model, proxy):
    model.append_rows([HostRow(id="e" * 32, name="new-host")])
    assert model.rowCount() == 5 and model.position("e" * 32) == 4
    model.remove_ids(["a" * 32, "b" * 32, "e" * 32])
    assert [r.name for r in model.rows] == ["ad-01", "app-07"]
    assert model.position("c" * 32) == 0 and proxy.rowCount() == 2


def test_tsv_round_trip_with_quotes_tabs_and_newlines():
    grid = [["web-01", 'say "hi"', "two\nlines"], ["a\tb", "", "中文"]]
    text = to_tsv(grid)
    assert parse_tsv(text) == grid
    assert parse_tsv("a\tb\r\nc\td\r\n") == [["a", "b"], ["c", "d"]]  # Excel's trailing CRLF


def test_paste_plan_names_bad_cells(qapp):
    grid = [["10.0.0.9", "vmware"], ["not-an-ip", "marsOS"]]
    cols = [("ips", "IP addresses"), ("platform", "Platform")]
    info = {0: ("h1", "web-01"), 1: ("h2", "db-01")}
    targets, outside = block_targets(grid, 0, cols, info.get)
    assert outside == 0 and len(targets) == 4
    plan = plan_paste(targets, {"ips", "platform"}, {})
    assert plan.changes == {"h1": {"ips": ["10.0.0.9"], "platform": "vmware"}}
    assert len(plan.problems) == 2
    assert plan.problems[0].startswith("Row 2 (db-01), column IP addresses:")
    assert "column Platform" in plan.problems[1]
    ro = plan_paste([Target(1, "h1", "web-01", "verdict", "Verdict", "x")], {"ips"}, {})
    assert "read-only" in ro.problems[0] and not ro.changes


class _Reader:
    """A ``fetch(ids)`` that records every block it is asked for."""

    def __init__(self, rows) -> None:
        self.by_id = {r.id: r for r in rows}
        self.calls: list[list[str]] = []

    def __call__(self, ids):
        self.calls.append(list(ids))
        return [self.by_id[i] for i in ids if i in self.by_id]


def _many(n: int) -> list[HostRow]:
    return [HostRow(id=f"{i:032x}", name=f"vm-{i:05d}", memory_mib=i) for i in range(n)]


def test_a_lazy_model_reads_a_row_with_its_block_when_first_shown(qapp, qtmodeltester):
    from hmfield.gui.models.host_model import BLOCK

    rows = _many(BLOCK * 2 + 5)
    reader = _Reader(rows)
    model = HostTableModel()
    model.set_ids([r.id for r in rows], reader)
    assert model.rowCount() == len(rows) and model.lazy
    assert reader.calls == []  # the ids only: no row read yet
    name = model.col_of["name"]
    assert model.index(BLOCK + 3, name).data() == f"vm-{BLOCK + 3:05d}"
    assert reader.calls == [[r.id for r in rows[BLOCK : BLOCK * 2]]]  # its block, once
    assert model.index(BLOCK + 4, name).data() == f"vm-{BLOCK + 4:05d}"
    assert len(reader.calls) == 1  # the row cache answers
    assert model.ids() == [r.id for r in rows]
    assert model.position(rows[-1].id) == len(rows) - 1
    assert len(reader.calls) == 1
    qtmodeltester.check(model)


def test_what_needs_every_row_reads_the_missing_ones_first(qapp):
    rows = _many(600)
    reader = _Reader(rows)
    model = HostTableModel()
    model.set_ids([r.id for r in rows], reader)
    model.index(0, 0).data()
    proxy = HostFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_text("vm-0059")
    assert proxy.rowCount() == 10  # vm-00590 .. vm-00599: the rows read to filter them
    assert not model.lazy
    assert sum(len(c) for c in reader.calls) == len(rows)  # each row read exactly once


def test_the_full_read_completes_a_lazy_model_in_place(qapp):
    rows = _many(300)
    model = HostTableModel()
    model.set_ids([r.id for r in rows], _Reader(rows))
    resets = []
    model.modelReset.connect(lambda: resets.append(1))
    fresh = [HostRow(id=r.id, name=r.name, memory_mib=r.memory_mib, os_name="RHEL") for r in rows]
    model.set_rows(fresh)
    assert resets == [] and not model.lazy  # the view keeps its place
    assert model.index(299, model.col_of["os_name"]).data() == "RHEL"
    fewer = fresh[:-1]
    model.set_ids([r.id for r in rows], _Reader(rows))
    resets.clear()
    model.set_rows(fewer)  # a host went meanwhile: a reset
    assert resets == [1] and model.rowCount() == 299


def test_a_host_gone_since_its_id_was_read_shows_an_empty_row(qapp):
    rows = _many(3)
    model = HostTableModel()
    model.set_ids([r.id for r in rows], _Reader(rows[:2]))
    assert model.index(2, model.col_of["name"]).data() == ""
    assert model.row_at(2).id == rows[2].id
    assert not model.lazy

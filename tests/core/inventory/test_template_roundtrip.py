"""Our template: export, edit in a spreadsheet, import back; only edited cells change."""

import csv

import openpyxl
import pytest
from sqlmodel import select

from hmfield.core.inventory.importing import ImportRefused, ImportService
from hmfield.core.inventory.service import InventoryService
from hmfield.core.inventory.template_export import export_inventory
from hmfield.core.inventory.template_layout import FIELD_ORDER, HOSTS_SHEET, INFO_SHEET, MARKER
from hmfield.core.model.audit import AuditEvent


@pytest.fixture
def filled(ctx):
    inv = InventoryService(ctx)
    inv.add(name="core-db01", ips="10.1.1.1", business_system="核心账务", cpu_cores=8, role="db")
    inv.add(name="=cmd|' /C calc'!A0", notes="+1 call me", os_name="-rf", platform="vmware")
    inv.add(name="oa-web01", ips="10.2.1.1", memory_mib=4096, secure_boot=True, tags="a,b")
    return ctx


def col(field):
    return FIELD_ORDER.index(field) + 2  # column A is the hidden key


def audit_fields_since(ctx, seq):
    with ctx.read() as s:
        evs = s.exec(select(AuditEvent).where(AuditEvent.seq > seq, AuditEvent.entity == "host"))
        return sorted((e.entity_id, e.field) for e in evs if e.field != "field_sources")


def max_seq(ctx):
    with ctx.read() as s:
        return max(e.seq for e in s.exec(select(AuditEvent)))


def test_layout(filled, tmp_path):
    out = export_inventory(filled, tmp_path / "inv.xlsx")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[:2] == [HOSTS_SHEET, INFO_SHEET]
    ws = wb[HOSTS_SHEET]
    assert ws["B1"].value == "名称" and ws["B2"].value == "Name"
    assert ws.freeze_panes == "B3" and ws.auto_filter.ref.startswith("A2:")
    assert ws.column_dimensions["A"].hidden
    lists = {
        str(dv.sqref).split(":")[0].rstrip("0123456789"): dv.formula1
        for dv in ws.data_validations.dataValidation
    }
    platform_letter = openpyxl.utils.get_column_letter(col("platform"))
    assert "vmware" in lists[platform_letter]
    info = wb[INFO_SHEET]
    assert info["H1"].value == MARKER and info["H3"].value == filled.store.project_id
    keys = {ws.cell(row=r, column=1).value for r in range(3, 6)}
    assert keys == {r.id for r in InventoryService(filled).rows()}


def test_formula_like_text_stays_text(filled, tmp_path):
    out = export_inventory(filled, tmp_path / "inv.xlsx")
    ws = openpyxl.load_workbook(out)[HOSTS_SHEET]
    names = {ws.cell(row=r, column=2).value: r for r in range(3, 6)}
    r = names["=cmd|' /C calc'!A0"]
    cell = ws.cell(row=r, column=2)
    assert cell.data_type == "s" and cell.quotePrefix
    assert ws.cell(row=r, column=col("notes")).value == "+1 call me"
    pv = ImportService(filled).preview(out)
    assert pv.counts()["unchanged"] == 3 and pv.counts()["updated"] == 0


def test_three_cells_changed_exactly_three_fields_audited(filled, tmp_path):
    out = export_inventory(filled, tmp_path / "inv.xlsx")
    wb = openpyxl.load_workbook(out)
    ws = wb[HOSTS_SHEET]
    rows = {ws.cell(row=r, column=2).value: r for r in range(3, 6)}
    ws.cell(row=rows["core-db01"], column=col("cpu_cores"), value=16)
    ws.cell(row=rows["oa-web01"], column=col("environment"), value="test")
    ws.cell(row=rows["oa-web01"], column=col("os_version"), value="2019")
    wb.save(out)
    seq = max_seq(filled)
    svc = ImportService(filled)
    pv = svc.preview(out)
    assert pv.counts() == {
        "new": 0,
        "updated": 2,
        "unchanged": 1,
        "skipped": 0,
        "problems": 0,
        "kept_manual": 0,
    }
    result = svc.apply(pv)
    assert (result.updated, result.created) == (2, 0)
    by_name = {r.name: r for r in InventoryService(filled).rows()}
    assert audit_fields_since(filled, seq) == sorted(
        [
            (by_name["core-db01"].id, "cpu_cores"),
            (by_name["oa-web01"].id, "environment"),
            (by_name["oa-web01"].id, "os_version"),
        ]
    )
    assert by_name["core-db01"].cpu_cores == 16 and by_name["core-db01"].role == "db"
    assert by_name["oa-web01"].source("environment") == "import:template"


def test_csv_round_trip_with_bom_and_formula_guard(filled, tmp_path):
    out = export_inventory(filled, tmp_path / "inv.csv")
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0][1] == "名称" and rows[1][1] == "Name"
    assert any(r[1] == "'=cmd|' /C calc'!A0" for r in rows[2:])
    pv = ImportService(filled).preview(out)
    assert pv.format == "template" and pv.counts()["unchanged"] == 3, pv.to_json()


def test_cleared_cell_clears_and_bad_cell_is_a_located_problem(filled, tmp_path):
    out = export_inventory(filled, tmp_path / "inv.xlsx")
    wb = openpyxl.load_workbook(out)
    ws = wb[HOSTS_SHEET]
    rows = {ws.cell(row=r, column=2).value: r for r in range(3, 6)}
    r = rows["core-db01"]
    ws.cell(row=r, column=col("role")).value = None
    ws.cell(row=r, column=col("ips"), value="10.1.1.999")
    ws.cell(row=6, column=2, value="new-host")
    ws.cell(row=6, column=col("platform"), value="物理机")
    wb.save(out)
    pv = ImportService(filled).preview(out)
    assert [(p.sheet, p.row, p.column.split(" ")[0]) for p in pv.problems] == [
        (HOSTS_SHEET, r, openpyxl.utils.get_column_letter(col("ips")))
    ]
    item = next(i for i in pv.items if i.name == "core-db01")
    assert [(c.field, c.old, c.new) for c in item.changes] == [("role", "db", None)]
    new = pv.of("new")
    assert [i.record.platform for i in new] == ["physical"]
    with pytest.raises(ImportRefused):  # all or nothing: one bad cell imports nothing
        ImportService(filled).apply(pv, exclude_rows=[])
    assert "new-host" not in {x.name for x in InventoryService(filled).rows()}
    pv = ImportService(filled).preview(out)
    result = ImportService(filled).apply(pv, skip_problem_rows=True)
    by_name = {x.name: x for x in InventoryService(filled).rows()}
    assert by_name["core-db01"].role == "db" and by_name["core-db01"].ips == ["10.1.1.1"]
    assert by_name["new-host"].platform == "physical"
    assert [(r.name, r.row) for r in result.left_out] == [("core-db01", r)]

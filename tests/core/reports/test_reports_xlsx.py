"""Excel exports: formula-like text stays text, header frozen and filtered, lists work."""

from __future__ import annotations

import datetime as dt
import zipfile
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hmfield.core.errors import HmError
from hmfield.core.workbook import (
    LISTS_SHEET,
    SheetColumn,
    header_rows,
    is_formula_like,
    new_workbook,
    safe_text,
    save_workbook,
    write_sheet,
)

NASTY = [
    "=1+1",
    '=HYPERLINK("http://evil","click")',
    "+SUM(A1:A2)",
    "-2+3",
    "@SUM(1)",
    "\t=cmd|' /C calc'!A0",
    "=",
    "普通文本",
    "a=b",
]
COLUMNS = [
    SheetColumn("host", "主机名", "Hostname"),
    SheetColumn("note", "备注", "Notes"),
    SheetColumn("verdict", "结论", "Verdict", choices=("可迁移", "需改造", "不可迁移")),
]


def _sheet_xml(path) -> str:
    with zipfile.ZipFile(path) as zf:
        return "".join(zf.read(n).decode() for n in zf.namelist() if n.startswith("xl/worksheets/"))


def test_formula_like_text_stays_text_after_reload(tmp_path):
    wb = new_workbook()
    write_sheet(wb, "主机", COLUMNS, [[v, v, "可迁移"] for v in NASTY])
    path = save_workbook(wb, tmp_path / "out.xlsx")
    assert "<f>" not in _sheet_xml(path)  # no formula element anywhere
    ws = openpyxl.load_workbook(path)["主机"]
    start = header_rows() + 1
    for i, v in enumerate(NASTY):
        for col in (1, 2):
            cell = ws.cell(row=start + i, column=col)
            assert cell.value == v and cell.data_type == "s", (v, cell.data_type)
            assert cell.quotePrefix == is_formula_like(v)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from("=+-@\t abc1(),:!\"'中"), min_size=1, max_size=12))
def test_any_text_round_trips_as_text(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("x") / "p.xlsx"
    wb = new_workbook()
    write_sheet(wb, "s", [SheetColumn("a", "甲", "A")], [[text]], bilingual=False)
    save_workbook(wb, path)
    cell = openpyxl.load_workbook(path)["s"]["A2"]
    assert cell.data_type == "s"
    assert cell.value == text.replace("\r", "\n")  # XML stores CR as LF


def test_safe_text_leaves_plain_values_and_cleans_control_characters():
    assert safe_text(5) == 5 and safe_text(None) is None and safe_text("abc") == "abc"
    assert safe_text("a\x00b\x07") == "a\ufffdb\ufffd"
    assert str(safe_text("=1")) == "=1"


def test_header_frozen_filtered_bilingual_and_validated(tmp_path):
    wb = new_workbook()
    rows = [[f"h{i}", "", "需改造"] for i in range(10)]
    write_sheet(wb, "Inventory", COLUMNS, rows, lang="en")
    path = save_workbook(wb, tmp_path / "inv.xlsx")
    ws = openpyxl.load_workbook(path)["Inventory"]
    assert [c.value for c in ws[1]] == ["Hostname", "Notes", "Verdict"]
    assert [c.value for c in ws[2]] == ["主机名", "备注", "结论"]
    assert ws.freeze_panes == "A3"
    assert ws.auto_filter.ref == "A2:C12"
    dvs = ws.data_validations.dataValidation
    assert len(dvs) == 1 and dvs[0].formula1 == '"可迁移,需改造,不可迁移"'
    assert str(dvs[0].sqref) == "C3:C1048576"
    width = ws.column_dimensions["A"].width
    assert 8 <= width <= 60


def test_long_or_comma_choices_go_to_hidden_list_sheet(tmp_path):
    choices = [f"选项 {i}, 含逗号" for i in range(40)]
    wb = new_workbook()
    write_sheet(wb, "s", [SheetColumn("c", "选项", "Choice", choices=choices)], [["x"]])
    path = save_workbook(wb, tmp_path / "l.xlsx")
    wb2 = openpyxl.load_workbook(path)
    assert wb2.sheetnames[-1] == LISTS_SHEET and wb2[LISTS_SHEET].sheet_state == "hidden"
    assert [c.value for c in wb2[LISTS_SHEET]["A"]][1:] == choices
    assert wb2["s"].data_validations.dataValidation[0].formula1 == "'_lists'!$A$2:$A$41"


def test_aware_datetimes_are_shown_in_the_given_zone(tmp_path):
    wb = new_workbook()
    when = dt.datetime(2025, 3, 1, 6, 0, tzinfo=dt.UTC)
    write_sheet(wb, "t", [SheetColumn("t", "时间", "Time")], [[when]], tz=ZoneInfo("Asia/Shanghai"))
    path = save_workbook(wb, tmp_path / "t.xlsx")
    cell = openpyxl.load_workbook(path)["t"]["A3"]
    assert cell.value == dt.datetime(2025, 3, 1, 14, 0)
    assert cell.number_format == "yyyy-mm-dd hh:mm"


def test_bad_title_row_shape_and_atomic_save(tmp_path):
    wb = new_workbook()
    ws = write_sheet(wb, "a/b:c*d?[e]" * 5, [SheetColumn("a", "甲", "A")], [])
    assert len(ws.title) <= 31 and not set("/:*?[]") & set(ws.title)
    with pytest.raises(HmError, match="data row 2 has 2 values"):
        write_sheet(new_workbook(), "x", [SheetColumn("a", "甲", "A")], [[1], [1, 2]])
    target = tmp_path / "keep.xlsx"
    target.write_bytes(b"old")
    with pytest.raises(HmError, match="cannot write"):
        save_workbook(wb, tmp_path / "nope" / "x.xlsx")
    save_workbook(wb, target)
    assert openpyxl.load_workbook(target).sheetnames == [ws.title]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.xlsx"]


def test_written_files_get_the_usual_permissions(tmp_path):
    import os
    import stat

    from hmfield.core.workbook import SheetColumn, new_workbook, save_workbook, write_sheet

    wb = new_workbook()
    write_sheet(wb, "s", [SheetColumn("a", "甲", "A")], [["x"]], lang="zh")
    out = tmp_path / "o.xlsx"
    save_workbook(wb, out)
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~umask

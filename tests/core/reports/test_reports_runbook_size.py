"""Runbooks print at any size: predecessors as ranges or summed up, step numbers on one line,
no cell taller than a page, a too-long runbook refused before any layout with a message, a
layout failure never a traceback, and Excel never silently cuts a cell."""

from __future__ import annotations

import openpyxl
import pytest
from big_runbook import T0, big_paper
from report_samples import make_context
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from hmfield.core.errors import HmError
from hmfield.core.reports import build_pdf, frame_width
from hmfield.core.reports.document import MARGIN_BOTTOM, MARGIN_TOP, page_size
from hmfield.core.reports.fonts import register_fonts
from hmfield.core.reports.pdfcheck import pdf_page_texts
from hmfield.core.reports.runbook_pdf import build_runbook_pdf, step_rows, step_table, step_widths
from hmfield.core.reports.runbook_text import predecessors_text, rlabels, step_ranges
from hmfield.core.reports.runbook_xlsx import write_runbook_xlsx
from hmfield.core.workbook import (
    MAX_CELL_CHARS,
    NOTES_SHEET,
    SheetColumn,
    cut_cells,
    new_workbook,
    save_workbook,
    write_sheet,
)


def test_step_numbers_become_ranges():
    assert step_ranges("3, 4, 5, 9, 11, 12") == "3-5, 9, 11-12"
    assert step_ranges("12, " + ", ".join(str(n) for n in range(13, 241))) == "12-240"
    assert step_ranges("") == "" and step_ranges("7") == "7"


def test_long_predecessor_lists_are_summed_up_with_count_and_span():
    lab = rlabels("zh")
    every_third = ", ".join(str(n) for n in range(3, 700, 3))
    text = predecessors_text(every_third, lab)
    assert text.startswith("3, 6, 9") and "共 233 步（3-699）" in text
    assert len(text) < 80
    assert predecessors_text("1, 2, 3", lab) == "1-3"


def test_big_runbook_cells_fit_a_page_and_numbers_never_wrap():
    paper = big_paper(1200)
    table = step_table(paper, "zh")
    page_h = page_size(True)[1] - MARGIN_TOP - MARGIN_BOTTOM
    assert max(table.heights) < page_h / 3  # no cell runs over a page (was three pages)
    rows = step_rows(paper, "zh")
    widths = step_widths(rows)
    font = register_fonts()
    widest = max(stringWidth(str(r[0]), font, 8.0) for r in rows)  # "★1197"
    assert widest + 6 <= widths[0]  # the number column holds it on one line
    assert all("\n" not in str(c) for c in (r[0] for r in table.rows))
    assert abs(sum(widths) - frame_width(True)) < 0.01


def _build_and_check(tmp_path, steps: int):
    paper = big_paper(steps)
    pdf = build_runbook_pdf(tmp_path / "big.pdf", paper, "zh", T0)
    texts = pdf_page_texts(pdf)
    assert f"{steps}" in texts[-1] or f"{steps}" in texts[-2]  # the last step is printed
    assert "割接完成签字确认" in "".join(texts[-2:])  # the closing sign-off comes last
    xlsx = write_runbook_xlsx(tmp_path / "big.xlsx", paper, "zh")
    wb = openpyxl.load_workbook(xlsx, read_only=True)
    ws = wb[wb.sheetnames[0]]
    assert ws.max_row == steps + 3  # title, header, the steps, the planned length
    assert NOTES_SHEET not in wb.sheetnames  # ranges keep every cell within Excel's limit
    return texts


def test_a_runbook_of_1500_steps_prints_as_pdf_and_xlsx(tmp_path):
    _build_and_check(tmp_path, 1500)


@pytest.mark.slow
def test_a_runbook_of_10000_steps_prints_as_pdf_and_xlsx(tmp_path):
    texts = _build_and_check(tmp_path, 10_000)
    assert len(texts) > 400


def test_too_long_a_runbook_is_refused_before_any_work(tmp_path, monkeypatch):
    import hmfield.core.reports.runbook_pdf as rp

    monkeypatch.setattr(rp, "MAX_PRINTED_STEPS", 100)
    calls = []
    monkeypatch.setattr(rp, "runbook_story", lambda *a, **k: calls.append(a) or [])
    with pytest.raises(HmError, match=r"has 150 runbook steps.*at most 100.*Split the wave"):
        build_runbook_pdf(tmp_path / "x.pdf", big_paper(150), "zh", T0)
    assert not calls and not (tmp_path / "x.pdf").exists()


class _Monolith(Flowable):
    """A block taller than any page that cannot split (what a giant cell used to be)."""

    def wrap(self, aW, aH):  # noqa: N803
        return aW, 5000

    def split(self, aW, aH):  # noqa: N803
        return []

    def draw(self):  # pragma: no cover - never drawn
        pass


def test_a_layout_failure_is_a_message_not_a_traceback(tmp_path):
    with pytest.raises(HmError, match="does not fit on a page.*nothing was written"):
        build_pdf(tmp_path / "m.pdf", make_context(), [_Monolith()])
    assert not list(tmp_path.iterdir())


def test_excel_cell_limit_is_never_cut_silently(tmp_path):
    wb = new_workbook()
    long = "7, " * 20_000
    write_sheet(wb, "s", [SheetColumn("a", "甲", "A")], [[long], ["short"]])
    assert cut_cells(wb) == 1
    out = save_workbook(wb, tmp_path / "c.xlsx")
    back = openpyxl.load_workbook(out)
    cell = back["s"]["A3"].value
    assert len(cell) <= MAX_CELL_CHARS and "truncated" in cell and f"{len(long):,}" in cell
    notes = [r for r in back[NOTES_SHEET].iter_rows(min_row=2, values_only=True)]
    assert notes[0][:3] == ("s", "A3", len(long))
    assert back["s"]["A4"].value == "short"

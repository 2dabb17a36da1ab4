"""The sample report checked the way a reader would: through poppler, page by page."""

from __future__ import annotations

import re

import pytest
from report_samples import LONG_NOTE, N_ROWS, make_context, needs_poppler, sample_story

from hmfield.core.errors import Cancelled, HmError
from hmfield.core.progress import ThreadProgress
from hmfield.core.reports import ReportContext, build_pdf, data_table, heading, para, widths_for
from hmfield.core.reports.pdfcheck import pdf_fonts, pdf_info, pdf_page_texts, pdf_pages, pdf_text

pytestmark = needs_poppler


def squash(text: str) -> str:
    """Text without whitespace: wrapped lines in a cell come back split by newlines."""
    return re.sub(r"\s+", "", text)


def test_every_page_has_page_x_of_y_project_wave_and_zoned_time(sample_pdf):
    pages = pdf_page_texts(sample_pdf)
    total = pdf_pages(sample_pdf)
    assert total == len(pages) >= 5
    for i, text in enumerate(pages, start=1):
        assert f"第 {i} 页，共 {total} 页" in text, f"page {i}"
        assert "华东数据中心迁移项目" in text, f"page {i}"
        assert "批次：第一批 W1" in text, f"page {i}"
        # 06:00 UTC shown in Asia/Shanghai, with the zone named
        assert "2025-03-01 14:00 Asia/Shanghai (UTC+08:00)" in text, f"page {i}"


def test_all_fonts_embedded_and_only_the_cjk_face(sample_pdf):
    fonts = pdf_fonts(sample_pdf)
    assert fonts, "pdffonts listed no fonts"
    assert all(f.embedded for f in fonts), [f for f in fonts if not f.embedded]
    assert {f.name.split("+", 1)[-1] for f in fonts} == {"WenQuanYiMicroHei-0"}
    assert all(f.unicode for f in fonts)  # ToUnicode maps: text can be searched and copied


def test_chinese_text_is_extractable_and_long_cells_are_not_clipped(sample_pdf):
    text = pdf_text(sample_pdf)
    assert "迁移计划" in text and "示例银行" in text
    flat = squash(text)
    # the long note wraps over several lines inside its cell; all of it is on the page
    assert squash(LONG_NOTE) in flat
    # a paragraph longer than the line wraps without losing characters
    assert squash("中文段落需要在任意汉字之间换行，不能被截断，也不能超出页面的右边距。") in flat


def test_table_rows_all_present_and_header_repeated_on_each_table_page(sample_pdf):
    pages = pdf_page_texts(sample_pdf)
    table_pages = [p for p in pages if "app-srv-" in p]
    assert len(table_pages) >= 3
    for p in table_pages:
        assert "主机名 Hostname" in p  # header row repeated
    found = set(re.findall(r"app-srv-(\d{5})", "".join(table_pages)))
    assert found == {f"{i:05d}" for i in range(N_ROWS)}


def test_toc_lists_headings_with_their_pages(sample_pdf):
    pages = pdf_page_texts(sample_pdf)
    toc_page = next(p for p in pages if "目录" in p)
    start = next(i for i, p in enumerate(pages, 1) if "app-srv-00000" in p)
    line = next(ln for ln in toc_page.splitlines() if "主机清单" in ln)
    assert line.rstrip().endswith(str(start)), line
    assert "签字确认" in toc_page


def test_signoff_block_has_roles_names_and_blank_columns(sample_pdf):
    last = pdf_page_texts(sample_pdf)[-1]
    for word in ("签字确认", "角色", "姓名", "签字", "日期", "客户项目经理", "王五", "质量保证"):
        assert word in last


def test_english_landscape_report(tmp_path):
    ctx = make_context("en", wave="W2")
    path = build_pdf(
        tmp_path / "en.pdf",
        ctx,
        [
            heading("Hosts"),
            data_table(["Host", "Note"], [["a", "b"]] * 120, widths_for([1, 3], True)),
        ],
        landscape=True,
        title="Runbook",
    )
    pages = pdf_page_texts(path)
    for i, text in enumerate(pages, start=1):
        assert f"Page {i} of {len(pages)}" in text
        assert "Project: 华东数据中心迁移项目" in text and "Wave: W2" in text
        assert "Printed at: 2025-03-01 14:00 Asia/Shanghai" in text
    assert pdf_info(path)["Page size"].startswith("841.89 x 595.2")  # A4 landscape


def test_cell_taller_than_a_page_is_split_not_clipped(tmp_path):
    ctx = make_context()
    huge = "".join(f"第{i}行说明文字内容。" for i in range(400))
    path = build_pdf(
        tmp_path / "tall.pdf",
        ctx,
        [data_table(["序号", "说明"], [[1, huge], [2, "短"]], widths_for([1, 4]))],
    )
    assert pdf_pages(path) >= 2
    furniture = re.compile(
        r"^(第一批次 Wave 1|项目：.*|批次：.*|时区：.*|打印时间：.*|第 \d+ 页，共 \d+ 页|序号|说明)$"
    )
    body = [
        ln for page in pdf_page_texts(path) for ln in page.splitlines() if not furniture.match(ln)
    ]
    flat = squash("".join(body))
    assert squash(huge) in flat  # the whole cell, in order, across the pages
    assert flat.endswith("2短")  # and the row after it


def test_failed_build_keeps_the_old_file_and_leaves_no_temp(tmp_path):
    target = tmp_path / "r.pdf"
    target.write_bytes(b"old report")

    class Boom(para("x").__class__):
        def wrap(self, *a):
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        build_pdf(target, make_context(), [para("ok"), Boom("x")])
    assert target.read_bytes() == b"old report"
    assert [p.name for p in tmp_path.iterdir()] == ["r.pdf"]


def test_cancel_during_build_raises_cancelled_and_writes_nothing(tmp_path):
    progress = ThreadProgress()
    seen = []

    def on_report(done, total, text):
        seen.append(done)
        if done >= 2:
            progress.cancel()

    progress._callback, progress._min_interval = on_report, 0
    rows = [[i, "x"] for i in range(2000)]
    with pytest.raises(Cancelled):
        build_pdf(
            tmp_path / "c.pdf",
            make_context(),
            [data_table(["a", "b"], rows, [50, 50])],
            progress=progress,
        )
    assert list(tmp_path.iterdir()) == []
    assert seen and max(seen) < 30  # stopped early, not after all pages


def test_context_rejects_naive_time_unknown_zone_and_language():
    import datetime as dt

    with pytest.raises(HmError, match="time zone"):
        ReportContext("p", "c", "zh", dt.datetime(2025, 1, 1), "Asia/Shanghai")
    with pytest.raises(HmError, match="Mars/Base"):
        ReportContext("p", "c", "zh", dt.datetime(2025, 1, 1, tzinfo=dt.UTC), "Mars/Base")
    with pytest.raises(HmError, match="language"):
        ReportContext("p", "c", "fr", dt.datetime(2025, 1, 1, tzinfo=dt.UTC), "UTC")


def test_unwritable_target_gives_one_line_error(tmp_path):
    with pytest.raises(HmError, match="cannot write report"):
        build_pdf(tmp_path / "missing" / "r.pdf", make_context(), [para("x")])


def test_sample_story_has_no_colour_only_meaning():
    """Every fill/stroke colour used by the toolkit is a grey (r == g == b)."""
    from reportlab.lib.colors import Color

    from hmfield.core.reports import document

    greys = [v for k, v in vars(document).items() if k.startswith("GREY_")]
    assert greys and all(isinstance(c, Color) and c.red == c.green == c.blue for c in greys)
    assert sample_story(make_context())  # builds without colour arguments

"""Benchmark: a 10,000-row x 8-column report table through hmfield's data_table + build_pdf
beside bare reportlab (LongTable of plain strings, same font, same A4 landscape page) in the
same run. The last line prints the ratio ours/bare (goal: at most 1.3).

Run: .venv/bin/python bench/report_table.py [rows] [repeats]
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import tempfile
import time
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.platypus import BaseDocTemplate, Frame, LongTable, PageTemplate, TableStyle

from hmfield.core.reports import ReportContext, build_pdf, heading, widths_for
from hmfield.core.reports.document import MARGIN_BOTTOM, MARGIN_TOP, MARGIN_X
from hmfield.core.reports.fonts import FONT_NAME, register_fonts
from hmfield.core.reports.tables import data_table

HEADERS = [
    "序号 No.",
    "主机名 Hostname",
    "IP",
    "操作系统 OS",
    "业务系统 System",
    "批次 Wave",
    "状态 Status",
    "备注 Notes",
]
WEIGHTS = [0.5, 1.6, 1.1, 1.5, 1.2, 0.7, 0.8, 2.0]
SYSTEMS = ["核心交易系统", "CRM", "财务管理系统", "OA 办公", "数据仓库", "ERP"]
OSES = ["CentOS 7.9", "Windows Server 2016", "RHEL 8.6", "Ubuntu 20.04", "麒麟 V10"]
LONG_NOTE = "需要在割接窗口前与业务方确认停机时间，并在迁移后验证数据库连接与应用服务状态。"


def make_rows(n: int) -> list[list[str]]:
    rows = []
    for i in range(n):
        note = LONG_NOTE if i % 20 == 0 else ("已确认" if i % 3 else "")
        rows.append(
            [
                str(i + 1),
                f"app-srv-{i:05d}",
                f"10.{i // 65536}.{i // 256 % 256}.{i % 256}",
                OSES[i % len(OSES)],
                SYSTEMS[i % len(SYSTEMS)],
                f"W{i % 12 + 1:02d}",
                "待迁移" if i % 4 else "已完成",
                note,
            ]
        )
    return rows


def bare(path: Path, rows: list[list[str]]) -> int:
    widths = widths_for(WEIGHTS, landscape=True)
    table = LongTable([HEADERS, *rows], colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT_NAME, 8, 10.4),
                ("TOPPADDING", (0, 0), (-1, -1), 2),  # same cell geometry as data_table
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    size = landscape(A4)
    doc = BaseDocTemplate(str(path), pagesize=size)
    frame = Frame(
        MARGIN_X,
        MARGIN_BOTTOM,
        size[0] - 2 * MARGIN_X,
        size[1] - MARGIN_TOP - MARGIN_BOTTOM,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    doc.addPageTemplates([PageTemplate(frames=[frame], pagesize=size)])
    doc.build([table])
    return doc.page


def ours(path: Path, rows: list[list[str]]) -> None:
    ctx = ReportContext(
        "基准项目 Bench",
        "客户 Customer",
        "zh",
        dt.datetime(2025, 3, 1, 6, 0, tzinfo=dt.UTC),
        "Asia/Shanghai",
        wave="W01",
    )
    table = data_table(HEADERS, rows, widths_for(WEIGHTS, landscape=True))
    build_pdf(path, ctx, [heading("主机清单 Inventory"), table], landscape=True)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    register_fonts()
    rows = make_rows(n)
    best_bare = best_ours = float("inf")
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(repeats):
            t = time.perf_counter()
            pages = bare(Path(tmp) / "bare.pdf", rows)
            best_bare = min(best_bare, time.perf_counter() - t)
            t = time.perf_counter()
            ours(Path(tmp) / "ours.pdf", rows)
            best_ours = min(best_ours, time.perf_counter() - t)
        size_bare = (Path(tmp) / "bare.pdf").stat().st_size
        data_ours = (Path(tmp) / "ours.pdf").read_bytes()
        size_ours = len(data_ours)
        pages_ours = len(re.findall(rb"/Type /Page\b", data_ours))
    print(f"rows={n} cols=8 repeats={repeats} (best of)")
    print(f"bare reportlab : {best_bare:.2f} s, {pages} pages, {size_bare / 1e6:.1f} MB")
    print(f"hmfield report : {best_ours:.2f} s, {pages_ours} pages, {size_ours / 1e6:.1f} MB")
    print(f"ratio ours/bare: {best_ours / best_bare:.2f}")


if __name__ == "__main__":
    main()

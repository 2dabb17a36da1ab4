"""Shared report toolkit: A4 PDFs (reportlab) and Excel exports (openpyxl), no Qt.

Every hmfield printout (migration plan, checklists, runbook, drill, cutover,
acceptance) is built from these pieces so they all embed the CJK font, wrap Chinese,
print page x of y with project, wave and time zone, and save atomically.

Typical use::

    ctx = ReportContext("项目A", "客户B", "zh", printed_at=now_utc, tz="Asia/Shanghai", wave="W1")
    lab = ctx.labels
    story = [*cover(ctx, lab["report_runbook"]), *toc(ctx), heading("步骤"),
             data_table(headers, rows, widths_for([1, 3, 2])), signoff_block(ctx, signers)]
    build_pdf(path, ctx, story, progress=progress)
"""

from hmfield.core.reports.blocks import (
    Signer,
    cover,
    heading,
    para,
    report_styles,
    signoff_block,
    toc,
)
from hmfield.core.reports.document import (
    ReportContext,
    build_pdf,
    frame_width,
    page_size,
    widths_for,
)
from hmfield.core.reports.fonts import FONT_NAME, register_fonts
from hmfield.core.reports.labels import Labels, MissingLabelError, labels
from hmfield.core.reports.tables import DataTable, data_table

__all__ = [
    "FONT_NAME",
    "DataTable",
    "Labels",
    "MissingLabelError",
    "ReportContext",
    "Signer",
    "build_pdf",
    "cover",
    "data_table",
    "frame_width",
    "heading",
    "labels",
    "page_size",
    "para",
    "register_fonts",
    "report_styles",
    "signoff_block",
    "toc",
    "widths_for",
]

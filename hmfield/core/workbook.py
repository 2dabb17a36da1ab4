"""Excel export helper used by every hmfield .xlsx (inventory template, wave lists, checklists).

Engineers open these files in Excel or WPS, edit and send them back, and print them, so
every sheet gets the same conveniences: bilingual header rows, a frozen header, an
autofilter, readable column widths, drop-down lists for coded columns, and a print setup
(A4, landscape when wide, one page wide, header rows on every page, project / wave / title
in the header and "page x of y" in the footer). And because the data
comes from customer inventories, no cell may ever become a formula: text that starts
like one (``=``, ``+``, ``-``, ``@``, tab, CR) is written as literal text with Excel's
quote-prefix flag.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # openpyxl is imported when a workbook is first written (~0.15 s)
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

from hmfield.core.errors import HmError
from hmfield.core.fileutil import write_atomic
from hmfield.core.progress import NULL_PROGRESS, Progress

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")
LISTS_SHEET = "_lists"
MAX_ROW = 1_048_576
_HEADER_FILL: list = []


def header_fill():
    """The grey fill of header cells (one shared openpyxl style object)."""
    if not _HEADER_FILL:
        from openpyxl.styles import PatternFill

        _HEADER_FILL.append(PatternFill("solid", fgColor="D9D9D9"))
    return _HEADER_FILL[0]


def __getattr__(name: str):  # ``HEADER_FILL`` as before, made on first use
    if name == "HEADER_FILL":
        return header_fill()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
MAX_CELL_CHARS = 32_767
"""Excel's limit per cell: longer text is cut with a marker and listed on a notes sheet."""
NOTES_SHEET = "说明 Notes"
LANDSCAPE_WIDTH = 110
"""Sheets wider than this many character units print landscape."""


@dataclass(frozen=True)
class SheetPaper:
    """What a printed sheet says in its header and footer (Excel's print setup)."""

    project: str = ""
    wave: str = ""
    title: str = ""
    lang: str = "zh"
    printed: str = ""  # print time with its zone, e.g. "2026-12-03 00:21 Asia/Shanghai"
    print_columns: int | None = None
    """Print only the first n columns (the paper); later columns are data for the office."""


def _hf_text(text: str) -> str:
    """Header/footer text with Excel's & codes escaped."""
    return text.replace("&", "&&")


def page_setup(ws: Worksheet, widths: Sequence[float], nhead: int, paper: SheetPaper | None):
    """A4, landscape when wide, fit to one page wide, header rows repeated, and a header and
    footer with project, wave, title and "page x of y" so a printed sheet is paper."""
    from openpyxl.utils import get_column_letter

    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    if paper is not None and paper.print_columns:
        widths = widths[: paper.print_columns]
        last = get_column_letter(paper.print_columns)
        ws.print_area = f"A1:{last}{max(ws.max_row, 1)}"
    wide = sum(widths) > LANDSCAPE_WIDTH
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE if wide else ws.ORIENTATION_PORTRAIT
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.gridLines = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.8
    ws.page_margins.header = ws.page_margins.footer = 0.3
    if nhead:
        ws.print_title_rows = f"1:{nhead}"
    paper = paper or SheetPaper()
    zh = paper.lang == "zh"
    where = []
    if paper.project:
        where.append(("项目：" if zh else "Project: ") + paper.project)
    if paper.wave:
        where.append(("批次：" if zh else "Wave: ") + paper.wave)
    for hf in (ws.oddHeader, ws.evenHeader):
        hf.left.text = _hf_text("    ".join(where)) or None
        hf.center.text = _hf_text(paper.title or ws.title)
        hf.left.size = hf.center.size = 9
    for hf in (ws.oddFooter, ws.evenFooter):
        hf.left.text = _hf_text(paper.printed) or None
        hf.right.text = "第 &P 页，共 &N 页" if zh else "Page &P of &N"
        hf.left.size = hf.right.size = 8


@dataclass(frozen=True)
class SheetColumn:
    """One exported column: a stable key, its bilingual header, and optional choices."""

    key: str
    zh: str
    en: str
    width: float | None = None
    """Width in Excel character units; None sizes it from the header and the data."""
    choices: Sequence[str] = ()
    """Allowed values: adds a drop-down list (data validation) to the whole column."""
    number_format: str | None = None
    wrap: bool = False
    """Long text wraps inside the cell and the row grows to show it (printed titles)."""


LINE_HEIGHT = 15.0
"""Points per text line when a row's height is set for wrapped text."""


def _lines(text: str, width: float) -> int:
    """Lines a wrapped cell of ``width`` character units needs (estimate)."""
    usable = max(width - 1, 1)
    return sum(max(1, -(-_display_width(part) // int(usable))) for part in text.split("\n"))


def is_formula_like(text: str) -> bool:
    """True when Excel/WPS (or a CSV round trip) could read ``text`` as a formula."""
    return text.startswith(FORMULA_PREFIXES)


def safe_text(value: object) -> object:
    """A value that openpyxl will write as data, never as a formula.

    Formula-like strings become a one-run CellRichText, which openpyxl always writes as
    an inline string (reloaded, it is the same plain str with data type 's'); characters
    XML cannot hold are replaced by U+FFFD instead of crashing the save. Other values
    pass through unchanged.
    """
    if not isinstance(value, str):
        return value
    if _ILLEGAL.search(value):
        value = _ILLEGAL.sub("\ufffd", value)
    if not is_formula_like(value):
        return value
    from openpyxl.cell.rich_text import CellRichText

    return CellRichText([value])


def _fit_cell(value: object) -> tuple[object, int]:
    """Text Excel can hold in one cell, and the original length when it had to be cut."""
    if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
        marker = f" …[截断 truncated: {len(value):,} chars]"
        return value[: MAX_CELL_CHARS - len(marker)] + marker, len(value)
    return value, 0


def _excel_value(value: object, tz: dt.tzinfo | None) -> object:
    """Excel has no time zones: show aware datetimes in ``tz`` (UTC when not given)."""
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(tz or dt.UTC).replace(tzinfo=None)
    if isinstance(value, (str, int, float, dt.date, dt.time, dt.timedelta)) or value is None:
        return safe_text(value)
    return safe_text(str(value))


def _display_width(text: str) -> int:
    """Approximate width in Excel character units: CJK glyphs take two."""
    return sum(2 if ord(ch) >= 0x2E80 else 1 for ch in text)


def sheet_title(title: str) -> str:
    """A title Excel accepts: no []:*?/\\, at most 31 characters, not empty."""
    clean = _BAD_TITLE.sub("_", title).strip("'") or "Sheet"
    return clean[:31]


def header_rows(bilingual: bool = True) -> int:
    """Number of header rows write_sheet puts above the data (importers skip them)."""
    return 2 if bilingual else 1


def new_workbook() -> Workbook:
    """An empty workbook (the default sheet removed) for write_sheet to fill."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    return wb


def _list_formula(wb: Workbook, column: SheetColumn) -> str:
    """Inline list when short and comma-free, else a range on a hidden lists sheet."""
    from openpyxl.utils import get_column_letter, quote_sheetname

    joined = ",".join(column.choices)
    if len(joined) <= 250 and not any(("," in c or '"' in c) for c in column.choices):
        return f'"{joined}"'
    if LISTS_SHEET in wb.sheetnames:
        lists = wb[LISTS_SHEET]
    else:
        lists = wb.create_sheet(LISTS_SHEET)
        lists.sheet_state = "hidden"
    col = lists.max_column + 1 if lists.max_row > 1 or lists["A1"].value is not None else 1
    lists.cell(row=1, column=col, value=column.key)
    for i, choice in enumerate(column.choices, start=2):
        lists.cell(row=i, column=col, value=safe_text(choice))
    letter = get_column_letter(col)
    return f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${len(column.choices) + 1}"


def write_sheet(
    wb: Workbook,
    title: str,
    columns: Sequence[SheetColumn],
    rows: Iterable[Sequence[object]],
    *,
    lang: str = "zh",
    bilingual: bool = True,
    tz: dt.tzinfo | None = None,
    progress: Progress = NULL_PROGRESS,
    paper: SheetPaper | None = None,
) -> Worksheet:
    """Add a sheet: header row(s), data, frozen header, autofilter, widths, drop-downs, and
    the print setup (:func:`page_setup`, header and footer from ``paper``).

    With ``bilingual`` the first row holds headers in ``lang`` and the second row in the
    other language (grey); the autofilter sits on the last header row. Aware datetimes
    are shown in ``tz``. Values go through :func:`safe_text`. Text longer than Excel's
    32,767 characters per cell is cut with a marker, never silently: each cut cell is
    listed on the workbook's notes sheet.
    """
    from openpyxl.utils import get_column_letter

    if lang not in ("zh", "en"):
        raise HmError(f"unknown export language '{lang}'; use zh or en")
    ws = wb.create_sheet(sheet_title(title))
    ncols = len(columns)
    langs = ("zh", "en") if lang == "zh" else ("en", "zh")
    nhead = header_rows(bilingual)
    _write_headers(ws, columns, langs, bilingual)
    widths = [max(_display_width(col.zh), _display_width(col.en)) + 2 for col in columns]
    last_row = _write_rows(wb, ws, title, columns, rows, nhead, tz, widths, progress)
    final_widths = _finish_columns(wb, ws, columns, widths, nhead)
    for h in range(1, nhead + 1):  # header rows tall enough for their wrapped words
        texts = [getattr(col, langs[h - 1]) for col in columns]
        lines = max((_lines(t, w) for t, w in zip(texts, final_widths, strict=True)), default=1)
        ws.row_dimensions[h].height = LINE_HEIGHT * lines
    if ncols:
        ws.freeze_panes = ws.cell(row=nhead + 1, column=1)
        ws.auto_filter.ref = f"A{nhead}:{get_column_letter(ncols)}{last_row}"
    page_setup(ws, final_widths, nhead if ncols else 0, paper)
    return ws


def _write_headers(ws: Worksheet, columns, langs: tuple[str, str], bilingual: bool) -> None:
    """Row 1: the headers in the sheet's language (bold); row 2, when bilingual, in the
    other language (grey italics); both on the header fill, wrapped."""
    from openpyxl.styles import Alignment, Font

    fill = header_fill()
    fonts = (Font(bold=True), Font(italic=True, color="595959"))
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in range(1, header_rows(bilingual) + 1):
        for c, col in enumerate(columns, start=1):
            cell = ws.cell(row=row, column=c, value=safe_text(getattr(col, langs[row - 1])))
            cell.font, cell.fill, cell.alignment = fonts[row - 1], fill, wrap


def _write_rows(wb, ws, title, columns, rows, nhead, tz, widths, progress) -> int:
    """The data rows below the headers (cut, converted, formatted, wrapped); ``widths``
    grows with the first 200 rows' values. Returns the last row written (``nhead`` when
    there is none)."""
    from openpyxl.cell.rich_text import CellRichText
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter

    ncols = len(columns)
    formats = [col.number_format for col in columns]
    wrapping = [c for c, col in enumerate(columns) if col.wrap and col.width]
    cell_wrap = Alignment(wrap_text=True, vertical="top")
    r = nhead
    for r, row in enumerate(rows, start=nhead + 1):  # noqa: B007 (r used after the loop)
        if len(row) > ncols:
            raise HmError(
                f"sheet {title}: data row {r - nhead} has {len(row)} values, expected {ncols}"
            )
        for c, value in enumerate(row, start=1):
            value, cut = _fit_cell(value)
            if cut:
                _note_cut(wb, ws.title, f"{get_column_letter(c)}{r}", cut)
            v = _excel_value(value, tz)
            if v is None:
                continue
            cell = ws.cell(row=r, column=c, value=v)
            if isinstance(v, CellRichText):
                cell.quotePrefix = True  # Excel keeps it text even after the user edits it
            elif isinstance(v, dt.datetime) and not formats[c - 1]:
                cell.number_format = DATETIME_FORMAT
            elif formats[c - 1]:
                cell.number_format = formats[c - 1]
            if r - nhead <= 200:  # size columns from a sample: enough and cheap
                widths[c - 1] = max(widths[c - 1], _display_width(str(v)) + 2)
        if wrapping:
            lines = max(
                (
                    _lines(str(row[c]), columns[c].width)
                    for c in wrapping
                    if c < len(row) and row[c]
                ),
                default=1,
            )
            for c in wrapping:
                ws.cell(row=r, column=c + 1).alignment = cell_wrap
            if lines > 1:
                ws.row_dimensions[r].height = LINE_HEIGHT * lines
        if not (r - nhead) % 1000:
            progress.check()
            progress.report(r - nhead, None, title)
    return max(r, nhead)


def _finish_columns(wb, ws, columns, widths, nhead) -> list[float]:
    """Each column's width (its own, else from its values: 8 to 60) and, for a column of
    choices, the drop-down of its values down to :data:`MAX_ROW`. Returns the widths."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    final_widths = []
    for c, col in enumerate(columns, start=1):
        letter = get_column_letter(c)
        width = col.width or min(max(widths[c - 1], 8), 60)
        final_widths.append(width)
        ws.column_dimensions[letter].width = width
        if col.choices:
            dv = DataValidation(
                type="list",
                formula1=_list_formula(wb, col),
                allow_blank=True,
                showErrorMessage=True,
                errorTitle="无效值 / Invalid value",
                error="请从列表中选择 / Pick a value from the list",
            )
            dv.add(f"{letter}{nhead + 1}:{letter}{MAX_ROW}")
            ws.add_data_validation(dv)
    return final_widths


def _note_cut(wb: Workbook, sheet: str, cell: str, length: int) -> None:
    """List a cut cell on the visible notes sheet (created on first use)."""
    if NOTES_SHEET in wb.sheetnames:
        notes = wb[NOTES_SHEET]
    else:
        notes = wb.create_sheet(NOTES_SHEET)
        notes.append(["工作表 Sheet", "单元格 Cell", "原长度 Length", "说明 Note"])
        for letter, width in zip("ABCD", (24, 10, 14, 80), strict=True):
            notes.column_dimensions[letter].width = width
    notes.append(
        [
            sheet,
            cell,
            length,
            f"超过 Excel 单元格上限 {MAX_CELL_CHARS:,} 字符，已截断 / longer than Excel's "
            f"{MAX_CELL_CHARS:,}-character cell limit: cut",
        ]
    )


def cut_cells(wb: Workbook) -> int:
    """How many cells were cut to Excel's limit while writing ``wb``."""
    return wb[NOTES_SHEET].max_row - 1 if NOTES_SHEET in wb.sheetnames else 0


def save_workbook(wb: Workbook, path: str | os.PathLike[str]) -> Path:
    """Save atomically: a temp file in the same folder, then rename over ``path``.

    An Excel file open on Windows blocks the rename; the message says so.
    """
    target = Path(path)
    if LISTS_SHEET in wb.sheetnames and len(wb.sheetnames) > 1:
        wb.move_sheet(LISTS_SHEET, offset=len(wb.sheetnames) - 1 - wb.sheetnames.index(LISTS_SHEET))
        if wb.active is not None and wb.active.title == LISTS_SHEET:
            wb.active = 0
    try:
        return write_atomic(target, wb.save)
    except HmError:
        for ws in wb.worksheets:  # write-only sheets' row writers: closed now, quietly
            rows = getattr(ws, "_rows", None)
            if rows is not None and hasattr(rows, "close"):
                with contextlib.suppress(Exception):
                    rows.close()
        raise

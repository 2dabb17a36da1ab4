"""Excel export helper used by every hmfield .xlsx (inventory template, wave lists, checklists).

Engineers open these files in Excel or WPS, edit and send them back, so every sheet
gets the same conveniences: bilingual header rows, a frozen header, an autofilter,
readable column widths and drop-down lists for coded columns. And because the data
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

from openpyxl import Workbook
from openpyxl.cell.rich_text import CellRichText
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from hmfield.core.errors import HmError
from hmfield.core.fileutil import write_atomic
from hmfield.core.progress import NULL_PROGRESS, Progress

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")
LISTS_SHEET = "_lists"
MAX_ROW = 1_048_576
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"


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
    return CellRichText([value]) if is_formula_like(value) else value


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
    wb = Workbook()
    wb.remove(wb.active)
    return wb


def _list_formula(wb: Workbook, column: SheetColumn) -> str:
    """Inline list when short and comma-free, else a range on a hidden lists sheet."""
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
) -> Worksheet:
    """Add a sheet: header row(s), data, frozen header, autofilter, widths, drop-downs.

    With ``bilingual`` the first row holds headers in ``lang`` and the second row in the
    other language (grey); the autofilter sits on the last header row. Aware datetimes
    are shown in ``tz``. Values go through :func:`safe_text`.
    """
    if lang not in ("zh", "en"):
        raise HmError(f"unknown export language '{lang}'; use zh or en")
    ws = wb.create_sheet(sheet_title(title))
    ncols = len(columns)
    first_lang, second_lang = ("zh", "en") if lang == "zh" else ("en", "zh")
    nhead = header_rows(bilingual)
    bold = Font(bold=True)
    grey = Font(italic=True, color="595959")
    wrap = Alignment(wrap_text=True, vertical="top")
    for c, col in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=c, value=safe_text(getattr(col, first_lang)))
        cell.font, cell.fill, cell.alignment = bold, HEADER_FILL, wrap
        if bilingual:
            cell = ws.cell(row=2, column=c, value=safe_text(getattr(col, second_lang)))
            cell.font, cell.fill, cell.alignment = grey, HEADER_FILL, wrap

    widths = [max(_display_width(col.zh), _display_width(col.en)) + 2 for col in columns]
    formats = [col.number_format for col in columns]
    r = nhead
    for r, row in enumerate(rows, start=nhead + 1):  # noqa: B007 (r used after the loop)
        if len(row) > ncols:
            raise HmError(
                f"sheet {title}: data row {r - nhead} has {len(row)} values, expected {ncols}"
            )
        for c, value in enumerate(row, start=1):
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
        if not (r - nhead) % 1000:
            progress.check()
            progress.report(r - nhead, None, title)
    last_row = max(r, nhead)

    for c, col in enumerate(columns, start=1):
        letter = get_column_letter(c)
        ws.column_dimensions[letter].width = col.width or min(max(widths[c - 1], 8), 60)
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
    if ncols:
        ws.freeze_panes = ws.cell(row=nhead + 1, column=1)
        ws.auto_filter.ref = f"A{nhead}:{get_column_letter(ncols)}{last_row}"
        ws.print_title_rows = f"1:{nhead}"
    return ws


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

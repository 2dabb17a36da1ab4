"""Export the inventory as our own template: xlsx (for Excel/WPS) or CSV (UTF-8 with BOM).

Why openpyxl write-only: 10,000 hosts x 45 columns is 450,000 cells; the normal worksheet
builds a cell object per value and is ~2x slower. The conveniences of
:mod:`hmfield.core.workbook` (bilingual header, drop-downs, frozen header, autofilter,
widths, formula-safe text) are applied the write-only way: column widths and panes before the
first row, validations and the filter at the end.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.rich_text import CellRichText
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from hmfield.core.errors import HmError
from hmfield.core.fileutil import write_atomic
from hmfield.core.inventory.fields import SPECS
from hmfield.core.inventory.template_layout import (
    BOOL_CHOICES,
    FIELD_ORDER,
    HOSTS_SHEET,
    INFO_SHEET,
    INSTRUCTIONS,
    KEY_FIELD,
    MARKER,
    TEMPLATE_VERSION,
    columns,
)
from hmfield.core.progress import NULL_PROGRESS, Progress
from hmfield.core.workbook import (
    HEADER_FILL,
    LISTS_SHEET,
    MAX_ROW,
    _display_width,
    is_formula_like,
    safe_text,
)

CSV_QUOTE = (
    "'"  # CSV has no "text" flag: formula-like text gets a leading quote, the parser drops it
)


def _cell(value: Any, kind: str, bools: tuple[str, str]) -> Any:
    """A stored value as the template shows it (codes, numbers, yes/no, joined lists)."""
    if value is None:
        return None
    if kind == "bool":
        return bools[0] if value else bools[1]
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value) or None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if value == "":
        return None
    return value


def template_rows(rows: Sequence[Any], lang: str = "zh") -> list[list[Any]]:
    """Plain cell values of every host row (key first), shared by the xlsx and CSV writers."""
    kinds = [SPECS[n].kind for n in FIELD_ORDER]
    bools = BOOL_CHOICES[lang]
    out = []
    for row in rows:
        values = [row.id]
        for name, kind in zip(FIELD_ORDER, kinds, strict=True):
            values.append(_cell(getattr(row, name), kind, bools))
        out.append(values)
    return out


def _inputs(ctx_or_rows: Any) -> tuple[list, str, tuple[str, ...]]:
    """(rows, project id, business system names) from a ServiceContext or a row list."""
    if hasattr(ctx_or_rows, "store"):
        from hmfield.core.inventory.service import InventoryService
        from hmfield.core.inventory.systems import BusinessSystemService

        svc = InventoryService(ctx_or_rows)
        systems = tuple(s.name for s in BusinessSystemService(ctx_or_rows).systems())
        return svc.rows(), ctx_or_rows.store.project_id, systems
    rows = list(ctx_or_rows)
    systems = tuple(
        sorted({r.business_system for r in rows if getattr(r, "business_system", None)})
    )
    return rows, "", systems


def export_inventory(
    ctx_or_rows: Any,
    path: str | os.PathLike[str],
    progress: Progress = NULL_PROGRESS,
    *,
    lang: str = "zh",
    project_id: str | None = None,
) -> Path:
    """Write the template to ``path``: ``.csv`` -> CSV (UTF-8 with BOM), else xlsx."""
    target = Path(path)
    rows, pid, systems = _inputs(ctx_or_rows)
    pid = project_id if project_id is not None else pid
    if lang not in BOOL_CHOICES:
        raise HmError(f"unknown export language '{lang}'; use zh or en")
    data = template_rows(rows, lang)
    if target.suffix.lower() == ".csv":
        return write_atomic(target, lambda tmp: write_csv(tmp, data, lang, progress))
    if target.suffix.lower() not in (".xlsx", ".xlsm"):
        raise HmError(f"{target.name}: export to .xlsx or .csv")
    return write_atomic(target, lambda tmp: write_xlsx(tmp, data, pid, systems, lang, progress))


def write_csv(path: Path, data: list[list[Any]], lang: str, progress: Progress) -> None:
    cols = columns(lang)
    first, second = ("zh", "en") if lang == "zh" else ("en", "zh")
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([getattr(c, first) for c in cols])
        writer.writerow([getattr(c, second) for c in cols])
        for i, values in enumerate(data):
            writer.writerow(
                [
                    ""
                    if v is None
                    else CSV_QUOTE + v
                    if isinstance(v, str) and is_formula_like(v)
                    else v
                    for v in values
                ]
            )
            if not i % 2000:
                progress.check()
                progress.report(i, len(data), path.name)


def write_xlsx(
    path: Path,
    data: list[list[Any]],
    project_id: str,
    systems: tuple[str, ...],
    lang: str,
    progress: Progress,
) -> None:
    cols = columns(lang, systems)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(HOSTS_SHEET)
    info = wb.create_sheet(INFO_SHEET)
    _layout(ws, cols, data)
    _headers(ws, cols, lang)
    total = len(data)
    for i, values in enumerate(data):
        ws.append(_safe_row(ws, values))
        if not i % 1000:
            progress.check()
            progress.report(i, total, HOSTS_SHEET)
    ws.auto_filter.ref = f"A2:{get_column_letter(len(cols))}{max(total + 2, 2)}"
    long_lists = any(len(",".join(c.choices)) > 250 for c in cols)
    lists = wb.create_sheet(LISTS_SHEET) if long_lists else None
    list_cols = _drop_downs(ws, cols)
    _write_info(info, project_id)
    if lists is not None:
        lists.sheet_state = "hidden"
        height = max(len(c) for c in list_cols)
        for r in range(height):
            lists.append([safe_text(c[r]) if r < len(c) else None for c in list_cols])
    progress.check()
    progress.report(total, total, "saving")
    wb.save(path)


def _layout(ws, cols, data: list[list[Any]]) -> None:
    """Column widths (headers and a sample of the rows), the hidden key column, frozen and
    printed header rows."""
    widths = [max(_display_width(c.zh), _display_width(c.en)) + 2 for c in cols]
    for values in data[:200]:  # size columns from a sample: enough and cheap
        for i, v in enumerate(values):
            if v is not None:
                widths[i] = max(widths[i], _display_width(str(v)) + 2)
    for i, col in enumerate(cols):
        dim = ws.column_dimensions[get_column_letter(i + 1)]
        dim.width = col.width or min(max(widths[i], 8), 60)
    ws.column_dimensions["A"].hidden = True
    ws.freeze_panes = "B3"
    ws.print_title_rows = "1:2"


def _headers(ws, cols, lang: str) -> None:
    """Two header rows: the export's language in bold, the other in grey italics."""
    first, second = ("zh", "en") if lang == "zh" else ("en", "zh")
    bold, grey = Font(bold=True), Font(italic=True, color="595959")
    wrap = Alignment(wrap_text=True, vertical="top")
    for lang_key, font in ((first, bold), (second, grey)):
        header = []
        for col in cols:
            cell = WriteOnlyCell(ws, value=getattr(col, lang_key))
            cell.font, cell.fill, cell.alignment = font, HEADER_FILL, wrap
            header.append(cell)
        ws.append(header)


def _safe_row(ws, values: list[Any]) -> list[Any]:
    """The row with every text safe against formula injection (a quoted cell stays text
    even after the user edits it)."""
    for j, v in enumerate(values):
        if v.__class__ is str:
            safe = safe_text(v)
            if safe.__class__ is CellRichText:
                cell = WriteOnlyCell(ws, value=safe)
                cell.quotePrefix = True
                values[j] = cell
            elif safe is not v:
                values[j] = safe
    return values


def _drop_downs(ws, cols) -> list[list[str]]:
    """A list validation per column with choices: inline when short, else a range of the
    hidden lists sheet (returned: its columns). A new business system name is allowed."""
    list_cols: list[list[str]] = []
    for i, col in enumerate(cols):
        if not col.choices:
            continue
        joined = ",".join(col.choices)
        if len(joined) <= 250 and not any("," in c or '"' in c for c in col.choices):
            formula = f'"{joined}"'
        else:
            list_cols.append([col.key, *col.choices])
            letter = get_column_letter(len(list_cols))
            formula = f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${len(col.choices) + 1}"
        strict = col.key != "business_system"  # created on import
        dv = DataValidation(
            type="list",
            formula1=formula,
            allow_blank=True,
            showErrorMessage=strict,
            errorTitle="无效值 / Invalid value",
            error="请从列表中选择 / Pick a value from the list",
        )
        letter = get_column_letter(i + 1)
        dv.add(f"{letter}3:{letter}{MAX_ROW}")
        ws.data_validations.append(dv)
    return list_cols


def _write_info(info, project_id: str) -> None:
    """Bilingual instructions; the hidden column H holds the marker, version and project id."""
    info.column_dimensions["A"].width = 90
    info.column_dimensions["B"].width = 90
    info.column_dimensions["H"].hidden = True
    keys = [MARKER, TEMPLATE_VERSION, project_id or None]
    bold = Font(bold=True, size=13)
    for r, (zh, en) in enumerate(INSTRUCTIONS):
        a, b = WriteOnlyCell(info, value=zh), WriteOnlyCell(info, value=en)
        a.alignment = b.alignment = Alignment(wrap_text=True, vertical="top")
        if r == 0:
            a.font = b.font = bold
        row: list[Any] = [a, b, None, None, None, None, None]
        row.append(keys[r] if r < len(keys) else None)
        info.append(row)


__all__ = ["KEY_FIELD", "export_inventory", "template_rows"]

"""Our own inventory template (xlsx exported by hmfield, or its CSV), read back for re-import.

Why the same validator as the inventory screen: a cell in the template is a value a person
typed, exactly like a cell edited in the table, so it gets the same checks and the same
messages (naming file, sheet, row and column). The hidden host key gives an exact match.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from hmfield.core.errors import HmError, InputError
from hmfield.core.io.aliases import header_key
from hmfield.core.io.detect import Peek
from hmfield.core.io.readers import (
    Table,
    cell_str,
    column_letter,
    find_sheet,
    is_workbook,
    open_workbook,
    read_csv,
    read_sheet,
)
from hmfield.core.io.records import HostRecord, ImportProblem, ParsedInventory
from hmfield.core.io.template_layout import (
    HOSTS_SHEET,
    INFO_SHEET,
    KEY_FIELD,
    KEY_HEADERS,
    MARKER,
    header_lookup,
)
from hmfield.core.progress import NULL_PROGRESS, Progress
from hmfield.core.reports.xlsx import is_formula_like
from hmfield.core.services.inventory_convert import fast_converter
from hmfield.core.services.inventory_fields import SPECS

FORMAT_ID = "template"
LABEL_ZH = "hmfield 主机清单模板 (xlsx/CSV)"
LABEL_EN = "hmfield inventory template (xlsx/CSV)"
EXPECT = "exported by hmfield: a hidden 'Host key' column and bilingual headers"
LIST_FIELDS = ("ips", "macs", "tags")
_NOT_OURS = (
    "not an hmfield inventory template (no 'Host key / 主机键' column); export a template from"
    " hmfield (Inventory > Export) and fill that in, or choose the file's own format"
)


@dataclass
class TemplateRecord(HostRecord):
    """A template row: also names the wave and the owner (the project resolves them)."""

    wave: str | None = None
    owner: str | None = None
    invalid: set[str] = field(default_factory=set)  # fields whose cell was rejected


@dataclass
class TemplateInventory(ParsedInventory):
    """``columns``: the fields the file has (a blank cell there clears the field);
    ``project_id``: the project the template was exported from ("" when unknown)."""

    columns: set[str] = field(default_factory=set)
    project_id: str = ""


def sniff(peek: Peek) -> bool:
    return bool(peek.header & KEY_HEADERS)


def _check_readable(path: Path) -> None:
    """A workbook open in Excel on Windows is locked: say so instead of 'Permission denied'."""
    try:
        with path.open("rb") as fh:
            fh.read(1)
    except PermissionError:
        raise InputError(
            "the file cannot be read: it is open in another program (Excel or WPS?) or you lack"
            " permission; close it there and try again",
            file=path.name,
        ) from None
    except OSError as exc:
        raise InputError(f"cannot open the file ({exc.strerror or exc})", file=path.name) from None


def _read(path: Path) -> tuple[Table, str]:
    """The hosts table and the project id from the instruction sheet."""
    if not is_workbook(path):
        return read_csv(path), ""
    wb, check = open_workbook(path)
    try:
        names = wb.sheet_names
        sheet = find_sheet(names, HOSTS_SHEET) or (names[0] if names else None)
        if sheet is None:
            raise InputError("the workbook has no sheets", file=path.name)
        table = read_sheet(wb, path.name, sheet, check)
        project_id = ""
        info = find_sheet(names, INFO_SHEET)
        if info is not None:
            grid = wb.get_sheet_by_name(info).to_python(skip_empty_area=False)[:10]
            col = [r[7] if len(r) > 7 else None for r in grid]
            if MARKER in col and len(col) > col.index(MARKER) + 2:
                project_id = cell_str(col[col.index(MARKER) + 2]) or ""
        return table, project_id or ""
    finally:
        wb.close()


def parse(path: Path, progress: Progress = NULL_PROGRESS) -> TemplateInventory:
    path = Path(path)
    _check_readable(path)
    table, project_id = _read(path)
    inv = TemplateInventory(format=FORMAT_ID, project_id=project_id)
    lookup = header_lookup()
    index: dict[str, int] = {}
    for i, head in enumerate(table.header):
        name = lookup.get(header_key(head))
        if name is None:
            if head.strip():
                inv.notes.append(
                    f"column {column_letter(i)} ({head}) is not a template column; ignored"
                )
            continue
        index.setdefault(name, i)
    if KEY_FIELD not in index:
        raise InputError(_NOT_OURS, file=table.file, sheet=table.sheet)
    if "name" not in index:
        raise InputError(
            "the template has no 'Name / 名称' column; export a fresh template from hmfield",
            file=table.file,
            sheet=table.sheet,
        )
    inv.columns = {n for n in index if n != KEY_FIELD}
    total = len(table.rows)
    convert = {name: fast_converter(name) for name in index if name != KEY_FIELD}
    blank = {n: [] if n in LIST_FIELDS else "" if n == "notes" else None for n in convert}
    blank.pop("name", None)  # a blank name is an error, not a value
    key_col = index[KEY_FIELD]
    for done, (row_no, values) in enumerate(table.rows, 1):
        if done % 1000 == 0:
            progress.check()
            progress.report(done, total, table.file)
        if done <= 2 and header_key(values[key_col]) in KEY_HEADERS:
            continue  # the second-language header row
        rec = _record(inv, table, index, convert, blank, row_no, values)
        if rec is not None:
            inv.hosts.append(rec)
    return inv


def _record(
    inv: TemplateInventory,
    table: Table,
    index: dict[str, int],
    convert: dict,
    blank: dict,
    row_no: int,
    values: list,
) -> TemplateRecord | None:
    kw: dict = {}
    invalid: set[str] = set()
    is_csv = table.sheet is None
    width = len(values)
    for name, col in index.items():
        raw = values[col] if col < width else None
        if raw is None or raw == "":
            if name in blank:
                kw[name] = blank[name]
                continue
            raw = None
        elif is_csv and raw.__class__ is str and raw[:1] == "'" and is_formula_like(raw[1:]):
            raw = raw[1:]  # our CSV's guard against formulas
        if name == KEY_FIELD:
            kw["host_id"] = cell_str(raw)
            continue
        try:
            kw[name] = convert[name](raw)
        except HmError as exc:
            last = name == "name"
            inv.problems.append(
                ImportProblem(
                    f"{exc}; row left out" if last else f"{exc}; value ignored",
                    table.file,
                    table.sheet,
                    row_no,
                    f"{column_letter(col)} ({table.header[col]})",
                )
            )
            if last:
                return None
            invalid.add(name)  # a bad cell leaves the stored value alone
    rec = TemplateRecord(source_file=table.file, sheet=table.sheet, row=row_no, **kw)
    rec.invalid = invalid
    return rec


__all__ = ["SPECS", "TemplateInventory", "TemplateRecord", "parse", "sniff"]

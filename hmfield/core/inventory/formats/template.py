"""Our own inventory template (xlsx exported by hmfield, or its CSV), read back for re-import.

Why the same validator as the inventory screen: a cell in the template is a value a person
typed, exactly like a cell edited in the table, so it gets the same checks and the same
messages (naming file, sheet, row and column). The hidden host key gives an exact match.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import MISSING, dataclass, field, fields
from pathlib import Path

from hmfield.core.errors import HmError, InputError
from hmfield.core.inventory.convert import fast_converter
from hmfield.core.inventory.fields import SPECS
from hmfield.core.inventory.formats.aliases import header_key
from hmfield.core.inventory.formats.credentials import is_secret
from hmfield.core.inventory.formats.detect import Peek
from hmfield.core.inventory.formats.readers import (
    SheetTable,
    cell_str,
    column_letter,
    find_sheet,
    is_workbook,
    open_workbook,
    read_csv,
    read_sheet,
)
from hmfield.core.inventory.template_layout import (
    HOSTS_SHEET,
    INFO_SHEET,
    KEY_FIELD,
    KEY_HEADERS,
    MARKER,
    header_lookup,
)
from hmfield.core.model.records import HostRecord, ImportProblem, ParsedInventory
from hmfield.core.progress import NULL_PROGRESS, Progress
from hmfield.core.workbook import is_formula_like

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
    column_names: dict[str, str] = field(default_factory=dict)  # field -> "H (Owner)"


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


def _read(path: Path) -> tuple[SheetTable, str]:
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
    index = _column_index(inv, table)
    inv.columns = {n for n in index if n != KEY_FIELD}
    inv.column_names = {n: f"{column_letter(c)} ({table.header[c]})" for n, c in index.items()}
    convert = {name: fast_converter(name) for name in index if name != KEY_FIELD}
    blank = {n: [] if n in LIST_FIELDS else "" if n == "notes" else None for n in convert}
    blank.pop("name", None)  # a blank name is an error, not a value
    rows = table.rows
    key_col = index[KEY_FIELD]
    heads = {i for i in range(min(2, len(rows))) if header_key(rows[i][1][key_col]) in KEY_HEADERS}
    skip = len(heads) if heads in ({0}, {0, 1}) else 0  # header rows left out of the columns
    keys, columns, bad = _columns(table, index, convert, blank, skip)
    build = _builder(keys, table)
    cells = [()] * skip + list(zip(*columns, strict=True))
    numbers = [row_no for row_no, _ in rows]
    special = sorted(bad | heads)  # rows that are skipped or redone
    total = len(rows)
    # chunks end where the row loop used to report progress (before rows 1000, 2000, ...)
    for start in range(0, total + 1, 1000):
        if start:
            progress.check()
            progress.report(start, total, table.file)
        lo, hi = max(start - 1, 0), min(start + 999, total)
        first = bisect_left(special, lo)
        if first == len(special) or special[first] >= hi:
            inv.hosts.extend(map(build, cells[lo:hi], numbers[lo:hi]))
            continue
        for i in range(lo, hi):
            if i in heads:
                continue  # the second-language header row
            row_no, values = rows[i]
            if i in bad:
                rec = _record(inv, table, index, convert, blank, row_no, values)
                if rec is not None:
                    inv.hosts.append(rec)
            else:
                inv.hosts.append(build(cells[i], row_no))
    return inv


def _column_index(inv: TemplateInventory, table) -> dict[str, int]:
    """Each template field's column (the first of a repeated one); a credential column is
    dropped unread and named, another unknown column noted; no key or name column: not our
    template (refused)."""
    lookup = header_lookup()
    index: dict[str, int] = {}
    for i, head in enumerate(table.header):
        name = lookup.get(header_key(head))
        if name is None:
            if head.strip() and is_secret(head):
                inv.dropped_columns.append(head)  # never read; named so the person knows
                inv.notes.append(f"credential column {head!r} dropped; its values were not read")
            elif head.strip():
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
    return index


def _columns(table, index, convert, blank, skip: int) -> tuple[list[str], list[list], set[int]]:
    """Column by column: one converter and one memo per column (a column repeats few values).
    Returns the record keys, the converted columns and the rows with a rejected cell (redone
    by _record, which words the problems)."""
    is_csv = table.sheet is None
    grid = list(
        zip(*[values for _, values in table.rows[skip:]], strict=False)
    )  # rows may be longer
    keys: list[str] = []
    columns: list[list] = []
    bad: set[int] = set()
    for name, col in index.items():
        column = grid[col] if grid else ()
        if name == KEY_FIELD:
            keys.append("host_id")
            columns.append(_key_column(column, is_csv))
            continue
        keys.append(name)
        values = _whole_column(name, column, is_csv)
        if values is not None:
            columns.append(values)
            continue
        single = _ONE_IP if name == "ips" else _ONE_ITEM
        values, rejected = _convert_column(
            column, convert[name], blank.get(name, _BAD), is_csv, single
        )
        columns.append(values)
        bad.update(i + skip for i in rejected)
    return keys, columns, bad


_BAD = object()  # marks a rejected cell (or a blank name) in a converted column
# records are built by filling __dict__ from a prototype (3x faster than 45 keyword
# arguments); only while the dataclass has no hooks that __init__ would run
_FAST_BUILD = not hasattr(TemplateRecord, "__post_init__") and "__slots__" not in vars(
    TemplateRecord
)
_FACTORIES = tuple(
    (f.name, f.default_factory) for f in fields(TemplateRecord) if f.default_factory is not MISSING
)


def _key_column(values: tuple, is_csv: bool) -> list:
    """The hidden host keys as text (``None`` when blank)."""
    out = []
    for raw in values:
        if is_csv and raw.__class__ is str and raw[:1] == "'" and is_formula_like(raw[1:]):
            raw = raw[1:]
        out.append(cell_str(raw))
    return out


def _whole_column(name: str, values: tuple, is_csv: bool) -> list | None:
    """A column converted in a few C-level passes when every cell takes the converter's fast
    path (a unique column such as names, UUIDs or sizes); ``None`` otherwise."""
    spec = SPECS[name]
    if not values or set(map(type, values)) != ({str} if spec.kind in ("text", "ref") else {float}):
        return None
    if spec.kind in ("text", "ref"):
        joined = "".join(values)
        if (
            name != "notes"
            and "\n" not in joined
            and "\r" not in joined
            and not (is_csv and "'" in joined)
            and "" not in values
            and max(map(len, values)) <= 10_000
            and list(map(str.strip, values)) == list(values)
        ):
            return list(values)
        return None
    if (
        spec.kind in ("int", "mib")
        and all(map(float.is_integer, values))
        and (spec.minimum is None or min(values) >= spec.minimum)
        and (spec.maximum is None or max(values) <= spec.maximum)
    ):
        return list(map(int, values))
    return None


def _convert_column(
    values: tuple, conv, blank: object, is_csv: bool, single: re.Pattern = None
) -> tuple[list, list[int]]:
    """Converted cells of one column and the positions of rejected ones.

    ``blank`` is the value of an empty cell (``_BAD`` when empty is an error). A result is a
    function of the cell alone, so each distinct value is converted once, except that list
    results are never shared between records (list columns go cell by cell; a cell that
    ``single`` matches whole is a one-item list as the converter would return it).
    """
    n = len(values)
    if blank.__class__ is list:
        if values.count(None) + values.count("") == n:
            return [[] for _ in range(n)], []
        out = [
            []
            if raw is None or raw == ""
            else [raw]
            if raw.__class__ is str and single.fullmatch(raw)
            else _convert_one(conv, raw, is_csv)
            for raw in values
        ]
        return out, [i for i, r in enumerate(out) if r is _BAD]
    if values.count(None) == n:
        return [blank] * n, [] if blank is not _BAD else list(range(n))
    table = dict.fromkeys(values)
    if any(k.__class__ in _NUMBERS for k in table) and len(set(map(type, values)) & _NUMBERS) > 1:
        # 1, 1.0 and True are one dict key but not one cell: convert cell by cell
        out = [blank if raw is None else _convert_one(conv, raw, is_csv) for raw in values]
        return out, [i for i, r in enumerate(out) if r is _BAD]
    # each distinct value once; equal keys of one type convert alike (0.0, -0.0 give 0 or "0")
    rejected = False
    for raw in table:
        r = blank if raw is None or raw == "" else _convert_one(conv, raw, is_csv)
        table[raw] = r
        rejected = rejected or r is _BAD
    out = list(map(table.__getitem__, values))
    return out, [i for i, r in enumerate(out) if r is _BAD] if rejected else []


_NUMBERS = frozenset({bool, int, float})
# one list item needing no split or strip (a MAC, a tag; not "'" our CSV's formula guard)
_ONE_ITEM = re.compile(r"[^,;，；、\s'][^,;，；、\s]*")
# one canonical IPv4 address (what ipaddress prints back unchanged)
_ONE_IP = re.compile(
    r"(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
)


def _convert_one(conv, raw: object, is_csv: bool) -> object:
    if is_csv and raw.__class__ is str and raw[:1] == "'" and is_formula_like(raw[1:]):
        raw = raw[1:]  # our CSV's guard against formulas
    try:
        return conv(raw)
    except HmError:
        return _BAD


def _builder(keys: list[str], table: SheetTable):
    """A function (cells, row_no) -> TemplateRecord equal to the keyword-argument build."""
    base = {"source_file": table.file, "sheet": table.sheet}
    if not _FAST_BUILD:
        return lambda cells, row_no: TemplateRecord(
            row=row_no, **base, **dict(zip(keys, cells, strict=True))
        )
    proto = TemplateRecord(**base).__dict__
    fresh = tuple((n, f) for n, f in _FACTORIES if n not in keys)
    new = object.__new__

    def build(cells: tuple, row_no: int) -> TemplateRecord:
        d = proto.copy()  # field order kept: the updates below only replace values
        d.update(zip(keys, cells, strict=True))
        for name, factory in fresh:
            d[name] = factory()
        d["row"] = row_no
        rec = new(TemplateRecord)
        rec.__dict__ = d
        return rec

    return build


def _record(
    inv: TemplateInventory,
    table: SheetTable,
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
                    f"{exc}; row left out" if last else str(exc),
                    table.file,
                    table.sheet,
                    row_no,
                    f"{column_letter(col)} ({table.header[col]})",
                )
            )
            if last:
                inv.skip("no_name", "", table.sheet, row_no, str(exc))
                return None
            invalid.add(name)  # a bad cell leaves the stored value alone
    rec = TemplateRecord(source_file=table.file, sheet=table.sheet, row=row_no, **kw)
    rec.invalid = invalid
    return rec


__all__ = ["SPECS", "TemplateInventory", "TemplateRecord", "parse", "sniff"]

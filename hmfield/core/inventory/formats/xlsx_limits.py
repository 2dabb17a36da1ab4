"""Limits checked before a workbook reaches calamine: what an inventory can be, measured.

A 41 KB xlsx can claim (in a sheet's ``<dimension>`` tag, or with one cell) the range
A1:XFD1048576; calamine reserves memory for the claimed range up front (549 GB: the process
aborts) and a single cell at A1048576 makes it build a million rows. A zip member can inflate
to gigabytes. So before calamine sees an xlsx, this module:

* checks the zip's declared sizes: total inflated size and each large member's ratio;
* inflates every worksheet itself (bounded by those sizes, in chunks: little memory) and
  measures the used range from the cells' own references, never trusting ``<dimension>``;
* refuses a sheet whose measured range is beyond any inventory (rows, columns, cells) with a
  message naming the file and the sheet;
* when only the ``<dimension>`` tag lies, hands calamine a copy in memory with the tag set
  to the measured range, so an honest sheet in a badly written file is still read.

Real exports stay far inside: RVTools for 10,000 VMs is ~10,000 rows by ~90 columns.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from hmfield.core.errors import InputError
from hmfield.core.inventory.formats import prefetch

MAX_INFLATED = 1024 * 1024 * 1024  # all members together, as declared in the zip
MAX_RATIO = 200.0  # declared inflated / compressed size of one member ...
RATIO_MIN_SIZE = 32 * 1024 * 1024  # ... once it inflates beyond this (one long cell is no bomb)
MAX_ROWS = 500_000
MAX_COLUMNS = 2_000
MAX_CELLS = 30_000_000  # measured rows x columns: what calamine allocates
MAX_SMALL_PART = 16 * 1024 * 1024  # workbook.xml and its relationships
CHUNK = 1024 * 1024
_TAIL = 256  # bytes kept between chunks so a reference cut in two is still matched

# the same cell references, one group each: findall then yields bytes, not tuples, and the
# maxima come from sets (a few hundred distinct columns, one row number per row), so a
# 10,000-VM export is measured in ~0.7 s instead of ~1.8 s of per-match Python
_CELL_COLUMN = re.compile(rb"<c\b[^>]*?\sr=\"([A-Za-z]{1,4})\d")
_CELL_ROW = re.compile(rb"<c\b[^>]*?\sr=\"[A-Za-z]{1,4}(\d{1,9})\"")
_DIMENSION = re.compile(rb"<dimension\b[^>]*?\sref=\"([^\"]*)\"[^>]*>")
_RANGE = re.compile(r"^\$?([A-Za-z]{1,4})\$?(\d{1,9})(?::\$?([A-Za-z]{1,4})\$?(\d{1,9}))?$")
_ATTR = re.compile(r"([\w:]+)\s*=\s*\"([^\"]*)\"")
_TAG = re.compile(r"<(?:\w+:)?(sheet|Relationship)\b([^>]*)>")


@dataclass(frozen=True)
class SheetExtent:
    """A worksheet's used range as its cells say (1-based), and what its tag claims."""

    name: str
    member: str
    rows: int
    columns: int
    declared: tuple[int, int] | None  # (rows, columns) of <dimension>, None when absent

    @property
    def text(self) -> str:
        return f"A1:{_letters(self.columns)}{self.rows}" if self.rows else "nothing"


def _letters(n: int) -> str:
    out = ""
    while n > 0:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out or "A"


def _column(letters: bytes | str) -> int:
    n = 0
    for ch in letters.upper() if isinstance(letters, str) else letters.decode().upper():
        n = n * 26 + ord(ch) - 64
    return n


_CHECKED: dict[tuple, bytes | None] = {}  # an import opens a workbook two or three times


def check_xlsx(path: Path) -> bytes | None:
    """Refuse an xlsx beyond an inventory's size; return the bytes of a corrected copy when
    only its dimension tags lie (None: read the file as it is)."""
    try:
        st = path.stat()
        key = (str(path.resolve()), st.st_size, st.st_mtime_ns)
    except OSError:
        key = None
    if key is not None and key in _CHECKED:
        return _CHECKED[key]
    # measured already by the CLI import's reader process (formats/prefetch.py), else here
    found = None if prefetch.checked(path) else _check(path)
    if key is not None:
        if len(_CHECKED) >= 4:
            _CHECKED.pop(next(iter(_CHECKED)))
        _CHECKED[key] = found
    return found


def _check(path: Path) -> bytes | None:
    name = path.name
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            _check_sizes(name, infos)
            sheets = _worksheets(zf, name)
            extents = [_measure(zf, name, sheet, member) for sheet, member in sheets]
            for ext in extents:
                _check_extent(name, ext)
            lying = [e for e in extents if e.declared is not None and _lies(e)]
            return _corrected(zf, lying) if lying else None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, KeyError):
        raise InputError(
            "the workbook is truncated or damaged (incomplete download or copy?);"
            " copy it again from the source or re-export it",
            file=name,
        ) from None
    except (NotImplementedError, RuntimeError) as exc:  # unknown compression, encryption
        raise InputError(
            f"the workbook cannot be read ({exc}); open it in Excel and save it again as .xlsx",
            file=name,
        ) from None


def _check_sizes(name: str, infos: list[zipfile.ZipInfo]) -> None:
    total = sum(i.file_size for i in infos)
    if total > MAX_INFLATED:
        raise InputError(
            f"the workbook unpacks to {total // (1024 * 1024)} MB; at most "
            f"{MAX_INFLATED // (1024 * 1024)} MB is an inventory: check the file choice, or "
            "remove unneeded sheets and save it again",
            file=name,
        )
    for info in infos:
        if info.file_size > RATIO_MIN_SIZE and info.file_size > MAX_RATIO * max(
            info.compress_size, 1
        ):
            raise InputError(
                f"part {info.filename} inflates {info.file_size // max(info.compress_size, 1)}"
                " times (a zip bomb?); this is no inventory export: check the file choice",
                file=name,
            )


def _small_part(zf: zipfile.ZipFile, member: str) -> str:
    info = zf.getinfo(member)
    if info.file_size > MAX_SMALL_PART:
        raise zipfile.BadZipFile(member)
    return zf.read(member).decode("utf-8", errors="replace")


def _worksheets(zf: zipfile.ZipFile, name: str) -> list[tuple[str, str]]:
    """(sheet name, zip member) of every worksheet, from workbook.xml and its relationships;
    any xl/worksheets/*.xml not listed is measured too (calamine might still read it)."""
    names = set(zf.namelist())
    listed: list[tuple[str, str]] = []
    if "xl/workbook.xml" in names and "xl/_rels/workbook.xml.rels" in names:
        targets = {}
        for tag, attrs in _TAG.findall(_small_part(zf, "xl/_rels/workbook.xml.rels")):
            if tag == "Relationship":
                a = dict(_ATTR.findall(attrs))
                target = a.get("Target", "")
                member = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
                targets[a.get("Id", "")] = str(PurePosixPath(member))
        for tag, attrs in _TAG.findall(_small_part(zf, "xl/workbook.xml")):
            if tag == "sheet":
                a = dict(_ATTR.findall(attrs))
                rid = next((v for k, v in a.items() if k.endswith(":id")), "")
                member = targets.get(rid)
                if member in names:
                    listed.append((a.get("name", member), member))
    seen = {m for _s, m in listed}
    for member in sorted(names):
        if member.startswith("xl/worksheets/") and member.endswith(".xml") and member not in seen:
            listed.append((PurePosixPath(member).stem, member))
    return listed


def _measure(zf: zipfile.ZipFile, name: str, sheet: str, member: str) -> SheetExtent:
    """Inflate ``member`` in chunks and find the largest row and column any cell names.
    Rows without cells (LibreOffice writes formatted empty rows down to 1048576) do not
    count: calamine builds its range from cells.
    Each chunk is searched with the end of the one before (``_TAIL`` bytes), so a reference
    cut in two is found whole the second time; a maximum does not mind seeing it twice."""
    rows = columns = 0
    declared = None
    tail = b""
    with zf.open(member) as fh:
        while chunk := fh.read(CHUNK):
            data = tail + chunk
            if declared is None and not tail:
                m = _DIMENSION.search(data)
                declared = _declared(m.group(1).decode("ascii", "replace")) if m else None
            found_rows = set(_CELL_ROW.findall(data))
            if found_rows:
                rows = max(rows, max(map(int, found_rows)))
                columns = max(columns, max(map(_column, set(_CELL_COLUMN.findall(data)))))
            if rows > MAX_ROWS or columns > MAX_COLUMNS:
                break  # refused: no need to inflate the rest
            tail = data[-_TAIL:]
    return SheetExtent(sheet, member, rows, columns, declared)


def _declared(ref: str) -> tuple[int, int] | None:
    m = _RANGE.match(ref.strip())
    if not m:
        return None
    col, row = m.group(3) or m.group(1), m.group(4) or m.group(2)
    return int(row), _column(col)


def _check_extent(name: str, ext: SheetExtent) -> None:
    if ext.rows > MAX_ROWS or ext.columns > MAX_COLUMNS or ext.rows * ext.columns > MAX_CELLS:
        where = (
            f"cells reach row {ext.rows:,}"
            if ext.rows > MAX_ROWS
            else f"cells reach column {_letters(ext.columns)} ({ext.columns:,} columns)"
        )
        raise InputError(
            f"its {where}; an inventory has at most {MAX_ROWS:,} rows and {MAX_COLUMNS:,} "
            "columns: delete the stray cells far below or right of the data (Ctrl+End shows "
            "them) and save it again",
            file=name,
            sheet=ext.name,
        )


def _lies(ext: SheetExtent) -> bool:
    rows, columns = ext.declared or (0, 0)
    return rows > ext.rows or columns > ext.columns


def _corrected(zf: zipfile.ZipFile, lying: list[SheetExtent]) -> bytes:
    """The workbook with each lying ``<dimension>`` set to the measured range (in memory:
    the file is under the import size limit)."""
    fix = {e.member: e for e in lying}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in zf.infolist():
            if info.filename not in fix:
                dst.writestr(info, zf.read(info), compress_type=info.compress_type)
                continue
            ext = fix[info.filename]
            ref = f'<dimension ref="{ext.text if ext.rows else "A1"}"/>'.encode()
            with zf.open(info) as src, dst.open(info.filename, "w") as sink:
                head = src.read(CHUNK)
                sink.write(_DIMENSION.sub(ref, head, count=1))
                while chunk := src.read(CHUNK):
                    sink.write(chunk)
    return out.getvalue()

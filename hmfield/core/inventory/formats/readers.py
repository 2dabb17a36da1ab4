"""Low-level readers: xlsx (python-calamine) and CSV into rows of plain Python values.

Why a layer of its own: every importer needs the same guarantees: refuse oversized input,
explain damaged or encrypted files in one line, keep the row numbers the user sees in Excel,
and read values the same way whatever program wrote the file. Format modules only map columns.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import python_calamine as pc

from hmfield.core.errors import InputError
from hmfield.core.inventory.formats import prefetch
from hmfield.core.inventory.formats.xlsx_limits import check_xlsx

MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_CELL_CHARS = 1024 * 1024

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")

_TRUE = frozenset({"true", "yes", "y", "1", "on", "是", "真", "对", "启用", "支持", "x", "✓"})
_FALSE = frozenset({"false", "no", "n", "0", "off", "否", "假", "不", "禁用", "不支持"})


@dataclass
class SheetTable:
    """One sheet (or one CSV file): its header and its non-blank data rows.

    ``rows`` holds ``(row_number, values)`` where ``row_number`` is 1-based as shown by a
    spreadsheet program and ``values`` is padded to at least the header's width.
    """

    file: str
    sheet: str | None
    header: list[str]
    header_row: int
    rows: list[tuple[int, list]] = field(default_factory=list)


# --------------------------------------------------------------------------- cell helpers


def cell_str(value: object) -> str | None:
    """Text of a cell, trimmed; ``None`` for blank. Whole floats lose their ``.0``."""
    if value is None:
        return None
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value).strip() or None


def cell_float(value: object) -> float | None:
    """Number in a cell; accepts ``1,234.5``, ``45%`` and full-width digits. Raises ValueError."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(f"not a number: {value}")
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        text = value.strip().replace(",", "").replace("\u00a0", "").rstrip("%").strip()
        if not text:
            return None
        try:
            return float(text)
        except ValueError:
            raise ValueError(f"not a number: {value.strip()[:40]!r}") from None
    raise ValueError(f"not a number: {value!s:.40}")


def cell_int(value: object) -> int | None:
    """Whole number in a cell (``4.0`` -> 4). Raises ValueError for ``4.5`` or text."""
    number = cell_float(value)
    if number is None:
        return None
    if not number.is_integer():
        raise ValueError(f"not a whole number: {number:g}")
    return int(number)


def cell_bool(value: object) -> bool | None:
    """Boolean from True/TRUE/yes/是/1 and the like; ``None`` for blank. Raises ValueError."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value != 0
    text = str(value).strip().casefold()
    if not text:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(f"not a yes/no value: {str(value).strip()[:40]!r}")


def cell_date(value: object) -> dt.date | None:
    """Date in a cell, ``None`` for blank or the 1969/1970 "unknown" placeholder."""
    if isinstance(value, dt.datetime):
        value = value.date()
    elif isinstance(value, str):
        text = value.strip()[:10]
        if not text:
            return None
        try:
            value = dt.date.fromisoformat(text.replace("/", "-"))
        except ValueError:
            return None
    if not isinstance(value, dt.date) or value.year <= 1970:
        return None
    return value


def column_letter(index: int) -> str:
    """0-based column index -> Excel letters (0 -> A, 27 -> AB)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


# --------------------------------------------------------------------------- file checks


def _is_blank(row: list) -> bool:
    """No value other than empty or whitespace text (0 and False are values)."""
    if any(row):  # fast path: the first truthy cell usually settles it
        return not any(c.__class__ is not str or c.strip() for c in row if c)
    return not any(c is not None and c.__class__ is not str for c in row)


def check_file(path: Path) -> bytes:
    """Refuse missing, empty and oversized files; return the first bytes for sniffing."""
    name = path.name
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise InputError(f"cannot open the file ({exc.strerror or exc})", file=name) from None
    if size == 0:
        raise InputError("the file is empty; export the inventory again", file=name)
    if size > MAX_FILE_BYTES:
        raise InputError(
            f"the file is {size // (1024 * 1024)} MB; at most {MAX_FILE_BYTES // (1024 * 1024)}"
            " MB can be imported: split it or remove unneeded sheets",
            file=name,
        )
    return head


def is_workbook(path: Path) -> bool:
    """True when the file looks like a spreadsheet container (zip or OLE2), not text."""
    head = check_file(path)
    return head.startswith(ZIP_MAGIC) or head.startswith(OLE2_MAGIC)


def _largest_member(path: Path) -> int:
    """Biggest uncompressed part of an xlsx; explains damaged zips in one line."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, EOFError):
        raise InputError(
            "the workbook is truncated or damaged (incomplete download or copy?);"
            " copy it again from the source or re-export it",
            file=path.name,
        ) from None
    return max((i.file_size for i in infos), default=0)


def open_workbook(path: Path) -> tuple[pc.CalamineWorkbook, bool]:
    """Open an xlsx/xls with calamine; return it and whether cells need a size check.
    An xlsx is measured first (``xlsx_limits``): a workbook beyond any inventory is refused
    before calamine allocates for it."""
    name = path.name
    head = check_file(path)
    need_cell_check = True
    corrected = None
    if head.startswith(OLE2_MAGIC):
        with path.open("rb") as fh:
            blob = fh.read(4 * 1024 * 1024)
        if _ENCRYPTION_STREAM in blob:
            raise InputError(
                "the workbook is password-protected; open it in Excel, remove the password"
                " (File > Info > Protect Workbook) and save it again as .xlsx",
                file=name,
            )
    elif head.startswith(ZIP_MAGIC):
        need_cell_check = _largest_member(path) > MAX_CELL_CHARS
        corrected = check_xlsx(path)  # sizes and used ranges, before calamine sees it
    else:
        raise InputError(
            "not an Excel workbook (.xlsx); save it from the spreadsheet program as .xlsx or CSV",
            file=name,
        )
    try:
        if corrected is not None:  # only its <dimension> tags were wrong
            return pc.CalamineWorkbook.from_filelike(io.BytesIO(corrected)), need_cell_check
        return pc.CalamineWorkbook.from_path(str(path)), need_cell_check
    except pc.PasswordError:
        raise InputError(
            "the workbook is password-protected; remove the password and save it again",
            file=name,
        ) from None
    except (pc.CalamineError, pc.ZipError, pc.XmlError, ValueError, OSError) as exc:
        raise InputError(
            f"the workbook cannot be read ({_short(exc)}); open it in Excel and save it again"
            " as .xlsx",
            file=name,
        ) from None


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:120]


def _check_cells(file: str, sheet: str | None, row_no: int, values: list) -> None:
    """Refuse a cell over MAX_CELL_CHARS; one C-level join per row keeps the common case cheap."""
    if len("".join(filter(str.__instancecheck__, values))) <= MAX_CELL_CHARS:
        return
    for col, value in enumerate(values):
        if value.__class__ is str and len(value) > MAX_CELL_CHARS:
            raise InputError(
                f"a cell holds {len(value) // 1024} KB of text; at most 1 MB per cell is"
                " accepted: check that the right file was chosen",
                file=file,
                sheet=sheet,
                row=row_no,
                column=column_letter(col),
            )


def _to_table(
    file: str, sheet: str | None, raw: list[list], first_row: int, check: bool
) -> SheetTable:
    """Find the header (first non-blank row), drop blank rows, pad short rows."""
    table = SheetTable(file=file, sheet=sheet, header=[], header_row=0)
    width = 0
    for offset, values in enumerate(raw):
        if _is_blank(values):
            continue
        row_no = first_row + offset
        if check:
            _check_cells(file, sheet, row_no, values)
        if not table.header_row:
            table.header = [cell_str(v) or "" for v in values]
            table.header_row = row_no
            width = len(values)
            continue
        if len(values) < width:
            values = list(values) + [""] * (width - len(values))
        table.rows.append((row_no, values))
    if not table.header_row:
        raise InputError("the sheet is empty (no header row found)", file=file, sheet=sheet)
    return table


# The sheet a format sniffer read for its header (the first sheet: RVTools' vInfo, 10,000
# rows), kept for the parser that follows so the biggest sheet is read once, not twice.
# One entry; taken by the next read of the same sheet of the same file, dropped by parse_file.
_PEEKED: dict[tuple, SheetTable] = {}


def _sheet_key(wb: pc.CalamineWorkbook, sheet: str, check: bool) -> tuple | None:
    path = getattr(wb, "path", None)
    if not path:
        return None  # a corrected copy in memory: nothing to recognise it by
    try:
        st = Path(path).stat()
    except OSError:
        return None
    return (str(Path(path).resolve()), st.st_size, st.st_mtime_ns, sheet, check)


def peek_sheet(wb: pc.CalamineWorkbook, file: str, sheet: str, check: bool = True) -> SheetTable:
    """:func:`read_sheet`, keeping the table for the next read of the same sheet."""
    table = read_sheet(wb, file, sheet, check)
    key = _sheet_key(wb, sheet, check)
    _PEEKED.clear()
    if key is not None:
        _PEEKED[key] = table
    return table


def forget_peeked() -> None:
    _PEEKED.clear()


def read_sheet(wb: pc.CalamineWorkbook, file: str, sheet: str, check: bool = True) -> SheetTable:
    """Read one sheet of an opened workbook into a :class:`SheetTable`."""
    if _PEEKED:
        key = _sheet_key(wb, sheet, check)
        if key in _PEEKED:
            return _PEEKED.pop(key)
    fetched = prefetch.take(getattr(wb, "path", None), sheet, check)  # a worker's reading
    if fetched is not None:
        fetched.file = file
        return fetched
    try:
        ws = wb.get_sheet_by_name(sheet)
        raw = ws.to_python(skip_empty_area=True)
        start = ws.start
    except (pc.CalamineError, pc.XmlError, pc.ZipError, ValueError) as exc:
        raise InputError(
            f"the sheet cannot be read ({_short(exc)}); open the workbook in Excel and save it"
            " again",
            file=file,
            sheet=sheet,
        ) from None
    first_row = (start[0] + 1) if start else 1
    del ws  # calamine's copy of the cells is freed here ...
    table = _to_table(file, sheet, raw, first_row, check)
    del raw
    give_back_memory()  # ... and handed back to the system before the next sheet is read
    return table


_LIBC: list = []  # [] not looked up yet; [None] not glibc


def give_back_memory() -> None:
    """Return freed heap pages to the system (glibc's ``malloc_trim``; elsewhere nothing).
    A 10,000-VM export frees ~50 MB per sheet that glibc would otherwise keep, and the
    import's peak is what the laptop has to spare; a trim costs a few milliseconds."""
    if not _LIBC:
        try:
            import ctypes

            libc = ctypes.CDLL("libc.so.6")
            _LIBC.append(libc if hasattr(libc, "malloc_trim") else None)
        except OSError:
            _LIBC.append(None)
    if _LIBC[0] is not None:
        _LIBC[0].malloc_trim(0)


def find_sheet(names: list[str], wanted: str) -> str | None:
    """Sheet name matching ``wanted`` ignoring case and surrounding spaces."""
    key = wanted.strip().casefold()
    for name in names:
        if name.strip().casefold() == key:
            return name
    return None


# --------------------------------------------------------------------------- CSV


def decode_text(data: bytes, file: str) -> str:
    """Decode CSV bytes: BOMs first, then UTF-8, then GB18030 (a superset of GBK/GB2312)."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise InputError(
            "the file is neither a workbook nor readable text (UTF-8 or GBK); check that the"
            " right file was chosen, or save it as CSV UTF-8",
            file=file,
        ) from None


def _delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def read_csv(path: Path) -> SheetTable:
    """Read a CSV file into a :class:`SheetTable`; the row numbers match the spreadsheet view."""
    file = path.name
    check_file(path)
    text = decode_text(path.read_bytes(), file)
    if "\x00" in text:
        raise InputError(
            "the file contains binary data and is not a CSV inventory; check the file choice",
            file=file,
        )
    first_line = text.split("\n", 1)[0]
    check = len(text) > MAX_CELL_CHARS
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first_line))
    raw: list[list] = []
    csv.field_size_limit(MAX_FILE_BYTES)
    try:
        for values in reader:  # record N is row N when the CSV is opened in Excel
            raw.append(values)
    except csv.Error as exc:
        raise InputError(
            f"the CSV is malformed ({_short(exc)}); save it again from the spreadsheet program",
            file=file,
            row=len(raw) + 1,
        ) from None
    table = SheetTable(file=file, sheet=None, header=[], header_row=0)
    width = 0
    for row_no, values in enumerate(raw, start=1):
        if _is_blank(values):
            continue
        if check:
            _check_cells(file, None, row_no, values)
        if not table.header_row:
            table.header = [v.strip() for v in values]
            table.header_row, width = row_no, len(values)
            continue
        if len(values) < width:
            values = values + [""] * (width - len(values))
        table.rows.append((row_no, values))
    if not table.header_row:
        raise InputError("the file has no header row", file=file)
    return table


def read_first_table(path: Path) -> SheetTable:
    """CSV file, or the first sheet of a workbook (templates saved as .xlsx)."""
    if not is_workbook(path):
        return read_csv(path)
    wb, check = open_workbook(path)
    try:
        names = wb.sheet_names
        if not names:
            raise InputError("the workbook has no sheets", file=path.name)
        return read_sheet(wb, path.name, names[0], check)
    finally:
        wb.close()

"""Hostile or broken workbooks, made here byte by byte: measured before calamine sees them.

Before the limits, the first two aborted the whole process (calamine reserved 549 GB for the
claimed range A1:XFD1048576: exit 134), one cell at A1048576 took 61 s and 4 GB, and a sheet
inflating to 1.2 GB was read at 1.25 GB of memory. Each is run in a child process that reports
its time and peak memory (``resource.getrusage``): refused (or, when only the dimension tag
lies, read) in under 5 s of CPU time (wall time swings on a busy machine) with a peak under
500 MB."""

from __future__ import annotations

import json
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from hmfield.core.inventory.formats import xlsx_limits

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)  # fmt: skip
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)  # fmt: skip
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="vInfo" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>"
)  # fmt: skip
SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)


def cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def data_rows(n: int) -> str:
    """A small honest inventory: a header and ``n`` VMs (about 40 KB zipped at n=2000)."""
    out = [f'<row r="1">{cell("A1", "VM")}{cell("B1", "Powerstate")}{cell("C1", "CPUs")}</row>']
    for i in range(2, n + 2):
        out.append(
            f'<row r="{i}">{cell(f"A{i}", f"vm-{i:05d}-{i * 7919 % 100003}")}'
            f'{cell(f"B{i}", "poweredOn")}<c r="C{i}"><v>{i % 16 + 1}</v></c></row>'
        )
    return "".join(out)


def sheet(dimension: str, body: str) -> bytes:
    return (
        f'{SHEET_HEAD}<dimension ref="{dimension}"/><sheetData>{body}</sheetData></worksheet>'
    ).encode()


def deflate(data: bytes) -> bytes:
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


def write_zip(path: Path, members: dict[str, tuple[list[bytes], int, int]]) -> Path:
    """A zip written by hand: name -> (raw deflate pieces, crc32, inflated size), so a member
    can inflate to more than the test ever holds in memory."""
    central, offset = [], 0
    with path.open("wb") as fh:
        for name, (pieces, crc, size) in members.items():
            raw_name = name.encode()
            csize = sum(len(p) for p in pieces)
            head = struct.pack(
                "<4sHHHHHIIIHH",
                b"PK\x03\x04",
                20,
                0,
                8,
                0,
                0x21,
                crc,
                csize,
                size,
                len(raw_name),
                0,
            )
            fh.write(head + raw_name)
            for piece in pieces:
                fh.write(piece)
            central.append(
                struct.pack(
                    "<4sHHHHHHIIIHHHHHII",
                    b"PK\x01\x02",
                    20,
                    20,
                    0,
                    8,
                    0,
                    0x21,
                    crc,
                    csize,
                    size,
                    len(raw_name),
                    0,
                    0,
                    0,
                    0,
                    0,
                    offset,
                )  # fmt: skip
                + raw_name
            )
            offset += len(head) + len(raw_name) + csize
        directory = b"".join(central)
        fh.write(directory)
        fh.write(
            struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(central), len(central),
                        len(directory), offset, 0)
        )  # fmt: skip
    return path


def small(data: bytes | str) -> tuple[list[bytes], int, int]:
    data = data.encode() if isinstance(data, str) else data
    return [deflate(data)], zlib.crc32(data), len(data)


def workbook(path: Path, sheet_member: tuple[list[bytes], int, int]) -> Path:
    return write_zip(
        path,
        {
            "[Content_Types].xml": small(CONTENT_TYPES),
            "_rels/.rels": small(ROOT_RELS),
            "xl/workbook.xml": small(WORKBOOK),
            "xl/_rels/workbook.xml.rels": small(WORKBOOK_RELS),
            "xl/worksheets/sheet1.xml": sheet_member,
        },
    )


def bomb_sheet(inflated: int) -> tuple[list[bytes], int, int]:
    """A sheet of one cell and ``inflated`` bytes of blanks, deflated as one repeated block
    (full flushes make the blocks independent, so they can be repeated)."""
    head = f'{SHEET_HEAD}<dimension ref="A1"/><sheetData><row r="1">{cell("A1", "VM")}</row>'
    tail = b"</sheetData></worksheet>"
    mb = b" " * (1 << 20)
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    first = c.compress(head.encode()) + c.flush(zlib.Z_FULL_FLUSH)
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    block = c.compress(mb) + c.flush(zlib.Z_FULL_FLUSH)
    last = deflate(tail)
    count = inflated // len(mb)
    crc = zlib.crc32(head.encode())
    for _ in range(count):
        crc = zlib.crc32(mb, crc)
    crc = zlib.crc32(tail, crc)
    size = len(head.encode()) + count * len(mb) + len(tail)
    return [first, *([block] * count), last], crc, size


PROBE = r"""
import json, resource, sys, time
from pathlib import Path
from hmfield.core.errors import InputError
from hmfield.core.inventory.formats import readers
t = time.process_time()  # CPU time: a busy machine does not make it longer
path = Path(sys.argv[1])
try:
    wb, check = readers.open_workbook(path)
    table = readers.read_sheet(wb, path.name, wb.sheet_names[0], check)
    wb.close()
    out = {"rows": len(table.rows), "header": table.header}
except InputError as exc:
    out = {"refused": str(exc)}
out["seconds"] = time.process_time() - t
# this process's own peak: /proc's VmHWM is the memory of this program since it started;
# ru_maxrss carries over the parent's peak through fork and exec (a test run grown past
# 500 MB would fail every probe)
status = Path("/proc/self/status")
hwm = [line for line in status.read_text().splitlines() if line.startswith("VmHWM:")] \
    if status.exists() else []
kib = int(hwm[0].split()[1]) if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
out["peak_mb"] = kib / 1024
print(json.dumps(out))
"""


def probe(path: Path) -> dict:
    """Open and read the workbook in a child process: its result, time and peak memory."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(path)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, f"exit {done.returncode}: {done.stderr[-500:]}"
    result = json.loads(done.stdout)
    assert result["seconds"] < 5, result
    assert result["peak_mb"] < 500, result
    return result


def test_dimension_tag_claiming_the_whole_sheet_is_re_measured_and_read(tmp_path):
    path = workbook(tmp_path / "dimension.xlsx", small(sheet("A1:XFD1048576", data_rows(2000))))
    assert 30_000 < path.stat().st_size < 60_000  # the 41 KB file of the report
    result = probe(path)
    assert result["rows"] == 2000 and result["header"] == ["VM", "Powerstate", "CPUs"]


def test_one_cell_at_xfd1048576_is_refused_naming_file_and_sheet(tmp_path):
    body = data_rows(1000) + f'<row r="1048576">{cell("XFD1048576", "x")}</row>'
    path = workbook(tmp_path / "corner.xlsx", small(sheet("A1:C1001", body)))
    result = probe(path)
    assert result["refused"].startswith("corner.xlsx, sheet vInfo: its cells reach row 1,048,576")


def test_one_cell_at_a1048576_is_refused(tmp_path):
    body = data_rows(1000) + f'<row r="1048576">{cell("A1048576", "x")}</row>'
    path = workbook(tmp_path / "far.xlsx", small(sheet("A1:C1048576", body)))
    assert "its cells reach row 1,048,576" in probe(path)["refused"]


def test_far_column_is_refused(tmp_path):
    body = data_rows(10) + f'<row r="5">{cell("ZZZ5", "x")}</row>'
    path = workbook(tmp_path / "wide.xlsx", small(sheet("A1:C11", body)))
    assert "sheet vInfo: its cells reach column ZZZ (18,278 columns)" in probe(path)["refused"]


def test_zip_bomb_sheet_of_1_2_gb_is_refused(tmp_path):
    path = workbook(tmp_path / "bomb.xlsx", bomb_sheet(1200 << 20))
    assert path.stat().st_size < 2_000_000
    refused = probe(path)["refused"]
    assert refused.startswith("bomb.xlsx: the workbook unpacks to 1200 MB; at most 1024 MB")


def test_zip_bomb_under_the_total_is_refused_by_its_ratio(tmp_path):
    path = workbook(tmp_path / "ratio.xlsx", bomb_sheet(300 << 20))
    refused = probe(path)["refused"]
    assert "part xl/worksheets/sheet1.xml inflates" in refused and "zip bomb" in refused


def test_declared_size_smaller_than_the_data_is_damage_not_a_read(tmp_path):
    pieces, crc, size = bomb_sheet(40 << 20)
    path = workbook(tmp_path / "liar.xlsx", (pieces, crc, 1000))  # claims 1000 bytes
    assert "truncated or damaged" in probe(path)["refused"]


@pytest.mark.parametrize("name", ["kubev2v-example1.xlsx", "nutanix-billsample.xlsx"])
def test_real_exports_pass_the_limits(name):
    """LibreOffice writes A1:CL1048576 and formatted empty rows to the last row: the cells
    are what counts, and they are few."""
    path = Path(__file__).parents[3] / "fixtures" / "rvtools" / name
    xlsx_limits._CHECKED.clear()
    xlsx_limits.check_xlsx(path)  # no InputError

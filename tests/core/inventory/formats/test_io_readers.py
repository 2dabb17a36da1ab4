"""Readers: cell helpers, CSV encodings, blank rows and row numbers, and bad files."""

from __future__ import annotations

import datetime as dt
import os
import zipfile

import io_gen as gen
import pytest

from hmfield.core.errors import InputError
from hmfield.core.inventory.formats import readers
from hmfield.core.inventory.formats.readers import (
    cell_bool,
    cell_date,
    cell_float,
    cell_int,
    cell_str,
)
from hmfield.core.inventory.formats.registry import parse_file


@pytest.mark.parametrize(
    ("value", "expected"),
    [("True", True), ("TRUE", True), ("yes", True), ("是", True), (True, True), (1.0, True),
     ("False", False), ("FALSE", False), ("no", False), ("否", False), (0.0, False),
     ("", None), (None, None), ("  ", None)],
)  # fmt: skip
def test_cell_bool(value, expected):
    assert cell_bool(value) is expected


def test_cell_bool_rejects_other_text():
    with pytest.raises(ValueError, match="maybe"):
        cell_bool("maybe")


def test_cell_numbers_and_text():
    assert cell_int(4.0) == 4 and cell_int(" 1,024 ") == 1024 and cell_int("") is None
    assert cell_float("45%") == 45.0 and cell_float(2) == 2.0
    with pytest.raises(ValueError, match="whole"):
        cell_int(4.5)
    with pytest.raises(ValueError, match="not a number"):
        cell_float("abc")
    with pytest.raises(ValueError):
        cell_float(True)
    assert cell_str(8192.0) == "8192" and cell_str(1.5) == "1.5" and cell_str("  x ") == "x"
    assert cell_str(False) == "False" and cell_str("   ") is None
    assert cell_str(dt.date(2024, 1, 2)) == "2024-01-02"


def test_cell_date_ignores_unknown_epoch():
    assert cell_date(dt.datetime(1970, 1, 1)) is None
    assert cell_date("1969-12-31 16:00") is None
    assert cell_date(dt.datetime(2023, 5, 1, 8)) == dt.date(2023, 5, 1)
    assert cell_date("2023/05/01") == dt.date(2023, 5, 1)


def test_column_letter():
    assert [readers.column_letter(i) for i in (0, 25, 26, 27, 701)] == ["A", "Z", "AA", "AB", "ZZ"]


@pytest.mark.parametrize(
    ("encoding", "bom"), [("utf-8", True), ("utf-8", False), ("gbk", False), ("gb18030", False)]
)
def test_csv_encodings(tmp_path, encoding, bom):
    path = gen.write_csv(
        tmp_path / "x.csv", ["主机名", "IP"], [["服务器一", "10.0.0.1"]], encoding=encoding, bom=bom
    )
    table = readers.read_csv(path)
    assert table.header == ["主机名", "IP"]
    assert table.rows == [(2, ["服务器一", "10.0.0.1"])]


def test_csv_blank_rows_keep_numbers_and_short_rows_padded(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("a;b;c\n\n1;2\n;;\n4;5;6\n", encoding="utf-8")
    table = readers.read_csv(path)
    assert table.header == ["a", "b", "c"]
    assert table.rows == [(3, ["1", "2", ""]), (5, ["4", "5", "6"])]


def test_xlsx_row_numbers_match_excel(tmp_path):
    path = gen.write_xlsx(
        tmp_path / "x.xlsx", {"S": [[None], ["h1", "h2"], ["a", 1], [None, None], ["b", 2]]},
        blank_tail=50,
    )  # fmt: skip
    wb, _ = readers.open_workbook(path)
    table = readers.read_sheet(wb, path.name, "S")
    assert table.header_row == 2 and table.header == ["h1", "h2"]
    assert [n for n, _ in table.rows] == [3, 5]


def _expect_error(path, *fragments):
    with pytest.raises(InputError) as info:
        parse_file(path)
    message = str(info.value)
    assert message.startswith(path.name), message
    assert "\n" not in message
    for fragment in fragments:
        assert fragment in message, message
    return info.value


def test_empty_file(tmp_path):
    path = tmp_path / "inventory.xlsx"
    path.write_bytes(b"")
    _expect_error(path, "empty")


def test_random_junk(tmp_path):
    for name in ("junk.xlsx", "junk.csv"):
        path = tmp_path / name
        path.write_bytes(os.urandom(4096))
        _expect_error(path, "neither a workbook nor readable text")


def test_binary_nul_text(tmp_path):
    path = tmp_path / "nul.csv"
    path.write_bytes(b"a,b\x00\x00,c\n")
    _expect_error(path, "binary data")


def test_wrong_format_lists_expected(tmp_path):
    path = gen.write_csv(tmp_path / "other.csv", ["colour", "size"], [["red", "L"]])
    _expect_error(path, "not recognised", "RVTools", "Prophet", "Azure Migrate", "vSphere")
    wb = gen.write_xlsx(tmp_path / "other.xlsx", {"Sheet1": [["colour"], ["red"]]})
    _expect_error(wb, "not recognised")


def test_password_protected(tmp_path):
    path = tmp_path / "locked.xlsx"  # an encrypted OOXML file is an OLE2 container
    path.write_bytes(
        readers.OLE2_MAGIC + b"\0" * 504 + "EncryptionInfo".encode("utf-16-le") + b"\0" * 2048
    )
    _expect_error(path, "password-protected", "remove the password")


def test_damaged_ole2(tmp_path):
    path = tmp_path / "old.xls"
    path.write_bytes(readers.OLE2_MAGIC + b"\0" * 4096)
    _expect_error(path, "cannot be read", "save it again")


def test_truncated_xlsx(tmp_path):
    good = gen.write_rvtools(tmp_path / "good.xlsx")
    path = tmp_path / "cut.xlsx"
    path.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    _expect_error(path, "truncated or damaged")


def test_damaged_member_in_zip(tmp_path):
    path = tmp_path / "bad.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", "<not xml")
    _expect_error(path, "cannot be read")


def test_huge_cell_xlsx_names_row_and_column(tmp_path):
    path = gen.write_xlsx_big_cell(tmp_path / "big.xlsx")
    err = _expect_error(path, "at most 1 MB per cell")
    assert (err.sheet, err.row, err.column) == ("vInfo", 3, "C")


def test_huge_cell_csv_names_row_and_column(tmp_path):
    rows = [["a", "1"], ["b", "x" * (10 * 1024 * 1024)]]
    path = gen.write_csv(tmp_path / "big.csv", ["Name", "State"], rows)
    err = _expect_error(path, "at most 1 MB per cell")
    assert (err.row, err.column) == (3, "B")


def test_oversized_file_refused(tmp_path, monkeypatch):
    path = gen.write_csv(tmp_path / "x.csv", ["Name", "State"], [["a", "on"]] * 100)
    monkeypatch.setattr(readers, "MAX_FILE_BYTES", 100)
    _expect_error(path, "at most")


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="cannot open"):
        parse_file(tmp_path / "nope.csv")

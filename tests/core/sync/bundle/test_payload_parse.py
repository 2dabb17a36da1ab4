"""Parsing a JSON-lines member in slices (so the GIL is released between them): the same
rows as one parse of the whole, and every malformed line still named, wherever the slices
fall."""

from __future__ import annotations

import json
import random
from types import SimpleNamespace

import pytest

from hmfield.core.sync.bundle import payload_read
from hmfield.core.sync.bundle.errors import BundleError
from hmfield.core.sync.bundle.payload_read import _Reader

MEMBER = "data/tables/host.jsonl"


def _reader() -> _Reader:
    opened = SimpleNamespace(display="b.hmbundle", member=None)
    return _Reader(opened)  # type: ignore[arg-type]


def _parse(text: bytes) -> list:
    return _reader().parse_lines(MEMBER, text, 1, text.count(b"\n") + 1)


def _rows(count: int) -> list[list]:
    rnd = random.Random(count)
    return [
        [f"id{i:05}", rnd.randint(-9, 10**12), "李敏" * rnd.randint(0, 3), None, [i, {"k": "v"}]]
        for i in range(count)
    ]


@pytest.mark.parametrize("slice_size", [1, 7, 64, 1000, 1 << 20])
def test_slices_give_the_rows_of_one_parse(monkeypatch, slice_size):
    monkeypatch.setattr(payload_read, "PARSE_SLICE", slice_size)
    rows = _rows(500)
    text = "\n".join(json.dumps(r, ensure_ascii=False) for r in rows).encode()
    assert _parse(text) == rows
    assert _parse(b"[1]") == [[1]]


@pytest.mark.parametrize("slice_size", [1, 7, 64, 1000, 1 << 20])
@pytest.mark.parametrize("bad_line", [1, 2, 250, 499, 500])
def test_a_bad_line_is_named_wherever_the_slices_fall(monkeypatch, slice_size, bad_line):
    monkeypatch.setattr(payload_read, "PARSE_SLICE", slice_size)
    lines = [json.dumps(r, ensure_ascii=False) for r in _rows(500)]
    lines[bad_line - 1] = '["cut short", '
    with pytest.raises(BundleError, match=f"line {bad_line} is not valid JSON"):
        _parse("\n".join(lines).encode())


@pytest.mark.parametrize("slice_size", [1, 7, 64, 1000, 1 << 20])
@pytest.mark.parametrize("where", ["middle", "end"])
def test_two_values_on_a_line_and_an_empty_line_are_refused(monkeypatch, slice_size, where):
    """A line holding two rows and an empty line elsewhere give as many values as lines:
    refused all the same (the first bad line is named), also when the empty line falls
    between slices."""
    monkeypatch.setattr(payload_read, "PARSE_SLICE", slice_size)
    lines = [json.dumps(r) for r in _rows(40)]
    lines[3] = lines[3] + "," + lines[4]
    if where == "end":
        lines.append("")
    else:
        lines.insert(20, "")
    with pytest.raises(BundleError, match="line 4 is not valid JSON"):
        _parse("\n".join(lines).encode())


def test_not_utf8_is_refused(monkeypatch):
    monkeypatch.setattr(payload_read, "PARSE_SLICE", 4)
    with pytest.raises(BundleError, match="is not UTF-8 text"):
        _parse(b'["a"]\n["\xff"]\n["b"]')


@pytest.mark.parametrize("slice_size", [1, 64, 1 << 20])
def test_values_json_reads_and_orjson_does_not_are_read_as_json_reads_them(monkeypatch, slice_size):
    """The fast parse is orjson's; a line it refuses that json reads (a whole number beyond
    64 bits, NaN) falls back to json line by line: the rows are json's, nothing refused."""
    monkeypatch.setattr(payload_read, "PARSE_SLICE", slice_size)
    rows = _rows(50)
    rows[10][1] = 2**70
    rows[30][1] = float("inf")
    text = "\n".join(json.dumps(r, ensure_ascii=False) for r in rows).encode()
    assert _parse(text) == rows


def test_unicode_escapes_and_lone_surrogates_read_as_json_reads_them():
    text = b'["\\u674e\\u654f"]\n["\\ud800"]\n["ok"]'
    assert _parse(text) == [json.loads(line) for line in text.decode().split("\n")]

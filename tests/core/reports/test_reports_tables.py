"""data_table: cheap plain cells where safe, wrapped cells where needed, pages that fit."""

from __future__ import annotations

import pytest

from hmfield.core.errors import HmError
from hmfield.core.reports import data_table
from hmfield.core.reports.tables import PEN_ROW_HEIGHT


def test_short_cells_stay_plain_and_long_cells_wrap():
    t = data_table(["a", "b"], [["host-1", "迁移" * 40], [12, None]], [80, 80])
    row0, row1 = t.rows
    assert row0[0] == "host-1" and row0[1].count("\n") >= 2  # broken into lines here
    assert row0[1].replace("\n", "") == "迁移" * 40  # nothing lost, nothing added
    assert row1 == ["12", ""]
    assert t.heights[0] > t.heights[1]  # the wrapped cell made its row taller


def test_newlines_and_markup_characters_are_kept_literally():
    t = data_table(["a"], [["x < y & z\nsecond line"]], [200])
    cell = t.rows[0][0]
    assert cell.split("\n") == ["x < y & z", "second line"]  # a plain string: no markup


def test_pen_columns_are_blank_and_rows_tall_enough_to_write():
    t = data_table(["item", "sign"], [["check backups", "ignored"]], [100, 100], pen_columns=[1])
    assert t.rows[0] == ["check backups", ""]
    assert t.heights[0] >= PEN_ROW_HEIGHT
    assert t.header_height < PEN_ROW_HEIGHT
    assert not t.zebra  # plain grid to write on


def test_split_repeats_header_and_keeps_every_row_once():
    rows = [[i, f"h{i}"] for i in range(100)]
    t = data_table(["n", "host"], rows, [50, 100])
    seen, pieces, part, first_rows = [], 0, t, []
    while True:
        out = part.split(300, 200)
        assert out, "no progress"
        page = out[0]
        pieces += 1
        data = page._cellvalues
        assert [str(c) if isinstance(c, str) else c.getPlainText() for c in data[0]] == [
            "n",
            "host",
        ]
        first_rows.append(data[1][0])
        seen += [r[0] for r in data[1:]]
        if len(out) == 1:
            break
        part = out[1]
    assert seen == [str(i) for i in range(100)]
    assert pieces > 3
    assert len(part) == len(data) - 1 and part.rows[0][0] == first_rows[-1]  # the last view


def _stripes(page) -> list:
    """The ROWBACKGROUNDS cycle a page table was given (reportlab keeps it as given)."""
    return next(c[3] for c in page._bkgrndcmds if c[0] == "ROWBACKGROUNDS")


def test_zebra_stripes_follow_the_row_across_pages():
    from hmfield.core.reports.document import GREY_ZEBRA

    rows = [[i, "two\nlines" if i % 7 == 0 else f"h{i}"] for i in range(101)]
    part = data_table(["n", "host"], rows, [50, 100])
    starts = []
    while True:
        out = part.split(300, 190)
        page = out[0]
        first = int(page._cellvalues[1][0])
        starts.append(first)
        # the whole table's stripes: even rows plain, odd rows grey, on every page
        assert _stripes(page) == ([None, GREY_ZEBRA] if first % 2 == 0 else [GREY_ZEBRA, None])
        if len(out) == 1:
            break
        part = out[1]
    assert any(s % 2 for s in starts) and any(s % 2 == 0 for s in starts[1:])  # both cases


def test_what_is_left_after_a_page_is_measured_without_copying_rows():
    rows = [[i, "x\ny" if i % 3 else "x"] for i in range(50)]
    t = data_table(["n", "v"], rows, [50, 100])
    total = t.wrap(300, 10_000)[1]
    first, rest = t.split(300, 200)
    assert rest._rows is t._rows  # a view of the same rows
    page_rows = len(first._cellvalues) - 1
    assert len(rest) == 50 - page_rows
    assert rest.wrap(300, 10_000)[1] == pytest.approx(total - sum(t.heights[:page_rows]))
    assert rest.head_height(2) == pytest.approx(t.header_height + sum(t.heights[page_rows:][:2]))


def test_shape_errors_are_clear():
    with pytest.raises(HmError, match="2 headers but 3 column widths"):
        data_table(["a", "b"], [], [1, 2, 3])
    with pytest.raises(HmError, match="row 2 has 3 cells"):
        data_table(["a", "b"], [[1, 2], [1, 2, 3]], [10, 10])
    with pytest.raises(HmError, match="alignment"):
        data_table(["a"], [], [10], align=["middle"])


def test_a_row_taller_than_a_page_is_cut_and_every_line_printed_once():
    """A row taller than TALL_ROW (a long step text) is cut where the page ends: its lines
    that fit here, the rest at the top of the next page under the header, keeping its stripe."""
    from hmfield.core.reports.document import GREY_ZEBRA

    long = "\n".join(f"line {i}" for i in range(120))
    rows = [[0, "short"], [1, "short"], [2, "short"], [3, long], [4, "after"]]
    part = data_table(["n", "text"], rows, [40, 200])
    assert part.heights[3] > 120 * 72 / 25.4  # taller than TALL_ROW
    seen_lines, numbers, continued = [], [], []
    for _ in range(20):
        out = part.split(300, 400)
        assert out, "no progress"
        page = out[0]
        assert [str(c) for c in page._cellvalues[0]] == ["n", "text"]
        if page._cellvalues[1][0] == "":  # the tall row's rest heads this page
            continued.append(_stripes(page))
        for cells in page._cellvalues[1:]:
            numbers.append(cells[0])
            if cells[1].startswith("line"):
                seen_lines += cells[1].split("\n")
        if len(out) == 1:
            break
        part = out[1]
    assert seen_lines == [f"line {i}" for i in range(120)]
    assert [n for n in numbers if n] == ["0", "1", "2", "3", "4"]
    # row 3 is odd: grey wherever its lines are printed
    assert continued and all(c == [GREY_ZEBRA, None] for c in continued)

"""Long data tables for printed reports (inventory, waves, runbook steps, checklists).

A printed list of 10,000 hosts must build about as fast as reportlab can draw plain
strings, yet no cell may be clipped. Two things make that possible:

* each cell takes the cheapest safe form, a plain string: one line when it surely fits
  (checked first by length against the widest glyph, then by measuring), else the lines
  ``typeset.break_lines`` makes (Chinese rules, Latin words whole), drawn one per line;
* row heights are computed once, here, and the table pages itself: each page becomes a
  small reportlab Table (header row + the rows that fit) with fixed row heights. A plain
  reportlab LongTable re-scans and re-copies all remaining rows at every page break,
  which grows with rows x pages.

Grey shades only (zebra rows, header band) so the table reads in black and white.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import accumulate, islice

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.platypus import Flowable, Table, TableStyle

from hmfield.core.errors import HmError
from hmfield.core.progress import NULL_PROGRESS, Progress
from hmfield.core.reports.document import GREY_HEADER, GREY_RULE, GREY_ZEBRA
from hmfield.core.reports.fonts import FONT_NAME, register_fonts
from hmfield.core.reports.typeset import break_lines

CELL_PAD_X = 3.0
CELL_PAD_Y = 2.0
PEN_ROW_HEIGHT = 8 * mm
"""Row height when some columns are left blank to fill in by pen."""
TALL_ROW = 120 * mm
"""Rows taller than this may be split inside the row (they may not fit any page)."""

_ALIGN = {"left": "LEFT", "right": "RIGHT", "center": "CENTER", "centre": "CENTER"}
_FUZZ = 1e-6


def _max_glyph_em() -> float:
    """Widest advance in the font, in em: a string of n chars is never wider than n * this."""
    face = getFont(register_fonts()).face
    return max(max(face.charWidths.values(), default=1000.0), face.defaultWidth) / 1000.0


class DataTable(Flowable):
    """A table that splits itself page by page with a repeated header row.

    Holds the converted cells and their precomputed row heights; ``split`` cuts at the
    last row that fits and hands reportlab one fixed-height Table per page. What is left
    after a page is a view of the same lists from a later row (``start``), and the heights'
    running sums are computed once: copying the remaining rows, or summing their heights,
    at every page made a 50,000-host list quadratic (6 s of its 42).
    """

    def __init__(
        self,
        header: list[object],
        rows: list[list[object]],
        heights: list[float],
        header_height: float,
        col_widths: list[float],
        commands: list[tuple],
        zebra: bool,
        first_index: int = 0,
        leading: float = 10.4,
        *,
        start: int = 0,
        sums: list[float] | None = None,
    ) -> None:
        super().__init__()
        self.header = header
        self._rows = rows  # every row of the table; this one shows those from ``start``
        self._heights = heights
        self.start = start
        # sums[i]: the height of rows[:i]; shared by every view of the same rows
        self._sums = sums if sums is not None else [0.0, *accumulate(heights)]
        self.header_height = header_height
        self.col_widths = col_widths
        self.commands = commands
        self.zebra = zebra
        self.first_index = first_index  # the stripe parity of rows[0] in the whole table
        self.leading = leading
        self._table: Table | None = None

    @property
    def rows(self) -> list[list[object]]:
        return self._rows[self.start :]

    @property
    def heights(self) -> list[float]:
        return self._heights[self.start :]

    def __len__(self) -> int:
        return len(self._rows) - self.start

    def _page_table(self, start: int, stop: int) -> Table:
        """The rows ``start:stop`` of this view as one fixed-height reportlab Table."""
        a, b = self.start + start, self.start + stop
        rows = self._rows[a:b]
        cmds = list(self.commands)
        if self.zebra and rows:
            # keep the stripe parity of the whole table across pages
            cycle = [None, GREY_ZEBRA] if (self.first_index + a) % 2 == 0 else [GREY_ZEBRA, None]
            cmds.append(("ROWBACKGROUNDS", (0, 1), (-1, -1), cycle))
        heights = [self.header_height, *self._heights[a:b]]
        table = Table(
            [self.header, *rows],
            colWidths=self.col_widths,
            rowHeights=heights,
            repeatRows=1,
        )
        table.setStyle(TableStyle(cmds))
        return table

    def _rest(self, start: int) -> DataTable:
        """This view from its row ``start`` on: the same lists, nothing copied."""
        return DataTable(
            self.header,
            self._rows,
            self._heights,
            self.header_height,
            self.col_widths,
            self.commands,
            self.zebra,
            self.first_index,
            self.leading,
            start=self.start + start,
            sums=self._sums,
        )

    def _rows_height(self, count: int | None = None) -> float:
        """The height of this view's first ``count`` rows (all when None)."""
        end = len(self._rows) if count is None else min(self.start + count, len(self._rows))
        return self._sums[end] - self._sums[self.start]

    def head_height(self, rows: int = 3) -> float:
        """Height of the header and the first rows: what must fit below a heading."""
        return self.header_height + self._rows_height(rows)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width = sum(self.col_widths)
        self.height = self.header_height + self._rows_height()
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        used = self.header_height
        k = 0
        for h in islice(self._heights, self.start, None):
            if used + h > availHeight + _FUZZ:
                break
            used += h
            k += 1
        if k == len(self):
            return [self._page_table(0, k)]
        if k == 0:
            if len(self) and self._heights[self.start] > TALL_ROW:
                return self._split_row(availHeight)
            return []
        return [self._page_table(0, k), self._rest(k)]

    def _split_row(self, avail_height: float) -> list[Flowable]:
        """A row taller than the page left: its lines that fit here, the rest at the
        top of the next page (under the repeated header). Cells are plain strings, one per line."""
        fit = int((avail_height - self.header_height - 2 * CELL_PAD_Y - _FUZZ) // self.leading)
        if fit < 3:
            return []  # too little room: start the row on the next page
        head, tail = [], []
        parity = self.first_index + self.start  # the stripe of the row cut in two
        for cell in self._rows[self.start]:
            lines = cell.split("\n") if isinstance(cell, str) else [cell]
            head.append("\n".join(lines[:fit]) if isinstance(cell, str) else cell)
            rest = lines[fit:]
            tail.append("\n".join(rest) if rest else "")
        more = max((len(c.split("\n")) for c in tail if isinstance(c, str)), default=1)
        first = DataTable(
            self.header, [head], [fit * self.leading + 2 * CELL_PAD_Y], self.header_height,
            self.col_widths, self.commands, self.zebra, parity, self.leading,
        )  # fmt: skip
        rest = DataTable(
            self.header,
            [tail, *self.rows[1:]],
            [more * self.leading + 2 * CELL_PAD_Y, *self.heights[1:]],
            self.header_height, self.col_widths, self.commands, self.zebra, parity, self.leading,
        )  # fmt: skip
        return [first._page_table(0, 1), rest]

    def draw(self) -> None:
        table = self._page_table(0, len(self))
        table.wrapOn(self.canv, self.width, self.height)
        table.drawOn(self.canv, 0, 0)


def data_table(
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    col_widths: Sequence[float],
    *,
    font_size: float = 8.0,
    zebra: bool = True,
    pen_columns: Sequence[int] = (),
    pen_row_height: float = PEN_ROW_HEIGHT,
    align: Sequence[str | None] | None = None,
    progress: Progress = NULL_PROGRESS,
) -> DataTable:
    """A data table with the header row repeated on every page and cells that never clip.

    ``rows`` hold any values (None prints blank; others via ``str``). Columns listed in
    ``pen_columns`` print empty with rows at least ``pen_row_height`` tall, for filling
    in by hand when the report is printed before the event (such tables get a full grid
    and no zebra, so the pen has lines to follow). ``align`` gives per-column
    'left'/'right'/'center' for short (plain) cells. Raises HmError on shape mistakes.
    """
    ncols = len(headers)
    if len(col_widths) != ncols:
        raise HmError(f"data table has {ncols} headers but {len(col_widths)} column widths")
    font = register_fonts()
    leading = round(font_size * 1.3, 2)
    pen = set(pen_columns)
    widths = [float(w) for w in col_widths]
    fit = _CellFit(font, font_size, leading, widths)
    blank_cols = [c in pen for c in range(ncols)]
    line_h = leading + 2 * CELL_PAD_Y
    base_h = max(line_h, pen_row_height) if pen else line_h
    header, header_h = fit.row(headers, [False] * ncols, line_h)
    data: list[list[object]] = []
    heights: list[float] = []
    for n, row in enumerate(rows, start=1):
        if len(row) > ncols:
            raise HmError(f"data table row {n} has {len(row)} cells, expected {ncols}")
        cells, h = fit.row(row, blank_cols, base_h)
        data.append(cells)
        heights.append(h)
        if not n % 1000:
            progress.check()
            progress.report(n, None, "table rows")
    cmds = _style(font, font_size, leading, bool(pen), align)
    return DataTable(
        header, data, heights, header_h, widths, cmds, zebra and not pen, leading=leading
    )


class _CellFit:
    """Cells as reportlab draws them cheapest: one plain string per line. A long value is
    broken here by typeset.break_lines (Latin words, numbers and closing punctuation kept
    as Chinese print wants) and its row made tall enough."""

    def __init__(self, font: str, font_size: float, leading: float, widths: list[float]):
        self.font, self.font_size, self.leading = font, font_size, leading
        self.avail = [max(w - 2 * CELL_PAD_X, 1.0) for w in widths]
        # the longest string that surely fits per column, by the widest glyph: no measuring
        self.sure = [int(a / (font_size * _max_glyph_em())) for a in self.avail]

    def row(
        self, values: Sequence[object], blanks: list[bool], min_h: float
    ) -> tuple[list[object], float]:
        """The row's cells (blank where ``blanks`` says, padded to every column) and its
        height: at least ``min_h``, more for a broken cell."""
        cells: list[object] = []
        h = min_h
        for col, value in enumerate(values):
            if value is None or blanks[col]:
                cells.append("")
                continue
            text = value if isinstance(value, str) else str(value)
            avail = self.avail[col]
            if "\n" not in text and (
                len(text) <= self.sure[col] or stringWidth(text, self.font, self.font_size) <= avail
            ):
                cells.append(text)
                continue
            lines = break_lines(text, self.font, self.font_size, avail)
            h = max(h, len(lines) * self.leading + 2 * CELL_PAD_Y)
            cells.append("\n".join(lines))
        if len(cells) < len(self.avail):
            cells.extend([""] * (len(self.avail) - len(cells)))
        return cells, h


def _style(font: str, font_size: float, leading: float, pen: bool, align) -> list[tuple]:
    """The table's style: font, padding, grid (black for a table filled in by pen), the
    header's shade and rule, and each column's alignment."""
    cmds: list[tuple] = [
        ("FONT", (0, 0), (-1, -1), font, font_size, leading),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD_X),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD_X),
        ("TOPPADDING", (0, 0), (-1, -1), CELL_PAD_Y),
        ("BOTTOMPADDING", (0, 0), (-1, -1), CELL_PAD_Y),
        ("GRID", (0, 0), (-1, -1), 0.4, GREY_RULE if not pen else colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), GREY_HEADER),
        ("LINEBELOW", (0, 0), (-1, 0), 0.9, colors.black),
    ]
    for c, a in enumerate(align or ()):
        if a:
            key = _ALIGN.get(a.lower())
            if key is None:
                raise HmError(f"data table column {c + 1}: unknown alignment '{a}'")
            cmds.append(("ALIGN", (c, 1), (c, -1), key))
    return cmds


__all__ = ["DataTable", "FONT_NAME", "data_table"]

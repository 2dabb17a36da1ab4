"""Tab-separated text in and out of a table, the way Excel and WPS put it on the clipboard.

Why our own parser: a cell that holds a tab, a newline or a quote is wrapped in double quotes
(with quotes doubled) by Excel; a naive ``split("\\t")`` breaks notes typed on two lines.
"""

from __future__ import annotations

from collections.abc import Sequence


def _quote(text: str) -> str:
    if any(ch in text for ch in ("\t", "\n", "\r", '"')):
        return '"' + text.replace('"', '""') + '"'
    return text


def to_tsv(grid: Sequence[Sequence[str]]) -> str:
    """Rows of cells -> clipboard text (CRLF line ends like Excel, no trailing newline)."""
    return "\r\n".join("\t".join(_quote(c or "") for c in row) for row in grid)


def parse_tsv(text: str) -> list[list[str]]:
    """Clipboard text -> rows of cells. Handles quoted cells with tabs/newlines, CRLF and the
    trailing newline spreadsheets add; a ragged block is padded with "" to a rectangle."""
    rows: list[list[str]] = []
    row: list[str] = []
    cell: list[str] = []
    i, n = 0, len(text)
    at_start = True  # at the start of a cell (a quote there opens a quoted cell)
    while i < n:
        ch = text[i]
        if at_start and ch == '"':
            i += 1
            while i < n:
                if text[i] == '"':
                    if i + 1 < n and text[i + 1] == '"':
                        cell.append('"')
                        i += 2
                        continue
                    i += 1
                    break
                cell.append(text[i])
                i += 1
            at_start = False
            continue
        if ch == "\t":
            row.append("".join(cell))
            cell, at_start = [], True
        elif ch in "\r\n":
            if ch == "\r" and i + 1 < n and text[i + 1] == "\n":
                i += 1
            row.append("".join(cell))
            rows.append(row)
            row, cell, at_start = [], [], True
        else:
            cell.append(ch)
            at_start = False
        i += 1
    if cell or row or not at_start:
        row.append("".join(cell))
        rows.append(row)
    width = max((len(r) for r in rows), default=0)
    return [r + [""] * (width - len(r)) for r in rows]

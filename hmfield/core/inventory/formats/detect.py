"""Recognise an inventory file's format from its sheet names and header row.

Why a peek object: reading a big RVTools sheet twice would double the import time, so the
sheet names are read first (cheap) and the first table's header only when a sniffer asks.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cached_property
from pathlib import Path
from typing import Protocol

from hmfield.core.errors import InputError
from hmfield.core.inventory.formats import prefetch
from hmfield.core.inventory.formats.aliases import header_keys
from hmfield.core.inventory.formats.readers import (
    find_sheet,
    is_workbook,
    open_workbook,
    peek_sheet,
    read_csv,
)


class Peek:
    """Lazy view of a file for format sniffers."""

    def __init__(self, path: Path, side_sheets: tuple[str, ...] = ()) -> None:
        self.path = path
        self.workbook = is_workbook(path)  # also refuses empty / oversized files
        self.side_sheets = side_sheets  # a format's other sheets: read beside the first

    @cached_property
    def sheet_names(self) -> list[str]:
        """Sheet names, case-folded; empty for CSV."""
        if not self.workbook:
            return []
        wb, _ = open_workbook(self.path)
        try:
            return [n.strip().casefold() for n in wb.sheet_names]
        finally:
            wb.close()

    @cached_property
    def header(self) -> set[str]:
        """Normalised header keys of the CSV or of the workbook's first sheet."""
        if not self.workbook:
            return header_keys(read_csv(self.path).header)
        wb, check = open_workbook(self.path)
        try:
            names = wb.sheet_names
            if not names:
                return set()
            # the side sheets a format reads after the first (RVTools' vDisk, ...): a worker
            # reads them meanwhile, when the caller allows it (prefetch.allowed)
            found = (find_sheet(names[1:], s) for s in self.side_sheets)
            prefetch.start(self.path, [s for s in found if s], check)
            try:
                # kept: the parser reads this sheet next (RVTools' vInfo: read once)
                return header_keys(peek_sheet(wb, self.path.name, names[0], check).header)
            except InputError:
                return set()
        finally:
            wb.close()


class Sniffable(Protocol):
    label_en: str
    sniff: Callable[[Peek], bool] | None
    expect: str
    side_sheets: tuple[str, ...]


def detect_format(path: Path, formats: Mapping[str, Sniffable]) -> str:
    """Return the id of the first format whose sniffer accepts the file.

    Raises :class:`InputError` listing the formats and what each one looks like.
    """
    side = tuple(dict.fromkeys(s for info in formats.values() for s in info.side_sheets))
    peek = Peek(path, side)
    for fmt_id, info in formats.items():
        if info.sniff is not None and info.sniff(peek):
            return fmt_id
    expected = "; ".join(f"{info.label_en} ({info.expect})" for info in formats.values())
    raise InputError(
        f"the inventory format was not recognised; expected one of: {expected}."
        " Choose the format by hand if the headers were renamed",
        file=path.name,
    )


def has_all(keys: set[str], *names: str) -> bool:
    return all(n in keys for n in names)


def count_of(keys: set[str], *names: str) -> int:
    return sum(1 for n in names if n in keys)

"""Column matching by name through alias tables, never by position.

Why: the same column is spelt differently across tool versions and locales (``Provisioned MB``
vs ``Provisioned MiB``, ``*Memory (In MB)`` vs ``Memory (in MB)``, ``Free %`` with a trailing
space), and users insert or reorder columns. Every header is reduced to a key (trimmed,
case-folded, spaces collapsed, leading ``*`` dropped, unit suffixes unified) and looked up.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from hmfield.core.errors import InputError

_SPACES = re.compile(r"\s+")
# "(In MB)", "(in MB)", "（GB）", "[MiB]" -> " mb"
_UNIT_PAREN = re.compile(r"\s*[(\[（]\s*(?:in\s+)?(k|m|g|t)i?b\s*[)\]）]", re.IGNORECASE)
_UNIT_WORD = re.compile(r"(?<![a-z])(k|m|g|t)i?b$")
_UNIT_NAMES = {"k": "kib", "m": "mib", "g": "gib", "t": "tib"}


def header_key(name: object) -> str:
    """Normalised key of a header cell: ``' *Memory (In MB) '`` -> ``'memory mib'``."""
    text = str(name or "").replace("\u3000", " ").strip().lstrip("*＊").strip()
    text = _SPACES.sub(" ", text).casefold()
    text = _UNIT_PAREN.sub(lambda m: " " + _UNIT_NAMES[m.group(1).lower()], text)
    text = _UNIT_WORD.sub(lambda m: _UNIT_NAMES[m.group(1)], text)
    return text.strip()


@dataclass
class Columns:
    """Where each wanted field sits in one table's header.

    ``index`` maps field -> 0-based column; ``header`` maps field -> the header as written
    (for messages); ``unknown`` lists header cells that matched no alias.
    """

    index: dict[str, int] = field(default_factory=dict)
    header: dict[str, str] = field(default_factory=dict)
    unknown: list[tuple[int, str]] = field(default_factory=list)

    def __contains__(self, name: str) -> bool:
        return name in self.index

    def get(self, row: list, name: str) -> object:
        """The raw value of field ``name`` in ``row``, or ``None`` if the column is absent."""
        idx = self.index.get(name)
        return None if idx is None else row[idx]

    def label(self, name: str) -> str:
        return self.header.get(name, name)


def build_aliases(table: Mapping[str, Iterable[str]]) -> dict[str, str]:
    """Alias table ``{field: [names...]}`` -> lookup ``{header_key: field}``."""
    lookup: dict[str, str] = {}
    for name, aliases in table.items():
        for alias in (name, *aliases):
            lookup.setdefault(header_key(alias), name)
    return lookup


def match_columns(
    header: list[str],
    lookup: Mapping[str, str],
    *,
    required: Iterable[str] = (),
    file: str | None = None,
    sheet: str | None = None,
) -> Columns:
    """Map a header row through ``lookup``; the first matching column wins for each field.

    Raises :class:`InputError` naming the missing required columns.
    """
    cols = Columns()
    for idx, cell in enumerate(header):
        if not cell:
            continue  # empty header cells are common in RVTools exports
        name = lookup.get(header_key(cell))
        if name is None:
            cols.unknown.append((idx, cell))
        elif name not in cols.index:
            cols.index[name] = idx
            cols.header[name] = cell
    missing = [r for r in required if r not in cols.index]
    if missing:
        raise InputError(
            f"required column(s) missing: {', '.join(missing)}; found: "
            f"{', '.join(h for h in header if h)[:200]}",
            file=file,
            sheet=sheet,
        )
    return cols


def header_keys(header: Iterable[str]) -> set[str]:
    """Set of normalised keys of a header row (used by format detection)."""
    return {header_key(h) for h in header if h}

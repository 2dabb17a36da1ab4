"""One column spec per table column: key, header, display, edit value, sort key, editor."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Column:
    key: str
    header: Callable[[], str]  # translated at call time (language can switch)
    display: Callable[[Any], str] | None = None  # row -> text; default getattr(row, key)
    edit_value: Callable[[Any], Any] | None = None  # row -> editor value
    sort_key: Callable[[Any], Any] | None = None
    editable: bool = False
    editor: str = "text"  # text | int | choice | date | ip
    choices: Callable[[], Sequence[tuple[str, str]]] | None = None  # (code, label)
    tooltip: Callable[[Any], str | None] | None = None
    extra: dict = field(default_factory=dict)

    def text(self, row: Any) -> str:
        if self.display is not None:
            return self.display(row)
        value = getattr(row, self.key, None)
        if value is None:
            return ""
        if isinstance(value, (list, tuple)):
            return ", ".join(str(v) for v in value)
        return str(value)

    def value(self, row: Any) -> Any:
        if self.edit_value is not None:
            return self.edit_value(row)
        return getattr(row, self.key, None)

    def sort(self, row: Any) -> Any:
        if self.sort_key is not None:
            return self.sort_key(row)
        return self.text(row).casefold()

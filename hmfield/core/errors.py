"""User-facing errors: one clear line that says what happened, where, and what to do."""

from __future__ import annotations


class HmError(Exception):
    """An error meant for the user: its str() is a one-line message, no traceback."""


class InputError(HmError):
    """Bad input data, located as precisely as possible (file, sheet, row, column)."""

    def __init__(
        self,
        reason: str,
        *,
        file: str | None = None,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.reason = reason
        self.file = file
        self.sheet = sheet
        self.row = row
        self.column = column
        super().__init__(self.message)

    @property
    def location(self) -> str:
        parts = []
        if self.file:
            parts.append(self.file)
        if self.sheet:
            parts.append(f"sheet {self.sheet}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column}")
        return ", ".join(parts)

    @property
    def message(self) -> str:
        loc = self.location
        return f"{loc}: {self.reason}" if loc else self.reason


class Cancelled(HmError):
    """The user cancelled a long operation; nothing was changed."""

    def __init__(self, message: str = "cancelled; nothing was changed") -> None:
        super().__init__(message)

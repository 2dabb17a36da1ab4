"""What the Operate screen's tabs share: the inline message line and the call wrapper that
turns a refused change into that line (never a modal dialog at the rack)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QLabel

from hmfield.core.errors import HmError

OK_STYLE = "color: #1b5e20;"
ERROR_STYLE = "color: #b71c1c; font-weight: bold;"


class MessageLine(QLabel):
    """One line under a form: what was saved, or why nothing was."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.is_error = False

    def ok(self, text: str) -> None:
        self.is_error = False
        self.setStyleSheet(OK_STYLE)
        self.setText("✔ " + text)

    def refused(self, text: str) -> None:
        self.is_error = True
        self.setStyleSheet(ERROR_STYLE)
        self.setText("✖ " + text)


def attempt(line: MessageLine, call: Callable[[], Any], done: str | Callable[[Any], str]):
    """Run one service call; show its outcome on ``line``. Returns the result or None."""
    try:
        result = call()
    except HmError as exc:
        line.refused(str(exc))
        return None
    line.ok(done(result) if callable(done) else done)
    return result


def people_names(ctx, role: str | None = None) -> list[str]:
    from hmfield.core.project.people import PeopleService

    people = PeopleService(ctx).list()
    return [p.name for p in people if role is None or role in (p.roles or [])]

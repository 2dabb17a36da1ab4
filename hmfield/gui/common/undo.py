"""The one undo convention of every screen.

An undoable change is a :class:`ServiceCommand`: ``apply()`` and ``revert()``, each one
service call (one transaction, audited). A screen records a change with :func:`push_applied`:
the first ``apply()`` runs before the command reaches the stack, so a refused change
(HmError) is reported at once and never becomes an undo entry; ``QUndoStack.push`` then calls
``redo()``, which skips that first time. Later redos and undos that the service refuses
(someone else deleted the host meanwhile) are reported through ``on_error`` instead of raising
inside Qt. A command whose ``changed`` is False after the first apply is not pushed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand, QUndoStack

from hmfield.core.errors import HmError
from hmfield.gui.common.core_text import core_text


class ServiceCommand(QUndoCommand):
    """Subclasses define ``apply()`` (the change, through a service) and ``revert()``."""

    def __init__(self, text: str, on_error: Callable[[str], None]) -> None:
        super().__init__(text)
        self.on_error = on_error
        self._first = True

    @property
    def changed(self) -> bool:
        return True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._guard(self.apply)

    def undo(self) -> None:
        self._guard(self.revert)

    def _guard(self, fn: Callable[[], None]) -> None:
        try:
            fn()
        except HmError as exc:
            self.on_error(core_text(str(exc)))


def push_applied(stack: QUndoStack, command: ServiceCommand) -> bool:
    """Apply ``command`` once and, when it changed something, put it on ``stack``. False when
    the service refused it (the reason went to ``command.on_error``)."""
    try:
        command.apply()
    except HmError as exc:
        command.on_error(core_text(str(exc)))
        return False
    if command.changed:
        stack.push(command)
    return True

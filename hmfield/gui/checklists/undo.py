"""Undoable status changes (Ctrl+Z / Ctrl+Y) for checklist items and per-host bulk changes.

The first ``redo`` (run by ``QUndoStack.push``) performs the change through the service; undo
puts back the exact earlier state (status, reason, times) as a new audited change, so the
audit trail keeps both. A change the service refuses makes the command obsolete: Qt drops it
instead of keeping an entry that would undo nothing.
"""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from hmfield.core.checklists.views import HostChange, StatusState
from hmfield.core.errors import HmError


class ItemStatusCommand(QUndoCommand):
    def __init__(
        self, owner, template_id: str, status: str, reason: str, before: StatusState, text: str
    ) -> None:
        super().__init__(text)
        self.owner = owner  # PhaseWidget: service, refresh_item(), failed signal
        self.template_id = template_id
        self.status = status
        self.reason = reason
        self.before = before
        self.after: StatusState | None = None

    def redo(self) -> None:
        service = self.owner.service
        try:
            if self.after is None:
                view = service.set_status(self.template_id, self.status, reason=self.reason or None)
                self.after = view.state
            else:
                service.restore_status(self.template_id, self.after)
        except HmError as exc:
            self.setObsolete(True)
            self.owner.failed.emit(str(exc))
            return
        self.owner.refresh_item(self.template_id)

    def undo(self) -> None:
        try:
            self.owner.service.restore_status(self.template_id, self.before)
        except HmError as exc:
            self.owner.failed.emit(str(exc))
            return
        self.owner.refresh_item(self.template_id)


class HostStatusCommand(QUndoCommand):
    def __init__(
        self, owner, template_id: str, host_ids: list[str], status: str, reason: str, text: str
    ) -> None:
        super().__init__(text)
        self.owner = owner
        self.template_id = template_id
        self.host_ids = list(host_ids)
        self.status = status
        self.reason = reason
        self.change: HostChange | None = None

    def redo(self) -> None:
        try:
            self.change = self.owner.host_tasks.set_host_status(
                self.template_id, self.host_ids, self.status, reason=self.reason or None
            )
        except HmError as exc:
            self.setObsolete(True)
            self.owner.failed.emit(str(exc))
            return
        self.owner.refresh_item(self.template_id)

    def undo(self) -> None:
        if self.change is None:
            return
        try:
            self.owner.host_tasks.restore_host_states(
                self.template_id, self.change.before, self.change.item_before
            )
        except HmError as exc:
            self.owner.failed.emit(str(exc))
            return
        self.owner.refresh_item(self.template_id)

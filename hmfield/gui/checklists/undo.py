"""Undoable status changes (Ctrl+Z / Ctrl+Y) for checklist items and per-host bulk changes, in
the one convention of gui/common/undo.py.

Undo puts back the exact earlier state (status, reason, times) as a new audited change, so the
audit trail keeps both. A change the service refuses is reported and never reaches the stack.
"""

from __future__ import annotations

from hmfield.core.checklists.views import HostChange, StatusState
from hmfield.gui.common.undo import ServiceCommand


class ItemStatusCommand(ServiceCommand):
    def __init__(
        self, owner, template_id: str, status: str, reason: str, before: StatusState, text: str
    ) -> None:
        super().__init__(text, owner.failed.emit)
        self.owner = owner  # PhaseWidget: service, refresh_item(), failed signal
        self.template_id = template_id
        self.status = status
        self.reason = reason
        self.before = before
        self.after: StatusState | None = None

    def apply(self) -> None:
        service = self.owner.service
        if self.after is None:
            view = service.set_status(self.template_id, self.status, reason=self.reason or None)
            self.after = view.state
        else:
            service.restore_status(self.template_id, self.after)
        self.owner.refresh_item(self.template_id)

    def revert(self) -> None:
        self.owner.service.restore_status(self.template_id, self.before)
        self.owner.refresh_item(self.template_id)


class HostStatusCommand(ServiceCommand):
    def __init__(
        self, owner, template_id: str, host_ids: list[str], status: str, reason: str, text: str
    ) -> None:
        super().__init__(text, owner.failed.emit)
        self.owner = owner
        self.template_id = template_id
        self.host_ids = list(host_ids)
        self.status = status
        self.reason = reason
        self.change: HostChange | None = None

    def apply(self) -> None:
        self.change = self.owner.host_tasks.set_host_status(
            self.template_id, self.host_ids, self.status, reason=self.reason or None
        )
        self.owner.refresh_item(self.template_id)

    def revert(self) -> None:
        if self.change is None:
            return
        self.owner.host_tasks.restore_host_states(
            self.template_id, self.change.before, self.change.item_before
        )
        self.owner.refresh_item(self.template_id)

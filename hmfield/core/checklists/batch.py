"""Entering many checklist results at once: a printed checklist ticked on site, typed in later.

``record`` applies every entry in one transaction (all or nothing), audited field by field like
the single-item use cases: a bad line (unknown item, missing reason, completion before start)
is reported with its position and nothing is saved.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from hmfield.core.checklists import ChecklistTemplates
from hmfield.core.checklists.item_records import (
    person_ref,
    require_item,
    shipped_templates,
    status_changes,
)
from hmfield.core.checklists.views import ItemStatus, check_reason, parse_status
from hmfield.core.clock import to_utc
from hmfield.core.context import ServiceContext
from hmfield.core.errors import HmError


@dataclass(frozen=True)
class ItemEntry:
    """One line of results. ``None`` leaves a field as it is (a batch never clears)."""

    item: str  # template id (or record id)
    status: str | None = None
    reason: str | None = None
    started_at: datetime | None = None  # actual times from paper (aware)
    completed_at: datetime | None = None
    assignee_id: str | None = None
    planned_date: date | None = None
    note: str | None = None


class ChecklistBatchService:
    """Results of many checklist items entered at once (``record``: one transaction)."""

    def __init__(self, ctx: ServiceContext, templates: ChecklistTemplates | None = None) -> None:
        self.ctx = ctx
        self.templates = templates or shipped_templates()

    def record(self, entries: Sequence[ItemEntry]) -> int:
        """Apply the entries; returns how many items changed."""
        with self.ctx.write() as uow:
            now = uow.rec.now
            changed = 0
            for n, entry in enumerate(entries, 1):
                try:
                    obj, changes = self._entry_changes(uow, entry, now)
                except HmError as exc:  # the transaction rolls back: nothing is saved
                    raise HmError(f"entry {n} ({entry.item}): {exc}") from None
                changed += bool(uow.rec.update(obj, changes))
        return changed

    def _entry_changes(self, uow, entry: ItemEntry, now: datetime):
        obj = require_item(self.ctx, self.templates, uow, entry.item)
        changes: dict = {}
        status = obj.status
        if entry.status is not None:
            new = parse_status(entry.status)
            changes.update(
                status_changes(obj, new, check_reason(new, entry.reason, obj.template_id), now)
            )
            status = new.value
        for name in ("started_at", "completed_at"):
            value = getattr(entry, name)
            if value is None:
                continue
            try:
                value = to_utc(value)
            except ValueError:
                raise HmError(f"{name} needs a time zone") from None
            if value > now:
                raise HmError(f"{name} cannot be in the future")
            changes[name] = value
        if entry.completed_at is not None and status != ItemStatus.DONE:
            raise HmError("only a done item has a completion time")
        start = changes.get("started_at", obj.started_at)
        end = changes.get("completed_at", obj.completed_at)
        if start is not None and end is not None and end < start:
            raise HmError("completion time is before the start time")
        if entry.assignee_id is not None:
            changes["assignee_id"] = person_ref(uow.session, entry.assignee_id)
        if entry.planned_date is not None:
            changes["planned_date"] = entry.planned_date
        if entry.note is not None:
            changes["note"] = entry.note.rstrip()
        return obj, changes

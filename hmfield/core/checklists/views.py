"""Plain data the checklist service returns: statuses, item and host views, progress.

Views join an instance (status, people, dates) with its template (titles, guidance) so that
screens, the CLI and reports never need a session or the template set to show an item.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from hmfield.core.checklists import ChecklistItemTemplate, ItemKind, Link, PhaseCode, Text
from hmfield.core.errors import HmError


class ItemStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    BLOCKED = "blocked"
    NOT_APPLICABLE = "not_applicable"
    SKIPPED = "skipped"


NEEDS_REASON = frozenset({ItemStatus.BLOCKED, ItemStatus.NOT_APPLICABLE, ItemStatus.SKIPPED})
# finished: nothing left to do (progress counts them as resolved, due-next ignores them)
FINISHED = frozenset({ItemStatus.DONE, ItemStatus.NOT_APPLICABLE, ItemStatus.SKIPPED})
SCENARIO_CHANGED = "scenario changed"
TEMPLATE_REMOVED = "removed from the checklist templates"


def parse_status(value: str) -> ItemStatus:
    try:
        return ItemStatus(str(value).strip().lower())
    except ValueError:
        allowed = ", ".join(s.value for s in ItemStatus)
        raise HmError(f"unknown status {value!r}; use one of {allowed}") from None


def check_reason(status: ItemStatus, reason: str | None, what: str) -> str:
    """The cleaned reason; refuses blocked / not applicable / skipped without one."""
    text = (reason or "").strip()
    if status in NEEDS_REASON and not text:
        label = status.value.replace("_", " ")
        raise HmError(f"{what}: marking it {label} needs a reason (--reason TEXT)")
    return text if status in NEEDS_REASON else ""


@dataclass(frozen=True)
class StatusState:
    """Everything a status change touches: what an undo puts back."""

    status: str
    reason: str
    started_at: datetime | None
    completed_at: datetime | None


@dataclass(frozen=True)
class ItemView:
    """One checklist item as the engineer sees it (instance joined with its template)."""

    id: str  # record id (stable: derived from the project and template ids)
    template: ChecklistItemTemplate
    status: str = ItemStatus.NOT_STARTED.value
    status_reason: str = ""
    executor_roles: tuple[str, ...] = ()
    assignee_id: str | None = None
    assignee_name: str = ""
    planned_date: date | None = None
    started_at: datetime | None = None
    completed_at: datetime | None = None
    note: str = ""
    signed_by_id: str | None = None
    signed_by_name: str = ""
    signed_at: datetime | None = None
    attachments: int = 0
    hosts_total: int = 0  # per-host items: hosts in scope
    hosts_done: int = 0
    hosts_blocked: int = 0
    stored: bool = True  # False: not instantiated yet (read-only listing of a fresh project)

    @property
    def template_id(self) -> str:
        return self.template.id

    @property
    def phase(self) -> PhaseCode:
        return self.template.phase

    @property
    def stage_id(self) -> str:
        return self.template.stage.id

    @property
    def title(self) -> Text:
        return self.template.title

    @property
    def kind(self) -> ItemKind:
        return self.template.kind

    @property
    def per_host(self) -> bool:
        return self.template.per_host

    @property
    def needs_sign_off(self) -> bool:
        return self.template.needs_sign_off

    @property
    def links(self) -> tuple[Link, ...]:
        return self.template.links

    @property
    def state(self) -> StatusState:
        return StatusState(self.status, self.status_reason, self.started_at, self.completed_at)

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    def overdue(self, today: date) -> bool:
        return self.planned_date is not None and self.planned_date < today and not self.finished


@dataclass(frozen=True)
class HostTaskView:
    """One host's row of a per-host item."""

    template_id: str
    host_id: str
    host_name: str
    ips: tuple[str, ...]
    wave_id: str | None
    wave_name: str
    mode: str  # agent | agentless | "" (unknown)
    status: str = ItemStatus.NOT_STARTED.value
    status_reason: str = ""
    started_at: datetime | None = None
    completed_at: datetime | None = None
    note: str = ""
    task_id: str | None = None  # None until the first change for this host

    @property
    def state(self) -> StatusState:
        return StatusState(self.status, self.status_reason, self.started_at, self.completed_at)


@dataclass(frozen=True)
class HostChange:
    """Result of a bulk host change: what it was before (for undo) and the item's new state."""

    template_id: str
    before: dict[str, StatusState]  # host id -> previous state
    item_before: StatusState  # the item's state before its status followed the hosts
    item_status: str
    changed: int


@dataclass(frozen=True)
class StageProgress:
    stage_id: str
    title: Text
    done: int
    applicable: int
    blocked: int = 0

    @property
    def ratio(self) -> float:
        return self.done / self.applicable if self.applicable else 1.0


@dataclass(frozen=True)
class PhaseProgress:
    phase: PhaseCode
    title: Text
    stages: tuple[StageProgress, ...] = field(default_factory=tuple)

    @property
    def done(self) -> int:
        return sum(s.done for s in self.stages)

    @property
    def applicable(self) -> int:
        return sum(s.applicable for s in self.stages)

    @property
    def blocked(self) -> int:
        return sum(s.blocked for s in self.stages)

    @property
    def ratio(self) -> float:
        return self.done / self.applicable if self.applicable else 1.0

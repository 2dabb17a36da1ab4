"""Per-host checklist work: one row per host in scope, bulk status changes, item roll-up.

Drills and cutovers record their results through ``set_host_status`` (a stable API for the
runbook, drill and cutover screens). The item follows its hosts: it starts when the first host
starts, is done when every host in scope is done, skipped or not applicable, and reopens when a
host is reopened; an item someone marked blocked, skipped or not applicable is left alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from types import SimpleNamespace

from sqlmodel import select

from hmfield.core.checklists import ChecklistItemTemplate, ChecklistTemplates
from hmfield.core.checklists.item_records import (
    project_record,
    require_item,
    shipped_templates,
    status_changes,
    template_id_for,
)
from hmfield.core.checklists.scope import in_scope, scope_hosts, wave_names
from hmfield.core.checklists.views import (
    NEEDS_REASON,
    HostChange,
    HostTaskView,
    ItemStatus,
    StatusState,
    check_reason,
    parse_status,
)
from hmfield.core.context import ServiceContext
from hmfield.core.errors import HmError
from hmfield.core.model.checklist import HostTask, host_task_record_id

_FRESH = SimpleNamespace(status="not_started", started_at=None, completed_at=None)
_TERMINAL = {ItemStatus.DONE, ItemStatus.SKIPPED, ItemStatus.NOT_APPLICABLE}
_STATE_FIELDS = ("status", "status_reason", "started_at", "completed_at")


class HostTaskService:
    """Per-host tasks of the per-host checklist items: one public method per use case."""

    def __init__(self, ctx: ServiceContext, templates: ChecklistTemplates | None = None) -> None:
        self.ctx = ctx
        self.templates = templates or shipped_templates()

    def _per_host(self, template_id: str) -> ChecklistItemTemplate:
        template = self.templates.item(template_id_for(self.ctx, self.templates, template_id))
        if not template.per_host:
            raise HmError(f"{template.id} is not a per-host item")
        return template

    def host_tasks(self, template_id: str) -> list[HostTaskView]:
        """One row per host in the item's scope (hosts without a task yet: not started)."""
        template = self._per_host(template_id)
        with self.ctx.read() as s:
            project = project_record(s)
            hosts = [h for h in scope_hosts(s, project) if in_scope(h, template)]
            waves = wave_names(s)
            tasks = {
                t.host_id: t
                for t in s.exec(
                    select(HostTask).where(
                        HostTask.template_id == template.id,
                        HostTask.deleted == False,  # noqa: E712
                    )
                )
            }
        out = []
        for host in hosts:
            task = tasks.get(host.id)
            base = HostTaskView(
                template.id,
                host.id,
                host.name,
                host.ips,
                host.wave_id,
                waves.get(host.wave_id or "", ""),
                host.mode,
            )
            if task is not None:
                base = HostTaskView(
                    **{
                        **base.__dict__,
                        "status": task.status,
                        "status_reason": task.status_reason,
                        "started_at": task.started_at,
                        "completed_at": task.completed_at,
                        "note": task.note,
                        "task_id": task.id,
                    }
                )
            out.append(base)
        return out

    def set_host_status(
        self,
        template_id: str,
        host_ids: Iterable[str],
        status: str,
        reason: str | None = None,
        note: str | None = None,
    ) -> HostChange:
        """Set the status of a per-host item for many hosts in one audited change."""
        template = self._per_host(template_id)
        new = parse_status(status)
        reason = check_reason(new, reason, template.id)
        ids = list(dict.fromkeys(host_ids))
        if not ids:
            raise HmError(f"{template.id}: no hosts selected")
        with self.ctx.write() as uow:
            tasks, scope, project_id = self._host_rows(uow, template, ids)
            now = uow.rec.now
            before: dict[str, StatusState] = {}
            creates, updated = [], 0
            for host_id in ids:
                task = tasks.get(host_id)
                current = task if task is not None and not task.deleted else _FRESH
                before[host_id] = StatusState(
                    current.status,
                    getattr(current, "status_reason", ""),
                    current.started_at,
                    current.completed_at,
                )
                changes = status_changes(current, new, reason, now)
                if note is not None:
                    changes["note"] = note.strip()
                if task is None:
                    row = {"id": host_task_record_id(project_id, template.id, host_id)}
                    row.update(template_id=template.id, host_id=host_id, **changes)
                    creates.append(row)
                    continue
                if task.deleted:
                    uow.rec.restore(task)
                # per record: _roll_up below reads these ORM objects' new statuses
                if uow.rec.update(task, changes):
                    updated += 1
            uow.rec.bulk_create(HostTask, creates)
            for row in creates:
                tasks[row["host_id"]] = SimpleNamespace(status=row["status"], deleted=False)
            item_before, item_status = self._roll_up(uow, template, tasks, scope)
        return HostChange(template.id, before, item_before, item_status, len(creates) + updated)

    def restore_host_states(
        self,
        template_id: str,
        states: dict[str, StatusState],
        item_state: StatusState | None = None,
    ) -> None:
        """Put hosts (and the item, when ``item_state`` is given) back exactly (undo/redo)."""
        template = self._per_host(template_id)
        with self.ctx.write() as uow:
            tasks, scope, project_id = self._host_rows(uow, template, list(states))
            for host_id, state in states.items():
                parse_status(state.status)
                values = dict(
                    zip(
                        _STATE_FIELDS,
                        (state.status, state.reason, state.started_at, state.completed_at),
                        strict=True,
                    )
                )
                task = tasks.get(host_id)
                if task is None:
                    row = {"id": host_task_record_id(project_id, template.id, host_id)}
                    uow.rec.bulk_create(
                        HostTask,
                        [{**row, "template_id": template.id, "host_id": host_id, **values}],
                    )
                    tasks[host_id] = SimpleNamespace(status=state.status, deleted=False)
                else:
                    uow.rec.update(task, values)
            if item_state is None:
                self._roll_up(uow, template, tasks, scope)
            else:
                item = require_item(self.ctx, self.templates, uow, template.id)
                uow.rec.update(
                    item,
                    dict(
                        zip(
                            _STATE_FIELDS,
                            (
                                item_state.status,
                                item_state.reason,
                                item_state.started_at,
                                item_state.completed_at,
                            ),
                            strict=True,
                        )
                    ),
                )

    # -- helpers --------------------------------------------------------------------------
    def _host_rows(self, uow, template: ChecklistItemTemplate, ids: list[str]):
        """Existing tasks of the item (by host) and the hosts in scope; refuses hosts that
        are unknown or out of scope, naming the first one."""
        project = project_record(uow.session)
        hosts = {h.id: h for h in scope_hosts(uow.session, project)}
        scope = {h_id for h_id, h in hosts.items() if in_scope(h, template)}
        for host_id in ids:
            if host_id not in hosts:
                raise HmError(f"{template.id}: no host with id {host_id}")
            if host_id not in scope:
                raise HmError(
                    f"{template.id}: host {hosts[host_id].name} is not in this item's scope "
                    f"(migration mode {hosts[host_id].mode or 'unknown'})"
                )
        tasks = {
            t.host_id: t
            for t in uow.session.exec(select(HostTask).where(HostTask.template_id == template.id))
        }
        return tasks, scope, project.id

    def _roll_up(self, uow, template, tasks, scope) -> tuple[StatusState, str]:
        """Let the item follow its hosts (see the module docstring)."""
        item = require_item(self.ctx, self.templates, uow, template.id)
        before = StatusState(item.status, item.status_reason, item.started_at, item.completed_at)
        if item.status in NEEDS_REASON or not scope:
            return before, item.status
        statuses = []
        for host_id in scope:
            task = tasks.get(host_id)
            alive = task is not None and not getattr(task, "deleted", False)
            statuses.append(ItemStatus(task.status) if alive else ItemStatus.NOT_STARTED)
        if all(s in _TERMINAL for s in statuses) and ItemStatus.DONE in statuses:
            target = ItemStatus.DONE
        elif any(s is not ItemStatus.NOT_STARTED for s in statuses):
            target = ItemStatus.IN_PROGRESS
        else:
            target = ItemStatus(item.status)
        if target.value != item.status:
            uow.rec.update(item, status_changes(item, target, "", uow.rec.now))
        return before, item.status

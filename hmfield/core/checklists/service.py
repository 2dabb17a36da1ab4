"""Live checklists: the project's instances of the seed's checklist items, worked through.

``ensure_instances`` creates the items that apply to the project's scenario (a mixed project
gets the items of both source methods) and retires, never deletes, items that stop applying.
Every other public method is one audited use case. Items are addressed by their template id
(``migrate.s7.4``, what the CLI and the engineer use) or by their record id.

Per-host work (registration, syncs, drill, cutover) is ``HostTaskService`` (host_tasks),
evidence files ``EvidenceService`` (evidence), overview figures ``ChecklistProgressService``
(progress) and results entered many at once ``ChecklistBatchService`` (batch); what they share
with this service (resolving an item, creating it on the spot) is in ``item_records``.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import select

from hmfield.core.checklists import (
    ChecklistItemTemplate,
    ChecklistTemplates,
    PhaseCode,
)
from hmfield.core.checklists.item_records import (
    applicable_templates,
    item_views,
    person_ref,
    project_record,
    require_item,
    shipped_templates,
    status_changes,
    template_id_for,
)
from hmfield.core.checklists.views import (
    SCENARIO_CHANGED,
    TEMPLATE_REMOVED,
    ItemStatus,
    ItemView,
    StatusState,
    check_reason,
    parse_status,
)
from hmfield.core.clock import to_utc
from hmfield.core.context import ServiceContext
from hmfield.core.errors import HmError
from hmfield.core.model.checklist import ChecklistItem, item_record_id
from hmfield.core.model.project import Project

__all__ = ["ChecklistService", "shipped_templates", "status_changes"]


def _instance_counts(found: tuple) -> dict[str, int]:
    _, create, revive, retire = found
    return {"created": len(create), "retired": len(retire), "revived": len(revive)}


class ChecklistService:
    def __init__(self, ctx: ServiceContext, templates: ChecklistTemplates | None = None) -> None:
        self.ctx = ctx
        self.templates = templates or shipped_templates()

    # -- reading --------------------------------------------------------------------------
    def applicable(self, project: Project | None = None) -> tuple[ChecklistItemTemplate, ...]:
        """Template items that apply to the project's scenario, in delivery order."""
        if project is None:
            with self.ctx.read() as s:
                project = project_record(s)
        return applicable_templates(self.templates, project)

    def items(self, phase: PhaseCode | str | None = None) -> list[ItemView]:
        """The project's items in delivery order (one phase, or all). Items not instantiated
        yet (a read-only look at a fresh project) appear as not started with ``stored=False``."""
        wanted = None if phase is None else PhaseCode(phase)
        return item_views(self.ctx, self.templates, lambda t: wanted is None or t.phase is wanted)

    def item(self, ref: str) -> ItemView:
        template_id = template_id_for(self.ctx, self.templates, ref)
        views = item_views(self.ctx, self.templates, lambda t: t.id == template_id, template_id)
        if not views:
            raise HmError(f"no checklist item {ref!r} in this project")
        return views[0]

    # -- instances ------------------------------------------------------------------------
    def ensure_instances(self) -> dict[str, int]:
        """Create missing applicable items; retire (not applicable, reason "scenario changed")
        items that stop applying; bring back items retired that way that apply again.
        Idempotent: a second call writes nothing. The changes are decided again inside the
        write transaction, so an item a screen created meanwhile (``_require``) is not
        created twice."""
        with self.ctx.read() as s:
            found = self._instance_changes(s)
        if not any(found[1:]):
            return _instance_counts(found)
        with self.ctx.write() as uow:
            found = self._instance_changes(uow.session)
            self._apply_instance_changes(uow, *found)
        return _instance_counts(found)

    def _instance_changes(self, s) -> tuple[Project, list, list, list]:
        """(project, templates to create, items to revive, items to retire)."""
        project = project_record(s)
        existing = {i.template_id: i for i in s.exec(select(ChecklistItem))}
        applicable = self.applicable(project)
        applicable_ids = {t.id for t in applicable}
        create = [t for t in applicable if t.id not in existing]
        revive = [
            i
            for i in existing.values()
            if i.template_id in applicable_ids
            and (
                i.deleted
                or (
                    i.status == ItemStatus.NOT_APPLICABLE
                    and i.status_reason in (SCENARIO_CHANGED, TEMPLATE_REMOVED)
                )
            )
        ]
        retire = [
            i
            for i in existing.values()
            if not i.deleted
            and i.template_id not in applicable_ids
            and i.status != ItemStatus.NOT_APPLICABLE
        ]
        return project, create, revive, retire

    def _apply_instance_changes(self, uow, project: Project, create, revive, retire) -> None:
        known = {t.id for t in self.templates.items}
        rows = [
            {
                "id": item_record_id(project.id, t.id),
                "template_id": t.id,
                "phase": t.phase.value,
                "stage": t.stage.id,
                "number": t.number,
                "executor_roles": [r.value for r in t.executor_roles],
                "template_version": self.templates.file_versions.get(t.file, ""),
            }
            for t in create
        ]
        uow.rec.bulk_create(ChecklistItem, rows)
        for item in revive:
            obj = uow.session.get(ChecklistItem, item.id)
            uow.rec.restore(obj)
            if obj.status == ItemStatus.NOT_APPLICABLE:
                uow.rec.update(obj, {"status": "not_started", "status_reason": ""})
        for item in retire:
            obj = uow.session.get(ChecklistItem, item.id)
            reason = SCENARIO_CHANGED if item.template_id in known else TEMPLATE_REMOVED
            changes = {"status": ItemStatus.NOT_APPLICABLE.value, "status_reason": reason}
            changes.update({"completed_at": None} if obj.completed_at else {})
            uow.rec.update(obj, changes)

    def _require(self, uow, ref: str) -> ChecklistItem:
        """The stored item for ``ref``, created on the spot when it applies but is missing."""
        return require_item(self.ctx, self.templates, uow, ref)

    # -- status ---------------------------------------------------------------------------
    def set_status(
        self, ref: str, status: str, reason: str | None = None, note: str | None = None
    ) -> ItemView:
        """Change the status (reason required for blocked, not applicable and skipped)."""
        new = parse_status(status)
        with self.ctx.write() as uow:
            obj = self._require(uow, ref)
            changes = status_changes(
                obj, new, check_reason(new, reason, obj.template_id), uow.rec.now
            )
            if note is not None:
                changes["note"] = note.strip()
            uow.rec.update(obj, changes)
            template_id = obj.template_id
        return self.item(template_id)

    def restore_status(self, ref: str, state: StatusState) -> ItemView:
        """Put back an earlier status with its times exactly (undo / redo)."""
        parse_status(state.status)
        with self.ctx.write() as uow:
            obj = self._require(uow, ref)
            uow.rec.update(
                obj,
                {
                    "status": state.status,
                    "status_reason": state.reason,
                    "started_at": state.started_at,
                    "completed_at": state.completed_at,
                },
            )
            template_id = obj.template_id
        return self.item(template_id)

    def correct_times(
        self, ref: str, started_at: datetime | None = None, completed_at: datetime | None = None
    ) -> ItemView:
        """Correct the stamped times (e.g. work done before it was recorded); audited."""
        with self.ctx.write() as uow:
            obj = self._require(uow, ref)
            changes = {}
            now = uow.rec.now
            for name, value in (("started_at", started_at), ("completed_at", completed_at)):
                if value is None:
                    continue
                try:
                    value = to_utc(value)
                except ValueError:
                    raise HmError(f"{obj.template_id}: {name} needs a time zone") from None
                if value > now:
                    raise HmError(f"{obj.template_id}: {name} cannot be in the future")
                changes[name] = value
            if "completed_at" in changes and obj.status != ItemStatus.DONE:
                raise HmError(f"{obj.template_id}: only a done item has a completion time")
            start = changes.get("started_at", obj.started_at)
            end = changes.get("completed_at", obj.completed_at)
            if start is not None and end is not None and end < start:
                raise HmError(f"{obj.template_id}: completion time is before the start time")
            uow.rec.update(obj, changes)
            template_id = obj.template_id
        return self.item(template_id)

    # -- people, dates, notes, sign-off ---------------------------------------------------
    def _set(self, ref: str, **changes) -> ItemView:
        with self.ctx.write() as uow:
            obj = self._require(uow, ref)
            if "assignee_id" in changes:
                changes["assignee_id"] = person_ref(uow.session, changes["assignee_id"])
            uow.rec.update(obj, changes)
            template_id = obj.template_id
        return self.item(template_id)

    def assign(self, ref: str, person_id: str | None) -> ItemView:
        return self._set(ref, assignee_id=person_id)

    def set_planned(self, ref: str, planned: date | None) -> ItemView:
        if planned is not None and (isinstance(planned, datetime) or not isinstance(planned, date)):
            raise HmError("a planned date must be a date (no time)")
        return self._set(ref, planned_date=planned)

    def set_note(self, ref: str, note: str) -> ItemView:
        return self._set(ref, note=(note or "").rstrip())

    def set_executor_roles(self, ref: str, roles: list[str]) -> ItemView:
        from hmfield.core.model.enums import ExecutorRole

        bad = [r for r in roles if r not in {x.value for x in ExecutorRole}]
        if bad or not roles:
            raise HmError(f"executor roles: unknown or none given ({', '.join(bad) or 'empty'})")
        return self._set(ref, executor_roles=list(dict.fromkeys(roles)))

    def sign_off(self, ref: str, person_id: str) -> ItemView:
        """Record who signed a decision or an acceptance, and when."""
        template = self.templates.item(template_id_for(self.ctx, self.templates, ref))
        if not template.needs_sign_off:
            raise HmError(
                f"{template.id} is a task; only decision and acceptance items are signed off"
            )
        with self.ctx.write() as uow:
            obj = self._require(uow, ref)
            signer = person_ref(uow.session, person_id)
            uow.rec.update(obj, {"signed_by_id": signer, "signed_at": uow.rec.now})
        return self.item(template.id)

    def clear_sign_off(self, ref: str) -> ItemView:
        return self._set(ref, signed_by_id=None, signed_at=None)

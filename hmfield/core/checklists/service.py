"""Live checklists: the project's instances of the seed's checklist items, worked through.

``ensure_instances`` creates the items that apply to the project's scenario (a mixed project
gets the items of both source methods) and retires, never deletes, items that stop applying.
Every other public method is one audited use case. Items are addressed by their template id
(``migrate.s7.4``, what the CLI and the engineer use) or by their record id.

Per-host work (registration, syncs, drill, cutover) and evidence live in the mixins of
``checklist_hosts`` and ``checklist_evidence``; their API is part of this service.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache

from sqlmodel import Session, select

from hmfield.core.checklists import (
    ChecklistItemTemplate,
    ChecklistTemplates,
    PhaseCode,
    items_for_scenario,
    load_templates,
)
from hmfield.core.checklists.batch import BatchMixin
from hmfield.core.checklists.evidence import EvidenceMixin
from hmfield.core.checklists.host_tasks import HostTaskMixin
from hmfield.core.checklists.progress import ProgressMixin
from hmfield.core.checklists.scope import attachment_counts, host_counts, person_names
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
from hmfield.core.model.project import Person, Project


@lru_cache(maxsize=1)
def shipped_templates() -> ChecklistTemplates:
    """The bundled templates, loaded once per process (they are immutable)."""
    return load_templates()


def status_changes(obj, status: ItemStatus, reason: str, now: datetime) -> dict:
    """Field changes of a status change: first in-progress stamps the start, done stamps the
    completion, anything else after done (a reopen) clears the completion."""
    changes: dict = {"status": status.value, "status_reason": reason}
    if status is ItemStatus.IN_PROGRESS and obj.started_at is None:
        changes["started_at"] = now
    if status is ItemStatus.DONE:
        if obj.status != ItemStatus.DONE or obj.completed_at is None:
            changes["completed_at"] = now
    elif obj.completed_at is not None:
        changes["completed_at"] = None
    return changes


class ChecklistService(HostTaskMixin, EvidenceMixin, ProgressMixin, BatchMixin):
    def __init__(self, ctx: ServiceContext, templates: ChecklistTemplates | None = None) -> None:
        self.ctx = ctx
        self.templates = templates or shipped_templates()

    # -- reading --------------------------------------------------------------------------
    def _project(self, session: Session) -> Project:
        project = session.exec(select(Project).where(Project.deleted == False)).first()  # noqa: E712
        if project is None:
            raise HmError("project record missing")
        return project

    def applicable(self, project: Project | None = None) -> tuple[ChecklistItemTemplate, ...]:
        """Template items that apply to the project's scenario, in delivery order."""
        if project is None:
            with self.ctx.read() as s:
                project = self._project(s)
        return items_for_scenario(self.templates, project.source_access, project.target_takeover)

    def items(self, phase: PhaseCode | str | None = None) -> list[ItemView]:
        """The project's items in delivery order (one phase, or all). Items not instantiated
        yet (a read-only look at a fresh project) appear as not started with ``stored=False``."""
        wanted = None if phase is None else PhaseCode(phase)
        return self._views(lambda t: wanted is None or t.phase is wanted)

    def item(self, ref: str) -> ItemView:
        template_id = self._template_id(ref)
        views = self._views(lambda t: t.id == template_id, only=template_id)
        if not views:
            raise HmError(f"no checklist item {ref!r} in this project")
        return views[0]

    def _template_id(self, ref: str) -> str:
        ref = (ref or "").strip()
        if any(t.id == ref for t in self.templates.items):
            return ref
        with self.ctx.read() as s:
            obj = s.get(ChecklistItem, ref)
        if obj is None:
            raise HmError(f"no checklist item {ref!r}; use an id such as migrate.s7.4")
        return obj.template_id

    def _views(self, keep, only: str | None = None) -> list[ItemView]:
        """Views of the templates ``keep`` accepts; ``only`` narrows the query to one item
        (every status change shows its item again: that must stay cheap)."""
        with self.ctx.read() as s:
            project = self._project(s)
            stmt = select(ChecklistItem).where(ChecklistItem.deleted == False)  # noqa: E712
            if only is not None:
                stmt = stmt.where(ChecklistItem.template_id == only)
            stored = {i.template_id: i for i in s.exec(stmt)}
            applicable = {t.id for t in self.applicable(project)}
            chosen = [
                t
                for t in self.templates.items
                if keep(t) and (t.id in stored or t.id in applicable)
            ]
            names = person_names(s)
            files = attachment_counts(s, None if only is None else [i.id for i in stored.values()])
            hosts = host_counts(s, project, chosen)
        out = []
        for template in chosen:
            obj = stored.get(template.id)
            total, done, blocked = hosts.get(template.id, (0, 0, 0))
            if obj is None:
                out.append(
                    ItemView(
                        id=item_record_id(project.id, template.id),
                        template=template,
                        executor_roles=tuple(r.value for r in template.executor_roles),
                        hosts_total=total,
                        hosts_done=done,
                        hosts_blocked=blocked,
                        stored=False,
                    )
                )
                continue
            out.append(
                ItemView(
                    id=obj.id,
                    template=template,
                    status=obj.status,
                    status_reason=obj.status_reason,
                    executor_roles=tuple(obj.executor_roles or ()),
                    assignee_id=obj.assignee_id,
                    assignee_name=names.get(obj.assignee_id or "", ""),
                    planned_date=obj.planned_date,
                    started_at=obj.started_at,
                    completed_at=obj.completed_at,
                    note=obj.note,
                    signed_by_id=obj.signed_by_id,
                    signed_by_name=names.get(obj.signed_by_id or "", ""),
                    signed_at=obj.signed_at,
                    attachments=files.get(obj.id, 0),
                    hosts_total=total,
                    hosts_done=done,
                    hosts_blocked=blocked,
                )
            )
        return out

    # -- instances ------------------------------------------------------------------------
    def ensure_instances(self) -> dict[str, int]:
        """Create missing applicable items; retire (not applicable, reason "scenario changed")
        items that stop applying; bring back items retired that way that apply again.
        Idempotent: a second call writes nothing."""
        with self.ctx.read() as s:
            project = self._project(s)
            existing = {i.template_id: i for i in s.exec(select(ChecklistItem))}
        applicable = self.applicable(project)
        applicable_ids = {t.id for t in applicable}
        known = {t.id for t in self.templates.items}
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
        counts = {"created": len(create), "retired": len(retire), "revived": len(revive)}
        if not (create or revive or retire):
            return counts
        with self.ctx.write() as uow:
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
        return counts

    def _require(self, uow, ref: str) -> ChecklistItem:
        """The stored item for ``ref``, created on the spot when it applies but is missing."""
        template_id = self._template_id(ref)
        obj = uow.session.exec(
            select(ChecklistItem).where(ChecklistItem.template_id == template_id)
        ).first()
        if obj is not None and not obj.deleted:
            return obj
        project = self._project(uow.session)
        if template_id not in {t.id for t in self.applicable(project)}:
            raise HmError(f"checklist item {template_id} does not apply to this project")
        if obj is not None:
            uow.rec.restore(obj)
            return obj
        t = self.templates.item(template_id)
        obj = ChecklistItem(
            id=item_record_id(project.id, template_id),
            template_id=template_id,
            phase=t.phase.value,
            stage=t.stage.id,
            number=t.number,
            executor_roles=[r.value for r in t.executor_roles],
            template_version=self.templates.file_versions.get(t.file, ""),
        )
        return uow.rec.create(obj)

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
    def _person(self, session: Session, person_id: str | None) -> str | None:
        if person_id is None:
            return None
        person = session.get(Person, person_id)
        if person is None or person.deleted:
            raise HmError(f"no person with id {person_id} in this project")
        return person.id

    def _set(self, ref: str, **changes) -> ItemView:
        with self.ctx.write() as uow:
            obj = self._require(uow, ref)
            if "assignee_id" in changes:
                changes["assignee_id"] = self._person(uow.session, changes["assignee_id"])
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
        template = self.templates.item(self._template_id(ref))
        if not template.needs_sign_off:
            raise HmError(
                f"{template.id} is a task; only decision and acceptance items are signed off"
            )
        with self.ctx.write() as uow:
            obj = self._require(uow, ref)
            signer = self._person(uow.session, person_id)
            uow.rec.update(obj, {"signed_by_id": signer, "signed_at": uow.rec.now})
        return self.item(template.id)

    def clear_sign_off(self, ref: str) -> ItemView:
        return self._set(ref, signed_by_id=None, signed_at=None)

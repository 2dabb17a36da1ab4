"""What every checklist service reads and writes the same way: the project record, an item
reference resolved to its template id, the stored item a use case works on (created on the spot
when it applies but is missing), a person reference, and the item views shown everywhere.

Plain functions taking the context or the open unit of work, shared by ``ChecklistService``,
``HostTaskService``, ``EvidenceService``, ``ChecklistProgressService`` and
``ChecklistBatchService``; none of them opens a transaction of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import lru_cache

from sqlmodel import Session, select

from hmfield.core.checklists import (
    ChecklistItemTemplate,
    ChecklistTemplates,
    items_for_scenario,
    load_templates,
)
from hmfield.core.checklists.scope import attachment_counts, host_counts, person_names
from hmfield.core.checklists.views import ItemStatus, ItemView
from hmfield.core.context import ServiceContext, UnitOfWork
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


def project_record(session: Session) -> Project:
    project = session.exec(select(Project).where(Project.deleted == False)).first()  # noqa: E712
    if project is None:
        raise HmError("project record missing")
    return project


def applicable_templates(
    templates: ChecklistTemplates, project: Project
) -> tuple[ChecklistItemTemplate, ...]:
    """Template items that apply to the project's scenario, in delivery order."""
    return items_for_scenario(templates, project.source_access, project.target_takeover)


def shown_templates(
    templates: ChecklistTemplates,
    project: Project,
    stored: set[str],
    keep: Callable[[ChecklistItemTemplate], bool] = lambda t: True,
) -> list[ChecklistItemTemplate]:
    """The templates a project's checklist shows, in delivery order: those ``keep`` accepts
    that apply to its scenario or have a stored item (template ids ``stored``)."""
    applicable = {t.id for t in applicable_templates(templates, project)}
    return [t for t in templates.items if keep(t) and (t.id in stored or t.id in applicable)]


def template_id_for(ctx: ServiceContext, templates: ChecklistTemplates, ref: str) -> str:
    """The template id of ``ref`` (a template id such as ``migrate.s7.4`` or a record id)."""
    ref = (ref or "").strip()
    if any(t.id == ref for t in templates.items):
        return ref
    with ctx.read() as s:
        obj = s.get(ChecklistItem, ref)
    if obj is None:
        raise HmError(f"no checklist item {ref!r}; use an id such as migrate.s7.4")
    return obj.template_id


def require_item(
    ctx: ServiceContext, templates: ChecklistTemplates, uow: UnitOfWork, ref: str
) -> ChecklistItem:
    """The stored item for ``ref``, created on the spot when it applies but is missing."""
    template_id = template_id_for(ctx, templates, ref)
    obj = uow.session.exec(
        select(ChecklistItem).where(ChecklistItem.template_id == template_id)
    ).first()
    if obj is not None and not obj.deleted:
        return obj
    project = project_record(uow.session)
    if template_id not in {t.id for t in applicable_templates(templates, project)}:
        raise HmError(f"checklist item {template_id} does not apply to this project")
    if obj is not None:
        uow.rec.restore(obj)
        return obj
    t = templates.item(template_id)
    obj = ChecklistItem(
        id=item_record_id(project.id, template_id),
        template_id=template_id,
        phase=t.phase.value,
        stage=t.stage.id,
        number=t.number,
        executor_roles=[r.value for r in t.executor_roles],
        template_version=templates.file_versions.get(t.file, ""),
    )
    return uow.rec.create(obj)


def person_ref(session: Session, person_id: str | None) -> str | None:
    """The id of a live person, or None; refuses an unknown or deleted one."""
    if person_id is None:
        return None
    person = session.get(Person, person_id)
    if person is None or person.deleted:
        raise HmError(f"no person with id {person_id} in this project")
    return person.id


def item_views(
    ctx: ServiceContext,
    templates: ChecklistTemplates,
    keep: Callable[[ChecklistItemTemplate], bool],
    only: str | None = None,
) -> list[ItemView]:
    """Views of the templates ``keep`` accepts; ``only`` narrows the query to one item
    (every status change shows its item again: that must stay cheap). Items not instantiated
    yet (a read-only look at a fresh project) appear as not started with ``stored=False``."""
    with ctx.read() as s:
        project = project_record(s)
        stmt = select(ChecklistItem).where(ChecklistItem.deleted == False)  # noqa: E712
        if only is not None:
            stmt = stmt.where(ChecklistItem.template_id == only)
        stored = {i.template_id: i for i in s.exec(stmt)}
        chosen = shown_templates(templates, project, set(stored), keep)
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

"""Project use cases: create, open, read and update the project's facts."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import func, select

from hmfield.core.clock import Clock, SystemClock
from hmfield.core.context import Actor, ServiceContext
from hmfield.core.errors import HmError
from hmfield.core.identity import Identity, load_identity
from hmfield.core.model.project import Person, Project
from hmfield.core.project.draft import NewProject, validate_new_project
from hmfield.core.store.project_file import ProjectStore, create_store, open_store

SCENARIOS = (
    "agent-automated",
    "agent-generic",
    "agentless-automated",
    "agentless-generic",
    "mixed-automated",
    "mixed-generic",
)


def parse_scenario(code: str) -> tuple[str, str]:
    if code not in SCENARIOS:
        raise HmError(f"unknown scenario {code!r}; use one of {', '.join(SCENARIOS[:4])}")
    access, takeover = code.split("-")
    return access, takeover


def actor_for(identity: Identity, by: str | None = None) -> Actor:
    """The acting person: ``by`` (CLI ``--by``) names someone else on this device."""
    if by and by.strip() and by.strip() != identity.name:
        import uuid

        # a stable id per (device, name) so repeated --by NAME is one person
        pid = uuid.uuid5(uuid.UUID(identity.device_id), by.strip()).hex
        return Actor(pid, by.strip(), identity.device_id)
    return Actor(identity.person_id, identity.name, identity.device_id, identity.organisation)


def create_project(
    path: Path | str, draft: NewProject, *, clock: Clock | None = None, actor: Actor | None = None
) -> ServiceContext:
    problems = validate_new_project(draft)
    if problems:
        raise HmError("; ".join(problems))
    actor = actor or actor_for(load_identity())
    store = create_store(Path(path), person=actor.name, device_id=actor.device_id)
    ctx = ServiceContext(store, actor, clock or SystemClock())
    try:
        with ctx.write() as uow:
            project = Project(
                name=draft.name.strip(),
                customer=draft.customer.strip(),
                msp=draft.msp.strip(),
                source_access=draft.source_access,
                target_takeover=draft.target_takeover,
                target_cloud=draft.target_cloud.strip(),
                source_platforms=list(draft.source_platforms or []),
                planned_start=draft.planned_start,
                planned_end=draft.planned_end,
                default_language=draft.default_language,
            )
            uow.rec.create(project)
            _ensure_person(uow, actor)
            for p in draft.people or []:
                uow.rec.create(
                    Person(
                        name=p["name"].strip(),
                        organisation=(p.get("organisation") or "").strip(),
                        roles=list(p.get("roles") or []),
                        phone=(p.get("phone") or "").strip(),
                        email=(p.get("email") or "").strip(),
                    )
                )
        store.project_id = project.id
        ensure_checklists(ctx)
    except Exception:
        store.close()
        store.path.unlink(missing_ok=True)
        raise
    return ctx


def open_project(
    path: Path | str,
    *,
    readonly: bool = False,
    clock: Clock | None = None,
    actor: Actor | None = None,
    backup_reason: str | None = None,
    lock=None,
    backup_later: bool = False,
    checklists_later: bool = False,
) -> ServiceContext:
    """Open for the app or a CLI command; writers are added to the project's people.
    ``lock``: the project's lock, held already (``store.lock.locked``). ``backup_later``: a
    large file's backup is pinned now and copied by ``ctx.store.finish_backup()``.
    ``checklists_later``: the caller runs :func:`ensure_checklists` itself (the window, once
    the first screen is up: the checklist modules and templates were a fifth of an opening;
    until then every read shows a missing item as not started and every write creates it)."""
    actor = actor or actor_for(load_identity())
    store: ProjectStore = open_store(
        path,
        readonly=readonly,
        person=actor.name,
        device_id=actor.device_id,
        backup_reason=backup_reason,
        lock=lock,
        backup_later=backup_later,
    )
    ctx = ServiceContext(store, actor, clock or SystemClock())
    if not readonly and not ctx.archived():  # an archived project is opened as it is
        try:
            with ctx.write() as uow:
                _ensure_person(uow, actor)
            if not checklists_later:
                ensure_checklists(ctx)
        except Exception:
            store.close()
            raise
    return ctx


def ensure_checklists(ctx: ServiceContext) -> None:
    """The checklist items that apply to the project's scenario exist (idempotent; nothing
    for a project open read-only or archived)."""
    from hmfield.core.checklists.service import ChecklistService

    if ctx.store.readonly or ctx.archived():
        return

    ChecklistService(ctx).ensure_instances()


def _ensure_person(uow, actor: Actor) -> None:
    existing = uow.session.get(Person, actor.person_id)
    if existing is None:
        uow.rec.create(Person(id=actor.person_id, name=actor.name, organisation=actor.organisation))
    elif existing.deleted:
        uow.rec.restore(existing)


class ProjectService:
    """Reading and editing the project's own facts."""

    EDITABLE = (
        "name",
        "customer",
        "msp",
        "source_platforms",
        "target_cloud",
        "source_access",
        "target_takeover",
        "planned_start",
        "planned_end",
        "default_language",
        "notes",
    )

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def get(self) -> Project:
        with self.ctx.read() as s:
            project = s.exec(select(Project).where(Project.deleted == False)).first()  # noqa: E712
        if project is None:
            raise HmError("project record missing")
        return project

    def zone_name(self) -> str:
        """The zone the project's times are shown in: the plan settings' (Asia/Shanghai when
        none is set yet, as the plan and the runbook paper)."""
        from hmfield.core.model.plan_settings import plan_zone

        with self.ctx.read() as s:
            return plan_zone(s)

    def update(self, **changes) -> dict:
        unknown = set(changes) - set(self.EDITABLE)
        if unknown:
            raise HmError(f"cannot edit project field(s): {', '.join(sorted(unknown))}")
        current = self.get()
        draft = NewProject(
            name=changes.get("name", current.name),
            source_access=changes.get("source_access", current.source_access),
            target_takeover=changes.get("target_takeover", current.target_takeover),
            source_platforms=changes.get("source_platforms", current.source_platforms),
            planned_start=changes.get("planned_start", current.planned_start),
            planned_end=changes.get("planned_end", current.planned_end),
        )
        problems = validate_new_project(draft)
        if problems:
            raise HmError("; ".join(problems))
        with self.ctx.write() as uow:
            project = uow.session.get(Project, current.id)
            done = uow.rec.update(project, changes)
        if {"source_access", "target_takeover"} & set(done):
            ensure_checklists(self.ctx)  # items that stop applying become not applicable
        return done

    def info(self) -> dict:
        """Facts and counts for ``hmfield info`` and the overview."""
        project = self.get()
        counts = self.counts()
        return {
            "id": project.id,
            "name": project.name,
            "customer": project.customer,
            "msp": project.msp,
            "scenario": project.scenario,
            "target_cloud": project.target_cloud,
            "source_platforms": project.source_platforms,
            "planned_start": project.planned_start.isoformat() if project.planned_start else None,
            "planned_end": project.planned_end.isoformat() if project.planned_end else None,
            "schema_version": self.ctx.store.file_version,
            "path": str(self.ctx.store.path),
            "counts": counts,
        }

    def counts(self) -> dict[str, int]:
        from sqlmodel import SQLModel

        from hmfield.core.model import load_all

        load_all()  # every table's count, whichever services have loaded
        out: dict[str, int] = {}
        with self.ctx.read() as s:
            for table in SQLModel.metadata.sorted_tables:
                if table.name in ("project",):
                    continue
                stmt = select(func.count()).select_from(table)
                if "deleted" in table.c:
                    stmt = stmt.where(table.c.deleted == False)  # noqa: E712
                out[table.name] = s.exec(stmt).one()
        out["audit_event"] = out.pop("audit_event", 0)
        return out

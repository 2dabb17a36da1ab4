"""Sync by USB: export a project as a bundle, preview and apply a bundle's merge, resolve the
conflicts a merge found, or open a bundle of an unknown project as a new project file.

Every check on a bundle (container, payload, hash chains, project identity, versions) runs
before the project is written, so a bad bundle leaves the project byte-for-byte unchanged.
Applying is one transaction after an automatic backup; a bundle that brings nothing new
writes nothing (no backup either), which is what makes a re-import a no-op.
"""

from __future__ import annotations

import contextlib
import json
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError
from sqlmodel import select

from hmfield import __version__
from hmfield.core.assess.verdicts import reassess_hosts
from hmfield.core.bulk import bulk_cache, paused_gc, renew_statistics
from hmfield.core.context import ServiceContext
from hmfield.core.errors import HmError
from hmfield.core.identity import signing_key
from hmfield.core.model.base import to_jsonable
from hmfield.core.model.project import Person, Project
from hmfield.core.model.sync import MergeConflict, SyncImport
from hmfield.core.progress import NULL_PROGRESS, Progress
from hmfield.core.store.backups import EarlyBackup, backup_file
from hmfield.core.store.schema import SCHEMA_VERSION
from hmfield.core.sync.bundle import Manifest, read_bundle
from hmfield.core.sync.bundle.container import write_bundle_while
from hmfield.core.sync.bundle.matching import Matches, match_other_project
from hmfield.core.sync.bundle.merge import RETIRED
from hmfield.core.sync.bundle.merge_preview import MergePlan, MergePreview, fingerprint, plan_merge
from hmfield.core.sync.bundle.merge_write import (
    defer_foreign_keys,
    write_blobs,
    write_conflicts,
    write_events,
    write_rows,
)
from hmfield.core.sync.bundle.payload import build_payload, catalog, member_names
from hmfield.core.sync.bundle.payload_read import Payload, read_payload
from hmfield.core.sync.bundle.trail import local_chains
from hmfield.core.sync.projects import (  # noqa: F401 - part of this module's API
    BundleImportResult,
    check_signer,
    default_project_path,
    find_project_file,
    import_as_new_project,
    log_import,
    trust_signer,
)

CHOICES = ("mine", "theirs", "edit")


class OtherProject(HmError):
    """The bundle holds another project than the one open (refused unless asked)."""

    def __init__(self, bundle: Path, manifest: Manifest, local: Project) -> None:
        self.manifest = manifest
        super().__init__(
            f"{bundle}: holds project {manifest.project_name!r} ({manifest.project_id[:8]}), "
            f"not {local.name!r} ({local.id[:8]}); nothing was imported (open it as a new "
            "project, or merge it anyway only if you are sure)"
        )


@dataclass(frozen=True)
class ExportResult:
    path: Path
    manifest: Manifest
    counts: dict[str, int]
    size: int


@dataclass(frozen=True)
class ConflictView:
    """One conflict seen from this device: ``mine`` is the side this device wrote (else the
    value in effect), ``theirs`` the other; ``current`` says which one the record holds."""

    id: str
    entity: str
    entity_id: str
    record: str  # a readable name of the record
    field: str
    mine: Any
    mine_person: str
    mine_at: str
    theirs: Any
    theirs_person: str
    theirs_at: str
    current: str  # "mine" | "theirs"
    detail: str
    resolved: bool
    resolution: str
    resolved_by: str


def open_payload(path: Path | str, passphrase: str | None = None, progress=NULL_PROGRESS):
    """Open, verify and parse a bundle (raises BundleError); close the result when done.
    Every member is checked against the manifest as the payload reads it (data members
    when parsed, attachments read back), so nothing is read twice."""
    opened = read_bundle(path, passphrase, progress=progress, verify=False)
    try:
        return read_payload(opened, progress)
    except BaseException:
        opened.close()
        raise


class SyncService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def _project(self, session) -> Project:
        project = session.get(Project, self.ctx.store.project_id)
        if project is None:
            raise HmError("project record missing")
        return project

    # -- export ---------------------------------------------------------------------------
    def export_bundle(
        self, path: Path | str, passphrase: str | None = None, progress: Progress = NULL_PROGRESS
    ) -> ExportResult:
        """Write the whole project (read-only on it) to a verified bundle at ``path``."""
        path = Path(path)
        key = signing_key()
        with tempfile.TemporaryDirectory(prefix="hmfield-export-") as tmp, self.ctx.read() as s:
            project = self._project(s)
            fields = self._fields(project, s.get(Person, self.ctx.actor.person_id))
            attachments: dict[str, Path] = {}  # filled before the last member is made

            def produce(pending):  # each member written while the next one is read
                conn = s.connection()
                return build_payload(
                    conn, Path(tmp), progress, pending.put, attachments, pending.put_part,
                    pending.attachments_listed.set,
                )  # fmt: skip

            manifest, data = write_bundle_while(
                produce, member_names(catalog()), path, fields, attachments, passphrase,
                progress, signing_key=key,
            )  # fmt: skip
        return ExportResult(path, manifest, data.counts, path.stat().st_size)

    def _fields(self, project: Project, person: Person | None) -> dict:
        """The manifest's fields; ``person`` is the engineer as the project knows them."""
        return {
            "schema_version": SCHEMA_VERSION,
            "app_version": __version__,
            "project_id": project.id,
            "project_name": project.name,
            "device_id": self.ctx.actor.device_id,
            "person": (person.name if person is not None else "") or self.ctx.actor.name,
            "created_at": to_jsonable(self.ctx.clock.now()),
        }

    # -- import ---------------------------------------------------------------------------
    def preview_import(
        self,
        path: Path | str,
        passphrase: str | None = None,
        progress: Progress = NULL_PROGRESS,
        *,
        allow_other_project: bool = False,
    ) -> MergePreview:
        """Open and check the bundle and plan its merge. The bundle is read and parsed in a
        second thread while this one reads this project's audit chains (SQLite works
        without the GIL), in the read transaction the merge is planned in."""
        # the cycle collector paused: parsing a bundle makes millions of small objects and no
        # cycles (its passes cost a quarter of the preview)
        early = self._early_backup()
        with (
            paused_gc(promote=True),
            ThreadPoolExecutor(1, thread_name_prefix="bundle-open") as pool,
        ):
            opening = pool.submit(open_payload, path, passphrase, progress)
            try:
                with self.ctx.read() as s:
                    chains = local_chains(s.connection())
                    payload = opening.result()
                    try:
                        preview = self._preview(s, payload, progress, allow_other_project, chains)
                    except BaseException:
                        payload.close()
                        raise
            except BaseException:
                if early is not None:  # nothing of it left behind when this returns
                    early.discard(wait=True)
                if not opening.cancel() and opening.exception() is None:
                    opening.result().close()  # opened, not previewed
                raise
        if early is not None and preview.has_changes:
            preview.backup = early  # taken by apply_import if nothing changed meanwhile
        elif early is not None:
            early.discard()  # nothing to merge: no backup
        return preview

    def _early_backup(self) -> EarlyBackup | None:
        """The merge's backup, copied while the bundle is read and previewed (a project
        file open for writing; the office database has none), or None when it cannot be
        made now: apply_import then backs up as before."""
        store = self.ctx.store
        if store.readonly or getattr(store, "office", False):
            return None
        try:
            return EarlyBackup(store.path, store.project_id, "before-import")
        except HmError:
            return None

    def preview_payload(
        self, payload: Payload, progress: Progress = NULL_PROGRESS, *, allow_other_project=False
    ) -> MergePreview:
        with self.ctx.read() as s:
            return self._preview(s, payload, progress, allow_other_project, None)

    def _preview(self, s, payload: Payload, progress, allow_other_project, chains) -> MergePreview:
        check_signer(payload)
        project = self._project(s)
        same = payload.manifest.project_id == project.id
        if not same and not allow_other_project:
            raise OtherProject(Path(payload.display), payload.manifest, project)
        plan = plan_merge(s.connection(), payload, project.id, catalog(), progress, chains)
        seen = s.get(SyncImport, payload.manifest.export_id)
        matched = {} if same else dict(match_other_project(s.connection(), payload).ids)
        return MergePreview(
            Path(payload.display),
            payload.manifest,
            same,
            plan,
            payload,
            to_jsonable(seen.imported_at) if seen else None,
            matched,
        )

    def apply_import(
        self, preview: MergePreview, progress: Progress = NULL_PROGRESS
    ) -> BundleImportResult:
        """Apply a previewed merge in one transaction (after a backup); closes the preview."""
        store = self.ctx.store
        try:
            if not preview.has_changes:
                return BundleImportResult(store.path, False)
            progress.check()
            # paused_gc: the merge's rows, events and verdicts make no cycles
            with _MergeBackup(store, preview.backup) as backup, paused_gc(promote=True):
                plan = self._write_merge(preview, progress, backup)
            trust_signer(preview.payload)
            return BundleImportResult(
                store.path,
                plan.has_changes,
                len(plan.new_events),
                plan.changed_records,
                len(plan.detected),
                sum(len(r) for r in plan.blobs.values()),
                backup.path,
            )
        finally:
            preview.close()

    def _write_merge(
        self, preview: MergePreview, progress: Progress, backup: _MergeBackup
    ) -> MergePlan:
        store, cat = self.ctx.store, catalog()
        with self.ctx.write() as uow:
            conn = uow.session.connection()
            backup.start()  # the write lock held: nothing commits before this merge now
            plan = preview.plan
            if fingerprint(conn) != plan.fingerprint:  # the project changed meanwhile
                plan = plan_merge(conn, preview.payload, store.project_id, cat, progress)
            matched = None
            if not preview.same_project:  # matched against the state written into
                matched = match_other_project(conn, preview.payload)
            with bulk_cache(conn, _hosts_written(plan)):  # the page cache of a bulk write
                _write_plan(conn, plan, preview.payload, cat, progress)
            if matched is not None:
                _retire_matched(uow, plan, matched, cat)
            # before the re-judging: its reads of the merged hosts' children use them
            renew_statistics(conn, plan.changed_records)
            if plan.changed_records:
                reassess_hosts(uow, _hosts_to_reassess(plan))
            log_import(conn, preview, plan, uow.rec.now)
            backup.wait()  # the backup holds the state before: commit only then
        return plan

    # -- conflicts ------------------------------------------------------------------------
    def conflicts(self, include_resolved: bool = False) -> list[ConflictView]:
        with self.ctx.read() as s:
            stmt = select(MergeConflict).order_by(MergeConflict.entity, MergeConflict.entity_id)
            if not include_resolved:
                stmt = stmt.where(MergeConflict.resolved == False)  # noqa: E712
            return [self._view(s, c) for c in s.exec(stmt)]

    def conflict(self, conflict_id: str) -> ConflictView:
        with self.ctx.read() as s:
            c = s.get(MergeConflict, conflict_id)
            if c is None:
                raise HmError(f"no conflict with id {conflict_id}")
            return self._view(s, c)

    def _view(self, session, c: MergeConflict) -> ConflictView:
        me = self.ctx.actor.device_id
        mine_is_winner = c.other_device != me or c.winner_device == me
        w = (_loads(c.winner_value), c.winner_person, to_jsonable(c.winner_at) or "")
        o = (_loads(c.other_value), c.other_person, to_jsonable(c.other_at) or "")
        mine, theirs = (w, o) if mine_is_winner else (o, w)
        return ConflictView(
            c.id,
            c.entity,
            c.entity_id,
            _record_label(session, c.entity, c.entity_id),
            c.field,
            *mine,
            *theirs,
            "mine" if mine_is_winner else "theirs",
            c.detail,
            c.resolved,
            c.resolution,
            c.resolved_by,
        )

    def resolve(self, conflict_id: str, choice: str, value: Any = None) -> ConflictView:
        """Keep mine, keep theirs, or set ``value``: an audited update of the record (a later
        event, so it wins everywhere after the next sync); marks the conflict resolved."""
        if choice not in CHOICES:
            raise HmError(f"unknown choice {choice!r}; use mine, theirs or edit")
        view = self.conflict(conflict_id)
        if view.resolved:
            raise HmError("this conflict is resolved already")
        model = catalog().records.get(view.entity)
        if model is None:
            raise HmError(f"records of kind {view.entity} are unknown to this hmfield")
        if view.field == "deleted" and choice == "edit":
            raise HmError("a deletion cannot be edited: keep mine or keep theirs")
        wanted = {"mine": view.mine, "theirs": view.theirs, "edit": value}[choice]
        with self.ctx.write() as uow:
            obj = uow.session.get(model, view.entity_id)
            if obj is None:
                raise HmError(f"the {view.entity} record {view.entity_id[:8]} is missing")
            if view.field == "deleted":
                action = "delete" if wanted else "restore"
                done = uow.rec.delete(obj) if wanted else uow.rec.restore(obj)
                if not done:  # already so: record the decision anyway
                    uow.rec.event(view.entity, obj.id, action)
                    _stamp(uow, obj)
            else:
                changes = _decision(model, view.field, wanted, parse_text=choice == "edit")
                if not uow.rec.update(obj, changes):  # already so: record the decision anyway
                    for name, new in changes.items():
                        uow.rec.event(view.entity, obj.id, "update", name, new, new)
                    _stamp(uow, obj)
            c = uow.session.get(MergeConflict, conflict_id)
            c.resolved, c.resolution = True, choice
            c.resolved_by, c.resolved_at = self.ctx.actor.name, uow.rec.now
            uow.session.add(c)
        return self.conflict(conflict_id)


class _MergeBackup:
    """The backup before a merge, decided inside its write transaction (the write lock
    held: the state before the merge is the one committed now): the preview's early copy
    when nothing was committed since it was pinned (``EarlyBackup.current``), else a copy
    made by a second thread (its own connection) while the merge is written. ``wait``
    before the commit: the backup is in the backups folder, or the merge rolls back. The
    office database has none (its transaction and pg_dump are the backup)."""

    def __init__(self, store, early: EarlyBackup | None) -> None:
        self.store, self.early = store, early
        self.path: Path | None = None
        self._copying = None
        self._pool: ThreadPoolExecutor | None = None
        self._taken = False

    def start(self) -> None:
        if getattr(self.store, "office", False):
            return
        if self.early is not None and self.early.current():  # before the merge writes
            self._taken = True  # its copy may still run: published by wait (or at exit)
            return
        if self.early is not None:
            self.early.discard()
            self.early = None
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="bundle-backup")
        self._copying = self._pool.submit(self._fresh)

    def _fresh(self) -> Path:
        return backup_file(self.store.path, self.store.project_id, "before-import")

    def wait(self) -> None:
        if self._taken:
            # None: the early copy failed after all; the state before is still the one
            # committed (this transaction holds the write lock), copied now
            self.path = self.early.take() or self._fresh()
        elif self._copying is not None:
            self.path = self._copying.result()

    def __enter__(self) -> _MergeBackup:
        return self

    def __exit__(self, *exc) -> None:
        if self._taken and self.path is None:  # the merge failed: the backup is kept, as
            self.path = self.early.take()  # a fresh copy finishing meanwhile is
        if self._pool is not None:
            self._pool.shutdown(wait=True)


def _stamp(uow, obj) -> None:
    obj.updated_at = uow.rec.now
    obj.changed_by = uow.rec.ctx.actor.person_id
    obj.device_id = uow.rec.ctx.actor.device_id
    obj.revision = (obj.revision or 0) + 1
    uow.session.add(obj)


def coerce_value(model, name: str, value: Any, *, parse_text: bool = False) -> Any:
    """``value`` as the field's type; typed text (``parse_text``) may be JSON (numbers, lists)."""
    info = model.model_fields.get(name)
    if info is None:
        raise HmError(f"{model.__tablename__} has no field {name}")
    adapter = TypeAdapter(info.annotation)
    if parse_text and isinstance(value, str):
        try:
            return adapter.validate_python(value, strict=True)
        except ValidationError:
            with contextlib.suppress(ValueError):
                value = json.loads(value)
    try:
        return adapter.validate_python(value)
    except ValidationError as exc:
        reason = exc.errors()[0].get("msg", "invalid") if exc.errors() else "invalid"
        raise HmError(f"{name}: {value!r} is not a valid value ({reason})") from None


def _decision(model, field: str, wanted: Any, *, parse_text: bool) -> dict[str, Any]:
    """The field values a resolution writes: one field, or every field of an atomic group
    (a conflict named ``status+status_reason+note+...`` carries the whole decision)."""
    if "+" not in field:
        return {field: coerce_value(model, field, wanted, parse_text=parse_text)}
    names = field.split("+")
    if parse_text and isinstance(wanted, str):
        try:
            wanted = json.loads(wanted)
        except ValueError:
            raise HmError(f"{field}: give the decision as a JSON object of {names}") from None
    if not isinstance(wanted, dict) or set(wanted) - set(names):
        raise HmError(f"{field}: a decision sets exactly the fields {', '.join(names)}")
    current = {n: wanted[n] for n in names if n in wanted}
    return {n: coerce_value(model, n, v) for n, v in current.items()}


def _loads(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def _record_label(session, entity: str, entity_id: str) -> str:
    model = catalog().records.get(entity)
    row = session.get(model, entity_id) if model is not None else None
    for attr in ("name", "title", "hostname", "template_id", "file_name"):
        text = getattr(row, attr, None)
        if isinstance(text, str) and text:
            return text
    return entity_id[:8]


def _hosts_written(plan: MergePlan) -> int:
    """How many hosts the merge inserts or updates (what its page cache is sized by)."""
    hosts = plan.tables.get("host")
    return len(hosts.inserts) + len(hosts.updates) if hosts is not None else 0


def _write_plan(conn, plan: MergePlan, payload: Payload, cat, progress: Progress) -> None:
    defer_foreign_keys(conn)
    progress.report(0, 3, "Writing the merge")
    write_events(conn, plan.new_events)
    for name, model in cat.records.items():
        progress.check()
        tp = plan.tables.get(name)
        if tp is not None:
            write_rows(conn, model.__table__, tp.inserts, tp.updates)
    progress.report(1, 3, "Writing the merge")
    write_conflicts(conn, plan.conflicts_insert, plan.conflicts_update)
    write_blobs(conn, payload, plan.blobs, cat)
    progress.report(3, 3, "Writing the merge")


def _retire_matched(uow, plan: MergePlan, matched: Matches, cat) -> None:
    """Another project's records matched to ours (and the children of its matched hosts)
    get an audited delete: ours hold, theirs stay in the trail, nothing appears twice."""
    hosts = matched.ids.get("host", {})
    for name, model in cat.records.items():
        ids = dict(matched.ids.get(name, {}))
        tp = plan.tables.get(name)
        if tp is not None and hosts and "host_id" in model.__table__.columns:
            ids.update(
                {r["id"]: hosts[r["host_id"]] for r in tp.inserts if r.get("host_id") in hosts}
            )
        for rid, ours in sorted(ids.items()):
            obj = uow.session.get(model, rid)
            if obj is not None and not obj.deleted:
                obj.deleted = True
                uow.rec.event(name, rid, "delete", RETIRED, None, ours)
                mark = (uow.rec.now, uow.rec.ctx.actor.device_id)
                if obj.updated_at is None or mark > (obj.updated_at, obj.device_id or ""):
                    _stamp(uow, obj)
                else:  # their last change is later (clocks): the merge's fold keeps it so
                    obj.revision = (obj.revision or 0) + 1
                    uow.session.add(obj)


def _hosts_to_reassess(plan: MergePlan) -> list[str] | None:
    """Hosts whose verdict inputs changed: the host rows and rows pointing at a host; all
    hosts (None) when the project itself (its scenario) changed."""
    project = plan.tables.get("project")
    if project and (project.inserts or project.updates):
        return None
    ids: set[str] = set()
    for name, tp in plan.tables.items():
        for row in (*tp.inserts, *tp.updates):
            if name == "host":
                ids.add(row["id"])
            elif isinstance(row.get("host_id"), str) and row["host_id"]:
                ids.add(row["host_id"])
    return sorted(ids)

"""The office hub's use cases: make the database an office one, merge bundles into their
projects (creating a project the office does not have yet), hand a project back out as a
bundle, and verify every audit chain of every project.

A bundle is merged by the same code a laptop uses (``SyncService.preview_payload`` and
``apply_import``): the same fold of audit trails, the same conflicts kept, one transaction per
bundle, and a re-import that brings nothing new writes nothing.
"""

from __future__ import annotations

import random
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.exc import DBAPIError, OperationalError

from hmfield.core.audit.service import AuditService
from hmfield.core.clock import Clock
from hmfield.core.context import Actor, ServiceContext
from hmfield.core.errors import HmError
from hmfield.core.model.project import Project
from hmfield.core.office import figures
from hmfield.core.office.database import OfficeDb, OfficeProject, deferrable_keys, schema_name
from hmfield.core.office.portfolio import figures_current, keep_figures, store_figures
from hmfield.core.office.store import project_context
from hmfield.core.store import schema
from hmfield.core.sync.bundle.merge import check_events
from hmfield.core.sync.bundle.merge_preview import MergePlan, MergePreview
from hmfield.core.sync.bundle.merge_write import insert_everything
from hmfield.core.sync.bundle.payload import catalog
from hmfield.core.sync.bundle.payload_read import Payload
from hmfield.core.sync.projects import check_signer, log_import, trust_signer
from hmfield.core.sync.service import ExportResult, SyncService, open_payload

RETRIES = 6


@dataclass(frozen=True)
class OfficeImport:
    """One bundle merged into the office."""

    bundle: str
    project_id: str
    project: str
    created: bool
    changed: bool
    new_events: int = 0
    changed_records: int = 0
    conflicts: int = 0

    def to_json(self) -> dict:
        return dict(self.__dict__)


@dataclass(frozen=True)
class ChainCheck:
    project_id: str
    project: str
    schema_version: int
    events: int
    problem: str  # "" when every chain holds


class _LostRace(Exception):
    """Another importer created the project first: merge into theirs instead."""


class OfficeService:
    def __init__(self, db: OfficeDb, actor: Actor, clock: Clock | None = None) -> None:
        self.db = db
        self.actor = actor
        self.clock = clock or db.clock

    def context(self, project: OfficeProject, *, readonly: bool = False) -> ServiceContext:
        return project_context(self.db, project, self.actor, self.clock, readonly=readonly)

    # -- init -----------------------------------------------------------------------------
    def init(self) -> tuple[bool, list[str]]:
        """Make the database an office database (or bring it up to date): (created, the
        projects migrated to this hmfield's schema version)."""
        created = self.db.init()
        migrated = []
        for project in self.db.projects():
            if self.upgrade(project):
                migrated.append(project.name)
            self.db.add_indexes(project)
            self.keep_figures(project, only_if_stale=True)
        return created, migrated

    def keep_figures(self, project: OfficeProject, *, only_if_stale: bool = False) -> bool:
        """Store the project's portfolio line (its stale verdicts judged again first), unless
        ``only_if_stale`` and the stored one is current; True when it was stored."""
        ctx = self.context(project)
        try:
            if only_if_stale:
                with ctx.read() as s:
                    if figures_current(s.connection(), project):
                        return False
            keep_figures(ctx, project)
            return True
        finally:
            ctx.store.close()

    def upgrade(self, project: OfficeProject) -> bool:
        """Migrate one project's schema to this hmfield's version; True when it was older."""
        writer, reader = self.db.project_engines(project.project_id)
        try:
            with writer.connect() as conn:
                _app, version = schema.read_versions(conn)
            if version > schema.SCHEMA_VERSION:
                raise HmError(
                    f"{project.name}: made by a newer hmfield (schema version {version}); "
                    "update hmfield to work on this office database"
                )
            if version == schema.SCHEMA_VERSION:
                return False
            schema.migrate(writer, version)
            with writer.begin() as conn:
                deferrable_keys(conn, project.schema)
            return True
        finally:
            writer.dispose()
            reader.dispose()

    # -- import ---------------------------------------------------------------------------
    def import_bundle(self, path: Path | str, passphrase: str | None = None) -> OfficeImport:
        """Merge one bundle into its project; a deadlock or serialisation failure is retried
        with backoff (the merge is planned again from what was committed meanwhile)."""
        for attempt in range(RETRIES):
            try:
                return self._import_once(Path(path), passphrase)
            except (OperationalError, DBAPIError) as exc:
                if attempt == RETRIES - 1 or not _retryable(exc):
                    raise
                time.sleep(min(2.0, 0.05 * 2**attempt) * (1 + random.random()))  # noqa: S311
        raise AssertionError("unreachable")  # pragma: no cover

    def _import_once(self, path: Path, passphrase: str | None) -> OfficeImport:
        payload = open_payload(path, passphrase)
        pid = payload.manifest.project_id
        schema_name(pid)  # refuses an id that is no project id before any SQL
        with self.db.connect() as conn:
            self.db.check(conn)
            project = self.db.find(conn, pid)
            made_here = figures.installed(conn)
        if not made_here:  # an office an older hmfield initialised: its figures table first
            self.db.init()
        if project is None:
            try:
                return self._create(payload, path)
            except _LostRace:
                payload = open_payload(path, passphrase)
                with self.db.connect() as conn:
                    project = self.db.find(conn, pid)
        return self._merge(project, payload, path)

    def _merge(self, project: OfficeProject, payload: Payload, path: Path) -> OfficeImport:
        self.upgrade(project)
        ctx = self.context(project)
        try:
            sync = SyncService(ctx)
            try:
                preview = sync.preview_payload(payload)
            except BaseException:
                payload.close()
                raise
            result = sync.apply_import(preview)
            with ctx.read() as s:
                name = (s.get(Project, project.project_id) or Project(name=project.name)).name
        finally:
            ctx.store.close()
        if name != project.name:
            with self.db.connect() as conn, conn.begin():
                self.db.rename(conn, project.project_id, name)
        # the portfolio's line of the project as merged (the merge's own writes forgot the
        # old one): in a transaction of its own, so a kill in between leaves no line, which
        # sends ``office status`` to the aggregates
        self.keep_figures(project, only_if_stale=not result.changed)
        return OfficeImport(
            str(path), project.project_id, name, False, result.changed,
            result.new_events, result.changed_records, result.conflicts,
        )  # fmt: skip

    def _create(self, payload: Payload, path: Path) -> OfficeImport:
        """A project new to the office: its schema, everything in the bundle and its log
        line, in one transaction under the project's lock."""
        m = payload.manifest
        try:
            check_signer(payload)
            check_events(payload, {}, {})
            rows = payload.tables.get("project", [])
            if not any(r["id"] == m.project_id for r in rows):
                raise HmError(f"{payload.display}: holds no project record; nothing was imported")
            project = OfficeProject(m.project_id, schema_name(m.project_id), m.project_name,
                                    uuid.uuid4().hex, "")  # fmt: skip
            ctx = self.context(project)
            try:
                with ctx.write(archived_ok=True) as uow:
                    conn = uow.session.connection()
                    if self.db.find(conn, m.project_id) is not None:
                        raise _LostRace
                    self.db.create_project(conn, m.project_id, m.project_name, project.replica_id)
                    insert_everything(conn, payload, catalog())
                    plan = MergePlan(payload.events, {}, [], [], list(payload.conflicts), {}, ())
                    preview = MergePreview(path, m, False, plan, payload)
                    log_import(conn, preview, plan, uow.rec.now)
                    store_figures(uow, project)  # judges the stale verdicts, as before
            finally:
                ctx.store.close()
            trust_signer(payload)
        finally:
            payload.close()
        counts = sum(len(r) for r in payload.tables.values())
        return OfficeImport(str(path), m.project_id, m.project_name, True, True,
                            len(payload.events), counts, 0)  # fmt: skip

    # -- export and verify ----------------------------------------------------------------
    def export(self, ref: str, out: Path | str, passphrase: str | None = None) -> ExportResult:
        """A bundle of one project for a field laptop (which merges it as usual)."""
        ctx = self.context(self.db.project(ref), readonly=True)
        try:
            return SyncService(ctx).export_bundle(out, passphrase)
        finally:
            ctx.store.close()

    def verify(self) -> list[ChainCheck]:
        """Every audit chain of every project, and each schema's version."""
        out = []
        for project in self.db.projects():
            ctx = self.context(project, readonly=True)
            try:
                with ctx.store.read_engine.connect() as conn:
                    _app, version = schema.read_versions(conn)
                    events = conn.exec_driver_sql("SELECT count(*) FROM audit_event").scalar()
                problem = AuditService(ctx).verify()
            finally:
                ctx.store.close()
            text = ""
            if problem is not None:
                text = f"chain {problem.device_id[:8]} event {problem.seq}: {problem.reason}"
            out.append(ChainCheck(project.project_id, project.name, version, int(events), text))
        return out


def _retryable(exc: BaseException) -> bool:
    """A deadlock or a serialisation failure: PostgreSQL rolled the transaction back."""
    code = getattr(getattr(exc, "orig", None), "sqlstate", None)
    return code in ("40001", "40P01")

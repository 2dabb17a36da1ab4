"""Bundles of projects this computer does not have yet, and the import log.

A bundle of an unknown project becomes a new project file: written under a temporary name
and renamed only when complete, so an interrupted import leaves no half project behind.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from hmfield.core.assess.verdicts import reassess_hosts
from hmfield.core.bulk import bulk_cache, renew_statistics
from hmfield.core.clock import Clock, SystemClock
from hmfield.core.context import Actor, ServiceContext
from hmfield.core.errors import HmError
from hmfield.core.identity import known_signers, remember_signer
from hmfield.core.model.sync import SyncImport
from hmfield.core.progress import NULL_PROGRESS, Progress
from hmfield.core.store.dialect import upsert
from hmfield.core.store.project_file import SUFFIX, create_store, open_store
from hmfield.core.sync.bundle.errors import BundleError, BundleProblem
from hmfield.core.sync.bundle.merge import check_events
from hmfield.core.sync.bundle.merge_preview import MergePlan, MergePreview
from hmfield.core.sync.bundle.merge_write import insert_everything
from hmfield.core.sync.bundle.payload import catalog
from hmfield.core.sync.bundle.payload_read import Payload
from hmfield.paths import projects_dir


@dataclass(frozen=True)
class BundleImportResult:
    project: Path
    changed: bool
    new_events: int = 0
    changed_records: int = 0
    conflicts: int = 0
    new_attachments: int = 0
    backup: Path | None = None
    created: bool = False

    def to_json(self) -> dict:
        return {k: str(v) if isinstance(v, Path) else v for k, v in self.__dict__.items()}


def check_signer(payload: Payload) -> None:
    """Refuse a bundle from a source this install has seen signed by another key (or signed
    before and unsigned now): someone re-made or stripped the signature."""
    m = payload.manifest
    known = known_signers().get(m.device_id)
    sig = getattr(payload.bundle, "signature", None)
    if known is None or (sig is not None and sig.fingerprint == known):
        return
    found = f"by key {sig.fingerprint}" if sig is not None else "not signed"
    raise BundleError(
        f"earlier bundles from this copy ({m.device_id[:8]}) were signed by key {known}; this "
        f"one is {found}: it was changed or made elsewhere, and was not imported",
        file=payload.display,
        member="manifest.sig",
        kind=BundleProblem.UNSAFE,
    )


def trust_signer(payload: Payload) -> None:
    sig = getattr(payload.bundle, "signature", None)
    if sig is not None:
        remember_signer(payload.manifest.device_id, sig.fingerprint)


def log_import(conn, preview: MergePreview, plan: MergePlan, now) -> None:
    m = preview.manifest
    row = {
        "export_id": m.export_id,
        "imported_at": now,
        "file_name": preview.path.name,
        "source_device": m.device_id,
        "source_person": m.person,
        "created_at": m.created_at,
        "new_events": len(plan.new_events),
        "changed_records": plan.changed_records,
        "conflicts": len(plan.detected),
    }
    stmt = upsert(conn, SyncImport.__table__).values(row)
    conn.execute(stmt.on_conflict_do_update(index_elements=["export_id"], set_=row))


# -- bundles of projects this computer does not have yet ---------------------------------------
def find_project_file(project_id: str, folder: Path | None = None) -> Path | None:
    """The project file holding ``project_id`` in ``folder`` (the projects folder)."""
    folder = folder or projects_dir()
    if not folder.is_dir():
        return None
    for path in sorted(folder.glob(f"*{SUFFIX}")):
        try:
            store = open_store(path, readonly=True, upgrade=False)
        except HmError:
            continue
        try:
            if store.project_id == project_id:
                return path
        finally:
            store.close()
    return None


def default_project_path(name: str, folder: Path | None = None) -> Path:
    folder = folder or projects_dir()
    stem = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "-", name).strip(" .-") or "project"
    path, n = folder / f"{stem[:80]}{SUFFIX}", 2
    while path.exists():
        path, n = folder / f"{stem[:80]}-{n}{SUFFIX}", n + 1
    return path


def import_as_new_project(
    payload: Payload,
    dest: Path | str,
    *,
    actor: Actor,
    clock: Clock | None = None,
    progress: Progress = NULL_PROGRESS,
) -> BundleImportResult:
    """Create ``dest`` holding everything in the bundle. Written under a temporary name and
    renamed when complete, so an interrupted import (or a damaged trail, found as it is
    checked) leaves no half project behind. Each table of ``payload`` is let go once written
    and the audit trail is parsed only then: the rows and the trail's events are never held
    together (a 50,000-host bundle's peak)."""
    dest = Path(dest)
    if dest.exists():
        raise HmError(f"{dest}: a file with this name exists already; nothing was imported")
    check_signer(payload)
    project_rows = payload.tables.get("project", [])
    if not any(r["id"] == payload.manifest.project_id for r in project_rows):
        raise HmError(f"{payload.display}: holds no project record; nothing was imported")
    records = sum(len(rows) for rows in payload.tables.values())
    hosts = len(payload.tables.get("host", ()))
    tmp = dest.with_name(f".{dest.name}.partial")
    tmp.unlink(missing_ok=True)
    store = create_store(tmp, person=actor.name, device_id=actor.device_id, as_path=dest)
    ctx = ServiceContext(store, actor, clock or SystemClock())
    try:
        with ctx.write() as uow:
            conn = uow.session.connection()
            # the page cache a bulk write of this many hosts needs (random keys, ~15 indexes)
            with bulk_cache(conn, hosts):
                insert_everything(conn, payload, catalog(), progress, release=True)
            check_events(payload, {}, {})  # a broken chain: nothing is committed
            events = len(payload.events)
            plan = MergePlan(payload.events, {}, [], [], list(payload.conflicts), {}, ())
            preview = MergePreview(Path(payload.display), payload.manifest, False, plan, payload)
            log_import(conn, preview, plan, uow.rec.now)
            del plan, preview
            payload.release_events()
            renew_statistics(conn, records)
            reassess_hosts(uow, None)
        store.close()
        os.replace(tmp, dest)
        trust_signer(payload)
    except BaseException:
        store.close()
        tmp.unlink(missing_ok=True)
        raise
    return BundleImportResult(
        dest,
        True,
        events,
        records,
        0,
        sum(len(rows) for rows in payload.blobs.values()),
        None,
        True,
    )

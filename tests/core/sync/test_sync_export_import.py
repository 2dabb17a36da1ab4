"""Export (manifest, payload, attachments, encryption) and import as a new project."""

from __future__ import annotations

import hashlib
import json
import zipfile
from datetime import timedelta

import pytest
from sqlalchemy import insert, select
from sync_helpers import (
    ACTOR_A,
    ACTOR_B,
    BASE_TIME,
    content,
    event_ids,
    make_base,
    open_copy,
    sha256_file,
)

from hmfield import __version__
from hmfield.core.audit.service import AuditService
from hmfield.core.errors import HmError
from hmfield.core.model.inventory import Host
from hmfield.core.project.service import open_project
from hmfield.core.store.schema import SCHEMA_VERSION
from hmfield.core.sync.bundle import BundleError, crypto, inspect_bundle
from hmfield.core.sync.bundle.payload import catalog
from hmfield.core.sync.service import (
    SyncService,
    default_project_path,
    find_project_file,
    import_as_new_project,
    open_payload,
)

LATER = BASE_TIME + timedelta(hours=1)


@pytest.fixture(autouse=True)
def fast_scrypt(monkeypatch):
    monkeypatch.setattr(crypto, "SCRYPT_N", 2**10)


@pytest.fixture
def project(tmp_path):
    path = tmp_path / "p.hmfield"
    hosts = make_base(path, hosts=5)
    ctx = open_copy(path, ACTOR_A, LATER)
    with ctx.write() as uow:
        uow.rec.delete(uow.session.get(Host, hosts[4]))
    yield ctx
    ctx.store.close()


def lines(path, name):
    """Rows of a JSON-lines member (a column header, then one array per row) as dicts."""
    with zipfile.ZipFile(path) as zf:
        header, *rows = [json.loads(x) for x in zf.read(name).decode().split("\n")]
    return [dict(zip(header["columns"], r, strict=True)) for r in rows]


def test_manifest_and_payload(project, tmp_path):
    result = SyncService(project).export_bundle(tmp_path / "out.hmbundle")
    m = result.manifest
    assert m.schema_version == SCHEMA_VERSION and m.app_version == __version__
    assert (m.project_id, m.project_name) == (project.store.project_id, "同步项目")
    # the chain of this copy (its replica id), and the engineer, not the OS user
    assert (m.device_id, m.person) == (project.store.replica_id, ACTOR_A.name)
    assert m.created_at.startswith("2026-11-26T09:00")  # from the injected clock
    hosts = lines(result.path, "data/tables/host.jsonl")
    assert len(hosts) == 5 and sum(h["deleted"] for h in hosts) == 1  # tombstones travel
    assert len(lines(result.path, "data/audit.jsonl")) == len(event_ids(project))
    assert "data/tables/host_verdict.jsonl" not in m.members  # derived: not carried
    assert set(catalog().records) <= {
        n.removeprefix("data/tables/").removesuffix(".jsonl") for n in m.members
    }
    assert inspect_bundle(result.path)[1] == []


def test_export_is_read_only(tmp_path):
    path = tmp_path / "p.hmfield"
    make_base(path)
    before = sha256_file(path)
    ro = open_project(path, readonly=True)
    try:
        SyncService(ro).export_bundle(tmp_path / "ro.hmbundle")
    finally:
        ro.store.close()
    assert sha256_file(path) == before


def test_encrypted_bundle_hides_customer_data(project, tmp_path):
    path = SyncService(project).export_bundle(tmp_path / "s.hmbundle", "passphrase").path
    raw = path.read_bytes()
    for secret in ("同步项目", "srv1", "10.0.0.1", "李敏"):
        assert secret.encode() not in raw
    with pytest.raises(BundleError, match="wrong passphrase"):
        open_payload(path, "nope")
    with open_payload(path, "passphrase") as payload:
        assert {r["name"] for r in payload.tables["host"]} >= {"srv0", "srv4"}


def add_attachment(ctx, data: bytes, name: str) -> str:
    blob = next(iter(catalog().blobs.values()))
    digest = hashlib.sha256(data).hexdigest()
    model = catalog().records["attachment"]
    with ctx.write() as uow:
        conn = uow.session.connection()
        if conn.execute(select(blob.c.sha256).where(blob.c.sha256 == digest)).first() is None:
            conn.execute(insert(blob), {"sha256": digest, "size": len(data), "data": data})
        uow.rec.create(model(sha256=digest, file_name=name, size=len(data)))
    return digest


@pytest.mark.skipif(not catalog().blobs, reason="no content-addressed table in this build")
def test_attachments_travel_once_by_hash(project, tmp_path):
    photo = bytes(range(256)) * 400
    digest = add_attachment(project, photo, "rack.jpg")
    add_attachment(project, photo, "rack-again.jpg")
    result = SyncService(project).export_bundle(tmp_path / "att.hmbundle")
    assert result.manifest.attachments == [digest]
    with zipfile.ZipFile(result.path) as zf:
        assert zf.read(f"attachments/{digest}") == photo
    dest = tmp_path / "copy.hmfield"
    with open_payload(result.path) as payload:
        import_as_new_project(payload, dest, actor=ACTOR_B)
    copy = open_project(dest, readonly=True)
    try:
        blob = next(iter(catalog().blobs.values()))
        with copy.read() as s:
            rows = s.connection().execute(select(blob)).mappings().all()
        assert [(r["sha256"], bytes(r["data"])) for r in rows] == [(digest, photo)]
    finally:
        copy.store.close()


def test_unknown_project_opens_as_new_project(project, tmp_path):
    path = SyncService(project).export_bundle(tmp_path / "p.hmbundle").path
    dest = tmp_path / "elsewhere" / "new.hmfield"
    with open_payload(path) as payload:
        result = import_as_new_project(payload, dest, actor=ACTOR_B)
    assert result.created and dest.exists()
    assert not list(dest.parent.glob(".*partial*"))
    copy = open_project(dest, readonly=True)
    try:
        assert content(copy) == content(project)
        assert event_ids(copy) == event_ids(project)
        assert AuditService(copy).verify() is None
        assert copy.store.project_id == project.store.project_id
    finally:
        copy.store.close()
    with open_payload(path) as payload, pytest.raises(HmError, match="exists already"):
        import_as_new_project(payload, dest, actor=ACTOR_B)


def test_finding_the_project_file_and_naming_a_new_one(project, tmp_path):
    folder = tmp_path / "projects"
    folder.mkdir()
    (folder / "junk.hmfield").write_text("not a project")
    assert find_project_file(project.store.project_id, folder) is None
    path = SyncService(project).export_bundle(tmp_path / "p.hmbundle").path
    with open_payload(path) as payload:
        import_as_new_project(payload, folder / "found.hmfield", actor=ACTOR_B)
    assert find_project_file(project.store.project_id, folder) == folder / "found.hmfield"
    assert default_project_path("A/B: 迁移", folder).name == "A-B- 迁移.hmfield"
    (folder / "x.hmfield").write_text("")
    assert default_project_path("x", folder).name == "x-2.hmfield"


def test_progress_is_reported_and_cancel_stops_before_writing(project, tmp_path):
    from hmfield.core.errors import Cancelled
    from hmfield.core.progress import ThreadProgress

    seen = []
    progress = ThreadProgress(lambda d, t, text: seen.append(text), min_interval=0)
    path = SyncService(project).export_bundle(tmp_path / "p.hmbundle", progress=progress).path
    assert "Reading the project" in seen and any("bundle" in t for t in seen)
    progress.cancel()
    with pytest.raises(Cancelled):
        SyncService(project).preview_import(path, progress=progress)


def test_a_bundle_opened_as_a_new_project_gets_the_planners_statistics(
    project, tmp_path, monkeypatch
):
    """The new file is written in bulk: its SQLite statistics are made with it
    (core.bulk.renew_statistics), as after a bulk import or merge."""
    import sqlite3

    from hmfield.core import bulk

    monkeypatch.setattr(bulk, "ANALYZE_ABOVE", 1)
    path = SyncService(project).export_bundle(tmp_path / "p.hmbundle").path
    dest = tmp_path / "new.hmfield"
    with open_payload(path) as payload:
        import_as_new_project(payload, dest, actor=ACTOR_B)
    con = sqlite3.connect(dest)
    try:
        tables = {r[0] for r in con.execute("SELECT tbl FROM sqlite_stat1")}
    finally:
        con.close()
    assert {"host", "audit_event"} <= tables


def test_a_new_project_written_in_small_chunks_is_the_same_project(project, tmp_path, monkeypatch):
    """The rows and events of a bundle opened as a new project are written chunk by chunk
    (merge_write.WRITE_CHUNK); chunks of three give the same records and trail."""
    from hmfield.core.sync.bundle import merge_write

    monkeypatch.setattr(merge_write, "WRITE_CHUNK", 3)
    path = SyncService(project).export_bundle(tmp_path / "p.hmbundle").path
    dest = tmp_path / "chunked.hmfield"
    with open_payload(path) as payload:
        assert len(payload.events) > 3 * 3  # several chunks
        import_as_new_project(payload, dest, actor=ACTOR_B)
    copy = open_project(dest, readonly=True)
    try:
        assert content(copy) == content(project)
        assert event_ids(copy) == event_ids(project)
        assert AuditService(copy).verify() is None
    finally:
        copy.store.close()


def test_a_new_project_is_filled_with_the_bulk_page_cache(project, tmp_path, monkeypatch):
    """Filling a new project from a bundle is a bulk write of random keys, as an import is:
    it runs with core.bulk's larger page cache (at 50,000 hosts: 26 s without, 19 s with)."""
    from hmfield.core import bulk
    from hmfield.core.sync import projects

    seen: list[int] = []
    real = projects.insert_everything

    def spy(conn, *args, **kwargs):
        raw = conn.connection.dbapi_connection
        seen.append(raw.execute("PRAGMA cache_size").fetchone()[0])
        return real(conn, *args, **kwargs)

    monkeypatch.setattr(projects, "insert_everything", spy)
    path = SyncService(project).export_bundle(tmp_path / "p.hmbundle").path
    with open_payload(path) as payload:
        import_as_new_project(payload, tmp_path / "new.hmfield", actor=ACTOR_B)
    assert seen == [-bulk.BULK_CACHE_KIB]

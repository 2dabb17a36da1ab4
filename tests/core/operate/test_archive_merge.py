"""The archive: every file hashed in the manifest, the project read-only until an audited
reopen; checks from two laptops merge through bundles."""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile
from datetime import UTC, datetime, timedelta

import pytest
from operate_world import CUTOVER_END, make_operate_world

from hmfield.core.clock import FixedClock
from hmfield.core.context import Actor
from hmfield.core.errors import HmError
from hmfield.core.operate.archive import ArchiveItem, ArchiveService, read_manifest
from hmfield.core.operate.checks import CheckService
from hmfield.core.operate.incidents import IncidentService
from hmfield.core.project.people import PeopleService
from hmfield.core.project.service import open_project
from hmfield.core.sync.service import SyncService


def _items(n: int = 3) -> list[ArchiveItem]:
    def writer(i):
        return lambda path: path.write_text(f"报告 {i}\n" * (i + 1), encoding="utf-8")

    return [ArchiveItem(f"reports/r{i}.txt", writer(i)) for i in range(n)]


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_manifest_hashes_match_the_files_in_a_folder(ow, tmp_path):
    out = tmp_path / "archive"

    def broken(path):
        raise HmError("wave W02 was never drilled")

    items = [*_items(), ArchiveItem("reports/drill.pdf", broken)]
    result = ArchiveService(ow.ctx).archive(out, items)
    manifest = read_manifest(out)
    assert [f["path"] for f in manifest["files"]] == [f"reports/r{i}.txt" for i in range(3)]
    for f in manifest["files"]:
        data = (out / f["path"]).read_bytes()
        assert f["sha256"] == _sha(data) and f["bytes"] == len(data)
    assert manifest["skipped"] == [
        {"path": "reports/drill.pdf", "reason": "wave W02 was never drilled"}
    ]
    assert not (out / "reports" / "drill.pdf").exists()
    sums = (out / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    assert sums == [f"{f['sha256']}  {f['path']}" for f in manifest["files"]]
    assert result.manifest_sha256 == _sha((out / "manifest.json").read_bytes())
    assert ArchiveService(ow.ctx).state().manifest_sha256 == result.manifest_sha256
    assert not any(p.name.startswith(".archive") for p in tmp_path.iterdir())  # no temp left


def test_zip_archive_holds_evidence_and_the_same_hashes(ow, tmp_path):
    from hmfield.core.checklists.evidence import EvidenceService
    from hmfield.core.checklists.service import ChecklistService

    ChecklistService(ow.ctx).ensure_instances()
    shot = tmp_path / "业务截图.png"
    shot.write_bytes(b"\x89PNG fake screenshot")
    EvidenceService(ow.ctx).attach("operate.1", shot)
    out = tmp_path / "delivery.zip"
    ArchiveService(ow.ctx).archive(out, _items(1), accepted=False)
    with zipfile.ZipFile(out) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        for f in manifest["files"]:
            assert _sha(zf.read(f["path"])) == f["sha256"]
        assert zf.read("evidence/业务截图.png") == b"\x89PNG fake screenshot"
    assert manifest["project_accepted"] is False and manifest["project_name"] == "测试项目"
    assert read_manifest(out) == manifest


def test_archived_project_refuses_writes_until_reopened(ow, tmp_path):
    service = ArchiveService(ow.ctx)
    service.archive(tmp_path / "a", _items(1))
    for write in (
        lambda: CheckService(ow.ctx).add(host=ow.base.hosts[0].name, business_result="pass"),
        lambda: IncidentService(ow.ctx).add("磁盘满", host=ow.base.hosts[0].name),
        lambda: PeopleService(ow.ctx).add("新同事"),
    ):
        with pytest.raises(HmError, match="archived .* read-only; nothing was changed"):
            write()
    with pytest.raises(HmError, match="archived already"):
        service.archive(tmp_path / "b", _items(1))
    with pytest.raises(HmError, match="needs a reason"):
        service.reopen(" ")
    record = service.reopen("客户要求补充一份演练报告")
    assert record.reopen_reason == "客户要求补充一份演练报告" and record.reopened_by == "李敏"
    CheckService(ow.ctx).add(host=ow.base.hosts[0].name, business_result="pass")
    from hmfield.core.audit.service import AuditService

    events = AuditService(ow.ctx).events(entity="project_archive")
    assert {e.action for e in events} == {"create", "update"}
    assert any(e.field == "reopen_reason" for e in events)
    with pytest.raises(HmError, match="not archived"):
        service.reopen("again")


def test_archive_refuses_an_existing_target_and_marks_nothing_on_failure(ow, tmp_path):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x.txt").write_text("x")
    with pytest.raises(HmError, match="exists already"):
        ArchiveService(ow.ctx).archive(tmp_path / "full", _items(1))

    def bundle_fails(path):
        raise HmError("disk full")

    with pytest.raises(HmError, match="bundle/b.hmbundle: disk full"):
        ArchiveService(ow.ctx).archive(
            tmp_path / "new", [ArchiveItem("bundle/b.hmbundle", bundle_fails, required=True)]
        )
    assert ArchiveService(ow.ctx).state() is None and not (tmp_path / "new").exists()


def test_checks_from_two_laptops_merge(tmp_path, clock, actor):
    from hmfield.core.project.service import NewProject, create_project

    base = tmp_path / "base.hmfield"
    ctx = create_project(base, NewProject(name="合并项目"), clock=clock, actor=actor)
    world = make_operate_world(ctx, clock)
    host_a, host_b = world.base.hosts[0].name, world.base.hosts[3].name
    ctx.store.close()
    a_path, b_path = tmp_path / "a.hmfield", tmp_path / "b.hmfield"
    shutil.copy(base, a_path)
    shutil.copy(base, b_path)
    day = CUTOVER_END + timedelta(days=2)
    a = open_project(a_path, actor=actor, clock=FixedClock(day, step=timedelta(seconds=1)))
    b_actor = Actor("b" * 32, "陈涛", "e" * 32)
    b = open_project(b_path, actor=b_actor, clock=FixedClock(day, step=timedelta(seconds=1)))
    try:
        CheckService(a).add(host=host_a, cpu_pct=30, business_result="pass")
        CheckService(b).add(host=host_b, cpu_pct=45, business_result="fail", business_note="报错")
        IncidentService(b).add("报表导出失败", host=host_b)
        bundle = tmp_path / "b.hmbundle"
        SyncService(b).export_bundle(bundle)
        sync = SyncService(a)
        sync.apply_import(sync.preview_import(bundle))
        merged = CheckService(a).checks("W01")
        assert sorted((c.subject, c.check.checked_by) for c in merged) == sorted(
            [(host_a, "李敏"), (host_b, "陈涛")]
        )
        assert [i.incident.symptom for i in IncidentService(a).incidents()] == ["报表导出失败"]
        assert {c.outcome for c in merged} == {"passed", "failed"}
    finally:
        a.store.close()
        b.store.close()


def test_archive_time_comes_from_the_injected_clock(ow, tmp_path, clock):
    clock.set(datetime(2026, 12, 20, 3, 0, tzinfo=UTC))
    ArchiveService(ow.ctx).archive(tmp_path / "a", _items(1))
    assert read_manifest(tmp_path / "a")["archived_at"].startswith("2026-12-20T03:00")


def test_an_archived_project_opens_and_stays_read_only(ow, tmp_path):
    ArchiveService(ow.ctx).archive(tmp_path / "a", _items(1))
    path = ow.ctx.store.path
    ow.ctx.store.close()
    newcomer = Actor("c" * 32, "新同事", "f" * 32)
    ctx = open_project(path, actor=newcomer)  # opening writes nothing (not even the person)
    try:
        assert ctx.archived()
        assert all(p.name != "新同事" for p in PeopleService(ctx).list())
        with pytest.raises(HmError, match="read-only"):
            CheckService(ctx).add(host=ow.base.hosts[0].name, business_result="pass")
    finally:
        ctx.store.close()

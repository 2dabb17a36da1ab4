"""Issue 15 on the Sync screen: the preview says who signed the bundle (name and key
fingerprint); another project's bundle can be merged on purpose, and the preview then says
how many records are matched to ours and how many added (a "Matched to ours" column)."""

from __future__ import annotations

import shutil

import pytest
from sqlmodel import select

from hmfield.core.checklists.service import ChecklistService
from hmfield.core.context import Actor
from hmfield.core.identity import load_identity, signing_key
from hmfield.core.model.checklist import ChecklistItem
from hmfield.core.model.inventory import Host
from hmfield.core.project.service import NewProject, actor_for, create_project, open_project
from hmfield.core.sync.bundle import crypto
from hmfield.core.sync.bundle.signature import fingerprint, raw_public
from hmfield.core.sync.service import SyncService

OTHER = Actor("b" * 32, "王建国", "e" * 32)


@pytest.fixture(autouse=True)
def fast_scrypt(monkeypatch):
    monkeypatch.setattr(crypto, "SCRYPT_N", 2**10)


@pytest.fixture
def ours(window, tmp_path):
    path = tmp_path / "p.hmfield"
    ctx = create_project(path, NewProject(name="界面同步"), actor=actor_for(load_identity()))
    with ctx.write() as uow:
        uow.rec.bulk_create(Host, [{"name": "srv0", "ips": ["10.0.0.1"]}])
    ctx.store.close()
    assert window.open_project(path)
    return path


def _alive_items(window) -> int:
    with window.session.ctx.read() as s:
        return len(list(s.exec(select(ChecklistItem).where(ChecklistItem.deleted == False))))  # noqa: E712


def test_preview_names_the_signer(window, ours, tmp_path):
    shutil.copy(ours, tmp_path / "colleague.hmfield")
    other = open_project(tmp_path / "colleague.hmfield", actor=OTHER)
    with other.write() as uow:
        uow.rec.update(uow.session.exec(select(Host)).first(), {"notes": "theirs"})
    bundle = SyncService(other).export_bundle(tmp_path / "c.hmbundle").path
    other.store.close()
    s = window.show_screen("sync")
    s.load_bundle(bundle)
    window.jobs.wait()
    key = fingerprint(raw_public(signing_key()))
    assert f"Signed by 王建国 (key {key})" in s.import_status.text()
    assert "Another project" not in s.import_status.text()


def test_another_project_merged_on_purpose_shows_matched_and_added(
    window, ours, fake_dialogs, tmp_path, qtmodeltester
):
    stranger = create_project(tmp_path / "s.hmfield", NewProject(name="别的项目"), actor=OTHER)
    with stranger.write() as uow:
        uow.rec.bulk_create(
            Host, [{"name": "SRV0", "ips": ["10.0.0.1"]}, {"name": "db-new", "ips": ["10.9.9.9"]}]
        )
    items = len(ChecklistService(stranger).items())
    bundle = SyncService(stranger).export_bundle(tmp_path / "s.hmbundle").path
    stranger.store.close()
    before = _alive_items(window)
    s = window.show_screen("sync")
    fake_dialogs.queue("confirm", False, True)  # not as a new project; merge anyway
    s.load_bundle(bundle)
    window.jobs.wait()
    window.jobs.wait()
    assert s.preview is not None and not s.preview.same_project
    text = s.import_status.text()
    assert "Signed by 王建国" in text
    assert f"Another project: {items + 1} records matched to ours" in text
    qtmodeltester.check(s.preview_model)
    col = [c.key for c in s.preview_model.columns].index("matched")
    host_row = next(r for r, c in enumerate(s.preview_model.rows) if c.entity == "host")
    assert s.preview_model.index(host_row, col).data() == "1"
    s.apply_button.click()
    window.jobs.wait()
    assert _alive_items(window) == before  # nothing doubled
    with window.session.ctx.read() as session:
        names = sorted(h.name for h in session.exec(select(Host)) if not h.deleted)
    assert names == ["db-new", "srv0"]


def test_declining_both_questions_changes_nothing(window, ours, fake_dialogs, tmp_path):
    stranger = create_project(tmp_path / "s.hmfield", NewProject(name="别的项目"), actor=OTHER)
    bundle = SyncService(stranger).export_bundle(tmp_path / "s.hmbundle").path
    stranger.store.close()
    s = window.show_screen("sync")
    fake_dialogs.queue("confirm", False, False)
    s.load_bundle(bundle)
    window.jobs.wait()
    window.jobs.wait()
    assert s.preview is None and not s.apply_button.isEnabled()
    assert "别的项目" in s.import_status.text()

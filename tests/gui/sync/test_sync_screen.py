"""The Sync screen: export through a fake folder picker, import with preview, resolve."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta

import pytest

from hmfield.core.clock import FixedClock
from hmfield.core.context import Actor
from hmfield.core.identity import load_identity
from hmfield.core.model.inventory import Host
from hmfield.core.project.service import NewProject, actor_for, create_project, open_project
from hmfield.core.sync.bundle import crypto
from hmfield.core.sync.service import SyncService

OTHER = Actor("b" * 32, "王建国", "e" * 32)


@pytest.fixture(autouse=True)
def fast_scrypt(monkeypatch):
    monkeypatch.setattr(crypto, "SCRYPT_N", 2**10)


@pytest.fixture
def project(window, tmp_path):
    """A small project made by this install's engineer, and a bundle of a colleague's copy
    in which host srv0's notes changed (a conflict once we change them too)."""
    path = tmp_path / "p.hmfield"
    ctx = create_project(path, NewProject(name="界面同步"), actor=actor_for(load_identity()))
    with ctx.write() as uow:
        ids = uow.rec.bulk_create(Host, [{"name": f"srv{i}"} for i in range(3)])
    ctx.store.close()
    shutil.copy(path, tmp_path / "colleague.hmfield")
    later = datetime.now(UTC) + timedelta(hours=1)
    other = open_project(tmp_path / "colleague.hmfield", actor=OTHER, clock=FixedClock(later))
    with other.write() as uow:
        uow.rec.update(uow.session.get(Host, ids[0]), {"notes": "theirs"})
    bundle = SyncService(other).export_bundle(tmp_path / "colleague.hmbundle").path
    other.store.close()
    assert window.open_project(path)
    return {"path": path, "hosts": ids, "bundle": bundle}


def screen(window):
    return window.show_screen("sync")


def test_models_pass_the_model_tester(window, project, qtmodeltester):
    s = screen(window)
    qtmodeltester.check(s.preview_model)
    qtmodeltester.check(s.conflict_model)


def test_export_to_a_chosen_folder_updates_the_status_bar(window, project, fake_dialogs, tmp_path):
    s = screen(window)
    target = tmp_path / "usb"
    target.mkdir()
    fake_dialogs.queue("choose_folder", str(target))
    s.choose_folder.click()
    assert s.dest_combo.currentData() == str(target)
    s.name_edit.setText("out")
    s.encrypt.setChecked(True)
    s.pass1.setText("secret")
    s.pass2.setText("typo")
    s.export_button.click()
    assert "differ" in s.export_status.text() and not (target / "out.hmbundle").exists()
    s.pass2.setText("secret")
    s.export_button.click()
    window.jobs.wait()
    assert (target / "out.hmbundle").exists()
    assert str(target) in window.bundle_label.text()  # this project's export: when, where
    assert "out.hmbundle" in window.bundle_label.toolTip()
    assert "out.hmbundle" in window.settings.get("sync/last_export")
    with pytest.raises(Exception, match="passphrase"):
        SyncService(window.session.ctx).preview_import(target / "out.hmbundle")


def test_import_preview_apply_and_resolve(window, project, fake_dialogs):
    with window.session.ctx.write() as uow:
        uow.rec.update(uow.session.get(Host, project["hosts"][0]), {"notes": "mine"})
    s = screen(window)
    fake_dialogs.queue("open_file", str(project["bundle"]))
    s.open_button.click()
    window.jobs.wait()
    counts = {r.entity: r for r in s.preview_model.rows}
    assert counts["host"].updated == 1 and counts["host"].conflicts == 1
    assert s.apply_button.isEnabled()
    s.apply_button.click()
    window.jobs.wait()
    assert "1 conflict" in s.import_status.text()
    assert s.conflict_model.rowCount() == 1
    row = s.conflict_model.rows[0]
    assert (row.mine, row.theirs, row.current) == ("mine", "theirs", "theirs")
    mine_col = [c.key for c in s.conflict_model.columns].index("mine")
    assert s.conflict_model.index(0, mine_col).data() == "mine"
    s.conflict_view.selectRow(0)
    s.keep_mine.click()
    assert s.conflict_model.rowCount() == 0
    with window.session.ctx.read() as session:
        assert session.get(Host, project["hosts"][0]).notes == "mine"
    assert "Saved" in window.saved_label.text()


def test_edit_value_inline_and_bad_value_reported(window, project, fake_dialogs):
    with window.session.ctx.write() as uow:
        uow.rec.update(uow.session.get(Host, project["hosts"][0]), {"notes": "mine"})
    s = screen(window)
    s.load_bundle(project["bundle"])
    window.jobs.wait()
    s.apply()
    window.jobs.wait()
    s.conflict_view.selectRow(0)
    s.edit_value.setText("agreed")
    s.save_value.click()
    with window.session.ctx.read() as session:
        assert session.get(Host, project["hosts"][0]).notes == "agreed"
    s.keep_theirs.click()  # nothing selected any more
    assert fake_dialogs.errors and "Select a conflict" in fake_dialogs.errors[-1][1]


def test_bad_bundle_message_and_other_project_opens_as_new(window, project, fake_dialogs, tmp_path):
    s = screen(window)
    junk = tmp_path / "junk.hmbundle"
    junk.write_bytes(b"PK\x03\x04 broken")
    s.load_bundle(junk)
    window.jobs.wait()
    assert "junk.hmbundle" in s.import_status.text() and fake_dialogs.errors
    stranger = create_project(
        tmp_path / "s.hmfield", NewProject(name="陌生项目"), actor=Actor("c" * 32, "X", "f" * 32)
    )
    foreign = SyncService(stranger).export_bundle(tmp_path / "s.hmbundle").path
    stranger.store.close()
    fake_dialogs.queue("confirm", True)
    s.load_bundle(foreign)
    window.jobs.wait()
    window.jobs.wait()
    assert window.session.project.get().name == "陌生项目"


def test_encrypted_bundle_asks_for_the_passphrase_inline(window, project, tmp_path):
    other = open_project(tmp_path / "colleague.hmfield", actor=OTHER)
    sealed = SyncService(other).export_bundle(tmp_path / "sealed.hmbundle", "pw").path
    other.store.close()
    s = screen(window)
    s.load_bundle(sealed)
    window.jobs.wait()
    assert "passphrase" in s.import_status.text()
    s.import_pass.setText("pw")
    s.import_pass.returnPressed.emit()
    window.jobs.wait()
    assert s.apply_button.isEnabled()

"""Issue 15: ``hmfield bundle import`` says who signed the bundle (name and key fingerprint)
and, for a forced merge of another project, how many records were matched to ours and how
many added; a merge takes the project's lock before the long read of the payload."""

from __future__ import annotations

import contextlib
import io
from datetime import timedelta

import pytest
from sync_helpers import ACTOR_A, BASE_TIME, make_base, open_copy

from hmfield.cli.app import run
from hmfield.core.checklists.service import ChecklistService
from hmfield.core.clock import FixedClock
from hmfield.core.context import Actor
from hmfield.core.identity import signing_key
from hmfield.core.model.inventory import Host
from hmfield.core.project.service import NewProject, create_project
from hmfield.core.store.backups import list_backups, project_backup_dir
from hmfield.core.store.lock import ProjectLock, lock_path
from hmfield.core.store.project_file import open_store
from hmfield.core.sync.bundle.signature import fingerprint, raw_public
from hmfield.core.sync.service import SyncService

LATER = BASE_TIME + timedelta(hours=1)
OFFICE = Actor("c" * 32, "外人", "f" * 32)


def cli(*args):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run([str(a) for a in args])
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def two(tmp_path):
    ours_path = tmp_path / "ours.hmfield"
    make_base(ours_path)  # srv0..srv2 at 10.0.0.0..2
    ours = open_copy(ours_path, ACTOR_A, LATER)
    items = len(ChecklistService(ours).items())
    ours.store.close()
    theirs = create_project(
        tmp_path / "theirs.hmfield",
        NewProject(name="别的项目"),
        clock=FixedClock(LATER + timedelta(minutes=5), step=timedelta(seconds=1)),
        actor=OFFICE,
    )
    with theirs.write() as uow:
        uow.rec.bulk_create(
            Host, [{"name": "SRV0", "ips": ["10.0.0.0"]}, {"name": "db-new", "ips": ["10.9.9.9"]}]
        )
    bundle = SyncService(theirs).export_bundle(tmp_path / "theirs.hmbundle").path
    theirs.store.close()
    return ours_path, bundle, items


def test_forced_merge_names_the_signer_and_the_matched_and_added_counts(two):
    ours, bundle, items = two
    key = fingerprint(raw_public(signing_key()))
    code, out, err = cli("bundle", "import", bundle, "--into", ours, "--dry-run")
    assert code == 1 and "--force-other-project" in err
    code, out, err = cli(
        "bundle", "import", bundle, "--into", ours, "--dry-run", "--force-other-project"
    )
    assert code == 0, err
    assert f"signed by 外人, key {key}" in out
    assert f"another project: {items + 1} records matched to ours" in out
    assert "matched" in out.splitlines()[2]  # the table has a matched column
    code, out, err = cli("bundle", "import", bundle, "--into", ours, "--force-other-project")
    assert code == 0, err
    assert f"signed by 外人, key {key}" in out and f"{items + 1} records matched" in out
    assert "merged into" in out and not lock_path(ours).exists()


def test_same_project_merge_names_the_signer(two, tmp_path):
    ours, _bundle, _items = two
    code, out, err = cli("bundle", "export", ours, tmp_path / "mine.hmbundle")
    assert code == 0, err
    code, out, err = cli("bundle", "import", tmp_path / "mine.hmbundle", "--into", ours)
    assert code == 0, err
    assert "signed by " in out and "key " in out and "another project" not in out


def test_merge_takes_the_lock_before_reading_the_payload(two, monkeypatch):
    ours, bundle, _items = two
    import hmfield.cli.bundle_cmds as cmds

    read = []
    monkeypatch.setattr(cmds, "read_payload", lambda *a, **k: read.append(a) or 1 / 0)
    other = ProjectLock.acquire(ours, "someone", "x" * 32)
    try:
        code, _, err = cli("bundle", "import", bundle, "--into", ours, "--force-other-project")
    finally:
        other.release()
    assert code == 1 and "is open by someone" in err and read == []


def test_merge_releases_the_lock_when_the_payload_is_bad(two, monkeypatch):
    ours, bundle, _items = two
    import hmfield.core.sync.service as service
    from hmfield.core.sync.bundle import BundleError

    def bad(opened, *a, **k):  # the payload read while the lock is held
        assert lock_path(ours).exists()
        raise BundleError("the payload is damaged", file=str(bundle))

    monkeypatch.setattr(service, "read_payload", bad)
    store = open_store(ours, readonly=True)
    project_id = store.project_id
    store.close()
    backups = list_backups(project_id)
    code, _, err = cli("bundle", "import", bundle, "--into", ours, "--force-other-project")
    assert code == 1 and "damaged" in err and not lock_path(ours).exists()
    # nothing merged, so the backup copied while the bundle was read is not kept
    assert list_backups(project_id) == backups
    folder = project_backup_dir(project_id)
    assert not folder.exists() or not [f for f in folder.iterdir() if "partial" in f.name]

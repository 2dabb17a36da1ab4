"""The backup before an import (issue 19) is copied while the bundle is previewed and used
when nothing was committed in between; otherwise a fresh copy is made while the merge is
written. Either way it holds the project as it was just before the merge, and a copy that
fails leaves the project unchanged."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from sync_helpers import ACTOR_A, ACTOR_B, BASE_TIME, content, event_ids, fork, make_base, open_copy

import hmfield.core.store.backups as backups
from hmfield.core.errors import HmError
from hmfield.core.model.inventory import Host
from hmfield.core.project.service import ProjectService, open_project
from hmfield.core.store.backups import list_backups, project_backup_dir
from hmfield.core.sync import service
from hmfield.core.sync.service import SyncService

LATER = BASE_TIME + timedelta(hours=1)


@pytest.fixture
def pair(tmp_path):
    base = tmp_path / "base.hmfield"
    hosts = make_base(base, hosts=20)
    a_path, b_path = fork(base, tmp_path)
    b = open_copy(b_path, ACTOR_B, LATER)
    with b.write() as uow:
        for h in hosts[:5]:
            uow.rec.update(uow.session.get(Host, h), {"notes": "from B"})
    bundle = SyncService(b).export_bundle(tmp_path / "b.hmbundle").path
    b.store.close()
    a = open_copy(a_path, ACTOR_A, LATER + timedelta(hours=1))
    yield a, bundle
    a.store.close()


def _held(backup) -> tuple[set[str], dict]:
    copy = open_project(backup, readonly=True)
    try:
        return event_ids(copy), content(copy)
    finally:
        copy.store.close()


def _fresh_copies(monkeypatch) -> list[str]:
    """Counts the fresh backups (made at the merge, not while previewing)."""
    made: list[str] = []
    real = service.backup_file

    def counted(*args, **kwargs):
        made.append(args[2])
        return real(*args, **kwargs)

    monkeypatch.setattr(service, "backup_file", counted)
    return made


def _files(ctx) -> list[str]:
    folder = project_backup_dir(ctx.store.project_id)
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def test_the_early_backup_holds_the_project_before_the_import(pair, monkeypatch):
    a, bundle = pair
    before_events, before = event_ids(a), content(a)
    fresh = _fresh_copies(monkeypatch)
    svc = SyncService(a)
    preview = svc.preview_import(bundle)
    assert preview.backup is not None  # copied while previewed
    result = svc.apply_import(preview)
    assert fresh == []  # the early copy was used
    assert result.backup is not None and event_ids(a) > before_events
    assert [b.path for b in list_backups(a.store.project_id)] == [result.backup]
    assert _held(result.backup) == (before_events, before)
    assert _files(a) == [result.backup.name]  # no .partial left


def test_a_change_after_the_preview_takes_a_fresh_backup_of_the_state_just_before(
    pair, monkeypatch
):
    a, bundle = pair
    fresh = _fresh_copies(monkeypatch)
    svc = SyncService(a)
    preview = svc.preview_import(bundle)
    ProjectService(a).update(notes="written after the preview")
    before_events, before = event_ids(a), content(a)
    result = svc.apply_import(preview)
    assert fresh == ["before-import"]
    assert _held(result.backup) == (before_events, before)  # the change included
    assert [b.path for b in list_backups(a.store.project_id)] == [result.backup]
    assert _files(a) == [result.backup.name]  # the early copy removed


def test_a_failing_backup_leaves_the_project_unchanged(pair, monkeypatch):
    a, bundle = pair

    def failing(*args, **kwargs):
        time.sleep(0.2)  # the merge is written meanwhile
        raise HmError("could not back up the project: the disk is full")

    monkeypatch.setattr(service, "backup_file", failing)
    svc = SyncService(a)
    preview = svc.preview_import(bundle)
    ProjectService(a).update(notes="written after the preview")  # the early copy is stale
    before_events, before = event_ids(a), content(a)
    with pytest.raises(HmError, match="disk is full"):
        svc.apply_import(preview)
    assert event_ids(a) == before_events
    assert content(a) == before
    assert list_backups(a.store.project_id) == []


def test_a_failed_early_copy_is_made_again_at_the_merge(pair, monkeypatch):
    a, bundle = pair
    before_events, before = event_ids(a), content(a)
    real = backups.PendingBackup._write_partial
    calls = []

    def first_fails(self):
        calls.append(self.dest.name)
        if len(calls) == 1:
            raise HmError("could not back up the project: the disk is full")
        return real(self)

    monkeypatch.setattr(backups.PendingBackup, "_write_partial", first_fails)
    svc = SyncService(a)
    result = svc.apply_import(svc.preview_import(bundle))
    assert len(calls) == 2  # the early copy, then the fresh one
    assert _held(result.backup) == (before_events, before)


def test_early_and_fresh_copies_failing_leave_the_project_unchanged(pair, monkeypatch):
    a, bundle = pair
    before_events, before = event_ids(a), content(a)

    def failing(self):
        raise HmError("could not back up the project: the disk is full")

    monkeypatch.setattr(backups.PendingBackup, "_write_partial", failing)
    svc = SyncService(a)
    with pytest.raises(HmError, match="disk is full"):
        svc.apply_import(svc.preview_import(bundle))
    assert event_ids(a) == before_events
    assert content(a) == before
    assert _files(a) == []


def test_a_preview_closed_or_with_nothing_new_keeps_no_copy(pair):
    a, bundle = pair
    svc = SyncService(a)
    preview = svc.preview_import(bundle)
    early = preview.backup
    preview.close()  # not applied
    early._thread.join()
    assert _files(a) == []
    svc.apply_import(svc.preview_import(bundle))
    kept = _files(a)
    again = svc.preview_import(bundle)  # nothing new: no copy kept
    assert not again.has_changes and again.backup is None
    assert svc.apply_import(again).backup is None
    time.sleep(0.1)
    for _ in range(50):  # a copy discarded while running is removed when it ends
        if _files(a) == kept:
            break
        time.sleep(0.1)
    assert _files(a) == kept

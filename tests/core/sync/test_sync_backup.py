"""The backup before an import is copied while the merge is written (issue 19): it holds the
project as it was before the import, and a copy that fails leaves the project unchanged."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from sync_helpers import ACTOR_A, ACTOR_B, BASE_TIME, content, event_ids, fork, make_base, open_copy

from hmfield.core.errors import HmError
from hmfield.core.model.inventory import Host
from hmfield.core.project.service import open_project
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


def test_the_backup_holds_the_project_before_the_import(pair):
    a, bundle = pair
    before_events, before = event_ids(a), content(a)
    svc = SyncService(a)
    result = svc.apply_import(svc.preview_import(bundle))
    assert result.backup is not None and event_ids(a) > before_events
    copy = open_project(result.backup, readonly=True)
    try:
        assert event_ids(copy) == before_events
        assert content(copy) == before
    finally:
        copy.store.close()


def test_a_failing_backup_leaves_the_project_unchanged(pair, monkeypatch):
    a, bundle = pair
    before_events, before = event_ids(a), content(a)

    def failing(*args, **kwargs):
        time.sleep(0.2)  # the merge is written meanwhile
        raise HmError("could not back up the project: the disk is full")

    monkeypatch.setattr(service, "backup_file", failing)
    svc = SyncService(a)
    with pytest.raises(HmError, match="disk is full"):
        svc.apply_import(svc.preview_import(bundle))
    assert event_ids(a) == before_events
    assert content(a) == before

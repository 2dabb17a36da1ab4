"""Merge rules on concrete cases: one-sided changes, conflicts, deletions, resolution."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sync_helpers import (
    ACTOR_A,
    ACTOR_B,
    BASE_TIME,
    conflict_rows,
    content,
    event_ids,
    fork,
    make_base,
    open_copy,
)

from hmfield.core.audit.service import AuditService
from hmfield.core.context import Actor
from hmfield.core.errors import HmError
from hmfield.core.model.inventory import Host
from hmfield.core.project.people import PeopleService
from hmfield.core.project.service import NewProject, ProjectService, create_project
from hmfield.core.store.backups import list_backups
from hmfield.core.sync.service import OtherProject, SyncService

LATER = BASE_TIME + timedelta(hours=1)


@pytest.fixture
def pair(tmp_path):
    base = tmp_path / "base.hmfield"
    hosts = make_base(base)
    a_path, b_path = fork(base, tmp_path)
    a = open_copy(a_path, ACTOR_A, LATER)
    b = open_copy(b_path, ACTOR_B, LATER + timedelta(milliseconds=500))
    yield a, b, hosts
    a.store.close()
    b.store.close()


def sync(src, dst, folder, name="x.hmbundle"):
    path = SyncService(src).export_bundle(folder / name).path
    svc = SyncService(dst)
    preview = svc.preview_import(path)
    counts = {c.entity: c for c in preview.counts}
    return svc.apply_import(preview), counts


def edit_host(ctx, host_id, **changes):
    with ctx.write() as uow:
        uow.rec.update(uow.session.get(Host, host_id), changes)


def host(ctx, host_id) -> Host:
    with ctx.read() as s:
        return s.get(Host, host_id)


def test_one_sided_changes_merge_without_conflict(pair, tmp_path):
    a, b, hosts = pair
    edit_host(a, hosts[0], notes="from A")
    edit_host(b, hosts[1], cpu_cores=16)
    result, counts = sync(b, a, tmp_path, "b.hmbundle")
    assert result.changed and result.conflicts == 0
    assert counts["host"].updated == 1 and counts["person"].new == 1  # B joined the project
    assert host(a, hosts[0]).notes == "from A"
    assert host(a, hosts[1]).cpu_cores == 16
    sync(a, b, tmp_path, "a.hmbundle")
    assert content(a) == content(b)
    assert event_ids(a) == event_ids(b)
    assert AuditService(a).verify() is None and AuditService(b).verify() is None


def test_same_field_both_sides_is_a_conflict_later_wins(pair, tmp_path):
    a, b, hosts = pair
    edit_host(a, hosts[0], target_ip="10.9.9.1")  # A at LATER+1s
    edit_host(b, hosts[0], target_ip="10.9.9.2")  # B half a second later
    result, counts = sync(b, a, tmp_path, "b.hmbundle")
    assert result.conflicts == 1 and counts["host"].conflicts == 1
    sync(a, b, tmp_path, "a.hmbundle")
    assert host(a, hosts[0]).target_ip == host(b, hosts[0]).target_ip == "10.9.9.2"
    assert conflict_rows(a) == conflict_rows(b)
    (view,) = SyncService(a).conflicts()
    assert (view.field, view.mine, view.theirs, view.current) == (
        "target_ip",
        "10.9.9.1",
        "10.9.9.2",
        "theirs",
    )
    assert view.mine_person == "李敏" and view.theirs_person == "王建国"
    (seen_by_b,) = SyncService(b).conflicts()
    assert (seen_by_b.mine, seen_by_b.current) == ("10.9.9.2", "mine")


def test_same_value_on_both_sides_is_no_conflict(pair, tmp_path):
    a, b, hosts = pair
    edit_host(a, hosts[0], notes="same")
    edit_host(b, hosts[0], notes="same")
    result, _ = sync(b, a, tmp_path)
    assert result.conflicts == 0


def test_edit_against_deletion_is_a_conflict_and_keeps_the_edit(pair, tmp_path):
    a, b, hosts = pair
    with a.write() as uow:
        uow.rec.delete(uow.session.get(Host, hosts[2]))
    edit_host(b, hosts[2], notes="still needed!")
    result, _ = sync(b, a, tmp_path, "b.hmbundle")
    assert result.conflicts == 1
    merged = host(a, hosts[2])
    assert merged.deleted and merged.notes == "still needed!"
    (view,) = SyncService(a).conflicts()
    assert view.field == "deleted" and view.mine is True and view.theirs is False
    assert "notes" in view.detail
    # keep theirs = bring the record back, audited; after the next sync B agrees
    resolved = SyncService(a).resolve(view.id, "theirs")
    assert resolved.resolved and not host(a, hosts[2]).deleted
    sync(a, b, tmp_path, "a.hmbundle")
    assert not host(b, hosts[2]).deleted
    assert content(a) == content(b)
    assert SyncService(b).conflicts() == []  # resolution travelled with the bundle


@pytest.mark.parametrize("choice", ["mine", "theirs", "edit"])
def test_resolving_is_an_audited_update_that_wins_everywhere(pair, tmp_path, choice):
    a, b, hosts = pair
    edit_host(a, hosts[0], cpu_cores=8)
    edit_host(b, hosts[0], cpu_cores=12)
    sync(b, a, tmp_path, "b.hmbundle")
    sync(a, b, tmp_path, "a.hmbundle")
    (view,) = SyncService(a).conflicts()
    before = len(event_ids(a))
    SyncService(a).resolve(view.id, choice, "24" if choice == "edit" else None)
    expected = {"mine": 8, "theirs": 12, "edit": 24}[choice]
    assert host(a, hosts[0]).cpu_cores == expected
    assert len(event_ids(a)) == before + 1  # one audit event, even when the value stays
    (event,) = [e for e in AuditService(a).events(entity="host", entity_id=hosts[0], limit=1)]
    assert event.field == "cpu_cores" and event.person_name == "李敏"
    sync(a, b, tmp_path, "a2.hmbundle")
    assert host(b, hosts[0]).cpu_cores == expected
    assert content(a) == content(b)
    assert SyncService(a).conflicts() == [] == SyncService(b).conflicts()


def test_edit_value_is_checked_against_the_field_type(pair, tmp_path):
    a, b, hosts = pair
    edit_host(a, hosts[0], cpu_cores=8)
    edit_host(b, hosts[0], cpu_cores=12)
    sync(b, a, tmp_path)
    (view,) = SyncService(a).conflicts()
    with pytest.raises(HmError, match="cpu_cores"):
        SyncService(a).resolve(view.id, "edit", "many")
    assert SyncService(a).conflicts()[0].resolved is False


def test_record_created_with_the_same_id_on_both_sides(pair, tmp_path):
    a, b, _ = pair
    shared = "c" * 32
    with a.write() as uow:
        uow.rec.create(Host(id=shared, name="shared", cpu_cores=2, notes="A"))
    with b.write() as uow:
        uow.rec.create(Host(id=shared, name="shared", cpu_cores=2, notes="B"))
    result, _ = sync(b, a, tmp_path, "b.hmbundle")
    sync(a, b, tmp_path, "a.hmbundle")
    assert content(a) == content(b)
    assert result.conflicts == 1  # notes differ; cpu_cores and name agree
    assert host(a, shared).notes == "B"


def test_reimport_changes_nothing(pair, tmp_path):
    a, b, hosts = pair
    edit_host(b, hosts[0], notes="x")
    path = SyncService(b).export_bundle(tmp_path / "b.hmbundle").path
    svc = SyncService(a)
    assert svc.apply_import(svc.preview_import(path)).changed
    backups = len(list_backups(a.store.project_id))
    events = event_ids(a)
    again = svc.preview_import(path)
    assert again.already_imported and not again.has_changes
    assert svc.apply_import(again).changed is False
    assert event_ids(a) == events
    assert len(list_backups(a.store.project_id)) == backups  # nothing to do, no backup


def test_apply_takes_a_backup_first_and_is_one_transaction(pair, tmp_path, monkeypatch):
    a, b, hosts = pair
    edit_host(b, hosts[0], notes="x")
    PeopleService(b).add("新同事")
    path = SyncService(b).export_bundle(tmp_path / "b.hmbundle").path
    before, events = content(a), event_ids(a)
    svc = SyncService(a)
    preview = svc.preview_import(path)
    import hmfield.core.sync.service as sync_module

    def boom(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(sync_module, "write_conflicts", boom)
    with pytest.raises(OSError):
        svc.apply_import(preview)
    assert content(a) == before and event_ids(a) == events
    (backup,) = list_backups(a.store.project_id)
    assert backup.reason == "before-import"


def test_project_changed_between_preview_and_apply(pair, tmp_path):
    a, b, hosts = pair
    edit_host(b, hosts[0], notes="B")
    path = SyncService(b).export_bundle(tmp_path / "b.hmbundle").path
    svc = SyncService(a)
    preview = svc.preview_import(path)
    edit_host(a, hosts[0], notes="A, after the preview")
    result = svc.apply_import(preview)
    assert result.conflicts == 1  # the plan was made again inside the transaction
    sync(a, b, tmp_path, "a.hmbundle")
    assert content(a) == content(b)


def test_bundle_of_another_project_is_refused_unless_asked(pair, tmp_path, clock):
    a, _, _ = pair
    stranger = Actor("c" * 32, "外人", "f" * 32)
    other = create_project(
        tmp_path / "o.hmfield", NewProject(name="别的项目"), clock=clock, actor=stranger
    )
    PeopleService(other).add("外人")
    path = SyncService(other).export_bundle(tmp_path / "o.hmbundle").path
    other.store.close()
    with pytest.raises(OtherProject, match="别的项目"):
        SyncService(a).preview_import(path)
    preview = SyncService(a).preview_import(path, allow_other_project=True)
    SyncService(a).apply_import(preview)
    assert ProjectService(a).get().name == "同步项目"
    assert len(content(a)["project"]) == 1  # never a second project record
    assert PeopleService(a).find("外人") is not None


def test_fold_defaults_are_made_once_and_fresh_for_each_row():
    from hmfield.core.sync.bundle.merge import Folder

    folder = Folder(Host)
    first = folder.defaults()
    first["ips"].append("10.0.0.1")
    first["extra"]["k"] = "v"
    again = folder.defaults()
    assert again["ips"] == [] and again["extra"] == {}
    assert again["cpu_cores"] == first["cpu_cores"]

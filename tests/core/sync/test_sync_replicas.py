"""One replica (audit chain) per project copy: copies on one install merge like two laptops.

Before replica ids, the chain was per install: a copy of a project on the same laptop (a
bundle opened as a new project, a restored backup, a file copied by hand) wrote the same
device's chain and a merge was refused ("edited as the same device")."""

from __future__ import annotations

import shutil
from datetime import timedelta

from sync_helpers import ACTOR_A, BASE_TIME, conflict_rows, content, fork, make_base, open_copy

from hmfield.core.model.inventory import Host
from hmfield.core.project.backups import restore_project_backup
from hmfield.core.store.backups import backup_file
from hmfield.core.sync.service import SyncService, import_as_new_project, open_payload

LATER = BASE_TIME + timedelta(hours=1)


def edit(ctx, host_id, **changes):
    with ctx.write() as uow:
        uow.rec.update(uow.session.get(Host, host_id), changes)


def merge(src, dst, path):
    bundle = SyncService(src).export_bundle(path).path
    svc = SyncService(dst)
    return svc.apply_import(svc.preview_import(bundle))


def replica(path, start=LATER):
    ctx = open_copy(path, ACTOR_A, start)
    try:
        return ctx.store.replica_id
    finally:
        ctx.store.close()


def test_replica_id_is_kept_by_the_same_file_and_new_for_a_copy_or_a_move(tmp_path):
    base = tmp_path / "base.hmfield"
    make_base(base)
    first = replica(base)
    assert first and replica(base) == first  # reopened in place: same chain
    copy = tmp_path / "copy.hmfield"
    shutil.copy(base, copy)
    assert replica(copy) not in ("", first)
    moved = tmp_path / "moved.hmfield"
    base.rename(moved)
    assert replica(moved) != first


def test_file_copies_on_one_install_merge_both_ways_to_the_same_content(tmp_path):
    base = tmp_path / "base.hmfield"
    hosts = make_base(base)
    a_path, b_path = fork(base, tmp_path)
    a = open_copy(a_path, ACTOR_A, LATER)
    b = open_copy(b_path, ACTOR_A, LATER + timedelta(seconds=30))
    try:
        assert a.actor.device_id != b.actor.device_id
        edit(a, hosts[0], notes="from copy a")
        edit(b, hosts[0], notes="from copy b")
        edit(b, hosts[1], cpu_cores=16)
        merge(b, a, tmp_path / "b.hmbundle")
        merge(a, b, tmp_path / "a.hmbundle")
        assert content(a) == content(b)
        with a.read() as s:
            assert s.get(Host, hosts[0]).notes == "from copy b"  # the later change holds
            assert s.get(Host, hosts[1]).cpu_cores == 16
        assert [c[2:] for c in conflict_rows(a).values()] == [
            ("notes", '"from copy b"', '"from copy a"')
        ]
    finally:
        a.store.close()
        b.store.close()


def test_bundle_opened_as_new_project_on_the_same_install_merges_back(tmp_path):
    base = tmp_path / "base.hmfield"
    hosts = make_base(base)
    a = open_copy(base, ACTOR_A, LATER)
    bundle = SyncService(a).export_bundle(tmp_path / "a.hmbundle").path
    payload = open_payload(bundle)
    try:
        made = import_as_new_project(payload, tmp_path / "twin.hmfield", actor=ACTOR_A)
    finally:
        payload.close()
    twin = open_copy(made.project, ACTOR_A, LATER + timedelta(minutes=5))
    try:
        assert twin.actor.device_id not in (a.actor.device_id, ACTOR_A.device_id)
        edit(twin, hosts[2], notes="edited in the twin")
        edit(a, hosts[0], notes="edited in the original")
        merge(twin, a, tmp_path / "twin.hmbundle")
        merge(a, twin, tmp_path / "a2.hmbundle")
        assert content(a) == content(twin)
    finally:
        twin.store.close()
        a.store.close()
    assert replica(made.project) == replica(made.project)  # renamed into place: kept


def test_restored_backup_writes_a_new_chain_and_still_merges(tmp_path):
    """Restore a backup and keep working, while another copy already holds the edits made
    after that backup: both go on and merge."""
    base = tmp_path / "base.hmfield"
    hosts = make_base(base)
    a = open_copy(base, ACTOR_A, LATER)
    backup = backup_file(base, a.store.project_id, "manual")
    edit(a, hosts[0], notes="after the backup")
    a_replica = a.actor.device_id
    other = tmp_path / "other.hmfield"
    a.store.close()
    shutil.copy(base, other)
    restore_project_backup(base, backup)
    a = open_copy(base, ACTOR_A, LATER + timedelta(minutes=10))
    o = open_copy(other, ACTOR_A, LATER + timedelta(minutes=20))
    try:
        assert a.actor.device_id != a_replica
        edit(a, hosts[1], notes="after the restore")
        merge(a, o, tmp_path / "a.hmbundle")
        merge(o, a, tmp_path / "o.hmbundle")
        assert content(a) == content(o)
        with a.read() as s:
            assert s.get(Host, hosts[0]).notes == "after the backup"
            assert s.get(Host, hosts[1]).notes == "after the restore"
    finally:
        a.store.close()
        o.store.close()

"""Property tests: random edits on two copies of a project, then merge both ways.

Whatever the edits: both copies end with the same content (commutative), a second import
changes nothing (idempotent), and no write is lost (every value either copy held before
the merge is current afterwards or kept in the conflict list)."""

from __future__ import annotations

import json
import os
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sync_helpers import (
    ACTOR_A,
    ACTOR_B,
    BASE_TIME,
    conflict_rows,
    content,
    fork,
    make_base,
    open_copy,
)

from hmfield.core.model.inventory import Host
from hmfield.core.project.people import PeopleService
from hmfield.core.project.service import ProjectService, open_project
from hmfield.core.sync.service import SyncService

FIXED_ID = "f" * 32
VALUES = st.sampled_from(["1", "2", "3"])
op = st.one_of(
    st.tuples(st.just("person"), st.integers(0, 1), st.sampled_from(["phone", "email"]), VALUES),
    st.tuples(st.just("host"), st.integers(0, 2), st.sampled_from(["name", "notes"]), VALUES),
    st.tuples(st.just("cores"), st.integers(0, 2), st.sampled_from([1, 2, 4])),
    st.tuples(st.just("ips"), st.integers(0, 2), st.sampled_from([[], ["10.1.1.1"], ["10.2.2.2"]])),
    st.tuples(st.just("host_delete"), st.integers(0, 2)),
    st.tuples(st.just("host_restore"), st.integers(0, 2)),
    st.tuples(st.just("project"), VALUES),
    st.tuples(st.just("new_host"), VALUES),
    st.tuples(st.just("fixed_host"), st.sampled_from([1, 2, 4])),
)


def apply_op(ctx, op, people, hosts) -> None:
    kind = op[0]
    if kind == "person":
        PeopleService(ctx).update(people[op[1]], **{op[2]: op[3]})
    elif kind == "project":
        ProjectService(ctx).update(customer=op[1])
    elif kind == "new_host":
        with ctx.write() as uow:
            uow.rec.create(Host(name=f"new-{op[1]}"))
    elif kind == "fixed_host":
        with ctx.write() as uow:
            host = uow.session.get(Host, FIXED_ID)
            if host is None:
                uow.rec.create(Host(id=FIXED_ID, name="shared", cpu_cores=op[1]))
            else:
                uow.rec.update(host, {"cpu_cores": op[1]})
    else:
        with ctx.write() as uow:
            host = uow.session.get(Host, hosts[op[1]])
            if kind == "host_delete":
                uow.rec.delete(host)
            elif kind == "host_restore":
                uow.rec.restore(host)
            elif kind == "cores":
                uow.rec.update(host, {"cpu_cores": op[2]})
            elif kind == "ips":
                uow.rec.update(host, {"ips": op[2]})
            else:
                uow.rec.update(host, {op[2]: op[3]})


@pytest.fixture(autouse=True)
def no_fsync(monkeypatch):
    """Durability is tested elsewhere; here thousands of fsyncs would only make it slow."""
    monkeypatch.setattr(os, "fsync", lambda fd: None)


def data_values(dump: dict) -> set[tuple]:
    """(table, id, field, canonical value) for every data field and the tombstone."""
    out = set()
    skip = {"created_at", "updated_at", "changed_by", "device_id", "revision", "id"}
    for table, rows in dump.items():
        for row in rows:
            for name, value in row.items():
                if name not in skip:
                    out.add((table, row["id"], name, json.dumps(value, sort_keys=True)))
    return out


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    ops_a=st.lists(op, max_size=8),
    ops_b=st.lists(op, max_size=8),
    offset=st.sampled_from([0.5, -0.5, 3.0]),
)
def test_merge_commutative_idempotent_lossless(tmp_path, ops_a, ops_b, offset):
    merge_both_ways(tmp_path, ops_a, ops_b, offset, ACTOR_B)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    ops_a=st.lists(op, max_size=8),
    ops_b=st.lists(op, min_size=1, max_size=8),
    offset=st.sampled_from([0.5, -0.5, 3.0]),
)
def test_forks_on_one_install_merge_like_two_laptops(tmp_path, ops_a, ops_b, offset):
    """Two copies of one project on one laptop, edited by the same engineer with the same
    install identity: each copy writes its own replica chain, so they merge both ways."""
    merge_both_ways(tmp_path, ops_a, ops_b, offset, ACTOR_A)


def merge_both_ways(tmp_path, ops_a, ops_b, offset, actor_b):
    base = tmp_path / "base.hmfield"
    if not base.exists():  # one base per test run; each example forks fresh copies
        make_base(base)
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    a_path, b_path = fork(base, folder)
    ro = open_project(base, readonly=True)
    try:
        common = data_values(content(ro))
        hosts = sorted(r["id"] for r in content(ro)["host"])
    finally:
        ro.store.close()
    start = BASE_TIME + timedelta(hours=1)
    a = open_copy(a_path, ACTOR_A, start)
    b = open_copy(b_path, actor_b, start + timedelta(seconds=offset))
    assert a.actor.device_id != b.actor.device_id  # one replica per copy
    try:
        people = sorted(p.id for p in PeopleService(a).list() if p.name in ("陈涛", "赵丽"))
        for ops, ctx in ((ops_a, a), (ops_b, b)):
            for o in ops:
                apply_op(ctx, o, people, hosts)
        # what each copy wrote since the fork (values the common base did not hold)
        before = (data_values(content(a)) | data_values(content(b))) - common
        bundle_a = SyncService(a).export_bundle(folder / "a.hmbundle").path
        bundle_b = SyncService(b).export_bundle(folder / "b.hmbundle").path
        svc_a, svc_b = SyncService(a), SyncService(b)
        svc_a.apply_import(svc_a.preview_import(bundle_b))
        svc_b.apply_import(svc_b.preview_import(bundle_a))

        after_a, after_b = content(a), content(b)
        assert after_a == after_b
        conflicts = conflict_rows(a)
        assert conflicts == conflict_rows(b)

        again = svc_a.preview_import(bundle_b)
        assert not again.has_changes
        assert svc_a.apply_import(again).changed is False
        assert content(a) == after_a

        kept = data_values(after_a)
        for _cid, (entity, entity_id, name, winner, other) in conflicts.items():
            for text in (winner, other):
                value = None if text is None else json.loads(text)
                kept.add((entity, entity_id, name, json.dumps(value, sort_keys=True)))
        lost = before - kept
        assert not lost, f"values lost by the merge: {sorted(lost)[:5]}"
    finally:
        a.store.close()
        b.store.close()

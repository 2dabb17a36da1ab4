"""The office hub on PostgreSQL: init, import (new, idempotent, two engineers with a conflict),
export back to a laptop, verify, status."""

from __future__ import annotations

import shutil
import sys
from datetime import timedelta
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "sync"))
from sync_helpers import ACTOR_A, ACTOR_B, BASE_TIME, content, make_base, open_copy  # noqa: E402

from hmfield.core.clock import FixedClock  # noqa: E402
from hmfield.core.context import Actor  # noqa: E402
from hmfield.core.errors import HmError  # noqa: E402
from hmfield.core.model.inventory import Host  # noqa: E402
from hmfield.core.office.database import OfficeDb  # noqa: E402
from hmfield.core.office.portfolio import portfolio, portfolio_json  # noqa: E402
from hmfield.core.office.service import OfficeService  # noqa: E402
from hmfield.core.sync.service import SyncService  # noqa: E402

OFFICE = Actor("c" * 32, "项目办", "f" * 32)
LATER = BASE_TIME + timedelta(hours=1)


@pytest.fixture
def office(office_url):
    db = OfficeDb(office_url)
    svc = OfficeService(db, OFFICE, FixedClock(BASE_TIME + timedelta(days=1), timedelta(seconds=1)))
    svc.init()
    yield svc
    db.close()


def export(ctx, path: Path) -> Path:
    return SyncService(ctx).export_bundle(path).path


def edit(ctx, host_id, **changes) -> None:
    with ctx.write() as uow:
        uow.rec.update(uow.session.get(Host, host_id), changes)


def two_engineers(tmp_path):
    """One project forked to two laptops; both edit srv0's notes (a conflict), A edits srv1."""
    base = tmp_path / "base.hmfield"
    hosts = make_base(base)
    a_path, b_path = tmp_path / "a.hmfield", tmp_path / "b.hmfield"
    shutil.copy(base, a_path)
    shutil.copy(base, b_path)
    a = open_copy(a_path, ACTOR_A, LATER)
    b = open_copy(b_path, ACTOR_B, LATER + timedelta(milliseconds=500))
    edit(a, hosts[0], notes="A says")
    edit(a, hosts[1], cpu_cores=8)
    edit(b, hosts[0], notes="B says")
    return a, b, hosts


def test_init_is_idempotent_and_refuses_a_plain_database(office_url):
    with OfficeDb(office_url) as db:
        with pytest.raises(HmError, match="not an office database"):
            db.projects()
        assert db.init() is True
        assert db.init() is False
        assert db.projects() == []


def test_import_creates_the_project_then_is_idempotent(office, tmp_path):
    base = tmp_path / "base.hmfield"
    make_base(base)
    ctx = open_copy(base, ACTOR_A, LATER)
    bundle = export(ctx, tmp_path / "a.hmbundle")
    first = office.import_bundle(bundle)
    assert first.created and first.changed
    again = office.import_bundle(bundle)
    assert not again.created and not again.changed
    (project,) = office.db.projects()
    octx = office.context(project, readonly=True)
    try:
        assert content(octx) == content(ctx)
    finally:
        octx.store.close()
        ctx.store.close()
    assert [c.problem for c in office.verify()] == [""]


def test_two_engineers_merge_with_the_conflict_kept(office, tmp_path):
    a, b, hosts = two_engineers(tmp_path)
    try:
        ba, bb = export(a, tmp_path / "a.hmbundle"), export(b, tmp_path / "b.hmbundle")
        assert office.import_bundle(ba).created
        merged = office.import_bundle(bb)
        assert merged.changed and merged.conflicts == 1
        assert not office.import_bundle(ba).changed and not office.import_bundle(bb).changed
        (project,) = office.db.projects()
        octx = office.context(project, readonly=True)
        try:
            conflicts = SyncService(octx).conflicts()
            assert [c.entity_id for c in conflicts] == [hosts[0]]
            with octx.read() as s:
                assert s.get(Host, hosts[1]).cpu_cores == 8
        finally:
            octx.store.close()
        # the same merge on a laptop gives the same records
        svc = SyncService(a)
        svc.apply_import(svc.preview_import(bb))
        octx = office.context(project, readonly=True)
        try:
            assert content(octx) == content(a)
        finally:
            octx.store.close()
    finally:
        a.store.close()
        b.store.close()
    (line,) = portfolio(office)
    assert line.hosts == 3 and line.open_conflicts == 1
    assert {bl.person for bl in line.bundles} == {ACTOR_A.name, ACTOR_B.name}
    assert portfolio_json([line])["projects"][0]["verdicts"]
    assert [c.problem for c in office.verify()] == [""]


def test_export_back_to_a_laptop_and_round_trip(office, tmp_path):
    a, b, hosts = two_engineers(tmp_path)
    try:
        office.import_bundle(export(a, tmp_path / "a.hmbundle"))
        office.import_bundle(export(b, tmp_path / "b.hmbundle"))
        out = office.export(office.db.projects()[0].project_id, tmp_path / "office.hmbundle")
        # laptop A merges the office's bundle as usual: it gets B's side and the conflict
        svc = SyncService(a)
        result = svc.apply_import(svc.preview_import(out.path))
        assert result.changed
        assert len(SyncService(a).conflicts()) == 1
        # A edits again; the office takes it back
        edit(a, hosts[2], notes="after the office")
        back = office.import_bundle(export(a, tmp_path / "a2.hmbundle"))
        assert back.changed and not back.created
    finally:
        a.store.close()
        b.store.close()
    (project,) = office.db.projects()
    octx = office.context(project, readonly=True)
    try:
        with octx.read() as s:
            assert s.get(Host, hosts[2]).notes == "after the office"
        assert len(SyncService(octx).conflicts()) == 1
    finally:
        octx.store.close()
    assert [c.problem for c in office.verify()] == [""]

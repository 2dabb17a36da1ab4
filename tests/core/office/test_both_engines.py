"""One schema, two engines: the same store and merge cases on a project file (SQLite) and on
the office database (PostgreSQL)."""

from __future__ import annotations

import shutil
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from hubs import FileHub, OfficeHub
from sqlalchemy import inspect

sys.path.insert(0, str(Path(__file__).parents[1] / "sync"))
from sync_helpers import ACTOR_A, ACTOR_B, BASE_TIME, content, make_base, open_copy  # noqa: E402

from hmfield.core.model.inventory import Host  # noqa: E402
from hmfield.core.office.database import OfficeDb  # noqa: E402
from hmfield.core.office.service import OfficeService  # noqa: E402
from hmfield.core.store import schema  # noqa: E402
from hmfield.core.store.engine import write_engine  # noqa: E402
from hmfield.core.sync.service import SyncService  # noqa: E402

LATER = BASE_TIME + timedelta(hours=1)


@pytest.fixture(params=["sqlite", "postgresql"])
def hub(request, tmp_path):
    if request.param == "sqlite":
        made = FileHub(tmp_path)
    else:
        made = OfficeHub(request.getfixturevalue("office_url"))
    yield made
    made.close()


@pytest.fixture
def laptops(tmp_path):
    base = tmp_path / "base.hmfield"
    hosts = make_base(base)
    a_path, b_path = tmp_path / "a.hmfield", tmp_path / "b.hmfield"
    shutil.copy(base, a_path)
    shutil.copy(base, b_path)
    a = open_copy(a_path, ACTOR_A, LATER)
    b = open_copy(b_path, ACTOR_B, LATER + timedelta(milliseconds=500))
    yield a, b, hosts
    a.store.close()
    b.store.close()


def records(ctx) -> dict:
    """Every record but the people (opening a project file for writing adds its opener)."""
    return {k: v for k, v in content(ctx).items() if k != "person"}


def edit(ctx, host_id, **changes):
    with ctx.write() as uow:
        uow.rec.update(uow.session.get(Host, host_id), changes)


def bundle(ctx, path):
    return SyncService(ctx).export_bundle(path).path


def test_create_import_twice_is_idempotent(hub, laptops, tmp_path):
    a, _b, _hosts = laptops
    first = bundle(a, tmp_path / "a.hmbundle")
    assert hub.import_bundle(first)[:2] == (True, True)
    assert hub.import_bundle(first)[1] is False
    ctx = hub.context()
    try:
        assert records(ctx) == records(a)
        with ctx.store.read_engine.connect() as conn:
            assert schema.read_versions(conn) == (schema.APPLICATION_ID, schema.SCHEMA_VERSION)
    finally:
        ctx.store.close()
    assert hub.verify()


def test_two_engineers_conflict_kept_then_back_to_a_laptop(hub, laptops, tmp_path):
    a, b, hosts = laptops
    edit(a, hosts[0], notes="A")
    edit(b, hosts[0], notes="B")
    edit(b, hosts[1], cpu_cores=12)
    hub.import_bundle(bundle(a, tmp_path / "a.hmbundle"))
    created, changed, conflicts = hub.import_bundle(bundle(b, tmp_path / "b.hmbundle"))
    assert (created, changed, conflicts) == (False, True, 1)
    ctx = hub.context()
    try:
        (conflict,) = SyncService(ctx).conflicts()
        assert conflict.entity_id == hosts[0]
        merged = records(ctx)
    finally:
        ctx.store.close()
    # handed back out: laptop A merges it as usual and holds what the hub holds
    out = hub.export(tmp_path / "hub.hmbundle")
    svc = SyncService(a)
    assert svc.apply_import(svc.preview_import(out)).changed
    assert records(a) == merged
    assert len(SyncService(a).conflicts()) == 1
    assert hub.verify()


V5_AND_EARLIER = [
    ("host", [c for c, _ in [("platform_build", 0), ("manager_version", 0), ("cpu_model", 0),
                             ("datastore_kinds", 0), ("vmfs_versions", 0), ("snapshot_count", 0),
                             ("linked_clone", 0)]]),
    ("plan_settings", ["sync_start", "sync_interval_h", "observation_h"]),
    ("non_host_object", ["throughput_mbps", "final_copy_in_window"]),
    ("runbook_step", ["branch", "criteria_zh", "criteria_en"]),
    ("run_step", ["branch", "criteria_zh", "criteria_en", "status_by_id", "status_by",
                  "status_at"]),
    ("rollback_event", ["entered_from", "after_no_return"]),
]  # fmt: skip


def _make_old(engine) -> None:
    """Take the store back to version 1: drop every column a migration adds."""
    with engine.begin() as conn:
        for table, columns in V5_AND_EARLIER:
            for column in columns:
                conn.exec_driver_sql(f"ALTER TABLE {table} DROP COLUMN {column}")
        schema.write_version(conn, 1)


def _columns(engine) -> dict[str, set[str]]:
    with engine.connect() as conn:
        insp = inspect(conn)
        return {t: {c["name"] for c in insp.get_columns(t)} for t, _ in V5_AND_EARLIER}


@pytest.mark.parametrize("engine_kind", ["sqlite", "postgresql"])
def test_migrations_run_on_both_engines(engine_kind, laptops, tmp_path, request):
    a, _b, _hosts = laptops
    if engine_kind == "sqlite":
        path = tmp_path / "old.hmfield"
        shutil.copy(a.store.path, path)
        engine = write_engine(path)
        db = None
    else:
        db = OfficeDb(request.getfixturevalue("office_url"))
        office = OfficeService(db, ACTOR_A)
        office.init()
        office.import_bundle(bundle(a, tmp_path / "a.hmbundle"))
        (project,) = db.projects()
        engine = db.project_engines(project.project_id)[0]
    try:
        full = _columns(engine)
        _make_old(engine)
        with engine.connect() as conn:
            assert schema.read_versions(conn)[1] == 1
        if db is None:
            schema.migrate(engine, 1)
        else:
            assert office.upgrade(project) is True
            assert office.upgrade(project) is False
        assert _columns(engine) == full
        with engine.connect() as conn:
            assert schema.read_versions(conn)[1] == schema.SCHEMA_VERSION
            rows = conn.exec_driver_sql("SELECT count(*) FROM host").scalar()
        assert rows == 3
    finally:
        engine.dispose()
        if db is not None:
            db.close()


BILL = Path(__file__).parents[2] / "fixtures" / "rvtools" / "nutanix-billsample.xlsx"


def test_an_inventory_import_and_its_round_trip_on_both_engines(hub, laptops, tmp_path):
    """A real RVTools file imported into the hub (bulk writes, verdicts, audit) gives the
    same records on both engines, and its bundle merges into a laptop."""
    from hmfield.core.assess.verdicts import AssessmentService
    from hmfield.core.inventory.importing import ImportService

    a, _b, _hosts = laptops
    hub.import_bundle(bundle(a, tmp_path / "a.hmbundle"))
    ctx = hub.context()
    try:
        svc = ImportService(ctx)
        result = svc.apply(svc.preview(BILL))
        assert result.verdicts.total == 129
        summary = AssessmentService(ctx).summary()
        assert summary["total"] == 132 and summary["stale"] == 0
    finally:
        ctx.store.close()
    assert hub.verify()
    out = hub.export(tmp_path / "hub.hmbundle")
    svc = SyncService(a)
    assert svc.apply_import(svc.preview_import(out)).changed
    ctx = hub.context()
    try:
        assert records(a) == records(ctx)
    finally:
        ctx.store.close()


def test_verdicts_judged_again_from_the_project_on_both_engines(hub, laptops, tmp_path):
    """Every host loaded back from the project (the projected load: named tuples, packed
    booleans, NOT deleted) and judged again gives the verdicts the import judged from the
    rows it wrote, on both engines: after a rules change (every verdict stale) and for given
    hosts."""
    from sqlalchemy import select, update

    from hmfield.core.assess.verdicts import reassess_hosts
    from hmfield.core.assess.views import stored_verdicts
    from hmfield.core.inventory.importing import ImportService
    from hmfield.core.model.assess import HostVerdict

    a, _b, _hosts = laptops
    hub.import_bundle(bundle(a, tmp_path / "a.hmbundle"))
    ctx = hub.context()
    try:
        svc = ImportService(ctx)
        svc.apply(svc.preview(BILL))

        def verdicts() -> dict:
            with ctx.read() as s:
                rows = stored_verdicts(s)
            return {h: {k: v for k, v in r.items() if k != "computed_at"} for h, r in rows.items()}

        with ctx.write() as uow:  # the laptop's hosts too (a bundle carries no verdicts)
            reassess_hosts(uow)
        judged = verdicts()
        with ctx.write() as uow:
            uow.session.execute(update(HostVerdict).values(ruleset_version="old"))
            assert reassess_hosts(uow) == len(judged)
        assert verdicts() == judged and len(judged) == 132  # the 129 imported and 3
        with ctx.read() as s:
            ids = list(s.execute(select(Host.id).where(Host.deleted == False)).scalars())  # noqa: E712
        with ctx.write() as uow:
            assert reassess_hosts(uow, ids[:50]) == 50
        assert verdicts() == judged
    finally:
        ctx.store.close()

"""A project written by the previous schema opens in this hmfield: a backup first, then the
migration, and nothing the engineer entered changes."""

import sqlite3

from hmfield.core.inventory.service import InventoryService
from hmfield.core.project.service import open_project
from hmfield.core.store import schema
from hmfield.core.store.backups import list_backups

V2_COLUMNS = (
    "platform_build",
    "manager_version",
    "cpu_model",
    "datastore_kinds",
    "vmfs_versions",
    "snapshot_count",
    "linked_clone",
)


V4_COLUMNS = (
    ("plan_settings", "sync_start"),
    ("plan_settings", "sync_interval_h"),
    ("plan_settings", "observation_h"),
    ("non_host_object", "throughput_mbps"),
    ("non_host_object", "final_copy_in_window"),
)


def _drop_v4(conn) -> None:
    for table, column in V4_COLUMNS:
        conn.execute(f"ALTER TABLE {table} DROP COLUMN {column}")


def _as_version_1(path):
    """Turn a current file into what schema 1 wrote: the v2 host columns did not exist."""
    conn = sqlite3.connect(path)
    _drop_v4(conn)
    for column in V2_COLUMNS:
        conn.execute(f"ALTER TABLE host DROP COLUMN {column}")
    conn.execute("PRAGMA user_version=1")
    conn.commit()
    conn.close()


def _columns(path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {row[1] for row in conn.execute("PRAGMA table_info(host)")}
    finally:
        conn.close()


def test_version_1_file_is_backed_up_and_migrated(ctx, project_path, clock, actor):
    project_id = ctx.store.project_id
    host = InventoryService(ctx).add(name="db01", cpu_cores=8)
    ctx.store.close()
    _as_version_1(project_path)
    assert not set(V2_COLUMNS) & _columns(project_path)

    reopened = open_project(project_path, actor=actor, clock=clock)
    try:
        with reopened.store.engine.connect() as conn:
            assert schema.read_versions(conn)[1] == schema.SCHEMA_VERSION
        assert set(V2_COLUMNS) <= _columns(project_path)
        rows = {r.name: r for r in InventoryService(reopened).rows()}
        assert rows["db01"].cpu_cores == 8 and rows["db01"].id == host.id
        saved = InventoryService(reopened).update(host.id, notes="after migration")
        assert saved.notes == "after migration"
        backups = list_backups(project_id)
        assert backups and backups[0].reason.startswith("before-migrate")
        old = sqlite3.connect(backups[0].path)
        assert old.execute("PRAGMA user_version").fetchone()[0] == 1
        old.close()
    finally:
        reopened.store.close()


def _table_columns(path, table) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
    finally:
        conn.close()


def test_version_2_file_gets_the_timing_columns(ctx, project_path, clock, actor):
    """Schema 4: the transfer calendar's settings and a non-host object's throughput; what the
    engineer entered (an object's size, the plan's time zone) stays."""
    from hmfield.core.assess.nonhost import NonHostService
    from hmfield.core.plan.service import PlanningService

    obj = NonHostService(ctx).add(name="NAS /data", kind="nas", size_mib=2048.0)
    PlanningService(ctx).update_settings(timezone="Europe/Berlin", incremental_interval_h=2.0)
    ctx.store.close()
    conn = sqlite3.connect(project_path)
    _drop_v4(conn)
    conn.execute("PRAGMA user_version=2")
    conn.commit()
    conn.close()
    assert "throughput_mbps" not in _table_columns(project_path, "non_host_object")

    reopened = open_project(project_path, actor=actor, clock=clock)
    try:
        assert {"sync_start", "sync_interval_h", "observation_h"} <= _table_columns(
            project_path, "plan_settings"
        )
        settings = PlanningService(reopened).settings()
        assert settings.timezone == "Europe/Berlin" and settings.incremental_interval_h == 2.0
        assert settings.sync_interval_h == 24.0 and settings.sync_start is None
        moved = NonHostService(reopened).get(obj.id)
        assert moved.size_mib == 2048.0 and moved.throughput_mbps is None
        assert moved.final_copy_in_window is True
    finally:
        reopened.store.close()


V5_COLUMNS = {
    "runbook_step": ("branch", "criteria_zh", "criteria_en"),
    "run_step": ("branch", "criteria_zh", "criteria_en", "status_by_id", "status_by", "status_at"),
    "rollback_event": ("entered_from", "after_no_return"),
}


def test_version_4_runbooks_gain_branch_criteria_and_who_did_it(ctx, project_path, clock, actor):
    """A file from before schema 5: its runbook steps get the branch and criteria columns
    (empty), its run steps who-changed-it columns, and nothing else changes."""
    from hmfield.core.model.plan import Wave
    from hmfield.core.runbooks.runs import RunService
    from hmfield.core.runbooks.service import RunbookService

    with ctx.write() as uow:
        wave = uow.rec.create(Wave(name="W1", order=0))
    runbook = RunbookService(ctx).generate(wave.id).runbook
    run = RunService(ctx).start(runbook.id, "rehearsal")
    ctx.store.close()
    conn = sqlite3.connect(project_path)
    for table, columns in V5_COLUMNS.items():
        for column in columns:
            conn.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    conn.execute("DROP TABLE notice")
    conn.execute("PRAGMA user_version=4")
    conn.commit()
    conn.close()

    reopened = open_project(project_path, actor=actor, clock=clock)
    try:
        with reopened.store.engine.connect() as conn:
            assert schema.read_versions(conn)[1] == schema.SCHEMA_VERSION >= 5
        db = sqlite3.connect(project_path)
        for table, columns in V5_COLUMNS.items():
            present = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
            assert set(columns) <= present, table
        assert db.execute("SELECT count(*) FROM notice").fetchone() == (0,)
        db.close()
        steps = RunService(reopened).steps(run.id)
        assert steps and {x.branch for x in steps} == {""}  # old rows: on the cutover path
        RunService(reopened).finish_step(run.id, "participants")
        assert RunService(reopened).snapshot(run.id).step("participants").status_by == actor.name
    finally:
        reopened.store.close()


def test_version_5_file_gains_dependency_strength_and_the_stored_policy(
    ctx, project_path, clock, actor
):
    """A file from before schema 6 (issue 13): its dependencies get a strength column (empty =
    the default by kind), the plan settings the stored proposal policy, and the
    wave_preference table appears; the dependency itself is unchanged."""
    from hmfield.core.plan.dependencies import DependencyService

    a = InventoryService(ctx).add(name="app01")
    b = InventoryService(ctx).add(name="db01")
    dep = DependencyService(ctx).add(from_id=a.id, to_id=b.id, kind="database", port="1433")
    ctx.store.close()
    conn = sqlite3.connect(project_path)
    conn.execute("ALTER TABLE dependency DROP COLUMN strength")
    conn.execute("ALTER TABLE plan_settings DROP COLUMN proposal_policy")
    conn.execute("DROP TABLE wave_preference")
    conn.execute("PRAGMA user_version=5")
    conn.commit()
    conn.close()

    reopened = open_project(project_path, actor=actor, clock=clock)
    try:
        with reopened.store.engine.connect() as c:
            assert schema.read_versions(c)[1] == schema.SCHEMA_VERSION >= 6
        again = DependencyService(reopened).get(dep.id)
        assert again.strength is None and again.kind == "database" and again.port == "1433"
        assert DependencyService(reopened).set_strength([dep.id], "soft") == 1
        db = sqlite3.connect(project_path)
        assert db.execute("SELECT count(*) FROM wave_preference").fetchone() == (0,)
        present = {row[1] for row in db.execute("PRAGMA table_info(plan_settings)")}
        assert "proposal_policy" in present
        db.close()
    finally:
        reopened.store.close()


def test_version_5_hosts_gain_scope_all_in_scope(ctx, project_path, clock, actor):
    """A file from before schema 7: its hosts get in_scope (true), no reason, an empty note."""
    from hmfield.core.model.inventory import Host
    from hmfield.core.plan.scope import ScopeService

    with ctx.write() as uow:
        host = uow.rec.create(Host(name="vc01"))
    ctx.store.close()
    conn = sqlite3.connect(project_path)
    for column in ("in_scope", "scope_reason", "scope_note"):
        conn.execute(f"ALTER TABLE host DROP COLUMN {column}")
    conn.execute("PRAGMA user_version=5")
    conn.commit()
    conn.close()

    reopened = open_project(project_path, actor=actor, clock=clock)
    try:
        assert {"in_scope", "scope_reason", "scope_note"} <= _table_columns(project_path, "host")
        (row,) = ScopeService(reopened).rows()
        assert row.host_id == host.id and row.in_scope and row.reason is None and row.note == ""
        ScopeService(reopened).set_scope([host.id], False, "infrastructure")
        assert not ScopeService(reopened).rows()[0].in_scope
    finally:
        reopened.store.close()


def test_version_7_steps_gain_duration_unknown_false(ctx, project_path, clock, actor):
    """A file from before schema 8: its runbook and run steps get duration_unknown, false
    (their minutes were planned, known or not, as they were), and can be written."""
    from hmfield.core.model.plan import Wave
    from hmfield.core.model.runbook import Runbook, RunbookStep

    with ctx.write() as uow:
        wave = uow.rec.create(Wave(name="W1"))
        book = uow.rec.create(Runbook(wave_id=wave.id))
        step = uow.rec.create(RunbookStep(runbook_id=book.id, key="sync:x", planned_minutes=12))
    ctx.store.close()
    conn = sqlite3.connect(project_path)
    for table in ("runbook_step", "run_step"):
        conn.execute(f"ALTER TABLE {table} DROP COLUMN duration_unknown")
    conn.execute("PRAGMA user_version=7")
    conn.commit()
    conn.close()

    reopened = open_project(project_path, actor=actor, clock=clock)
    try:
        with reopened.store.engine.connect() as c:
            assert schema.read_versions(c)[1] == schema.SCHEMA_VERSION
        for table in ("runbook_step", "run_step"):
            assert "duration_unknown" in _table_columns(project_path, table)
        with reopened.read() as s:
            again = s.get(RunbookStep, step.id)
        assert again.duration_unknown is False and again.planned_minutes == 12
        with reopened.write() as uow:
            uow.rec.update(uow.session.get(RunbookStep, step.id), {"duration_unknown": True})
        with reopened.read() as s:
            assert s.get(RunbookStep, step.id).duration_unknown is True
    finally:
        reopened.store.close()


def _as_version_8_verdicts(path) -> None:
    """What schema 8 stored: every verdict row carried its reasons list, no verdict_reasons."""
    conn = sqlite3.connect(path)
    conn.execute("ALTER TABLE host_verdict ADD COLUMN reasons JSON")
    conn.execute(
        "UPDATE host_verdict SET reasons = (SELECT r.reasons FROM verdict_reasons r"
        " WHERE r.digest = host_verdict.reasons_digest)"
    )
    conn.execute("ALTER TABLE host_verdict DROP COLUMN reasons_digest")
    conn.execute("DROP TABLE verdict_reasons")
    conn.execute("PRAGMA user_version=8")
    conn.commit()
    conn.close()


def test_version_8_verdicts_keep_their_reasons_stored_once(ctx, project_path, clock, actor):
    """Schema 9: each distinct reasons list moves from the verdict rows to verdict_reasons,
    keyed by the digest the writer gives it; every verdict reads as before and stays current
    (its rule set version and time are kept), and a rules change then adds no list."""
    from datetime import timedelta

    from sqlalchemy import update

    from hmfield.core.assess.verdicts import AssessmentService, reassess_hosts
    from hmfield.core.model.assess import HostVerdict

    inventory = InventoryService(ctx)
    for i, os_name in enumerate(["CentOS 7", "CentOS 7", "Windows Server 2003", "", "RHEL 8"]):
        inventory.add(name=f"h{i}", platform="vmware", os_name=os_name, cpu_cores=2)
    before = AssessmentService(ctx).hosts(recompute_stale=False)
    assert len({tuple(map(str, h.reasons)) for h in before}) >= 3 and before[0].reasons
    ctx.store.close()
    _as_version_8_verdicts(project_path)
    assert "reasons" in _table_columns(project_path, "host_verdict")

    reopened = open_project(project_path, actor=actor, clock=clock)
    try:
        assert schema.SCHEMA_VERSION == 9
        columns = _table_columns(project_path, "host_verdict")
        assert "reasons" not in columns and "reasons_digest" in columns
        conn = sqlite3.connect(project_path)
        try:
            lists = {d for (d,) in conn.execute("SELECT digest FROM verdict_reasons")}
            named = {d for (d,) in conn.execute("SELECT reasons_digest FROM host_verdict")}
            assert lists == named and len(lists) == len({str(h.reasons) for h in before})
        finally:
            conn.close()
        service = AssessmentService(reopened)
        after = service.hosts(recompute_stale=False)
        assert after == before and not any(h.stale for h in after)
        with reopened.write() as uow:  # a new rule set: the same reasons, the same digests
            uow.session.execute(update(HostVerdict).values(ruleset_version="0.old"))
        clock.advance(timedelta(minutes=1))
        with reopened.write() as uow:
            assert reassess_hosts(uow) == 5
        conn = sqlite3.connect(project_path)
        try:
            assert {d for (d,) in conn.execute("SELECT digest FROM verdict_reasons")} == lists
        finally:
            conn.close()
        assert service.hosts(recompute_stale=False) == before
    finally:
        reopened.store.close()

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


def _as_version_1(path):
    """Turn a current file into what schema 1 wrote: the v2 host columns did not exist."""
    conn = sqlite3.connect(path)
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
            assert schema.read_versions(conn)[1] == schema.SCHEMA_VERSION == 5
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

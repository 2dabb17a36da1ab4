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

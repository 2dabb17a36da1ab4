import os
import sqlite3
import stat

import pytest

from hmfield.core.errors import HmError
from hmfield.core.project.service import NewProject, ProjectService, create_project, open_project
from hmfield.core.store import schema
from hmfield.core.store.backups import list_backups
from hmfield.core.store.lock import lock_path


def digest(path):
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_project_is_wal_with_foreign_keys(ctx, project_path):
    with ctx.store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        app_id, version = schema.read_versions(conn)
    assert app_id == schema.APPLICATION_ID
    assert version == schema.SCHEMA_VERSION


def test_record_bookkeeping_is_stamped(ctx, clock, actor):
    project = ProjectService(ctx).get()
    assert len(project.id) == 32
    assert project.created_at.tzinfo is not None
    assert project.created_at.utcoffset().total_seconds() == 0
    assert project.changed_by == actor.person_id
    assert project.device_id == ctx.store.replica_id == ctx.actor.device_id  # this copy
    assert project.revision == 1
    assert project.deleted is False
    ProjectService(ctx).update(customer="客户B")
    again = ProjectService(ctx).get()
    assert again.revision == 2
    assert again.updated_at > project.updated_at


def test_second_writer_refused_with_holder_named(ctx, project_path, actor):
    with pytest.raises(HmError, match="open by 李敏"):
        open_project(project_path, actor=actor)
    ro = open_project(project_path, readonly=True, actor=actor)
    assert ProjectService(ro).get().name == "测试项目"
    ro.store.close()


def test_lock_released_on_close(ctx, project_path, actor):
    ctx.store.close()
    assert not lock_path(project_path).exists()
    again = open_project(project_path, actor=actor)
    again.store.close()


def test_stale_lock_of_dead_process_is_taken_over(ctx, project_path, actor):
    ctx.store.close()
    import json
    import socket

    lock_path(project_path).write_text(
        json.dumps({"pid": 999999, "host": socket.gethostname(), "person": "x"})
    )
    again = open_project(project_path, actor=actor)
    again.store.close()


def test_not_a_project_and_missing_and_corrupt(tmp_path, actor):
    text = tmp_path / "notes.hmfield"
    text.write_text("hello")
    with pytest.raises(HmError, match="not an hmfield project"):
        open_project(text, actor=actor)
    with pytest.raises(HmError, match="no such project file"):
        open_project(tmp_path / "nope.hmfield", actor=actor)
    other = tmp_path / "other.hmfield"
    conn = sqlite3.connect(other)
    conn.execute("create table t(x)")
    conn.commit()
    conn.close()
    before = digest(other)
    with pytest.raises(HmError, match="another program"):
        open_project(other, actor=actor)
    assert digest(other) == before


def test_truncated_project_gives_one_line_and_no_change(ctx, project_path, actor):
    ctx.store.close()
    data = project_path.read_bytes()
    broken = project_path.with_name("broken.hmfield")
    broken.write_bytes(data[: len(data) // 3])
    before = digest(broken)
    with pytest.raises(HmError) as err:
        open_project(broken, actor=actor)
    assert "\n" not in str(err.value)
    assert "broken.hmfield" in str(err.value)
    assert digest(broken) == before


def test_newer_schema_refused_naming_both_versions(ctx, project_path, actor):
    ctx.store.close()
    conn = sqlite3.connect(project_path)
    conn.execute(f"PRAGMA user_version={schema.SCHEMA_VERSION + 5}")
    conn.commit()
    conn.close()
    before = digest(project_path)
    with pytest.raises(HmError) as err:
        open_project(project_path, actor=actor)
    msg = str(err.value)
    assert f"schema version {schema.SCHEMA_VERSION + 5}" in msg
    assert f"up to version {schema.SCHEMA_VERSION}" in msg
    assert digest(project_path) == before


def test_older_schema_backed_up_then_migrated(ctx, project_path, actor, monkeypatch):
    project_id = ctx.store.project_id
    ctx.store.close()
    calls = []

    def add_column(conn):
        calls.append(True)
        conn.exec_driver_sql("ALTER TABLE project ADD COLUMN extra_test TEXT")

    monkeypatch.setattr(schema, "SCHEMA_VERSION", schema.SCHEMA_VERSION + 1)
    monkeypatch.setitem(schema.MIGRATIONS, schema.SCHEMA_VERSION, add_column)
    again = open_project(project_path, actor=actor)
    try:
        with again.store.engine.connect() as conn:
            assert schema.read_versions(conn)[1] == schema.SCHEMA_VERSION
            cols = [r[1] for r in conn.exec_driver_sql("PRAGMA table_info(project)")]
        assert "extra_test" in cols
        assert calls == [True]
        backups = list_backups(project_id)
        assert backups and backups[0].reason.startswith("before-migrate")
        old = sqlite3.connect(backups[0].path)
        assert old.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION - 1
        old.close()
    finally:
        again.store.close()


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_read_only_location_refused(ctx, project_path, actor):
    ctx.store.close()
    project_path.chmod(stat.S_IRUSR)
    with pytest.raises(HmError, match="read-only"):
        open_project(project_path, actor=actor)


def test_read_only_location_refused_by_access_check(ctx, project_path, actor, monkeypatch):
    ctx.store.close()
    before = digest(project_path)
    monkeypatch.setattr(os, "access", lambda p, mode: mode != os.W_OK)
    with pytest.raises(HmError, match="read-only location"):
        open_project(project_path, actor=actor)
    assert digest(project_path) == before
    assert not lock_path(project_path).exists()


def test_read_only_commands_leave_the_file_and_folder_untouched(ctx, project_path, actor):
    ctx.store.close()
    before = digest(project_path)
    listing = sorted(p.name for p in project_path.parent.iterdir())
    ro = open_project(project_path, readonly=True, actor=actor)
    ProjectService(ro).info()
    with pytest.raises(HmError, match="read-only"):
        ProjectService(ro).update(name="x")
    ro.store.close()
    assert digest(project_path) == before
    assert sorted(p.name for p in project_path.parent.iterdir()) == listing


def test_create_refuses_existing_file(ctx, project_path, actor):
    with pytest.raises(HmError, match="exists already"):
        create_project(project_path, NewProject(name="x"), actor=actor)


def test_invalid_draft_creates_nothing(tmp_path, actor):
    path = tmp_path / "bad.hmfield"
    with pytest.raises(HmError, match="needs a name"):
        create_project(path, NewProject(name="  "), actor=actor)
    assert not path.exists()


def test_tables_added_later_are_created_on_open(ctx, project_path, actor):
    ctx.store.close()
    conn = sqlite3.connect(project_path)
    conn.execute("DROP TABLE nic")
    conn.commit()
    conn.close()
    again = open_project(project_path, actor=actor)
    with again.store.engine.connect() as c:
        assert "nic" in schema.table_names(c)
    again.store.close()

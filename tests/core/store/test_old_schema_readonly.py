"""Issue 15: a project file of an older schema opened read-only (``verify``, ``inventory``,
``assess`` on an old file, or a file on a read-only medium) is read through an upgraded
temporary copy: the right answers, the file byte-for-byte unchanged, nothing left behind, and
never an SQL traceback; when no copy can be made, one line says why and what to do."""

from __future__ import annotations

import contextlib
import io
import json
import sqlite3
import tempfile

import pytest
from sqlalchemy.exc import OperationalError

from hmfield.cli.app import run
from hmfield.core.errors import HmError
from hmfield.core.inventory.service import InventoryService
from hmfield.core.store import schema
from hmfield.core.store.project_file import open_store

V1_DROPS = (
    ("runbook_step", ("branch", "criteria_zh", "criteria_en")),
    (
        "run_step",
        ("branch", "criteria_zh", "criteria_en", "status_by_id", "status_by", "status_at"),
    ),
    ("rollback_event", ("entered_from", "after_no_return")),
    ("plan_settings", ("sync_start", "sync_interval_h", "observation_h")),
    ("non_host_object", ("throughput_mbps", "final_copy_in_window")),
    (
        "host",
        ("platform_build", "manager_version", "cpu_model", "datastore_kinds", "vmfs_versions",
         "snapshot_count", "linked_clone"),
    ),
)  # fmt: skip


def cli(*args):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run([str(a) for a in args])
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def old_file(ctx, tmp_path, monkeypatch):
    """A closed project of two hosts, turned into what schema version 1 wrote."""
    inv = InventoryService(ctx)
    inv.add(name="db01", cpu_cores=8, os_name="CentOS", os_version="7.9", arch="x86_64")
    inv.add(name="web01", ips="10.0.0.1")
    path = ctx.store.path
    ctx.store.close()
    conn = sqlite3.connect(path)
    for table, columns in V1_DROPS:
        for column in columns:
            conn.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    conn.execute("PRAGMA user_version=1")
    conn.commit()
    conn.close()
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    return path


def test_read_only_commands_on_an_old_file_answer_and_change_nothing(old_file):
    before = old_file.read_bytes()
    for args in (("verify",), ("inventory", "--json"), ("assess",), ("info", "--json")):
        code, out, err = cli(args[0], old_file, *args[1:])
        assert code == 0, (args, out, err)
        assert "Traceback" not in err and "no such column" not in err + out
        assert "older hmfield (schema version 1)" in err and "unchanged" in err
    code, out, _ = cli("inventory", old_file, "--json")
    assert sorted(h["name"] for h in json.loads(out)) == ["db01", "web01"]
    code, out, _ = cli("info", old_file, "--json")
    assert json.loads(out)["schema_version"] == 1  # the file's own version, not ours
    assert old_file.read_bytes() == before
    assert sorted(p.name for p in old_file.parent.iterdir() if p.suffix != ".xlsx") == [
        "p.hmfield",
        "tmp",
    ]
    assert list((old_file.parent / "tmp").iterdir()) == []  # every copy removed


def test_store_reads_the_copy_and_removes_it_on_close(old_file):
    store = open_store(old_file, readonly=True)
    try:
        assert store.readonly and store.file_version == 1 and store.scratch.is_dir()
        with store.engine.connect() as conn:
            assert schema.read_versions(conn)[1] == schema.SCHEMA_VERSION
            assert conn.exec_driver_sql("SELECT count(platform_build) FROM host").scalar() == 0
        scratch = store.scratch
    finally:
        store.close()
    assert not scratch.exists()
    with sqlite3.connect(old_file) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1


def test_no_copy_possible_is_one_line(old_file, monkeypatch):
    def fail(engine, version, to_version=None):
        raise OperationalError("ALTER TABLE", {}, sqlite3.OperationalError("disk I/O error"))

    monkeypatch.setattr(schema, "migrate", fail)
    with pytest.raises(HmError, match="older hmfield .schema version 1.*open it for writing"):
        open_store(old_file, readonly=True)
    code, out, err = cli("verify", old_file)
    assert code == 1 and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert list((old_file.parent / "tmp").iterdir()) == []


def test_writers_still_migrate_the_file_itself(old_file, actor):
    store = open_store(old_file, person=actor.name, device_id=actor.device_id)
    try:
        assert store.scratch is None
    finally:
        store.close()
    with sqlite3.connect(old_file) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION

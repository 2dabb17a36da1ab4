"""A full (or failing) disk: one line, exit 1, nothing changed, no lock left behind, and no
false "damaged" verdict afterwards.

Three ways to make a disk full without root: an OSError(ENOSPC) injected at the lock's write
call; SQLite's ``max_page_count`` (the database cannot grow: SQLite reports SQLITE_FULL,
"database or disk is full", exactly as on a full disk); and ``RLIMIT_FSIZE`` in a subprocess
(every write past the limit fails with EFBIG, also inside openpyxl and the bundle writer)."""

from __future__ import annotations

import contextlib
import errno
import io
import json
import os
import resource
import signal
import subprocess
import sys
import time

import pytest
from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from hmfield.cli.app import run
from hmfield.core.checklists.service import ChecklistService
from hmfield.core.errors import HmError
from hmfield.core.fileutil import DiskFull
from hmfield.core.project.service import open_project
from hmfield.core.store import lock as lock_mod
from hmfield.core.store import project_file
from hmfield.core.store.lock import ProjectLock, ProjectLocked, lock_path

FULL = "the disk holding p.hmfield is full: free space, nothing was changed"


def cli(*args):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run([str(a) for a in args])
    return code, out.getvalue(), err.getvalue()


def beside(path):
    """Files next to the project other than the project itself (locks, temp files)."""
    return sorted(p.name for p in path.parent.iterdir() if p.name != path.name)


@pytest.fixture
def closed(ctx, project_path):
    """A closed project with its checklist; returns an item id."""
    item = ChecklistService(ctx).items()[0].template.id
    ctx.store.close()
    return item


def test_lock_write_on_a_full_disk_leaves_no_lock(project_path, closed, monkeypatch):
    def full(fd, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(lock_mod.os, "write", full)
    with pytest.raises(DiskFull) as err:
        ProjectLock.acquire(project_path, "李敏", "d" * 32)
    assert str(err.value) == FULL
    assert beside(project_path) == []  # neither a 0-byte lock nor a temp file
    monkeypatch.undo()
    ProjectLock.acquire(project_path, "李敏", "d" * 32).release()  # nobody locked out


def test_checklist_change_on_a_full_disk_is_one_line_via_the_cli(project_path, closed, monkeypatch):
    code, _out, err = cli(
        "checklist", project_path, "set", closed, "--status", "done"
    )  # control: it works with space
    assert code == 0, err

    def full(fd, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(lock_mod.os, "write", full)
    code, _out, err = cli("checklist", project_path, "set", closed, "--status", "blocked")
    assert (code, err) == (1, f"hmfield: {FULL}\n")
    assert not lock_path(project_path).exists()


@pytest.fixture
def no_growth(monkeypatch):
    """The project file cannot grow by one page: SQLite says SQLITE_FULL as on a full disk."""
    real = project_file.write_engine

    def engine(path):
        eng = real(path)

        @event.listens_for(eng, "connect")
        def _cap(dbapi_conn, _record):
            pages = dbapi_conn.execute("PRAGMA page_count").fetchone()[0]
            dbapi_conn.execute(f"PRAGMA max_page_count={pages}")

        return eng

    monkeypatch.setattr(project_file, "write_engine", engine)


def test_sqlite_full_inside_a_write_is_one_line_and_changes_nothing(
    project_path, closed, no_growth
):
    code, _out, err = cli("checklist", project_path, "set", closed, "--status", "in_progress")
    assert code == 0, err  # control: a small change fits (and the CLI's engineer is added)
    before = verify_text(project_path)
    code, _out, err = cli(
        "checklist", project_path, "set", closed, "--status", "blocked",
        "--reason", "账号", "--note", "x" * 300_000,
    )  # fmt: skip
    assert (code, err) == (1, f"hmfield: {FULL}\n")
    assert "Traceback" not in err
    assert beside(project_path) == []  # lock released, WAL cleaned up on close
    assert verify_text(project_path) == before  # not "damaged", and nothing changed
    ctx = open_project(project_path, readonly=True)
    try:
        item = next(i for i in ChecklistService(ctx).items() if i.template.id == closed)
        assert (item.status, item.note) == ("in_progress", "")
    finally:
        ctx.store.close()


def verify_text(path) -> str:
    code, out, err = cli("verify", path)
    assert code == 0 and "damaged" not in out + err, out + err
    return out


def test_disk_error_on_read_is_not_called_damage(project_path, closed, monkeypatch):
    """A disk I/O error while reading on a (nearly) full disk is said as such."""
    import sqlite3

    def failing(_engine):
        raise OperationalError("SELECT", (), sqlite3.OperationalError("disk I/O error"))

    monkeypatch.setattr(project_file, "_project_id", failing)
    monkeypatch.setattr("hmfield.core.fileutil._low_on_space", lambda _p: True)
    with pytest.raises(HmError) as err:
        project_file.open_store(project_path, readonly=True)
    assert str(err.value) == FULL
    assert "damaged" not in str(err.value)


def test_empty_lock_from_a_crash_is_cleared_with_a_message(project_path, closed):
    lp = lock_path(project_path)
    lp.write_bytes(b"")
    old = time.time() - 60
    os.utime(lp, (old, old))
    code, _out, err = cli("checklist", project_path, "set", closed, "--status", "done")
    assert code == 0
    assert err == (
        "hmfield: note: removed a stale lock on p.hmfield (it was empty or unreadable, "
        "left by a crash or a full disk)\n"
    )
    assert not lp.exists()


def test_fresh_empty_lock_is_respected(project_path, closed, monkeypatch):
    """Seconds old, an empty lock may be a writer on a stick without hard links."""
    monkeypatch.setattr(lock_mod.time, "sleep", lambda s: None)
    lock_path(project_path).write_bytes(b"")
    with pytest.raises(ProjectLocked, match="cannot be read"):
        ProjectLock.acquire(project_path, "李敏", "d" * 32)
    assert lock_path(project_path).exists()


def test_lock_of_a_dead_process_is_cleared_with_a_message(project_path, closed):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    holder = ProjectLock.acquire(project_path, "王建国", "e" * 32)
    info = json.loads(holder.path.read_text())
    holder.path.write_text(json.dumps({**info, "pid": dead.pid}))
    lock = ProjectLock.acquire(project_path, "李敏", "d" * 32)
    assert lock.notice == (
        f"removed a stale lock on p.hmfield (left by 王建国 with pid {dead.pid}, which has ended)"
    )
    assert json.loads(lock.path.read_text())["person"] == "李敏"  # whole, never empty
    lock.release()


def test_lock_without_hard_links_still_exclusive_and_whole(project_path, closed, monkeypatch):
    """FAT32/exFAT sticks have no hard links: O_EXCL create instead."""

    def no_link(src, dst):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(lock_mod.os, "link", no_link)
    lock = ProjectLock.acquire(project_path, "李敏", "d" * 32)
    assert json.loads(lock.path.read_text())["person"] == "李敏"
    with pytest.raises(ProjectLocked, match="李敏"):
        ProjectLock.acquire(project_path, "王建国", "e" * 32)
    lock.release()
    assert beside(project_path) == []


def _limited(limit: int):
    def apply():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (("export", "{p}", "--inventory", "{d}/out.xlsx"), "out.xlsx"),
        (("bundle", "export", "{p}", "{d}/out.hmbundle"), "out.hmbundle"),
    ],
    ids=["xlsx", "bundle"],
)
def test_export_on_a_full_disk_is_one_line_without_traceback(project_path, closed, args, name):
    """Every write past 4 KB fails (EFBIG) in a real process: openpyxl's zip and the bundle
    writer included. Before: two "Exception ignored" tracebacks and a hint about Excel."""
    out_dir = project_path.parent / "out"
    out_dir.mkdir()
    argv = [a.format(p=project_path, d=out_dir) for a in args]
    done = subprocess.run(
        [sys.executable, "-m", "hmfield", *argv],
        capture_output=True,
        text=True,
        preexec_fn=_limited(4096),
        timeout=120,
    )
    assert done.returncode == 1, done.stderr
    assert (
        done.stderr
        == f"hmfield: the disk holding {name} is full: free space, nothing was changed\n"
    )
    assert list(out_dir.iterdir()) == []  # no half file, no temp file
    assert not lock_path(project_path).exists()

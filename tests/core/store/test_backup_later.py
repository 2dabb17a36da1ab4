"""The app's opening backup of a large file is pinned when the file opens and copied later, off
the GUI thread (issue 19: start-up): the copy holds the file as it was opened, whatever was
written meanwhile, and it is never left unwritten."""

from __future__ import annotations

import sqlite3
import threading

import pytest

import hmfield.core.store.backups as backups
import hmfield.core.store.project_file as project_file
from hmfield.core.errors import HmError
from hmfield.core.fileutil import DiskFull
from hmfield.core.project.service import ProjectService, open_project
from hmfield.core.store.backups import list_backups


@pytest.fixture
def closed(ctx, project_path):
    ctx.store.close()
    return project_path


@pytest.fixture
def large(monkeypatch):
    """Every file counts as large (the demo-sized test projects are a few hundred KiB)."""
    monkeypatch.setattr(project_file, "DEFER_ABOVE", 0)


def _notes(path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT notes FROM project").fetchone()[0]
    finally:
        conn.close()


def test_the_backup_holds_the_file_as_opened_not_the_changes_made_since(closed, actor, large):
    c = open_project(closed, actor=actor, backup_reason="open", backup_later=True)
    try:
        project_id = c.store.project_id
        assert c.store.pending_backup is not None
        assert list_backups(project_id) == []  # not copied yet
        ProjectService(c).update(notes="written after the opening")
        done = []
        worker = threading.Thread(target=lambda: done.append(c.store.finish_backup()))
        worker.start()
        worker.join()
        assert done[0] is not None and done[0] == list_backups(project_id)[0].path
        assert c.store.backups == [done[0]]
        assert _notes(done[0]) == ""  # the opening's state
        assert ProjectService(c).get().notes == "written after the opening"
        assert c.store.finish_backup() == done[0]  # once: a second call is the same file
        assert len(list_backups(project_id)) == 1
    finally:
        c.store.close()


def test_a_backup_left_pending_is_written_when_the_project_closes(closed, actor, large):
    c = open_project(closed, actor=actor, backup_reason="open", backup_later=True)
    project_id = c.store.project_id
    ProjectService(c).update(notes="changed")
    c.store.close()
    found = list_backups(project_id)
    assert [b.reason for b in found] == ["open"]
    assert _notes(found[0].path) == ""


def test_a_small_file_is_still_backed_up_while_it_opens(closed, actor):
    c = open_project(closed, actor=actor, backup_reason="open", backup_later=True)
    try:
        assert c.store.pending_backup is None
        assert [b.reason for b in list_backups(c.store.project_id)] == ["open"]
    finally:
        c.store.close()


def test_a_failed_copy_is_one_line_naming_the_folder_and_raised_again(
    closed, actor, large, monkeypatch
):
    c = open_project(closed, actor=actor, backup_reason="open", backup_later=True)
    try:
        pending = c.store.pending_backup
        real_conn = pending._conn

        class FullDisk:  # sqlite3.Connection.backup cannot be patched: a stand-in
            def backup(self, dst):
                raise sqlite3.OperationalError("database or disk is full")

            def close(self):
                real_conn.close()

        pending._conn = FullDisk()
        with pytest.raises(DiskFull, match="backups folder"):
            c.store.finish_backup()
        with pytest.raises(HmError, match="backups folder"):  # the same error, not a retry
            c.store.finish_backup()
        assert list_backups(c.store.project_id) == []
        assert not list(backups.project_backup_dir(c.store.project_id).glob("*.partial"))
    finally:
        c.store.close()  # closing after a failed copy raises nothing

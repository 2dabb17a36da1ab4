"""A backup copied ahead of the change it guards (issue 19: a merge's backup is copied while
the bundle is previewed): published only when nothing was committed to the file since its
state was pinned, otherwise nothing of it is kept."""

from __future__ import annotations

import os
import sqlite3
import threading
import time

import pytest

import hmfield.core.store.backups as backups
from hmfield.core.errors import HmError
from hmfield.core.project.service import ProjectService
from hmfield.core.store.backups import EarlyBackup, list_backups, project_backup_dir


def _notes(path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT notes FROM project").fetchone()[0]
    finally:
        conn.close()


def _early(ctx) -> EarlyBackup:
    return EarlyBackup(ctx.store.path, ctx.store.project_id, "before-import")


def _leftovers(ctx) -> list[str]:
    folder = project_backup_dir(ctx.store.project_id)
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def test_unchanged_file_publishes_the_copy_made_ahead(ctx):
    ProjectService(ctx).update(notes="before the change")
    early = _early(ctx)
    with ctx.write() as uow:
        uow.session.connection()  # BEGIN IMMEDIATE: the write lock held
        assert early.current()
        path = early.take()
    assert path is not None and [b.path for b in list_backups(ctx.store.project_id)] == [path]
    assert list_backups(ctx.store.project_id)[0].reason == "before-import"
    assert _notes(path) == "before the change"
    assert _leftovers(ctx) == [path.name]  # no .partial left


def test_a_commit_after_the_pin_makes_it_stale_and_nothing_is_kept(ctx):
    early = _early(ctx)
    ProjectService(ctx).update(notes="committed after the pin")  # the project's own writer
    assert not early.current()
    early.discard()
    early._thread.join()
    assert list_backups(ctx.store.project_id) == []
    assert _leftovers(ctx) == []


def test_a_commit_by_another_connection_is_seen_too(ctx):
    early = _early(ctx)
    early._thread.join()  # copied: its own snapshot is let go, the watcher stays
    conn = sqlite3.connect(ctx.store.path)
    try:
        conn.execute("UPDATE project SET notes = 'by hand'")
        conn.commit()
    finally:
        conn.close()
    assert not early.current()
    early.discard()
    assert _leftovers(ctx) == []


def test_discarded_while_copying_leaves_no_file(ctx, monkeypatch):
    started, release = threading.Event(), threading.Event()
    real = backups.PendingBackup._write_partial

    def slow(self):
        started.set()
        release.wait(5)
        return real(self)

    monkeypatch.setattr(backups.PendingBackup, "_write_partial", slow)
    early = _early(ctx)
    started.wait(5)
    early.discard()  # the copy still running: removed when it ends
    release.set()
    early._thread.join()
    assert _leftovers(ctx) == []
    assert early.take() is None


def test_a_failed_early_copy_is_not_current_and_keeps_nothing(ctx, monkeypatch):
    def failing(self):
        raise HmError("could not back up: the disk is full")

    monkeypatch.setattr(backups.PendingBackup, "_write_partial", failing)
    early = _early(ctx)
    early._thread.join()
    assert early.ready and not early.current()
    assert early.take() is None
    assert list_backups(ctx.store.project_id) == []


def test_it_is_taken_not_written(ctx):
    early = _early(ctx)
    with pytest.raises(TypeError):
        early.write()
    early.discard()


def test_a_partial_copy_left_by_an_ended_process_is_pruned(ctx):
    folder = project_backup_dir(ctx.store.project_id)
    folder.mkdir(parents=True)
    stale, fresh = folder / "20260101T000000000000Z-open.partial", folder / "x.partial"
    stale.write_bytes(b"half a copy")
    fresh.write_bytes(b"being written")
    old = time.time() - backups.STALE_PARTIAL_S - 60
    os.utime(stale, (old, old))
    early = _early(ctx)
    with ctx.write() as uow:
        uow.session.connection()
        assert early.current()
        path = early.take()
    assert _leftovers(ctx) == sorted([path.name, fresh.name])  # a copy in progress stays

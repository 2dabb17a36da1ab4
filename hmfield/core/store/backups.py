"""Consistent copies of a project (SQLite backup API) kept in the user data folder."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from hmfield.core.errors import HmError
from hmfield.core.fileutil import DiskFull, storage_problem
from hmfield.core.store.replica import forget_replica
from hmfield.paths import backups_dir

KEEP = 10
_NAME = re.compile(r"^(\d{8}T\d{6}\d{6}Z)-([a-z0-9_-]+)\.hmfield$")


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    taken_at: datetime
    reason: str
    size: int


def project_backup_dir(project_id: str) -> Path:
    return backups_dir() / project_id


def backup_file(src: Path, project_id: str, reason: str, keep: int = KEEP) -> Path:
    """Copy ``src`` consistently (even while open in WAL mode) and prune old copies."""
    folder = project_backup_dir(project_id)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise HmError(f"cannot make the backups folder {folder}: {exc.strerror}") from None
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    reason = re.sub(r"[^a-z0-9_-]+", "-", reason.lower()).strip("-") or "backup"
    dest = folder / f"{stamp}-{reason}.hmfield"
    tmp = dest.with_suffix(".partial")
    try:
        src_conn = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
        try:
            dst_conn = sqlite3.connect(tmp)
            try:
                # no fsync per step (journal, pages, header): the copy is synced once, whole,
                # before its rename; until then it is only a .partial file
                dst_conn.execute("PRAGMA synchronous=OFF")
                src_conn.backup(dst_conn)
                dst_conn.execute("PRAGMA journal_mode=DELETE")
            finally:
                dst_conn.close()
        finally:
            src_conn.close()
        _fsync(tmp)
        tmp.replace(dest)
    except (sqlite3.Error, OSError) as exc:
        tmp.unlink(missing_ok=True)
        problem = storage_problem(exc, tmp)
        if problem is not None:  # name the backups folder: it may be another disk
            raise DiskFull(
                f"the disk holding the backups folder {folder} is full or failing "
                f"({exc}): free space, nothing was changed"
            ) from None
        raise HmError(f"could not back up {src.name} to {folder}: {exc}") from None
    prune(project_id, keep)
    return dest


def _fsync(path: Path) -> None:
    with open(path, "rb+") as f:
        os.fsync(f.fileno())


def list_backups(project_id: str) -> list[BackupInfo]:
    folder = project_backup_dir(project_id)
    out: list[BackupInfo] = []
    if not folder.is_dir():
        return out
    for p in folder.iterdir():
        m = _NAME.match(p.name)
        if not m:
            continue
        taken = datetime.strptime(m.group(1), "%Y%m%dT%H%M%S%fZ").replace(tzinfo=UTC)
        out.append(BackupInfo(p, taken, m.group(2), p.stat().st_size))
    out.sort(key=lambda b: b.taken_at, reverse=True)
    return out


def prune(project_id: str, keep: int = KEEP) -> None:
    for old in list_backups(project_id)[keep:]:
        old.path.unlink(missing_ok=True)


def copy_over(backup: Path, target: Path) -> None:
    """Replace ``target`` with ``backup`` atomically (WAL side files removed first)."""
    tmp = target.with_name(target.name + ".restore")
    try:
        shutil.copyfile(backup, tmp)
        forget_replica(tmp)  # a restored copy writes a new audit chain of its own
    except (OSError, sqlite3.Error) as exc:
        tmp.unlink(missing_ok=True)
        raise storage_problem(exc, target) or HmError(
            f"cannot restore {backup.name} over {target.name}: {exc}"
        ) from None
    for side in ("-wal", "-shm"):
        Path(str(target) + side).unlink(missing_ok=True)
    tmp.replace(target)

"""Consistent copies of a project (SQLite backup API) kept in the user data folder."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import threading
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


# a file larger than this is copied off the GUI thread when the app opens it (the snapshot is
# still taken at the opening): 175 MB of a 10,000-host project took 0.25 s to copy
DEFER_ABOVE = 16 * 2**20


class PendingBackup:
    """A backup whose content is fixed now and written later: a read transaction pinned on the
    file holds its state at this moment (WAL: writes after it, even by this process, are not
    in the copy) until :meth:`write` copies it, on any thread, once. Thread-safe: a second
    ``write`` waits for the first and returns its file (or raises its error)."""

    def __init__(self, src: Path, project_id: str, reason: str, keep: int = KEEP) -> None:
        self.src = src
        self.project_id = project_id
        self.keep = keep
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        reason = re.sub(r"[^a-z0-9_-]+", "-", reason.lower()).strip("-") or "backup"
        self.dest = project_backup_dir(project_id) / f"{stamp}-{reason}.hmfield"
        self.path: Path | None = None
        self.error: HmError | None = None
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        try:
            self._conn = sqlite3.connect(
                f"file:{src}?mode=ro", uri=True, check_same_thread=False, isolation_level=None
            )
            self._conn.execute("BEGIN")
            self._conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # pins it
        except sqlite3.Error as exc:
            self.discard()
            raise HmError(f"could not back up {src.name}: {exc}") from None

    @property
    def pending(self) -> bool:
        return self.path is None and self.error is None

    def write(self) -> Path:
        """Copy the pinned state into the backups folder and prune old copies."""
        with self._lock:
            if self.pending:
                try:
                    self.path = self._copy()
                except HmError as exc:
                    self.error = exc
                finally:
                    self.discard()
            if self.error is not None:
                raise self.error
            assert self.path is not None
            return self.path

    def discard(self) -> None:
        """Let the snapshot go without a copy (the file could not be opened after all)."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def _copy(self) -> Path:
        folder, dest = self.dest.parent, self.dest
        if self._conn is None:
            raise HmError(f"could not back up {self.src.name}: the file was closed first")
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise HmError(f"cannot make the backups folder {folder}: {exc.strerror}") from None
        tmp = dest.with_suffix(".partial")
        try:
            dst_conn = sqlite3.connect(tmp)
            try:
                # no fsync per step (journal, pages, header): the copy is synced once, whole,
                # before its rename; until then it is only a .partial file
                dst_conn.execute("PRAGMA synchronous=OFF")
                self._conn.backup(dst_conn)
                dst_conn.execute("PRAGMA journal_mode=DELETE")
            finally:
                dst_conn.close()
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
            raise HmError(f"could not back up {self.src.name} to {folder}: {exc}") from None
        prune(self.project_id, self.keep)
        return dest


def backup_file(src: Path, project_id: str, reason: str, keep: int = KEEP) -> Path:
    """Copy ``src`` consistently (even while open in WAL mode) and prune old copies."""
    return PendingBackup(src, project_id, reason, keep).write()


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

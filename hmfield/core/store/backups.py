"""Consistent copies of a project (SQLite backup API) kept in the user data folder."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sqlite3
import threading
import time
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
            self._close()
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
                    self._close()
            if self.error is not None:
                raise self.error
            assert self.path is not None
            return self.path

    def discard(self) -> None:
        """Let the snapshot go without a copy (the file could not be opened after all)."""
        self._close()

    def _close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def _copy(self) -> Path:
        return self._publish(self._write_partial())

    def _write_partial(self) -> Path:
        """The pinned state copied and synced into the ``.partial`` file beside ``dest``."""
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
        except (sqlite3.Error, OSError) as exc:
            tmp.unlink(missing_ok=True)
            raise self._failure(exc, tmp) from None
        return tmp

    def _publish(self, tmp: Path) -> Path:
        """The synced ``.partial`` copy renamed into the backups folder; old copies pruned."""
        try:
            tmp.replace(self.dest)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise self._failure(exc, tmp) from None
        prune(self.project_id, self.keep)
        return self.dest

    def _failure(self, exc: Exception, tmp: Path) -> HmError:
        folder = self.dest.parent
        if storage_problem(exc, tmp) is not None:  # name the backups folder: another disk?
            return DiskFull(
                f"the disk holding the backups folder {folder} is full or failing "
                f"({exc}): free space, nothing was changed"
            )
        return HmError(f"could not back up {self.src.name} to {folder}: {exc}")


class EarlyBackup(PendingBackup):
    """The backup before a change, copied ahead of it (a merge's: while its bundle is read
    and previewed, not on the merge's critical path). The state at this moment is pinned and
    a second thread copies it to a synced ``.partial`` file, published into the backups
    folder at the change only if, inside its write transaction (the write lock held), nothing
    was committed to the file since: a connection of its own that never writes watches
    ``PRAGMA data_version``, which moves with any commit by any other connection or process
    (read before the state is pinned: a commit in between counts as a change); the change
    asks :meth:`current` before it writes and then :meth:`take`. Otherwise (or if the early
    copy failed) nothing is kept, and the caller backs up as before. :meth:`discard`
    drops it (a copy still running is removed when it ends)."""

    def __init__(self, src: Path, project_id: str, reason: str, keep: int = KEEP) -> None:
        self._watch: sqlite3.Connection | None = None
        try:
            self._watch = sqlite3.connect(
                f"file:{src}?mode=ro", uri=True, check_same_thread=False, isolation_level=None
            )
            self._version = self._watch.execute("PRAGMA data_version").fetchone()[0]
        except sqlite3.Error as exc:
            self._close_watch()
            raise HmError(f"could not back up {src.name}: {exc}") from None
        try:
            super().__init__(src, project_id, reason, keep)  # the state pinned
        except HmError:
            self._close_watch()
            raise
        self._partial: Path | None = None
        self._done = self._dropped = False  # under the lock
        # not a daemon: a process that ends while it copies (a failed CLI import) waits for
        # the copy (about a second), which then removes its unpublished .partial file
        self._thread = threading.Thread(target=self._prepare, name="early-backup")
        self._thread.start()

    def _prepare(self) -> None:
        partial = None
        try:
            partial = self._write_partial()
        except HmError as exc:
            self.error = exc
        finally:
            with self._lock:
                self._partial, self._done = partial, True
                self._close()  # the snapshot let go
                if self._dropped or partial is None:
                    self._drop()

    @property
    def ready(self) -> bool:
        """Whether the early copy is done (made or failed)."""
        with self._lock:
            return self._done

    def current(self) -> bool:
        """Whether nothing was committed to the file since the state was pinned and the copy
        has not failed (it may still be running). Inside the change's write transaction,
        where nothing else can commit, the answer holds until the change commits."""
        with self._lock:
            return self.error is None and self._unchanged()

    def take(self) -> Path | None:
        """The published backup, once :meth:`current` said True inside the change's write
        transaction (asked before the change writes anything: its own first write may
        restart the WAL, which a reader sees as a change), else None (nothing kept): the
        copy failed. Waits for the copy."""
        self._thread.join()
        with self._lock:
            try:
                if self._partial is None or self._dropped:
                    return None
                self.path = self._publish(self._partial)
                self._partial = None
                return self.path
            except HmError:
                return None
            finally:
                self._drop()

    def _unchanged(self) -> bool:
        if self._dropped or self._watch is None:
            return False
        try:
            return self._watch.execute("PRAGMA data_version").fetchone()[0] == self._version
        except sqlite3.Error:
            return False

    def write(self) -> Path:
        raise TypeError("an EarlyBackup is taken (take), not written")

    def discard(self, wait: bool = False) -> None:
        """Keep nothing; ``wait``: return only once the copy has ended and its file is gone
        (else a copy still running removes it when it ends)."""
        with self._lock:
            self._dropped = True
            if self._done:  # else the copying thread drops it when it ends
                self._drop()
        if wait:
            self._thread.join()

    def _drop(self) -> None:
        """Close both connections and remove an unpublished copy (under the lock, once the
        copying thread is done)."""
        self._dropped = True
        if self._partial is not None:
            self._partial.unlink(missing_ok=True)
            self._partial = None
        self._close()
        self._close_watch()

    def _close_watch(self) -> None:
        if self._watch is not None:
            self._watch.close()
            self._watch = None


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


# a ``.partial`` copy older than this was left by a process that ended while copying (a
# 10,000-host project is copied in about a second): removed when the folder is pruned
STALE_PARTIAL_S = 24 * 3600


def prune(project_id: str, keep: int = KEEP) -> None:
    for old in list_backups(project_id)[keep:]:
        old.path.unlink(missing_ok=True)
    folder = project_backup_dir(project_id)
    now = time.time()
    for partial in folder.glob("*.partial") if folder.is_dir() else ():
        with contextlib.suppress(OSError):
            if now - partial.stat().st_mtime > STALE_PARTIAL_S:
                partial.unlink()


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

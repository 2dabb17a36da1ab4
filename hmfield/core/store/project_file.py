"""Opening and creating project files (``*.hmfield``): every check a user needs before a write.

A file that is missing, not SQLite, not an hmfield project, corrupt, from a newer app, or in a
read-only place gets a one-line :class:`HmError` and is left untouched.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from sqlalchemy.engine import Engine
from sqlalchemy.exc import DatabaseError, OperationalError

from hmfield.core.errors import HmError
from hmfield.core.fileutil import storage_problem
from hmfield.core.store import schema
from hmfield.core.store.backups import DEFER_ABOVE, PendingBackup, backup_file
from hmfield.core.store.engine import read_engine, write_engine
from hmfield.core.store.lock import ProjectLock, lock_path
from hmfield.core.store.replica import ReplicaClaim, claim_replica, read_replica, record_claim

SUFFIX = ".hmfield"
SQLITE_MAGIC = b"SQLite format 3\x00"


@dataclass
class ProjectStore:
    """An open project file. ``engine`` is the only way to its data; services use it."""

    path: Path
    engine: Engine  # writes (for a read-only store: the read engine)
    readonly: bool
    project_id: str = ""
    lock: ProjectLock | None = None
    backups: list[Path] = field(default_factory=list)
    reader: Engine | None = None  # reads; made on first use
    replica_id: str = ""  # the audit chain this copy writes (see store/replica.py)
    notices: list[str] = field(default_factory=list)  # e.g. a stale lock that was cleared
    claim: ReplicaClaim | None = None  # a new replica id, recorded with the first change
    scratch: Path | None = None  # an older file read-only: the folder of its upgraded copy
    file_version: int = schema.SCHEMA_VERSION  # the schema the file itself is written in
    pending_backup: PendingBackup | None = None  # the opening's backup, its copy not made yet

    def finish_backup(self) -> Path | None:
        """Write the opening's backup, if it was left for later (``open_store(backup_later=
        True)``): the copy holds the file as it was opened. Safe on any thread, once."""
        pending = self.pending_backup
        if pending is None:
            return None
        path = pending.write()
        if path not in self.backups:
            self.backups.append(path)
        return path

    def record_replica(self, conn) -> None:
        """Record a new replica id in the transaction that writes this copy's first event."""
        if self.claim is not None and self.claim.row is not None:
            record_claim(conn, self.claim)
            self.claim = ReplicaClaim(self.claim.replica_id, "")

    @property
    def read_engine(self) -> Engine:
        if self.readonly:
            return self.engine
        if self.reader is None:
            self.reader = read_engine(self.path)
        return self.reader

    def close(self) -> None:
        if self.pending_backup is not None and self.pending_backup.pending:
            # never left unwritten; a failure was (or is being) reported by its writer
            with contextlib.suppress(HmError):
                self.finish_backup()
        if self.reader is not None:
            self.reader.dispose()
            self.reader = None
        self.engine.dispose()
        if self.lock:
            self.lock.release()
            self.lock = None
        if self.scratch is not None:
            shutil.rmtree(self.scratch, ignore_errors=True)
            self.scratch = None

    def __enter__(self) -> ProjectStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _probe(path: Path) -> int:
    """Check the file is an hmfield project we can read; return its schema version."""
    if not path.exists():
        raise HmError(f"{path}: no such project file")
    if path.is_dir():
        raise HmError(f"{path}: is a folder, not a project file")
    try:
        with path.open("rb") as fh:
            head = fh.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise HmError(f"{path}: cannot be read ({exc.strerror})") from None
    if head != SQLITE_MAGIC:
        raise HmError(f"{path}: not an hmfield project (not an SQLite database)")
    uri = f"file:{quote(str(path.resolve()))}?mode=ro" + ("&immutable=1" if _quiet(path) else "")
    try:
        conn = sqlite3.connect(uri, uri=True)
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if app_id == schema.APPLICATION_ID:
                conn.execute("SELECT count(*) FROM project").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise _damaged(path, exc, "opened") from None
    if app_id != schema.APPLICATION_ID:
        raise HmError(f"{path}: not an hmfield project (another program's database)")
    if version > schema.SCHEMA_VERSION:
        raise HmError(
            f"{path}: made by a newer hmfield (schema version {version}); this hmfield reads up "
            f"to version {schema.SCHEMA_VERSION}: update hmfield to open it"
        )
    return int(version)


def _damaged(path: Path, exc: BaseException, verb: str) -> HmError:
    """A full disk or a disk error is said as such; only what is left is a damaged file."""
    problem = storage_problem(exc, path)
    if problem is not None:
        return problem
    if isinstance(exc, OSError):
        return HmError(f"{path}: cannot be {verb} ({exc.strerror or exc})")
    detail = getattr(exc, "orig", None) or exc
    return HmError(f"{path}: the file is damaged and cannot be {verb} ({detail})")


def _upgraded_copy(path: Path, version: int, scratch: Path) -> Path:
    """A copy of ``path`` (an older schema) migrated to this hmfield's schema, in ``scratch``:
    read-only commands and read-only media read the current tables without touching the file.
    Refused in one line when the copy cannot be made."""
    copy = scratch / path.name
    uri = f"file:{quote(str(path.resolve()))}?mode=ro" + ("&immutable=1" if _quiet(path) else "")
    engine = None
    try:
        src = sqlite3.connect(uri, uri=True)
        try:
            dst = sqlite3.connect(copy)
            try:
                src.backup(dst)  # a consistent snapshot, the WAL included
            finally:
                dst.close()
        finally:
            src.close()
        engine = write_engine(copy)
        schema.migrate(engine, version)
    except (sqlite3.Error, DatabaseError, OperationalError, OSError) as exc:
        shutil.rmtree(scratch, ignore_errors=True)
        problem = storage_problem(exc, copy)
        raise HmError(
            f"{path}: written by an older hmfield (schema version {version}) and it cannot be"
            f" upgraded for reading here ({problem or getattr(exc, 'orig', None) or exc});"
            " open it for writing once (in the app, or any command that changes it) to"
            " upgrade it"
        ) from None
    finally:
        if engine is not None:
            engine.dispose()
    return copy


def _quiet(path: Path) -> bool:
    """No writer about: read without creating WAL side files (``immutable``)."""
    return not lock_path(path).exists() and not Path(str(path) + "-wal").exists()


def _check_writable(path: Path) -> None:
    if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
        raise HmError(
            f"{path}: read-only location; copy the project to a writable folder to edit it"
        )


def _project_id(engine: Engine) -> str:
    with engine.connect() as conn:
        row = conn.exec_driver_sql("SELECT id FROM project WHERE deleted=0 LIMIT 1").first()
    if row is None:
        raise HmError("project file holds no project record (damaged?)")
    return row[0]


def open_store(
    path: Path | str,
    *,
    readonly: bool = False,
    person: str = "",
    device_id: str = "",
    backup_reason: str | None = None,
    lock: ProjectLock | None = None,
    upgrade: bool = True,
    backup_later: bool = False,
) -> ProjectStore:
    """Open a project. Writers take the lock, back up (``backup_reason``) and migrate.
    ``lock``: the project's lock, taken already by the caller (see :func:`locked`); the
    store holds it from here on and releases it when closed or when opening fails.
    A file of an older schema opened read-only is read through an upgraded temporary copy
    (the file itself never changes; ``upgrade=False``: as it is, for its project id only).
    ``backup_later``: a file above ``backups.DEFER_ABOVE`` bytes gets its ``backup_reason``
    snapshot now and its copy when the caller runs ``store.finish_backup()`` (the app, off
    the GUI thread) or the store closes."""
    path = Path(path)
    version = _probe(path)
    if readonly:
        return _open_read(path, version, upgrade)
    _check_writable(path)
    if lock is None or not lock.held:
        lock = ProjectLock.acquire(path, person, device_id)
    return _open_write(path, version, lock, device_id, backup_reason, backup_later)


def _open_read(path: Path, version: int, upgrade: bool) -> ProjectStore:
    """A reader's store: the file as it is, or an upgraded temporary copy of an older one."""
    scratch = None
    source = path
    if upgrade and version < schema.SCHEMA_VERSION:
        scratch = Path(tempfile.mkdtemp(prefix="hmfield-read-"))
        source = _upgraded_copy(path, version, scratch)
    engine = read_engine(source, immutable=scratch is not None or _quiet(path))
    try:
        store = ProjectStore(path, engine, True, _project_id(engine), scratch=scratch)
        store.file_version = version
        store.replica_id = read_replica(engine)
        if scratch is not None:
            store.notices.append(
                f"{path.name} was written by an older hmfield (schema version {version}):"
                " read through an upgraded temporary copy; the file itself is unchanged"
                " (opening it for a change upgrades it, after a backup)"
            )
        return store
    except (DatabaseError, OperationalError) as exc:
        engine.dispose()
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
        raise _damaged(path, exc, "read") from None


def _open_write(
    path: Path,
    version: int,
    lock: ProjectLock,
    device_id: str,
    backup_reason: str | None,
    backup_later: bool,
) -> ProjectStore:
    """A writer's store under ``lock`` (released here if opening fails): backed up, migrated
    or given the tables added since, and its replica claimed."""
    engine = store = None
    try:
        engine = write_engine(path)
        store = ProjectStore(path, engine, False, "", lock)
        if lock.notice:
            store.notices.append(lock.notice)
        store.project_id = _project_id(engine)
        if version < schema.SCHEMA_VERSION:
            store.backups.append(backup_file(path, store.project_id, f"before-migrate-v{version}"))
            schema.migrate(engine, version)
        else:
            if backup_reason and backup_later and path.stat().st_size > DEFER_ABOVE:
                store.pending_backup = PendingBackup(path, store.project_id, backup_reason)
            elif backup_reason:
                store.backups.append(backup_file(path, store.project_id, backup_reason))
            # tables added by features since the file was made
            schema.create_missing_tables(engine)
        store.claim = claim_replica(engine, path, device_id)
        store.replica_id = store.claim.replica_id
        return store
    except BaseException as exc:
        if store is not None and store.pending_backup is not None:
            store.pending_backup.discard()  # nothing was opened: nothing to back up
        if engine is not None:
            engine.dispose()
        lock.release()
        if isinstance(exc, HmError) or not isinstance(
            exc, DatabaseError | OperationalError | sqlite3.DatabaseError | OSError
        ):
            raise
        raise _damaged(path, exc, "opened") from None


def create_store(
    path: Path | str, *, person: str = "", device_id: str = "", as_path: Path | None = None
) -> ProjectStore:
    """Create an empty project file (schema only); the caller inserts the Project record.
    ``as_path``: the name the file gets once complete (written under a temporary name)."""
    path = Path(path)
    if path.exists():
        raise HmError(f"{path}: a file with this name exists already; choose another name")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise HmError(f"{path.parent}: cannot create folder ({exc.strerror})") from None
    if not os.access(path.parent, os.W_OK):
        raise HmError(f"{path.parent}: read-only location; choose a writable folder")
    lock = ProjectLock.acquire(path, person, device_id)
    engine = None
    try:
        engine = write_engine(path)
        schema.create_schema(engine)
        claim = claim_replica(engine, path, device_id, as_path)
    except BaseException as exc:
        if engine is not None:
            engine.dispose()
        lock.release()
        for side in ("", "-wal", "-shm", "-journal"):
            Path(str(path) + side).unlink(missing_ok=True)
        problem = storage_problem(exc, path) if isinstance(exc, Exception) else None
        if problem is not None:
            raise problem from None
        raise
    store = ProjectStore(path, engine, False, "", lock, replica_id=claim.replica_id, claim=claim)
    if lock.notice:
        store.notices.append(lock.notice)
    return store

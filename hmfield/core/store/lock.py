"""One writer per project: a lock file beside the project names who holds it.

The lock appears whole or not at all: its text is written to a temporary file first and then
linked to the lock's name (``os.link`` fails when the name exists, so two writers cannot both
win). A disk that cannot take the few bytes fails before any lock exists. On file systems
without hard links (FAT32 and exFAT USB sticks) the lock is created with ``O_EXCL`` and
removed again if its text cannot be written. A lock left by a process that died on this
computer, or an empty or unreadable one older than a few seconds (from an older hmfield or a
crash), is recognised and cleared; the store says so in its notices.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import socket
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from hmfield.core.errors import HmError
from hmfield.core.fileutil import storage_problem

EMPTY_LOCK_GRACE = 5.0  # seconds an unreadable lock may be a writer still filling it in
_NO_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK}


class ProjectLocked(HmError):
    pass


def _when(stamp: object) -> str:
    """The lock's time as a reader takes it in ("2026-12-07 22:44 UTC", the zone named): the
    project, whose zone the screens use, is not open yet."""
    try:
        at = datetime.fromisoformat(str(stamp)).astimezone(UTC)
    except (TypeError, ValueError):
        return "?" if stamp is None else str(stamp)
    return at.strftime("%Y-%m-%d %H:%M UTC")


def lock_path(project: Path) -> Path:
    return project.with_name(project.name + ".lock")


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


@dataclass
class ProjectLock:
    path: Path
    held: bool = False
    notice: str = ""  # set when a stale lock was cleared on the way in

    @classmethod
    def acquire(cls, project: Path, person: str, device_id: str) -> ProjectLock:
        lp = lock_path(project)
        text = json.dumps(
            {
                "pid": os.getpid(),
                "host": socket.gethostname(),
                "person": person,
                "device_id": device_id,
                "since": datetime.now(UTC).isoformat(timespec="seconds"),
            }
        ).encode("utf-8")
        notice = ""
        for _attempt in range(3):
            try:
                _create(lp, text)
            except FileExistsError:
                holder = _read(lp)
                why = _stale_reason(lp, holder)
                if why:
                    with contextlib.suppress(FileNotFoundError):
                        lp.unlink()
                    notice = f"removed a stale lock on {project.name} ({why})"
                    continue
                if holder is None:  # being written right now, or unreadable but fresh
                    time.sleep(0.2)
                    continue
                raise ProjectLocked(
                    f"{project.name} is open by {holder.get('person') or 'someone'} on "
                    f"{holder.get('host') or 'another computer'} (pid {holder.get('pid', '?')}) "
                    f"since {_when(holder.get('since'))}; close it there first, or use "
                    "read-only commands"
                ) from None
            except PermissionError:
                raise HmError(
                    f"{project}: cannot create a lock file beside it (read-only location?); "
                    "copy the project to a writable folder"
                ) from None
            except OSError as exc:
                raise storage_problem(exc, project) or HmError(
                    f"{project}: cannot create its lock file ({exc.strerror or exc})"
                ) from None
            return cls(lp, True, notice)
        raise ProjectLocked(
            f"{project.name} is locked by {lp.name}, which cannot be read; if no hmfield has it "
            "open, delete that file"
        )

    def release(self) -> None:
        if self.held:
            with contextlib.suppress(OSError):
                self.path.unlink()
            self.held = False


@contextlib.contextmanager
def locked(project: Path, person: str = "", device_id: str = "") -> Iterator[ProjectLock]:
    """Hold ``project``'s lock for a block (e.g. an import: lock first, then the long read of
    the file, then open the store with the lock); released on every way out."""
    lock = ProjectLock.acquire(Path(project), person, device_id)
    try:
        yield lock
    finally:
        lock.release()


def _create(lp: Path, text: bytes) -> None:
    """Make ``lp`` holding ``text``, atomically; FileExistsError when it exists."""
    tmp = lp.with_name(f".{lp.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}")
    try:
        _write_new(tmp, text)
        try:
            os.link(tmp, lp)
            return
        except OSError as exc:
            if isinstance(exc, FileExistsError) or exc.errno not in _NO_LINKS:
                raise
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
    # no hard links on this file system: exclusive create, removed again if unwritable
    fd = os.open(lp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
    try:
        _write_all(fd, text)
    except BaseException:
        os.close(fd)
        with contextlib.suppress(OSError):
            lp.unlink()
        raise
    os.close(fd)


def _write_new(path: Path, text: bytes) -> None:
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
    try:
        _write_all(fd, text)
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_all(fd: int, text: bytes) -> None:
    view = memoryview(text)
    while view:
        view = view[os.write(fd, view) :]


def _read(lp: Path) -> dict | None:
    try:
        data = json.loads(lp.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _stale_reason(lp: Path, holder: dict | None) -> str:
    """Why the lock at ``lp`` is stale, or "" when someone may still hold it."""
    if holder is None:
        try:
            age = time.time() - lp.stat().st_mtime
        except OSError:
            return ""
        if age < EMPTY_LOCK_GRACE:
            return ""
        return "it was empty or unreadable, left by a crash or a full disk"
    if holder.get("host") != socket.gethostname():
        return ""
    try:
        pid = int(holder.get("pid") or 0)
    except (TypeError, ValueError):
        pid = 0
    if pid == os.getpid() or _alive(pid):
        return ""
    return f"left by {holder.get('person') or 'someone'} with pid {pid}, which has ended"

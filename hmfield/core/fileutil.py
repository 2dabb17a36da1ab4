"""Small file helpers shared by writers of reports, exports and evidence copies."""

from __future__ import annotations

import contextlib
import errno
import gc
import os
import shutil
import sqlite3
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from hmfield.core.errors import HmError

# errno values that mean "the disk cannot take more" (quota counts as full for the user)
FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, getattr(errno, "EFBIG", errno.ENOSPC)})
IO_ERRNOS = frozenset({errno.EIO})
# SQLite's primary result codes: SQLITE_IOERR and SQLITE_FULL
_SQLITE_IOERR, _SQLITE_FULL = 10, 13
LOW_SPACE = 1024 * 1024  # below this much free space an I/O error is taken as a full disk


class DiskFull(HmError):
    """The disk holding a file we write is full (or failed a write): one line, no traceback.
    Raised only after the write was undone, so the message can say nothing was changed."""


def _sqlite_code(exc: BaseException) -> int | None:
    """The primary SQLite result code of ``exc`` (also when wrapped by SQLAlchemy)."""
    for err in (exc, getattr(exc, "orig", None), exc.__cause__):
        if isinstance(err, sqlite3.Error):
            code = getattr(err, "sqlite_errorcode", None)
            if code is not None:
                return code & 0xFF
            text = str(err).lower()
            if "disk is full" in text:
                return _SQLITE_FULL
            if "disk i/o error" in text:
                return _SQLITE_IOERR
    return None


def _low_on_space(where: Path) -> bool:
    folder = Path(where)
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    try:
        return shutil.disk_usage(folder).free < LOW_SPACE
    except OSError:
        return False


def storage_problem(exc: BaseException, target: Path | str) -> DiskFull | None:
    """A :class:`DiskFull` naming the disk of ``target`` when ``exc`` is a full disk or a
    disk I/O error (OSError ENOSPC/EDQUOT/EIO, SQLite FULL/IOERR, raw or wrapped); else None."""
    target = Path(target)
    full = io = False
    if isinstance(exc, OSError) and not isinstance(exc, sqlite3.Error):
        full, io = exc.errno in FULL_ERRNOS, exc.errno in IO_ERRNOS
    else:
        code = _sqlite_code(exc)
        full, io = code == _SQLITE_FULL, code == _SQLITE_IOERR
    if not (full or io):
        return None
    if full or _low_on_space(target.parent):
        return DiskFull(f"the disk holding {target.name} is full: free space, nothing was changed")
    return DiskFull(
        f"the disk holding {target.name} reported a read/write error: nothing was changed; "
        "check the disk (or copy the project to another one)"
    )


def usual_mode(path) -> None:
    """Give a file made with ``tempfile.mkstemp`` (0600) the permissions a normally created
    file gets (0666 less the umask), so a report on a shared folder is readable by others."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(path, 0o666 & ~umask)


def write_atomic(target: Path, write: Callable[[Path], object]) -> Path:
    """Call ``write(tmp)`` on a temp file beside ``target``, then rename it over ``target``:
    a reader (or a file open in Excel) never sees a half-written file. An OS error becomes
    one line that says what to do; the temp file never stays behind."""
    target = Path(target)
    try:
        fd, tmp = tempfile.mkstemp(
            prefix=f".{target.stem}.", suffix=target.suffix, dir=target.parent
        )
        usual_mode(tmp)
    except OSError as exc:
        raise storage_problem(exc, target) or HmError(
            f"cannot write {target}: {exc.strerror or exc}"
        ) from None
    os.close(fd)
    failure: HmError | None = None
    hook = sys.unraisablehook
    try:
        write(Path(tmp))
        os.replace(tmp, target)
    except OSError as exc:
        failure = storage_problem(exc, target) or HmError(
            f"cannot write {target}: {exc.strerror or exc} (is it open in Excel or WPS?)"
        )
        # the writer's half-closed files die with this traceback and fail again as they
        # close (a full disk): that is the error said above, not news worth a traceback
        sys.unraisablehook = _ignore
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if failure is None:
        return target
    try:
        gc.collect()
    finally:
        sys.unraisablehook = hook
    with contextlib.suppress(OSError):
        os.unlink(tmp)
    raise failure


def _ignore(_unraisable) -> None:
    return None

"""Small file helpers shared by writers of reports, exports and evidence copies."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from hmfield.core.errors import HmError


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
        raise HmError(f"cannot write {target}: {exc.strerror or exc}") from None
    os.close(fd)
    try:
        write(Path(tmp))
        os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise HmError(
            f"cannot write {target}: {exc.strerror or exc} (is it open in Excel or WPS?)"
        ) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return target

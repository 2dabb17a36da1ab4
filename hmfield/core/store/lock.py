"""One writer per project: a lock file beside the project names who holds it."""

from __future__ import annotations

import json
import os
import socket
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from hmfield.core.errors import HmError


class ProjectLocked(HmError):
    pass


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

    @classmethod
    def acquire(cls, project: Path, person: str, device_id: str) -> ProjectLock:
        lp = lock_path(project)
        info = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "person": person,
            "device_id": device_id,
            "since": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        for _attempt in range(2):
            try:
                fd = os.open(lp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                holder = _read(lp)
                if holder is not None and _stale(holder):
                    lp.unlink(missing_ok=True)
                    continue
                who = holder or {}
                raise ProjectLocked(
                    f"{project.name} is open by {who.get('person', 'someone')} on "
                    f"{who.get('host', 'another computer')} (pid {who.get('pid', '?')}) since "
                    f"{who.get('since', '?')}; close it there first, or use read-only commands"
                ) from None
            except PermissionError:
                raise HmError(
                    f"{project}: cannot create a lock file beside it (read-only location?); "
                    "copy the project to a writable folder"
                ) from None
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(info, fh)
            return cls(lp, True)
        raise ProjectLocked(f"{project.name} is locked ({lp})")

    def release(self) -> None:
        if self.held:
            self.path.unlink(missing_ok=True)
            self.held = False


def _read(lp: Path) -> dict | None:
    try:
        return json.loads(lp.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _stale(holder: dict) -> bool:
    """A lock left by a process that died on this same computer is stale."""
    if holder.get("host") != socket.gethostname():
        return False
    pid = int(holder.get("pid") or 0)
    return pid != os.getpid() and not _alive(pid)

"""Backups as a use case: list a project's copies and restore one safely."""

from __future__ import annotations

from pathlib import Path

from hmfield.core.errors import HmError
from hmfield.core.identity import load_identity
from hmfield.core.store.backups import (
    KEEP,
    BackupInfo,
    backup_file,
    copy_over,
    list_backups,
    prune,
)
from hmfield.core.store.lock import ProjectLock
from hmfield.core.store.project_file import _probe, open_store


def _project_id(path: Path) -> str:
    store = open_store(path, readonly=True, upgrade=False)
    try:
        return store.project_id
    finally:
        store.close()


def list_project_backups(path: Path) -> list[BackupInfo]:
    return list_backups(_project_id(path))


def restore_project_backup(path: Path, backup: Path) -> Path:
    """Back up the current file, then replace it with ``backup`` (under the project lock)."""
    ident = load_identity()
    _probe(backup)
    project_id = _project_id(path)
    if _project_id(backup) != project_id:
        raise HmError(f"{backup.name} is a backup of another project; nothing was changed")
    lock = ProjectLock.acquire(path, ident.name, ident.device_id)
    try:
        # keep one more while restoring so that pruning cannot remove the chosen backup
        safety = backup_file(path, project_id, "before-restore", keep=KEEP + 1)
        copy_over(backup, path)
        prune(project_id)
    finally:
        lock.release()
    return safety

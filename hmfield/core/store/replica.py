"""Which copy of a project this file is: its replica id, the name its audit chain goes by.

Audit events are chained per replica, not per install: two copies of one project on one laptop
(a bundle opened as a new project, a backup restored and worked on, a file copied in Explorer)
must each write their own chain, or their edits could never be merged again. The file keeps
where it was last opened for writing (install, path and the file's identity on disk); when any
of them changed, the file is a new copy and takes a new replica id. A restored backup and a
project made from a bundle always start a new one.

The ``replica_state`` table is local bookkeeping of this file (never carried in a bundle: it
is no SQLModel table, so the bundle catalogue does not see it).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import Engine

TABLE = "replica_state"
_CREATE = (
    f"CREATE TABLE IF NOT EXISTS {TABLE} (slot INTEGER PRIMARY KEY CHECK (slot = 1), "
    "replica_id TEXT NOT NULL, install_id TEXT NOT NULL, path TEXT NOT NULL, "
    "file_key TEXT NOT NULL, reason TEXT NOT NULL DEFAULT '')"
)


def file_key(path: Path) -> str:
    """The file's identity on its disk (device and inode; the file index on Windows)."""
    st = os.stat(path)
    return f"{st.st_dev}:{st.st_ino}"


@dataclass(frozen=True)
class ReplicaClaim:
    """The replica id this file writes as; ``row`` is what to record with the file's first
    own audit event (None when the file records it already)."""

    replica_id: str
    reason: str  # "" when the file is the copy last written here, else why a new one began
    row: tuple | None = None


def claim_replica(
    engine: Engine, path: Path, install_id: str, as_path: Path | None = None
) -> ReplicaClaim:
    """Decide (reading only) which replica this file writes as: a new one when the file is a
    new copy. ``as_path``: the name the file will have (written under a temporary name and
    renamed when complete). Nothing is written here, so opening a copy changes nothing; the
    claim is recorded in the transaction of the first change (:func:`record_claim`)."""
    where = str(Path(as_path or path).resolve())
    key = file_key(path)
    with engine.connect() as conn:
        exists = conn.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (TABLE,)
        ).first()
        row = None
        if exists:
            row = conn.exec_driver_sql(
                f"SELECT replica_id, install_id, path, file_key FROM {TABLE} WHERE slot = 1"
            ).first()
    if row is not None and tuple(row[1:]) == (install_id, where, key):
        return ReplicaClaim(row[0], "")
    if row is None:
        reason = "new copy"
    elif row[1] != install_id:
        reason = "opened on another install"
    elif row[2] != where:
        reason = "copied or moved"
    else:
        reason = "replaced by another file"
    replica = uuid.uuid4().hex
    return ReplicaClaim(replica, reason, (replica, install_id, where, key, reason))


def record_claim(conn, claim: ReplicaClaim) -> None:
    """Write ``claim`` into the file, inside the caller's transaction."""
    if claim.row is None:
        return
    conn.exec_driver_sql(_CREATE)
    conn.exec_driver_sql(
        f"INSERT OR REPLACE INTO {TABLE} (slot, replica_id, install_id, path, file_key, "
        "reason) VALUES (1, ?, ?, ?, ?, ?)",
        claim.row,
    )


def read_replica(engine: Engine) -> str:
    """The replica id recorded in the file ("" when none: never opened for writing since)."""
    with engine.connect() as conn:
        exists = conn.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (TABLE,)
        ).first()
        if not exists:
            return ""
        row = conn.exec_driver_sql(f"SELECT replica_id FROM {TABLE} WHERE slot = 1").first()
    return row[0] if row else ""


def forget_replica(path: Path) -> None:
    """Make the file at ``path`` take a new replica id when next opened (a restored backup)."""
    conn = sqlite3.connect(path)
    try:
        # no table: nothing to forget
        with contextlib.suppress(sqlite3.OperationalError), conn:
            conn.execute(f"DELETE FROM {TABLE}")
    finally:
        conn.close()

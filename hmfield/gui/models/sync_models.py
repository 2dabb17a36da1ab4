"""Table models and helpers of the Sync screen: the import preview per record kind, the
conflict list side by side, and the removable drives offered first as export targets."""

from __future__ import annotations

import glob
import sys
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from hmfield.gui.models.columns import Column


def removable_drives() -> list[Path]:
    """Mounted removable drives (USB sticks), listed first as export targets."""
    if sys.platform == "win32":  # pragma: no cover - Windows only
        import ctypes
        import string

        kernel = ctypes.windll.kernel32
        mask = kernel.GetLogicalDrives()
        return [
            Path(f"{letter}:\\")
            for i, letter in enumerate(string.ascii_uppercase)
            if mask >> i & 1 and kernel.GetDriveTypeW(f"{letter}:\\") == 2  # DRIVE_REMOVABLE
        ]
    patterns = ["/Volumes/*"] if sys.platform == "darwin" else ["/media/*/*", "/run/media/*/*"]
    return [Path(p) for pat in patterns for p in sorted(glob.glob(pat)) if Path(p).is_dir()]


def _show(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return (
            QCoreApplication.translate("SyncScreen", "deleted")
            if value
            else QCoreApplication.translate("SyncScreen", "kept")
        )
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def when_text(text: str) -> str:
    if not text:
        return ""
    from hmfield.gui.common.labels import local_time

    value = datetime.fromisoformat(text)
    if value.tzinfo is None:  # stored UTC without an offset
        from datetime import UTC

        value = value.replace(tzinfo=UTC)
    return local_time(value, seconds=False)  # the project's zone, named


def preview_columns() -> list[Column]:
    return [
        Column("entity", lambda: QCoreApplication.translate("SyncScreen", "Records")),
        Column(
            "new", lambda: QCoreApplication.translate("SyncScreen", "New"), sort_key=lambda r: r.new
        ),
        Column(
            "updated",
            lambda: QCoreApplication.translate("SyncScreen", "Updated"),
            sort_key=lambda r: r.updated,
        ),
        Column(
            "unchanged",
            lambda: QCoreApplication.translate("SyncScreen", "Unchanged"),
            sort_key=lambda r: r.unchanged,
        ),
        Column(
            "conflicts",
            lambda: QCoreApplication.translate("SyncScreen", "Conflicts"),
            sort_key=lambda r: r.conflicts,
        ),
        Column(  # another project's records matched to ours (a forced merge; else 0)
            "matched",
            lambda: QCoreApplication.translate("SyncScreen", "Matched to ours"),
            sort_key=lambda r: r.matched,
        ),
    ]


def conflict_columns() -> list[Column]:
    return [
        Column(
            "record",
            lambda: QCoreApplication.translate("SyncScreen", "Record"),
            display=lambda c: f"{c.entity}: {c.record}",
        ),
        Column("field", lambda: QCoreApplication.translate("SyncScreen", "Field")),
        Column(
            "mine",
            lambda: QCoreApplication.translate("SyncScreen", "Mine"),
            display=lambda c: _show(c.mine),
        ),
        Column(
            "mine_person",
            lambda: QCoreApplication.translate("SyncScreen", "Changed by (mine)"),
            display=lambda c: f"{c.mine_person} {when_text(c.mine_at)}",
        ),
        Column(
            "theirs",
            lambda: QCoreApplication.translate("SyncScreen", "Theirs"),
            display=lambda c: _show(c.theirs),
        ),
        Column(
            "theirs_person",
            lambda: QCoreApplication.translate("SyncScreen", "Changed by (theirs)"),
            display=lambda c: f"{c.theirs_person} {when_text(c.theirs_at)}",
        ),
        Column(
            "current",
            lambda: QCoreApplication.translate("SyncScreen", "Now in effect"),
            display=lambda c: (
                QCoreApplication.translate("SyncScreen", "mine")
                if c.current == "mine"
                else QCoreApplication.translate("SyncScreen", "theirs")
            ),
        ),
        Column(
            "resolved",
            lambda: QCoreApplication.translate("SyncScreen", "Status"),
            display=lambda c: (
                (
                    QCoreApplication.translate("SyncScreen", "resolved by %1").replace(
                        "%1", c.resolved_by
                    )
                )
                if c.resolved
                else QCoreApplication.translate("SyncScreen", "open")
            ),
        ),
    ]

"""The status bar's "last bundle exported" of the open project: when, where, and whether the
project has changed since (then the office copy is stale and the label says so, highlighted).

Exports are remembered per project id in the settings (an export only reads the project), so
a project never exported here says "never", whatever another project did."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication

STALE_STYLE = "QLabel { background: #fff3cd; color: #7a4b00; padding: 0 6px; }"


def age_text(then: datetime, now: datetime) -> str:
    seconds = max(0, int((now - then).total_seconds()))
    if seconds < 60:
        return QCoreApplication.translate("ExportStatus", "just now")
    if seconds < 3600:
        return QCoreApplication.translate("ExportStatus", "%1 min ago").replace(
            "%1", str(seconds // 60)
        )
    if seconds < 86400:
        return QCoreApplication.translate("ExportStatus", "%1 h ago").replace(
            "%1", str(seconds // 3600)
        )
    days = seconds // 86400
    return QCoreApplication.translate("ExportStatus", "%n day(s) ago", "", days)


def export_status(record: dict | None, stamp: int | None, now: datetime) -> tuple[str, str, bool]:
    """(label, tooltip, stale) for the project's last export ``record`` and change ``stamp``."""
    if not record:
        return (
            QCoreApplication.translate("ExportStatus", "Never exported"),
            QCoreApplication.translate(
                "ExportStatus", "No bundle of this project was exported here."
            ),
            True,
        )
    try:
        then = datetime.fromisoformat(record["at"])
    except (KeyError, TypeError, ValueError):
        return QCoreApplication.translate("ExportStatus", "Never exported"), "", True
    path = str(record.get("path") or "")
    folder = path.rsplit("/", 1)[0] if "/" in path else path.rsplit("\\", 1)[0]
    text = (
        QCoreApplication.translate("ExportStatus", "Exported %1 to %2")
        .replace("%1", age_text(then, now))
        .replace("%2", folder)
    )
    stale = stamp is not None and stamp > int(record.get("stamp") or 0)
    tip = path
    if stale:
        text += " · " + QCoreApplication.translate("ExportStatus", "changed since")
        tip += "\n" + QCoreApplication.translate(
            "ExportStatus", "Changes were made after this export: export a new bundle."
        )
    return text, tip, stale

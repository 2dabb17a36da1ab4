"""Column specs and small models for the checklist screens: the per-host grid, evidence,
an item's history, the dashboard's lists and its lifecycle-per-wave table."""

from __future__ import annotations

import json
from datetime import date, datetime

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from hmfield.core.checklists.lifecycle import LIFECYCLE_STATES, WaveLifecycle
from hmfield.gui.common.labels import action_labels, field_label, local_time
from hmfield.gui.models.checklist_tree import content_lang, status_labels
from hmfield.gui.models.columns import Column


def host_task_columns() -> list[Column]:
    return [
        Column("host_name", lambda: QCoreApplication.translate("Checklist", "Host")),
        Column(
            "ips",
            lambda: QCoreApplication.translate("Checklist", "IP addresses"),
            display=lambda r: ", ".join(r.ips),
        ),
        Column("wave_name", lambda: QCoreApplication.translate("Checklist", "Wave")),
        Column("mode", lambda: QCoreApplication.translate("Checklist", "Mode")),
        Column(
            "status",
            lambda: QCoreApplication.translate("Checklist", "Status"),
            display=lambda r: status_labels().get(r.status, r.status),
            tooltip=lambda r: r.status_reason or None,
        ),
        Column("status_reason", lambda: QCoreApplication.translate("Checklist", "Reason")),
        Column(
            "started_at",
            lambda: QCoreApplication.translate("Checklist", "Started"),
            display=lambda r: local_time(r.started_at, seconds=False),
            sort_key=lambda r: r.started_at.isoformat() if r.started_at else "",
        ),
        Column(
            "completed_at",
            lambda: QCoreApplication.translate("Checklist", "Completed"),
            display=lambda r: local_time(r.completed_at, seconds=False),
            sort_key=lambda r: r.completed_at.isoformat() if r.completed_at else "",
        ),
    ]


def _size(n: int) -> str:
    for unit in ("B", "KiB", "MiB"):
        if n < 1024 or unit == "MiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return str(n)


def attachment_columns() -> list[Column]:
    return [
        Column("file_name", lambda: QCoreApplication.translate("Checklist", "File")),
        Column(
            "size",
            lambda: QCoreApplication.translate("Checklist", "Size"),
            display=lambda a: _size(a.size),
            sort_key=lambda a: a.size,
        ),
        Column("media_type", lambda: QCoreApplication.translate("Checklist", "Type")),
        Column(
            "created_at",
            lambda: QCoreApplication.translate("Checklist", "Added"),
            display=lambda a: local_time(a.created_at, seconds=False),
            sort_key=lambda a: a.created_at.isoformat() if a.created_at else "",
        ),
    ]


def _value(text: str | None) -> str:
    if text is None:
        return ""
    try:
        data = json.loads(text)
    except ValueError:
        return text
    if data is None:
        return ""
    if isinstance(data, str):
        if len(data) >= 19 and data[4:5] == "-" and "T" in data:  # a stored time: local
            try:
                return local_time(datetime.fromisoformat(data), seconds=False)
            except ValueError:
                pass
        return status_labels().get(data, data)
    return json.dumps(data, ensure_ascii=False)[:120]


def _blocked_text(count: int) -> str:
    return QCoreApplication.translate("Checklist", "%n host(s) blocked", "", count)


def history_field_labels() -> dict[str, str]:
    return {
        "status": QCoreApplication.translate("Checklist", "Status"),
        "status_reason": QCoreApplication.translate("Checklist", "Reason"),
        "assignee_id": QCoreApplication.translate("Checklist", "Assignee"),
        "planned_date": QCoreApplication.translate("Checklist", "Planned"),
        "started_at": QCoreApplication.translate("Checklist", "Started"),
        "completed_at": QCoreApplication.translate("Checklist", "Completed"),
        "notes": QCoreApplication.translate("Checklist", "Notes"),
    }


def _ref_value(event, text: str | None, names: dict[str, str]) -> str:
    """A person's name for an ``*_id`` field (an assignee), else the value as usual."""
    if names and (event.field or "").endswith("_id") and text:
        try:
            ref = json.loads(text)
        except ValueError:
            ref = text
        if isinstance(ref, str) and ref in names:
            return names[ref]
    return _value(text)


def history_columns(names: dict[str, str] | None = None) -> list[Column]:
    """``names``: person id -> name, so an assignee change shows who, not an id."""
    names = names or {}
    return [
        Column(
            "at",
            lambda: QCoreApplication.translate("Checklist", "When"),
            display=lambda e: local_time(e.at),
            sort_key=lambda e: e.at.isoformat(),
        ),
        Column("person_name", lambda: QCoreApplication.translate("Checklist", "Who")),
        Column(
            "action",
            lambda: QCoreApplication.translate("Checklist", "Action"),
            display=lambda e: action_labels().get(e.action, e.action),
        ),
        Column(
            "field",
            lambda: QCoreApplication.translate("Checklist", "Field"),
            display=lambda e: (
                history_field_labels().get(e.field or "") or field_label(e.field or "")
            ),
        ),
        Column(
            "old_value",
            lambda: QCoreApplication.translate("Checklist", "Before"),
            display=lambda e: _ref_value(e, e.old_value, names),
        ),
        Column(
            "new_value",
            lambda: QCoreApplication.translate("Checklist", "After"),
            display=lambda e: _ref_value(e, e.new_value, names),
        ),
    ]


def item_list_columns(with_reason: bool) -> list[Column]:
    """Dashboard lists: blocked items (with their reason) or items due next."""
    cols = [
        Column("template_id", lambda: QCoreApplication.translate("Checklist", "ID")),
        Column(
            "title",
            lambda: QCoreApplication.translate("Checklist", "Item"),
            display=lambda v: v.title.get(content_lang()),
        ),
    ]
    if with_reason:
        cols.append(
            Column(
                "status_reason",
                lambda: QCoreApplication.translate("Checklist", "Reason"),
                display=lambda v: v.status_reason or _blocked_text(v.hosts_blocked),
            )
        )
    else:
        cols.append(
            Column(
                "planned_date",
                lambda: QCoreApplication.translate("Checklist", "Planned"),
                display=lambda v: (
                    ("⚠ " if v.overdue(date.today()) else "")
                    + (v.planned_date.isoformat() if v.planned_date else "")
                ),
                tooltip=lambda v: (
                    QCoreApplication.translate("Checklist", "Overdue")
                    if v.overdue(date.today())
                    else None
                ),
            )
        )
        cols.append(
            Column(
                "status",
                lambda: QCoreApplication.translate("Checklist", "Status"),
                display=lambda v: status_labels()[v.status],
            )
        )
    cols.append(
        Column("assignee_name", lambda: QCoreApplication.translate("Checklist", "Assignee"))
    )
    return cols


def lifecycle_labels() -> dict[str, str]:
    return {
        "discovered": QCoreApplication.translate("Checklist", "Discovered"),
        "assessed": QCoreApplication.translate("Checklist", "Assessed"),
        "registered": QCoreApplication.translate("Checklist", "Registered"),
        "configured": QCoreApplication.translate("Checklist", "Configured"),
        "full_synced": QCoreApplication.translate("Checklist", "Full sync done"),
        "incremental_synced": QCoreApplication.translate("Checklist", "Incremental synced"),
        "drill_failed": QCoreApplication.translate("Checklist", "Drill failed"),
        "drill_passed": QCoreApplication.translate("Checklist", "Drill passed"),
        "cut_over": QCoreApplication.translate("Checklist", "Cut over"),
        "verified": QCoreApplication.translate("Checklist", "Verified"),
        "accepted": QCoreApplication.translate("Checklist", "Accepted"),
        "rolled_back": QCoreApplication.translate("Checklist", "Rolled back"),
    }


class WaveLifecycleModel(QAbstractTableModel):
    """Rows: waves (and "no wave"); columns: lifecycle states with counts, then the total."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[WaveLifecycle] = []

    def set_rows(self, rows: list[WaveLifecycle]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(LIFECYCLE_STATES) + 2

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        if section == 0:
            return QCoreApplication.translate("Checklist", "Wave")
        if 1 <= section <= len(LIFECYCLE_STATES):
            return lifecycle_labels()[LIFECYCLE_STATES[section - 1]]
        if section == len(LIFECYCLE_STATES) + 1:
            return QCoreApplication.translate("Checklist", "Total")
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return row.name or QCoreApplication.translate("Checklist", "No wave")
            if col == len(LIFECYCLE_STATES) + 1:
                return str(row.total)
            value = row.counts.get(LIFECYCLE_STATES[col - 1], 0)
            return str(value) if value else ""
        if role == Qt.ItemDataRole.TextAlignmentRole and col:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and col:
            state = LIFECYCLE_STATES[col - 1] if col <= len(LIFECYCLE_STATES) else ""
            if state in ("drill_failed", "rolled_back") and row.counts.get(state):
                return QBrush(QColor("#a00000"))
        return None

"""The audit log as a read-only table, newest first, filterable by person and entity."""

from __future__ import annotations

import json

from PySide6.QtCore import QCoreApplication

from hmfield.core.model.labels import internal_field
from hmfield.gui.common.labels import (
    action_labels,
    code_label,
    field_label,
    local_time,
    record_label,
)
from hmfield.gui.models.columns import Column
from hmfield.gui.models.record_model import RecordTableModel


def _short(value: str | None, limit: int = 80) -> str:
    if value is None:
        return ""
    try:
        data = json.loads(value)
    except ValueError:
        data = value
    if isinstance(data, dict):  # a created record: its named, non-empty fields, compactly
        text = _record_summary(data)
    elif isinstance(data, list):
        text = ", ".join(_word(v) for v in data)
    else:
        text = _word(data) if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _record_summary(data: dict) -> str:
    """The fields of a created record that have a name in words (ids and internal fields
    left out; the whole record is the cell's tooltip)."""
    shown = [
        f"{field_label(k)}：{_word(v)}"
        for k, v in data.items()
        if v not in (None, "", [], {})
        and not internal_field(k)
        and not k.endswith(("_id", "_at"))
        and k != "at"
    ]
    if not shown:  # nothing named: the values alone, never the column names
        shown = [_word(v) for k, v in data.items() if v not in (None, "", [], {})][:4]
    return ", ".join(shown)


def _word(value) -> str:
    """A stored code in words (``done`` → 完成, ``huawei_cloud`` → 华为云); other values as they are."""
    if isinstance(value, str):
        return code_label(value)
    if isinstance(value, list):
        return "[" + ", ".join(_word(v) for v in value) + "]"
    return (
        json.dumps(value, ensure_ascii=False) if not isinstance(value, int | float) else str(value)
    )


def audit_columns() -> list[Column]:
    return [
        Column(
            "at",
            lambda: QCoreApplication.translate("AuditModel", "When"),
            display=lambda e: local_time(e.at),
            extra={"width": 22},
            sort_key=lambda e: e.at,
        ),
        Column("person_name", lambda: QCoreApplication.translate("AuditModel", "Who")),
        Column(
            "device_id",
            lambda: QCoreApplication.translate("AuditModel", "Device"),
            display=lambda e: e.device_id[:8],
        ),
        Column(
            "entity",
            lambda: QCoreApplication.translate("AuditModel", "Record"),
            display=lambda e: record_label(e.entity),
            extra={"width": 10},
        ),
        Column(
            "action",
            lambda: QCoreApplication.translate("AuditModel", "Action"),
            display=lambda e: action_labels().get(e.action, e.action),
        ),
        Column(
            "field",
            lambda: QCoreApplication.translate("AuditModel", "Field"),
            display=lambda e: "+".join(field_label(f) for f in (e.field or "").split("+")),
            tooltip=lambda e: e.field,
        ),
        Column(
            "old_value",
            lambda: QCoreApplication.translate("AuditModel", "Old value"),
            display=lambda e: _short(e.old_value),
            tooltip=lambda e: e.old_value,
        ),
        Column(
            "new_value",
            lambda: QCoreApplication.translate("AuditModel", "New value"),
            display=lambda e: _short(e.new_value),
            extra={"stretch": True},
            tooltip=lambda e: e.new_value,
        ),
    ]


class AuditModel(RecordTableModel):
    LIMIT = 2000  # newest events; filters narrow further

    def __init__(self, audit_service, parent=None, load: bool = True) -> None:
        self.service = audit_service
        super().__init__(audit_columns(), [], None, parent)
        self.person_id: str | None = None
        self.entity: str | None = None
        if load:
            self.reload()

    def set_filter(self, person_id: str | None, entity: str | None) -> None:
        self.person_id, self.entity = person_id or None, entity or None
        self.reload()

    def reload(self) -> None:
        self.set_rows(
            self.service.events(person_id=self.person_id, entity=self.entity, limit=self.LIMIT)
        )

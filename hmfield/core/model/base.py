"""Columns every record carries: the basis for audit and merge.

``id`` is a UUID (hex), ``created_at``/``updated_at`` are aware UTC from the injected clock,
``changed_by`` is the Person id and ``device_id`` the install that made the last change,
``revision`` counts changes (merge bookkeeping) and ``deleted`` is a tombstone: records are
never hard-deleted so that a deletion travels in a bundle like any other change.
"""

import uuid
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import String
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel
from sqlmodel.main import SQLModelConfig


def new_id() -> str:
    return uuid.uuid4().hex


class UTCDateTime(TypeDecorator):
    """Aware UTC datetimes stored as ISO-8601 text (sortable, exact, zone explicit)."""

    impl = String
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> str | None:
        if value is None:
            return None
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        if value.tzinfo is None:
            raise ValueError("naive datetime: store aware UTC timestamps only")
        return value.astimezone(UTC).isoformat(timespec="microseconds")

    def process_result_value(self, value: Any, dialect: Any) -> datetime | None:
        if value is None:
            return None
        dt = datetime.fromisoformat(value)
        return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


BOOKKEEPING = ("id", "created_at", "updated_at", "changed_by", "device_id", "revision", "deleted")


class Record(SQLModel):
    """Mixin of the bookkeeping columns (not a table itself)."""

    # every table model builds its pydantic schema on its first validation, not at import
    # (defer_build); a table without Record says so itself
    # (tests/core/store/test_table_models.py)
    model_config = SQLModelConfig(from_attributes=True, defer_build=True)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    created_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    updated_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    changed_by: str | None = Field(default=None, max_length=32)
    device_id: str | None = Field(default=None, max_length=32)
    revision: int = 0
    deleted: bool = Field(default=False, index=True)

    @classmethod
    def data_fields(cls) -> list[str]:
        """The columns that carry domain data (audited field by field)."""
        return [name for name in cls.model_fields if name not in BOOKKEEPING]


def to_jsonable(value: Any) -> Any:
    """A value as it is written into audit events and bundles (stable, JSON-safe)."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("naive datetime")
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if hasattr(value, "value") and isinstance(value.value, str):  # StrEnum
        return value.value
    return value

"""The audit trail: an append-only, per-device hash-chained log of every change."""

from datetime import datetime

from sqlalchemy import Index, Text
from sqlmodel import Field, SQLModel
from sqlmodel.main import SQLModelConfig

from hmfield.core.model.base import UTCDateTime, new_id


class AuditEvent(SQLModel, table=True):
    """One change. ``old_value``/``new_value`` are canonical JSON text; a ``create`` event
    carries the whole record in ``new_value`` with ``field`` empty. ``prev_hash`` links the
    event to the same device's previous one, ``hash`` covers all the event's content."""

    model_config = SQLModelConfig(defer_build=True)  # see model/base.py

    __tablename__ = "audit_event"
    __table_args__ = (
        Index("ix_audit_device_seq", "device_id", "seq", unique=True),
        Index("ix_audit_entity", "entity", "entity_id"),
    )

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    device_id: str = Field(max_length=32)
    seq: int
    at: datetime = Field(sa_type=UTCDateTime, index=True)
    person_id: str | None = Field(default=None, max_length=32)
    person_name: str = ""
    entity: str
    entity_id: str = Field(max_length=32)
    action: str  # create | update | delete | restore
    field: str | None = None
    old_value: str | None = Field(default=None, sa_type=Text)
    new_value: str | None = Field(default=None, sa_type=Text)
    prev_hash: str = ""
    hash: str = ""

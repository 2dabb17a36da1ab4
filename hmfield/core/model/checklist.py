"""Live checklists: a project's instances of the checklist templates, per-host tasks, evidence.

Ids of ``ChecklistItem`` and ``HostTask`` are derived from the project id and the template id
(and the host id), not random: two copies of a project that both instantiate the checklist
(the field laptop and the office) create the *same* records, so a bundle merge matches them
instead of doubling every item.

Evidence bytes live in the project file (``AttachmentBlob``), addressed by their SHA-256:
the project stays one file that can be copied, backed up and bundled as a whole, and the
attachment record and its bytes commit in one transaction (no orphan files, no dangling
references after a crash). The blob table is plain SQLModel: content-addressed rows never
change, so there is nothing to audit or merge beyond "this hash exists"; the audited
``Attachment`` record carries the hash.
"""

import uuid
from datetime import date, datetime

from sqlalchemy import JSON, LargeBinary
from sqlmodel import Field, SQLModel
from sqlmodel.main import SQLModelConfig

from hmfield.core.model.base import Record, UTCDateTime


class ChecklistItem(Record, table=True):
    """One template item as worked through in this project."""

    __tablename__ = "checklist_item"

    template_id: str = Field(default="", index=True)  # e.g. "migrate.s7.4"
    phase: str = ""  # PhaseCode
    stage: str = ""  # stage id, e.g. "migrate.s7"
    number: int | None = None  # the seed's number; None for scenario-only items
    status: str = Field(default="not_started", index=True)  # ItemStatus
    status_reason: str = ""  # required for blocked / not_applicable / skipped
    executor_roles: list[str] = Field(default_factory=list, sa_type=JSON)  # ExecutorRole codes
    assignee_id: str | None = Field(default=None, max_length=32)  # Person id
    planned_date: date | None = None
    started_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    completed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    note: str = ""
    signed_by_id: str | None = Field(default=None, max_length=32)  # Person id
    signed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    template_version: str = ""


class HostTask(Record, table=True):
    """A per-host item's state for one host (agent install, full sync, drill, cutover ...)."""

    __tablename__ = "host_task"

    template_id: str = Field(default="", index=True)
    host_id: str = Field(default="", max_length=32, index=True)
    status: str = "not_started"  # ItemStatus
    status_reason: str = ""
    started_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    completed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    note: str = ""


class Attachment(Record, table=True):
    """Evidence attached to a record (a checklist item, a host task, ...)."""

    __tablename__ = "attachment"

    sha256: str = Field(default="", max_length=64, index=True)
    file_name: str = ""
    size: int = 0
    media_type: str = "application/octet-stream"
    owner_type: str = ""  # table name of the owner: checklist_item | host_task | ...
    owner_id: str = Field(default="", max_length=32, index=True)


class AttachmentBlob(SQLModel, table=True):
    """The bytes of attachments, once per distinct content (immutable, content-addressed)."""

    model_config = SQLModelConfig(defer_build=True)  # see model/base.py

    __tablename__ = "attachment_blob"

    sha256: str = Field(primary_key=True, max_length=64)
    size: int = 0
    data: bytes = Field(sa_type=LargeBinary)


def item_record_id(project_id: str, template_id: str) -> str:
    """The stable id of a project's instance of a template item (same on every device)."""
    return uuid.uuid5(uuid.UUID(hex=_pad(project_id)), f"checklist/{template_id}").hex


def host_task_record_id(project_id: str, template_id: str, host_id: str) -> str:
    return uuid.uuid5(uuid.UUID(hex=_pad(project_id)), f"host_task/{template_id}/{host_id}").hex


def _pad(project_id: str) -> str:
    """Project ids are uuid4 hex; anything else (tests) is hashed into a namespace."""
    try:
        return uuid.UUID(hex=project_id).hex
    except ValueError:
        return uuid.uuid5(uuid.NAMESPACE_OID, project_id).hex

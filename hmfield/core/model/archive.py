"""The archive of the delivery (the operate phase's last act): a :class:`ProjectArchive` row
marks the project read-only (every ``ctx.write()`` refuses) until one is reopened.

A module of its own: every opening of a project asks whether it is archived
(``context.archived_note``) before the operate phase's other tables are needed.
"""

from datetime import datetime

from sqlmodel import Field

from hmfield.core.model.base import Record, UTCDateTime


class ProjectArchive(Record, table=True):
    """One archive of the delivery; while a row has no ``reopened_at`` the project is
    read-only."""

    __tablename__ = "project_archive"

    archived_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    archived_by: str = ""
    location: str = ""
    files: int = 0
    manifest_sha256: str = ""
    reopened_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    reopened_by: str = ""
    reopen_reason: str = ""

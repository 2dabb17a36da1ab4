"""Bundle sync bookkeeping: merge conflicts (carried in bundles) and the local import log.

Neither table is a ``Record``: a conflict is *derived* from the audit trail by the merge, with
an id that both sides of a merge compute identically (sha256 of entity, entity id, field and
the two competing event ids), so A-into-B and B-into-A list the same conflicts. Resolving one
is an audited update of the record itself; the ``resolved`` flag only hides it from the list.
The import log is local history (which bundles came in, when), never carried.
"""

from datetime import datetime

from sqlalchemy import Text
from sqlmodel import Field, SQLModel
from sqlmodel.main import SQLModelConfig

from hmfield.core.model.base import UTCDateTime


class MergeConflict(SQLModel, table=True):
    """A field changed on both sides of a merge (or an edit against a deletion). ``winner``
    is the later change (the value now in the record), ``other`` the one it overrode; values
    are canonical JSON text as in audit events."""

    model_config = SQLModelConfig(defer_build=True)  # see model/base.py

    __tablename__ = "merge_conflict"

    id: str = Field(primary_key=True, max_length=64)
    entity: str = Field(index=True)
    entity_id: str = Field(max_length=32, index=True)
    field: str  # a data field, or "deleted" for an edit against a deletion
    winner_event: str = Field(max_length=32)
    winner_value: str | None = Field(default=None, sa_type=Text)
    winner_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    winner_person: str = ""
    winner_device: str = ""
    other_event: str = Field(max_length=32)
    other_value: str | None = Field(default=None, sa_type=Text)
    other_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    other_person: str = ""
    other_device: str = ""
    detail: str = ""  # e.g. the fields edited against a deletion
    resolved: bool = Field(default=False, index=True)
    resolution: str = ""  # mine | theirs | edit (as chosen on the resolving device)
    resolved_by: str = ""
    resolved_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class SyncImport(SQLModel, table=True):
    """One applied bundle import (local history; a re-import of the same export is a no-op)."""

    model_config = SQLModelConfig(defer_build=True)  # see model/base.py

    __tablename__ = "sync_import"

    export_id: str = Field(primary_key=True, max_length=64)
    imported_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    file_name: str = ""
    source_device: str = ""
    source_person: str = ""
    created_at: str = ""  # the bundle's own creation time (ISO text from its manifest)
    new_events: int = 0
    changed_records: int = 0
    conflicts: int = 0

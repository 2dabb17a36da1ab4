"""Planning records: waves (cutover batches with their windows) and dependencies."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field

from hmfield.core.model.base import Record, UTCDateTime


class Wave(Record, table=True):
    """A cutover batch. Hosts and business systems point to it (``wave_id``): a host is in at
    most one wave. Windows are stored UTC and shown local."""

    __tablename__ = "wave"

    name: str = ""
    order: int = Field(default=0, index=True)
    drill_start: datetime | None = Field(default=None, sa_type=UTCDateTime)
    drill_end: datetime | None = Field(default=None, sa_type=UTCDateTime)
    cutover_start: datetime | None = Field(default=None, sa_type=UTCDateTime)
    cutover_end: datetime | None = Field(default=None, sa_type=UTCDateTime)
    status: str = "planned"  # planned | drilled | cutting_over | done | rolled_back
    notes: str = ""


class Dependency(Record, table=True):
    """``from`` depends on ``to`` (``to`` is the provider). Endpoints are a host, a non-host
    object or a business system, named by type and id (no foreign key: any of three tables)."""

    __tablename__ = "dependency"

    from_type: str = "host"  # host | object | system
    from_id: str = Field(default="", max_length=32, index=True)
    to_type: str = "host"
    to_id: str = Field(default="", max_length=32, index=True)
    kind: str = "call"  # cluster_member | primary_standby | call | database | middleware |
    #                     shared_file | shared_disk | object_storage
    port: str | None = None
    protocol: str | None = None
    criticality: int | None = None  # 1..5
    notes: str = ""

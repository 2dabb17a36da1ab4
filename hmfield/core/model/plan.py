"""Planning records: waves (cutover batches with their windows), dependencies, the network
plan, risks, rollback and drill plans, per-host time estimates; the planning settings live in
``plan_settings.py`` (every opening reads their zone) and are named here too."""

from datetime import date, datetime

from sqlalchemy import JSON
from sqlmodel import Field

import hmfield.core.model.assess  # noqa: F401  (tables its foreign keys name)
import hmfield.core.model.inventory  # noqa: F401  (tables its foreign keys name)
from hmfield.core.model.base import Record, UTCDateTime
from hmfield.core.model.plan_settings import (  # noqa: F401  (named here too)
    DEFAULT_ZONE,
    PlanSettings,
    plan_zone,
)


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
    strength: str | None = None  # hard | soft; None = by kind (resources/plan/grouping.yaml)


class NetworkPlan(Record, table=True):
    """How the source reaches the target (seed 规划 待办1): one per project.

    ``usable_share`` is the part of the link migration may use (0-1); ``daily_change_rate`` is
    the share of data in use rewritten per day (0.05 = 5 %); ``concurrency`` is how many hosts
    sync or cut over at once (they share the link)."""

    __tablename__ = "network_plan"

    connection_type: str = "vpn"  # public | vpn | direct_connect
    bandwidth_mbps: float | None = None
    usable_share: float = 0.5
    ip_kept: bool = True
    daily_change_rate: float = 0.05
    concurrency: int = 4
    notes: str = ""


class Risk(Record, table=True):
    """One line of the risk register (seed 规划 待办3); score = likelihood x impact."""

    __tablename__ = "risk"

    title: str = ""
    category: str = "technical"  # technical | business | schedule | resource | security | other
    likelihood: int = 3  # 1..5
    impact: int = 3  # 1..5
    mitigation: str = ""
    owner_id: str | None = Field(default=None, max_length=32)  # Person id
    status: str = "open"  # open | mitigating | closed | accepted

    @property
    def score(self) -> int:
        return int(self.likelihood or 0) * int(self.impact or 0)


class RollbackPlan(Record, table=True):
    """How a wave's cutover is undone (seed 规划 待办4): triggers, the point of no return,
    the method, the rule for data written on the target, who decides and how fast."""

    __tablename__ = "rollback_plan"

    wave_id: str = Field(default="", foreign_key="wave.id", max_length=32, index=True)
    triggers: str = ""
    point_of_no_return: datetime | None = Field(default=None, sa_type=UTCDateTime)
    method_access_path: str = ""  # how user access is switched back to the source
    method_source_recovery: str = ""  # how the source is brought back into service
    target_resources: str = ""  # what happens to the target resources
    data_rule: str = ""  # data written on the target after cutover
    decision_maker_ids: list[str] = Field(default_factory=list, sa_type=JSON)  # Person ids
    decision_process: str = ""
    max_rollback_minutes: int | None = None
    rehearsed: bool = False


class DrillPlan(Record, table=True):
    """A rehearsal per business system (seed 规划 待办2), by default with Boot in Cloud."""

    __tablename__ = "drill_plan"

    business_system_id: str = Field(
        default="", foreign_key="business_system.id", max_length=32, index=True
    )
    scope: str = ""
    method: str = "Boot in Cloud"
    verification: str = ""
    planned_date: date | None = None


class HostTimeEstimate(Record, table=True):
    """The engineer's minutes for one host's cutover; ``None`` keeps the computed default
    (final sync from the bandwidth maths, boot and verification from the plan settings)."""

    __tablename__ = "host_time_estimate"

    host_id: str = Field(default="", foreign_key="host.id", max_length=32, index=True)
    final_sync_min: float | None = None
    boot_min: float | None = None
    verify_min: float | None = None


class ObjectWave(Record, table=True):
    """The wave of a non-host object (a NAS share, a database service): objects have no
    ``wave_id`` column of their own, and the plan must remember where the proposal put them."""

    __tablename__ = "object_wave"

    object_id: str = Field(default="", foreign_key="non_host_object.id", max_length=32, index=True)
    wave_id: str | None = Field(default=None, foreign_key="wave.id", max_length=32, index=True)


class WavePreference(Record, table=True):
    """The engineer's wish for the wave proposal: ``pin`` a move group to a wave (1-based
    ``wave``), or keep two move groups ``apart``. A group is named by one of its members
    (a business system or a host), so the wish follows the group when it grows."""

    __tablename__ = "wave_preference"

    kind: str = "pin"  # pin | apart
    ref_type: str = "system"  # system | host | object
    ref_id: str = Field(default="", max_length=32, index=True)
    other_type: str | None = None
    other_id: str | None = Field(default=None, max_length=32)
    wave: int | None = None  # 1-based, for pin
    notes: str = ""

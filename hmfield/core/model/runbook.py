"""Drills (stage six), cutover runbooks and their runs (stage seven), rollback (stage eight)
and stability observations (operate phase).

A :class:`Runbook` is the plan of one wave; a :class:`Run` (rehearsal or live) copies its
steps into :class:`RunStep` rows so the night's changes never rewrite the plan behind the
engineer's back: edits during a run are marked as deviations and only taken back into the
runbook on request. Step keys (``sync:<host id>``, ``verify:<system id>``, ``go_switch``...)
are stable, so a run step and its runbook step are matched by key.
"""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON
from sqlmodel import Field

import hmfield.core.model.inventory  # noqa: F401  (tables its foreign keys name)
import hmfield.core.model.plan  # noqa: F401  (tables its foreign keys name)
from hmfield.core.model.base import Record, UTCDateTime


class DrillStatus(StrEnum):
    RUNNING = "running"
    COMPLETED = "completed"


class BusinessResult(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    NOT_TESTED = "not_tested"


class FindingStatus(StrEnum):
    OPEN = "open"
    FIXED = "fixed"
    ACCEPTED = "accepted"


class RunKind(StrEnum):
    REHEARSAL = "rehearsal"
    LIVE = "live"


class RunStatus(StrEnum):
    RUNNING = "running"
    COMPLETED = "completed"
    ROLLED_BACK = "rolled_back"
    ABORTED = "aborted"


class GateDecision(StrEnum):
    GO = "go"
    NO_GO = "no_go"


class DrillRun(Record, table=True):
    """A drill of one wave or one business system (the seed's stage six)."""

    __tablename__ = "drill_run"

    wave_id: str | None = Field(default=None, foreign_key="wave.id", max_length=32, index=True)
    business_system_id: str | None = Field(
        default=None, foreign_key="business_system.id", max_length=32, index=True
    )
    started_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    ended_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    status: str = DrillStatus.RUNNING.value
    notes: str = ""


class DrillHostResult(Record, table=True):
    """What happened to one host in a drill: launched, booted, business verified, cleaned up."""

    __tablename__ = "drill_host_result"

    drill_run_id: str = Field(foreign_key="drill_run.id", max_length=32, index=True)
    host_id: str = Field(foreign_key="host.id", max_length=32, index=True)
    launched_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    boot_verified: bool = False  # reached the login screen
    boot_verified_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    business_result: str = BusinessResult.NOT_TESTED.value
    comment: str = ""
    evidence: str = ""  # where the screenshots or logs are (path, ticket, note)
    cleaned_up_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class Finding(Record, table=True):
    """A problem found in a drill; must-fix findings that are open block a calm cutover."""

    __tablename__ = "finding"

    drill_run_id: str = Field(foreign_key="drill_run.id", max_length=32, index=True)
    host_id: str | None = Field(default=None, foreign_key="host.id", max_length=32)
    title: str = ""
    owner_id: str | None = Field(default=None, max_length=32)  # Person id
    must_fix_before_cutover: bool = False
    status: str = FindingStatus.OPEN.value
    notes: str = ""


class Runbook(Record, table=True):
    """The cutover runbook of one wave; ``version`` grows when deviations are adopted."""

    __tablename__ = "runbook"

    wave_id: str = Field(foreign_key="wave.id", max_length=32, index=True)
    version: int = 1
    notes: str = ""


class StepFields(Record):
    """The fields a runbook step and its run copy share (not a table)."""

    key: str = Field(default="", index=True)
    number: int = 0
    title_zh: str = ""
    title_en: str = ""
    stream: str = ""
    executor_role: str = ""
    owner_id: str | None = Field(default=None, max_length=32)  # Person id
    predecessors: list[str] = Field(default_factory=list, sa_type=JSON)  # step keys
    planned_minutes: float = 0
    # the planning inputs cannot give this step's minutes (a final sync without a bandwidth or
    # a host size): ``planned_minutes`` is then a lower bound (0), printed "unknown"
    duration_unknown: bool = False
    type: str = "task"  # task | milestone | gate | validation
    point_of_no_return: bool = False
    custom: bool = False  # the engineer's own step (not generated)
    branch: str = ""  # "" the cutover path; "rollback" the stage-eight branch (entered on no-go)
    criteria_zh: str = ""  # a gate's written go/no-go criteria
    criteria_en: str = ""

    def title(self, lang: str = "zh") -> str:
        zh = lang.lower().startswith("zh")
        return (self.title_zh if zh else self.title_en) or self.title_en or self.title_zh


class RunbookStep(StepFields, table=True):
    __tablename__ = "runbook_step"

    runbook_id: str = Field(foreign_key="runbook.id", max_length=32, index=True)


class Run(Record, table=True):
    """One rehearsal or the live execution of a runbook."""

    __tablename__ = "run"

    runbook_id: str = Field(foreign_key="runbook.id", max_length=32, index=True)
    kind: str = RunKind.REHEARSAL.value
    started_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    ended_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    status: str = RunStatus.RUNNING.value
    window_start: datetime | None = Field(default=None, sa_type=UTCDateTime)
    window_end: datetime | None = Field(default=None, sa_type=UTCDateTime)
    runbook_version: int = 1


class RunStep(StepFields, table=True):
    """A run's copy of a runbook step with what happened to it."""

    __tablename__ = "run_step"

    run_id: str = Field(foreign_key="run.id", max_length=32, index=True)
    status: str = "pending"  # pending | running | done | skipped
    started_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    ended_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    skip_reason: str = ""
    gate_decision: str | None = None  # go | no_go
    decided_by_id: str | None = Field(default=None, max_length=32)  # Person id
    decided_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    deviation: bool = False
    deviation_note: str = ""
    status_by_id: str | None = Field(default=None, max_length=32)  # who last changed the status
    status_by: str = ""  # their name as it was then (the actor may have no Person record)
    status_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class RollbackEvent(Record, table=True):
    """The moment a rollback was triggered, by whom and why."""

    __tablename__ = "rollback_event"

    run_id: str = Field(foreign_key="run.id", max_length=32, index=True)
    triggered_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    triggered_by_id: str | None = Field(default=None, max_length=32)  # Person id
    reason: str = ""
    entered_from: str = ""  # key of the gate (or step) the rollback branch was entered from
    after_no_return: bool = False  # entered after the point of no return (data rule applies)


class NoticeKind(StrEnum):
    STOP_BUSINESS = "stop_business"  # seed stage seven item 3: 发布业务割接停业务通知
    BUSINESS_RESUMED = "business_resumed"


class Notice(Record, table=True):
    """A wave's stop-business or business-resumed notice: generated, edited, approved by a
    named person before it is published (seed stage seven item 3)."""

    __tablename__ = "notice"

    wave_id: str = Field(foreign_key="wave.id", max_length=32, index=True)
    kind: str = NoticeKind.STOP_BUSINESS.value
    text_zh: str = ""
    text_en: str = ""
    edited: bool = False  # changed by hand after generation
    approved_by_id: str | None = Field(default=None, max_length=32)  # Person id
    approved_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class StabilityObservation(Record, table=True):
    """An observation in the operate phase (CPU, logs, business KPIs...) feeding acceptance."""

    __tablename__ = "stability_observation"

    wave_id: str | None = Field(default=None, foreign_key="wave.id", max_length=32, index=True)
    at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    host_id: str | None = Field(default=None, foreign_key="host.id", max_length=32)
    business_system_id: str | None = Field(
        default=None, foreign_key="business_system.id", max_length=32
    )
    metric: str = ""
    note: str = ""
    ok: bool = True

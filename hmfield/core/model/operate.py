"""The operate phase (运维): observation after the cutover, checks, the cloud bill, incidents,
acceptance sign-offs and the archive of the delivery.

A wave's observation period starts when its live cutover run completed (``run.ended_at``);
its length and the expected monthly cloud cost live in :class:`ObservationPlan` (one row per
wave, optionally one per business system that needs a different length). Checks, bills and
incidents are plain audited records, so two engineers logging checks on two laptops merge
through bundles like everything else. The archive of the delivery is ``model/archive.py``
(every opening reads it; this module's tables load with the operate phase's services).
"""

from datetime import date, datetime
from enum import StrEnum

from sqlmodel import Field

import hmfield.core.model.assess  # noqa: F401  (tables its foreign keys name)
import hmfield.core.model.inventory  # noqa: F401  (tables its foreign keys name)
import hmfield.core.model.plan  # noqa: F401  (tables its foreign keys name)
from hmfield.core.model.base import Record, UTCDateTime

DEFAULT_OBSERVATION_DAYS = 7.0


class CheckResult(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    NOT_TESTED = "not_tested"


class IntegrityMethod(StrEnum):
    NONE = ""
    ROW_COUNT = "row_count"
    CHECKSUM = "checksum"


class Severity(StrEnum):
    CRITICAL = "critical"
    MAJOR = "major"
    MINOR = "minor"


class IncidentStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"
    WAIVED = "waived"


class SignoffScope(StrEnum):
    SYSTEM = "system"
    WAVE = "wave"
    PROJECT = "project"


class ObservationPlan(Record, table=True):
    """How long a wave (or one of its business systems) is observed, and what its cloud
    resources are expected to cost per month."""

    __tablename__ = "observation_plan"

    wave_id: str = Field(default="", foreign_key="wave.id", max_length=32, index=True)
    business_system_id: str | None = Field(
        default=None, foreign_key="business_system.id", max_length=32, index=True
    )
    days: float = DEFAULT_OBSERVATION_DAYS
    expected_monthly_cost: float | None = None
    currency: str = "CNY"
    notes: str = ""


class ObservationCheck(Record, table=True):
    """One check during the observation period on a host, a business system or a non-host
    object: resource figures (percent of the target's capacity), the business check and the
    data-integrity comparison."""

    __tablename__ = "observation_check"

    wave_id: str = Field(default="", foreign_key="wave.id", max_length=32, index=True)
    host_id: str | None = Field(default=None, foreign_key="host.id", max_length=32, index=True)
    business_system_id: str | None = Field(
        default=None, foreign_key="business_system.id", max_length=32, index=True
    )
    object_id: str | None = Field(default=None, foreign_key="non_host_object.id", max_length=32)
    at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    checked_by: str = ""  # the name of who checked (may differ from the one typing)
    cpu_pct: float | None = None
    mem_pct: float | None = None
    disk_pct: float | None = None
    business_result: str = CheckResult.NOT_TESTED.value
    business_note: str = ""
    integrity_method: str = IntegrityMethod.NONE.value
    integrity_before: str = ""
    integrity_after: str = ""
    integrity_tool: str = ""
    waived_reason: str = ""
    waived_by_id: str | None = Field(default=None, max_length=32)  # Person id
    notes: str = ""


class CloudBill(Record, table=True):
    """The actual cloud cost of a wave's resources for one month, as read from the bill."""

    __tablename__ = "cloud_bill"

    wave_id: str = Field(default="", foreign_key="wave.id", max_length=32, index=True)
    month: str = ""  # YYYY-MM
    actual_cost: float = 0.0
    currency: str = "CNY"
    entered_by: str = ""
    note: str = ""


class Incident(Record, table=True):
    """An anomaly after the cutover: what happened, why, how it was resolved, who owns it;
    open incidents block acceptance unless waived by a named person with a reason."""

    __tablename__ = "incident"

    wave_id: str | None = Field(default=None, foreign_key="wave.id", max_length=32, index=True)
    host_id: str | None = Field(default=None, foreign_key="host.id", max_length=32)
    business_system_id: str | None = Field(
        default=None, foreign_key="business_system.id", max_length=32
    )
    severity: str = Severity.MAJOR.value
    started_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    ended_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    owner_id: str | None = Field(default=None, max_length=32)  # Person id
    symptom: str = ""
    cause: str = ""
    resolution: str = ""
    status: str = IncidentStatus.OPEN.value
    waived_reason: str = ""
    waived_by_id: str | None = Field(default=None, max_length=32)
    waived_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    rollback_triggered_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    rollback_decided_by_id: str | None = Field(default=None, max_length=32)
    rollback_reason: str = ""


class AcceptanceSignoff(Record, table=True):
    """The customer's sign-off of one business system, one wave or the whole migration
    (迁移完成验收). Withdrawing it tombstones the row."""

    __tablename__ = "acceptance_signoff"

    scope: str = SignoffScope.WAVE.value
    wave_id: str | None = Field(default=None, foreign_key="wave.id", max_length=32, index=True)
    business_system_id: str | None = Field(
        default=None, foreign_key="business_system.id", max_length=32
    )
    signed_by_id: str | None = Field(default=None, max_length=32)  # Person id
    signed_by_name: str = ""
    signed_on: date | None = None
    note: str = ""

"""Incidents after the cutover: what happened (symptom), why (cause), how it was resolved,
who owns it, on which host or business system. An open incident blocks acceptance unless
it is waived with a reason by a named person. While the wave's observation window lasts an
incident may trigger the rollback plan: the decision (who, when, why) is recorded and
audited here; running the rollback itself is the runbook's stage eight."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, select

from hmfield.core.context import ServiceContext
from hmfield.core.errors import HmError
from hmfield.core.model.inventory import BusinessSystem, Host
from hmfield.core.model.operate import Incident, IncidentStatus, Severity
from hmfield.core.model.plan import RollbackPlan, Wave
from hmfield.core.model.project import Person
from hmfield.core.operate.periods import read_windows
from hmfield.core.operate.refs import host_of, person_of, record_of, system_of, wave_of

EDITABLE = ("severity", "symptom", "cause", "resolution", "owner_id", "started_at")


@dataclass(frozen=True)
class IncidentView:
    incident: Incident
    wave_name: str
    subject: str
    owner: str = ""
    waived_by: str = ""
    rollback_by: str = ""

    @property
    def is_open(self) -> bool:
        return self.incident.status == IncidentStatus.OPEN.value


def _name(s: Session, model, rid: str | None) -> str:
    obj = s.get(model, rid) if rid else None
    return obj.name if obj is not None else ""


def view_of(s: Session, i: Incident) -> IncidentView:
    subject = _name(s, Host, i.host_id) or _name(s, BusinessSystem, i.business_system_id)
    return IncidentView(
        i,
        _name(s, Wave, i.wave_id),
        subject,
        _name(s, Person, i.owner_id),
        _name(s, Person, i.waived_by_id),
        _name(s, Person, i.rollback_decided_by_id),
    )


def incidents_of(s: Session, wave_id: str | None = None) -> list[IncidentView]:
    q = select(Incident).where(Incident.deleted == False)  # noqa: E712
    if wave_id:
        q = q.where(Incident.wave_id == wave_id)
    rows = sorted(s.exec(q), key=lambda i: (i.started_at is None, i.started_at))
    return [view_of(s, i) for i in rows]


def _check(changes: dict[str, Any]) -> None:
    severity = changes.get("severity")
    if severity is not None and severity not in {x.value for x in Severity}:
        raise HmError(f"severity is critical, major or minor, not '{severity}'")
    if "symptom" in changes and not str(changes["symptom"] or "").strip():
        raise HmError("an incident needs its symptom (what was seen)")
    for key in ("started_at", "ended_at"):
        at = changes.get(key)
        if at is not None and (not isinstance(at, datetime) or at.tzinfo is None):
            raise HmError("incident times must carry a time zone")


class IncidentService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def incidents(self, wave_ref: str | None = None, open_only: bool = False) -> list[IncidentView]:
        with self.ctx.read() as s:
            wave_id = wave_of(s, wave_ref).id if wave_ref else None
            rows = incidents_of(s, wave_id)
        return [v for v in rows if v.is_open] if open_only else rows

    def add(
        self,
        symptom: str,
        *,
        wave: str | None = None,
        host: str | None = None,
        system: str | None = None,
        severity: str = Severity.MAJOR.value,
        owner: str | None = None,
        cause: str = "",
        started_at: datetime | None = None,
    ) -> IncidentView:
        _check({"symptom": symptom, "severity": severity, "started_at": started_at})
        with self.ctx.write() as uow:
            s = uow.session
            h = host_of(s, host) if host else None
            b = system_of(s, system) if system else None
            if wave:
                w = wave_of(s, wave)
            else:
                wid = (h.wave_id if h else None) or (b.wave_id if b else None)
                if not wid:
                    raise HmError("name the wave the incident belongs to (--wave W01)")
                w = s.get(Wave, wid)
            person = person_of(s, owner, "the incident's owner") if owner else None
            incident = Incident(
                wave_id=w.id,
                host_id=h.id if h else None,
                business_system_id=b.id if b else (h.business_system_id if h else None),
                severity=severity,
                symptom=symptom.strip(),
                cause=(cause or "").strip(),
                owner_id=person.id if person else None,
                started_at=started_at or uow.rec.now,
            )
            uow.rec.create(incident)
            return view_of(s, incident)

    def update(self, incident_id: str, **changes: Any) -> IncidentView:
        bad = sorted(set(changes) - set(EDITABLE))
        if bad:
            raise HmError(f"an incident's {', '.join(bad)} cannot be changed here")
        _check(changes)
        with self.ctx.write() as uow:
            incident = _alive(uow.session, incident_id)
            uow.rec.update(incident, changes)
            return view_of(uow.session, incident)

    def close(
        self,
        incident_id: str,
        resolution: str,
        *,
        cause: str | None = None,
        ended_at: datetime | None = None,
    ) -> IncidentView:
        """Closed with how it was resolved (and its cause when known)."""
        resolution = (resolution or "").strip()
        if not resolution:
            raise HmError("closing an incident needs its resolution (what was done)")
        _check({"ended_at": ended_at})
        with self.ctx.write() as uow:
            s = uow.session
            incident = _alive(s, incident_id)
            if incident.status != IncidentStatus.OPEN.value:
                raise HmError(f"the incident is already {incident.status}")
            changes: dict[str, Any] = {
                "status": IncidentStatus.CLOSED.value,
                "resolution": resolution,
                "ended_at": ended_at or uow.rec.now,
            }
            if cause is not None and cause.strip():
                changes["cause"] = cause.strip()
            if changes["ended_at"] < (incident.started_at or changes["ended_at"]):
                raise HmError("an incident cannot end before it started")
            uow.rec.update(incident, changes)
            return view_of(s, incident)

    def waive(self, incident_id: str, reason: str, decider: str) -> IncidentView:
        """Let acceptance go ahead with the incident still open: reason and decider named."""
        reason = (reason or "").strip()
        if not reason:
            raise HmError("waiving an open incident needs a reason")
        with self.ctx.write() as uow:
            s = uow.session
            incident = _alive(s, incident_id)
            if incident.status != IncidentStatus.OPEN.value:
                raise HmError(f"the incident is {incident.status}; only open ones are waived")
            person = person_of(s, decider, "waiving an incident")
            uow.rec.update(
                incident,
                {
                    "status": IncidentStatus.WAIVED.value,
                    "waived_reason": reason,
                    "waived_by_id": person.id,
                    "waived_at": uow.rec.now,
                },
            )
            return view_of(s, incident)

    def trigger_rollback(self, incident_id: str, reason: str, decider: str) -> IncidentView:
        """Record that this incident triggers the wave's rollback plan (seed stage 8); only
        inside the observation window, decided by one of the plan's decision makers."""
        reason = (reason or "").strip()
        if not reason:
            raise HmError("triggering the rollback needs the reason (which trigger was met)")
        with self.ctx.write() as uow:
            s = uow.session
            incident = _alive(s, incident_id)
            if incident.rollback_triggered_at is not None:
                raise HmError("this incident has already triggered the rollback")
            wave = s.get(Wave, incident.wave_id) if incident.wave_id else None
            if wave is None:
                raise HmError("the incident names no wave; there is no rollback plan to trigger")
            window = read_windows(s, wave)[0]
            now = uow.rec.now
            if not window.within(now):
                raise HmError(
                    f"wave '{wave.name}' is outside its observation window; "
                    "a rollback can no longer be triggered from an incident"
                )
            person = person_of(s, decider, "triggering the rollback")
            plan = s.exec(
                select(RollbackPlan).where(
                    RollbackPlan.wave_id == wave.id,
                    RollbackPlan.deleted == False,  # noqa: E712
                )
            ).first()
            deciders = list(plan.decision_maker_ids or []) if plan else []
            if deciders and person.id not in deciders:
                names = ", ".join(_name(s, Person, d) for d in deciders)
                raise HmError(f"the rollback plan names its deciders: {names}; not {person.name}")
            uow.rec.update(
                incident,
                {
                    "rollback_triggered_at": now,
                    "rollback_decided_by_id": person.id,
                    "rollback_reason": reason,
                },
            )
            return view_of(s, incident)


def _alive(s: Session, incident_id: str) -> Incident:
    return record_of(s, Incident, incident_id, "incident")

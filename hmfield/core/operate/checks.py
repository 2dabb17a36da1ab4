"""Observation checks (per host, business system or non-host object) and the cloud bill of a
wave, entered during the observation period. One method per use case, each one audited
transaction; reads return :class:`CheckView` (the check, its subject, the source figures from
the inventory and the judgement of ``figures.judge``) so every screen and paper agree."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, select

from hmfield.core.context import ServiceContext
from hmfield.core.errors import HmError
from hmfield.core.model.assess import NonHostObject
from hmfield.core.model.inventory import BusinessSystem, Host
from hmfield.core.model.operate import CheckResult, CloudBill, IntegrityMethod, ObservationCheck
from hmfield.core.model.plan import Wave
from hmfield.core.model.project import Person
from hmfield.core.operate.figures import (
    BillLine,
    CheckJudgement,
    SourceFigures,
    bill_lines,
    judge,
    source_figures,
)
from hmfield.core.operate.periods import read_windows
from hmfield.core.operate.refs import (
    host_of,
    object_of,
    person_of,
    record_of,
    system_of,
    wave_of,
)
from hmfield.core.operate.texts import rules

VALUE_FIELDS = (
    "cpu_pct", "mem_pct", "disk_pct", "business_result", "business_note", "integrity_method",
    "integrity_before", "integrity_after", "integrity_tool", "notes", "checked_by", "at",
)  # fmt: skip
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


@dataclass(frozen=True)
class CheckView:
    check: ObservationCheck
    subject: str
    subject_kind: str  # host | system | object
    system_id: str | None  # the business system the subject belongs to
    source: SourceFigures
    judgement: CheckJudgement
    waived_by: str = ""

    @property
    def outcome(self) -> str:
        return self.judgement.outcome


@dataclass(frozen=True)
class CheckSubject:
    """Something of a wave a check can be about, with its source baseline."""

    kind: str  # host | system | object
    id: str
    name: str
    source: SourceFigures


def wave_subjects(s: Session, wave_id: str) -> list[CheckSubject]:
    """The wave's hosts (by name), then its business systems, then its non-host objects."""
    from hmfield.core.model.plan import ObjectWave
    from hmfield.core.operate.refs import wave_systems

    # what source_figures reads, not whole records (a 500-host wave: 30 ms a reading)
    cols = (Host.id, Host.name, Host.extra, Host.cpu_cores, Host.memory_mib, Host.disk_total_mib,
            Host.disk_used_mib, Host.target_flavour)  # fmt: skip
    live = (Host.wave_id == wave_id) & (Host.deleted == False)  # noqa: E712
    hosts = s.execute(select(*cols).where(live).order_by(Host.name))
    out = [CheckSubject("host", h.id, h.name, source_figures(h)) for h in hosts]
    out += [CheckSubject("system", b.id, b.name, SourceFigures()) for b in wave_systems(s, wave_id)]
    placed = s.exec(
        select(ObjectWave).where(ObjectWave.wave_id == wave_id, ObjectWave.deleted == False)  # noqa: E712
    )
    for ow in placed:
        obj = s.get(NonHostObject, ow.object_id)
        if obj is not None and not obj.deleted:
            out.append(CheckSubject("object", obj.id, obj.name, SourceFigures()))
    return out


def _check_values(values: dict[str, Any]) -> dict[str, Any]:
    bad = sorted(set(values) - set(VALUE_FIELDS))
    if bad:
        raise HmError(f"a check has no field {', '.join(bad)}")
    out = dict(values)
    for key in ("cpu_pct", "mem_pct", "disk_pct"):
        v = out.get(key)
        if v is None or v == "":
            out[key] = None
            continue
        try:
            number = float(str(v).strip().rstrip("%"))
        except ValueError:
            raise HmError(f"{key.split('_')[0].upper()} must be a percentage, not '{v}'") from None
        if not 0 <= number <= 100:
            raise HmError(f"{key.split('_')[0].upper()} is a percentage of 0 to 100, not {v}")
        out[key] = number
    result = out.get("business_result")
    if result is not None and result not in {r.value for r in CheckResult}:
        raise HmError(f"the business check is pass, fail or not_tested, not '{result}'")
    method = out.get("integrity_method")
    if method is not None and method not in {m.value for m in IntegrityMethod}:
        raise HmError(f"data integrity is compared by row_count or checksum, not '{method}'")
    at = out.get("at")
    if at is not None and (not isinstance(at, datetime) or at.tzinfo is None):
        raise HmError("a check time must carry a time zone")
    for key in ("business_note", "integrity_before", "integrity_after", "integrity_tool"):
        if key in out and out[key] is None:
            out[key] = ""
    return out


def view_of(s: Session, c: ObservationCheck) -> CheckView:
    host = s.get(Host, c.host_id) if c.host_id else None
    system = s.get(BusinessSystem, c.business_system_id) if c.business_system_id else None
    obj = s.get(NonHostObject, c.object_id) if c.object_id else None
    if host is not None:
        subject, kind = host.name, "host"
    elif obj is not None:
        subject, kind = obj.name, "object"
    else:
        subject, kind = (system.name if system else ""), "system"
    waiver = s.get(Person, c.waived_by_id) if c.waived_by_id else None
    src = source_figures(host)
    sid = c.business_system_id or (host.business_system_id if host else None)
    sid = sid or (obj.business_system_id if obj else None)
    return CheckView(
        c, subject, kind, sid, src, judge(c, src, rules()), waiver.name if waiver else ""
    )


def wave_checks(s: Session, wave_id: str) -> list[CheckView]:
    rows = s.exec(
        select(ObservationCheck)
        .where(ObservationCheck.wave_id == wave_id, ObservationCheck.deleted == False)  # noqa: E712
        .order_by(ObservationCheck.at)
    )
    return [view_of(s, c) for c in rows]


def wave_bills(s: Session, wave: Wave) -> list[BillLine]:
    rows = list(
        s.exec(
            select(CloudBill).where(CloudBill.wave_id == wave.id, CloudBill.deleted == False)  # noqa: E712
        )
    )
    return bill_lines(read_windows(s, wave)[0].expected_monthly_cost, rows)


class CheckService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # -- reads ----------------------------------------------------------------------------
    def checks(self, wave_ref: str) -> list[CheckView]:
        with self.ctx.read() as s:
            return wave_checks(s, wave_of(s, wave_ref).id)

    def subjects(self, wave_ref: str) -> list[CheckSubject]:
        with self.ctx.read() as s:
            return wave_subjects(s, wave_of(s, wave_ref).id)

    def bills(self, wave_ref: str) -> list[BillLine]:
        with self.ctx.read() as s:
            return wave_bills(s, wave_of(s, wave_ref))

    # -- writes ---------------------------------------------------------------------------
    def add(
        self,
        wave_ref: str | None = None,
        *,
        host: str | None = None,
        system: str | None = None,
        obj: str | None = None,
        **values: Any,
    ) -> CheckView:
        """Record one check of a host, a business system or a non-host object."""
        values = _check_values(values)
        with self.ctx.write() as uow:
            s = uow.session
            h = host_of(s, host) if host else None
            b = system_of(s, system) if system else None
            o = object_of(s, obj) if obj else None
            if h is None and b is None and o is None:
                raise HmError("a check is of a host, a business system or a non-host object")
            if wave_ref:
                wave = wave_of(s, wave_ref)
            elif h is not None and h.wave_id:
                wave = s.get(Wave, h.wave_id)
            elif b is not None and b.wave_id:
                wave = s.get(Wave, b.wave_id)
            else:
                raise HmError("name the wave the check belongs to (--wave W01)")
            window = read_windows(s, wave)[0]
            if window.start is None:
                why = "was rolled back" if window.rolled_back else "has no completed live cutover"
                raise HmError(f"wave '{wave.name}' {why}; observation checks start after it")
            values.setdefault("at", uow.rec.now)
            values["checked_by"] = (values.get("checked_by") or "").strip() or self.ctx.actor.name
            check = ObservationCheck(
                wave_id=wave.id,
                host_id=h.id if h else None,
                business_system_id=b.id if b else (h.business_system_id if h else None),
                object_id=o.id if o else None,
                **values,
            )
            uow.rec.create(check)
            return view_of(s, check)

    def update(self, check_id: str, **changes: Any) -> CheckView:
        changes = _check_values(changes)
        with self.ctx.write() as uow:
            check = _alive_check(uow.session, check_id)
            uow.rec.update(check, changes)
            return view_of(uow.session, check)

    def waive(self, check_id: str, reason: str, decider: str) -> CheckView:
        """Accept a failed check anyway: needs the reason and the person who decided."""
        reason = (reason or "").strip()
        if not reason:
            raise HmError("waiving a failed check needs a reason")
        with self.ctx.write() as uow:
            s = uow.session
            check = _alive_check(s, check_id)
            person = person_of(s, decider, "waiving a check")
            if not view_of(s, check).judgement.failures:
                raise HmError("the check did not fail; there is nothing to waive")
            uow.rec.update(check, {"waived_reason": reason, "waived_by_id": person.id})
            return view_of(s, check)

    def remove(self, check_id: str) -> None:
        with self.ctx.write() as uow:
            uow.rec.delete(_alive_check(uow.session, check_id))

    def add_bill(
        self, wave_ref: str, month: str, actual: float, *, currency: str = "", note: str = ""
    ) -> BillLine:
        """The actual cost of a wave's cloud resources for one month (YYYY-MM)."""
        month = (month or "").strip()
        if not _MONTH.match(month):
            raise HmError(f"the bill month is written YYYY-MM (2026-12), not '{month}'")
        try:
            amount = float(actual)
        except (TypeError, ValueError):
            raise HmError(f"the actual cost must be a number, not '{actual}'") from None
        if amount < 0:
            raise HmError("the actual cost cannot be negative")
        with self.ctx.write() as uow:
            s = uow.session
            wave = wave_of(s, wave_ref)
            window = read_windows(s, wave)[0]
            existing = s.exec(
                select(CloudBill).where(
                    CloudBill.wave_id == wave.id,
                    CloudBill.month == month,
                    CloudBill.deleted == False,  # noqa: E712
                )
            ).first()
            values = {
                "actual_cost": amount,
                "currency": (currency or window.currency or "CNY").upper(),
                "note": note.strip(),
                "entered_by": self.ctx.actor.name,
            }
            if existing is None:
                existing = uow.rec.create(CloudBill(wave_id=wave.id, month=month, **values))
            else:
                uow.rec.update(existing, values)
            return bill_lines(window.expected_monthly_cost, [existing])[0]


def _alive_check(s: Session, check_id: str) -> ObservationCheck:
    return record_of(s, ObservationCheck, check_id, "observation check")

"""Acceptance: a business system, a wave, then the whole migration (迁移完成验收), each
signed by a person with the customer role, with name and date.

A system is ready when its observation period has ended, no incident about it (or its
hosts) is open, every failed check about it is waived, and at least one business check
passed. A wave is ready when its period ended, every system of it is accepted and nothing of
the wave is open or failed without a waiver. The project is ready when every wave is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from hmfield.core.context import ServiceContext
from hmfield.core.errors import HmError
from hmfield.core.model.enums import PersonRole
from hmfield.core.model.inventory import BusinessSystem, Host
from hmfield.core.model.operate import AcceptanceSignoff, CheckResult, SignoffScope
from hmfield.core.model.plan import Wave, plan_zone
from hmfield.core.operate.checks import CheckView, wave_checks
from hmfield.core.operate.incidents import IncidentView, incidents_of
from hmfield.core.operate.periods import ObservationWindow, read_windows, signed_scopes, waves
from hmfield.core.operate.refs import (
    WaveHost,
    person_of,
    reading_once,
    system_of,
    wave_hosts,
    wave_of,
    wave_systems,
)
from hmfield.core.operate.texts import OperateWords


@dataclass(frozen=True)
class Readiness:
    scope: str
    name: str
    wave_id: str | None = None
    system_id: str | None = None
    blockers: list[tuple[str, dict]] = field(default_factory=list)
    signoff: AcceptanceSignoff | None = None
    notes: list[tuple[str, dict]] = field(default_factory=list)  # to review before signing

    @property
    def ready(self) -> bool:
        return not self.blockers

    @property
    def accepted(self) -> bool:
        return self.signoff is not None

    def blocker_texts(self, words: OperateWords) -> list[str]:
        out = []
        for key, values in self.blockers:
            if isinstance(values.get("why"), list):  # failure label keys of a check
                values = {**values, "why": ", ".join(words[k] for k in values["why"])}
            out.append(words(key, **values))
        return out

    def note_texts(self, words: OperateWords) -> list[str]:
        """What the signer should know (hosts without a recent check, checks needing
        attention): printed and shown beside the blockers, it does not block."""
        return [words(key, **values) for key, values in self.notes]


HOSTS_NAMED = 6  # a note names this many hosts, then counts the rest


def _host_list(names: list[str]) -> str:
    shown = ", ".join(names[:HOSTS_NAMED])
    return shown if len(names) <= HOSTS_NAMED else f"{shown} … (+{len(names) - HOSTS_NAMED})"


def coverage_notes(
    hosts: list[WaveHost], checks: list[CheckView], window: ObservationWindow, now: datetime
) -> list[tuple[str, dict]]:
    """Per host in scope: never checked in the period, no check in the period's last
    ``final_check_hours`` (rules.yaml), or its latest check needs attention."""
    from hmfield.core.operate.texts import rules

    if window.start is None or not hosts:
        return []
    hours = rules().final_check_hours
    last: dict[str, CheckView] = {}
    for c in checks:
        hid = c.check.host_id
        if hid and c.check.at and (hid not in last or c.check.at > last[hid].check.at):
            last[hid] = c
    never, stale, attention = [], [], []
    late_from = window.end - timedelta(hours=hours) if hours else None
    for h in sorted(hosts, key=lambda h: h.name):
        c = last.get(h.id)
        if c is None:
            never.append(h.name)
            continue
        if late_from is not None and now >= window.end and c.check.at < late_from:
            stale.append(h.name)
        if c.outcome == "attention":
            attention.append(h.name)
    out: list[tuple[str, dict]] = []
    if never:
        out.append(("note_never_checked", {"hosts": _host_list(never), "count": len(never)}))
    if stale:
        out.append(("note_no_final_check", {"hosts": _host_list(stale), "count": len(stale),
                                            "hours": f"{hours:g}"}))  # fmt: skip
    if attention:
        out.append(("note_attention", {"hosts": _host_list(attention), "count": len(attention)}))
    return out


def _window_blockers(w: ObservationWindow, now: datetime, tz: str) -> list[tuple[str, dict]]:
    state = w.state(now)
    name = w.subject
    if state == "not_cut_over":
        return [("blocker_not_cut_over", {"name": name})]
    if state == "rolled_back":
        return [("blocker_rolled_back", {"name": name})]
    if state == "observing":
        end = w.end.astimezone(ZoneInfo(tz)).strftime("%Y-%m-%d %H:%M")
        return [("blocker_observing", {"name": name, "end": end})]
    return []


def _item_blockers(checks: list[CheckView], incidents: list[IncidentView]):
    out: list[tuple[str, dict]] = []
    for i in incidents:
        if i.is_open:
            out.append(("blocker_open_incident", {"symptom": i.incident.symptom}))
    for c in checks:
        if c.outcome == "failed":
            out.append(
                ("blocker_failed_check", {"subject": c.subject, "why": c.judgement.failures})
            )
    return out


def _about_system(s: Session, system: BusinessSystem, wave_id: str):
    live = (Host.business_system_id == system.id) & (Host.deleted == False)  # noqa: E712
    host_ids = set(s.exec(select(Host.id).where(live)))
    checks = [
        c
        for c in wave_checks(s, wave_id)
        if c.system_id == system.id or c.check.host_id in host_ids
    ]
    incidents = [
        i
        for i in incidents_of(s, wave_id)
        if i.incident.business_system_id == system.id or i.incident.host_id in host_ids
    ]
    return checks, incidents


def system_readiness(s: Session, wave: Wave, system: BusinessSystem, now: datetime) -> Readiness:
    tz = report_tz_of(s)
    window = next(w for w in read_windows(s, wave, systems=True) if w.system_id == system.id)
    checks, incidents = _about_system(s, system, wave.id)
    blockers = _window_blockers(window, now, tz) + _item_blockers(checks, incidents)
    if not any(c.check.business_result == CheckResult.PASS.value for c in checks):
        blockers.append(("blocker_no_business_check", {"name": system.name}))
    signed = signed_scopes(s).get((SignoffScope.SYSTEM.value, wave.id, system.id))
    hosts = [h for h in wave_hosts(s, wave.id) if h.business_system_id == system.id]
    notes = coverage_notes(hosts, checks, window, now)
    return Readiness("system", system.name, wave.id, system.id, blockers, signed, notes)


def wave_readiness(s: Session, wave: Wave, now: datetime) -> Readiness:
    tz = report_tz_of(s)
    window = read_windows(s, wave)[0]
    checks, incidents = wave_checks(s, wave.id), incidents_of(s, wave.id)
    blockers = _window_blockers(window, now, tz) + _item_blockers(checks, incidents)
    signed = signed_scopes(s)
    systems = wave_systems(s, wave.id)
    for b in systems:
        if (SignoffScope.SYSTEM.value, wave.id, b.id) not in signed:
            blockers.append(("blocker_system", {"name": b.name}))
    if not systems and not any(c.check.business_result == CheckResult.PASS.value for c in checks):
        blockers.append(("blocker_no_business_check", {"name": wave.name}))
    own = signed.get((SignoffScope.WAVE.value, wave.id, None))
    ids = {b.id for b in systems}
    hosts = [h for h in wave_hosts(s, wave.id) if h.business_system_id not in ids]
    notes = coverage_notes(hosts, checks, window, now)
    return Readiness("wave", wave.name, wave.id, None, blockers, own, notes)


def project_readiness(s: Session) -> Readiness:
    signed = signed_scopes(s)
    all_waves = waves(s)
    blockers = [
        ("blocker_wave", {"name": w.name})
        for w in all_waves
        if (SignoffScope.WAVE.value, w.id, None) not in signed
    ]
    if not all_waves:
        blockers.append(("blocker_no_waves", {}))
    own = signed.get((SignoffScope.PROJECT.value, None, None))
    return Readiness("project", "", None, None, blockers, own)


def report_tz_of(s: Session) -> str:
    """The plan's zone (as ``runbooks.paper.report_tz``), read in the caller's session."""
    return plan_zone(s)


class SignoffService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # -- reads ----------------------------------------------------------------------------
    def wave(self, wave_ref: str) -> tuple[Readiness, list[Readiness]]:
        """The wave's readiness and its business systems' (in name order)."""
        now = self.ctx.clock.now()
        with self.ctx.read() as s, reading_once(s):
            wave = wave_of(s, wave_ref)
            systems = [system_readiness(s, wave, b, now) for b in wave_systems(s, wave.id)]
            return wave_readiness(s, wave, now), systems

    def project(self) -> Readiness:
        with self.ctx.read() as s:
            return project_readiness(s)

    # -- writes ---------------------------------------------------------------------------
    def accept(
        self,
        by: str,
        *,
        wave: str | None = None,
        system: str | None = None,
        on: date | None = None,
        note: str = "",
    ) -> AcceptanceSignoff:
        """Sign off a business system (``system``), a wave (``wave`` alone) or, with neither,
        the whole migration. Refused with the list of what still blocks it."""
        with self.ctx.write() as uow:
            s = uow.session
            now = uow.rec.now
            if system:
                b = system_of(s, system)
                w = wave_of(s, wave) if wave else (s.get(Wave, b.wave_id) if b.wave_id else None)
                if w is None:
                    w = _wave_holding(s, b)
                readiness = system_readiness(s, w, b, now)
            elif wave:
                w = wave_of(s, wave)
                readiness = wave_readiness(s, w, now)
            else:
                readiness = project_readiness(s)
            what = _what(readiness)
            if readiness.accepted:
                raise HmError(f"{what} is already accepted")
            if not readiness.ready:
                from hmfield.core.operate.texts import words

                reasons = "; ".join(readiness.blocker_texts(words("en")))
                raise HmError(f"{what} cannot be accepted yet: {reasons}")
            person = person_of(s, by, "acceptance", role=PersonRole.CUSTOMER.value)
            day = on or now.astimezone(ZoneInfo(report_tz_of(s))).date()
            return uow.rec.create(
                AcceptanceSignoff(
                    scope=readiness.scope,
                    wave_id=readiness.wave_id,
                    business_system_id=readiness.system_id,
                    signed_by_id=person.id,
                    signed_by_name=person.name,
                    signed_on=day,
                    note=(note or "").strip(),
                )
            )

    def notes_of(self, row: AcceptanceSignoff, words: OperateWords) -> list[str]:
        """What the signer was to review for ``row``'s scope (coverage of the checks)."""
        now = self.ctx.clock.now()
        with self.ctx.read() as s:
            wave = s.get(Wave, row.wave_id) if row.wave_id else None
            if wave is None:
                return []
            if row.business_system_id:
                system = s.get(BusinessSystem, row.business_system_id)
                readiness = system_readiness(s, wave, system, now)
            else:
                readiness = wave_readiness(s, wave, now)
        return readiness.note_texts(words)

    def withdraw(self, signoff_id: str) -> None:
        """Take a sign-off back (a new problem after acceptance); audited like any change."""
        with self.ctx.write() as uow:
            row = uow.session.get(AcceptanceSignoff, signoff_id) if signoff_id else None
            if row is None or row.deleted:
                raise HmError(f"no acceptance sign-off with id {signoff_id}")
            uow.rec.delete(row)


def _what(r: Readiness) -> str:
    if r.scope == "project":
        return "the migration (project acceptance)"
    return f"{'business system' if r.scope == 'system' else 'wave'} '{r.name}'"


def _wave_holding(s: Session, b: BusinessSystem) -> Wave:
    host = s.exec(
        select(Host).where(
            Host.business_system_id == b.id,
            Host.wave_id != None,  # noqa: E711
            Host.deleted == False,  # noqa: E712
        )
    ).first()
    if host is None:
        raise HmError(f"business system '{b.name}' is in no wave; name it with --wave")
    return s.get(Wave, host.wave_id)

"""Drills (seed stage six): launch validation hosts, check they boot and the business works,
clean up, and keep the findings until they are fixed or accepted.

Open must-fix findings of a wave are printed on its cutover runbook: a cutover should not
start with a known problem nobody decided about.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session, or_, select

from hmfield.core.context import ServiceContext
from hmfield.core.errors import HmError
from hmfield.core.model.inventory import BusinessSystem, Host
from hmfield.core.model.plan import Wave
from hmfield.core.model.project import Person
from hmfield.core.model.runbook import (
    BusinessResult,
    DrillHostResult,
    DrillRun,
    DrillStatus,
    Finding,
    FindingStatus,
)
from hmfield.core.runbooks.checklist_link import after_drill_results
from hmfield.core.runbooks.service import _get

RESULT_FIELDS = (
    "launched_at",
    "boot_verified",
    "boot_verified_at",
    "business_result",
    "comment",
    "evidence",
    "cleaned_up_at",
)
FINDING_FIELDS = ("title", "host_id", "owner_id", "must_fix_before_cutover", "status", "notes")


def _not_deleted(model):
    return model.deleted == False  # noqa: E712


class DrillRunService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx
        self.warnings: list[str] = []  # checklist updates that failed after the last write

    # -- drills ---------------------------------------------------------------------------
    def drills(self, wave_id: str | None = None) -> list[DrillRun]:
        """Drills of a wave (its own and those of its business systems), newest last."""
        with self.ctx.read() as s:
            stmt = select(DrillRun).where(_not_deleted(DrillRun)).order_by(DrillRun.started_at)
            if wave_id:
                systems = _wave_system_ids(s, wave_id)
                stmt = stmt.where(
                    or_(
                        DrillRun.wave_id == wave_id,
                        DrillRun.business_system_id.in_(systems),  # type: ignore[union-attr]
                    )
                )
            return list(s.exec(stmt))

    def get(self, drill_id: str) -> DrillRun:
        with self.ctx.read() as s:
            return _get(s, DrillRun, drill_id, "drill")

    def start_drill(self, wave_id: str | None = None, system_id: str | None = None) -> DrillRun:
        """A drill of one wave or one business system, with a result row per host."""
        if bool(wave_id) == bool(system_id):
            raise HmError("a drill is of one wave or of one business system: name exactly one")
        with self.ctx.write() as uow:
            s = uow.session
            if wave_id:
                wave = _get(s, Wave, wave_id, "wave")
                hosts = s.exec(select(Host).where(Host.wave_id == wave.id, _not_deleted(Host)))
            else:
                system = _get(s, BusinessSystem, system_id, "business system")
                hosts = s.exec(
                    select(Host).where(Host.business_system_id == system.id, _not_deleted(Host))
                )
            hosts = sorted(hosts, key=lambda h: h.name)
            if not hosts:
                raise HmError("no hosts to drill: put hosts in the wave or system first")
            drill = uow.rec.create(
                DrillRun(wave_id=wave_id, business_system_id=system_id, started_at=uow.rec.now)
            )
            uow.rec.bulk_create(
                DrillHostResult, [{"drill_run_id": drill.id, "host_id": h.id} for h in hosts]
            )
            return drill

    def finish_drill(self, drill_id: str, notes: str | None = None) -> DrillRun:
        with self.ctx.write() as uow:
            drill = _get(uow.session, DrillRun, drill_id, "drill")
            changes: dict[str, Any] = {
                "status": DrillStatus.COMPLETED.value,
                "ended_at": drill.ended_at or uow.rec.now,
            }
            if notes is not None:
                changes["notes"] = notes.strip()
            uow.rec.update(drill, changes)
            return drill

    # -- per-host results -----------------------------------------------------------------
    def results(self, drill_id: str) -> list[DrillHostResult]:
        with self.ctx.read() as s:
            return list(
                s.exec(
                    select(DrillHostResult)
                    .join(Host, Host.id == DrillHostResult.host_id)
                    .where(DrillHostResult.drill_run_id == drill_id, _not_deleted(DrillHostResult))
                    .order_by(Host.name)
                )
            )

    def update_result(self, result_id: str, **changes: Any) -> DrillHostResult:
        """Record launch, boot check, business result, evidence or clean-up for one host.

        Setting ``boot_verified`` stamps its time (unless given); ``launched=True`` and
        ``cleaned_up=True`` stamp now, so one click records the moment.
        """
        return self.update_results([result_id], **changes)[0]

    def update_results(self, result_ids: list[str], **changes: Any) -> list[DrillHostResult]:
        """The same result for many hosts of a drill in one transaction (all or nothing,
        each host's change audited), as ``update_result`` does for one; then stage six's
        per-host checklist items follow for all of them at once."""
        ids = list(dict.fromkeys(result_ids))
        if not ids:
            raise HmError("no drill results chosen; nothing was changed")
        out = []
        with self.ctx.write() as uow:
            for result_id in ids:
                result = _get(uow.session, DrillHostResult, result_id, "drill result")
                uow.rec.update(result, _result_changes(result, dict(changes), uow.rec.now))
                out.append(result)
        # the stage-six host grid follows (its own transaction, after this one committed)
        self.warnings = after_drill_results(self.ctx, out)
        return out

    # -- findings -------------------------------------------------------------------------
    def findings(self, drill_id: str | None = None, wave_id: str | None = None) -> list[Finding]:
        with self.ctx.read() as s:
            stmt = select(Finding).where(_not_deleted(Finding))
            if drill_id:
                stmt = stmt.where(Finding.drill_run_id == drill_id)
            if wave_id:
                ids = [d.id for d in self.drills(wave_id)]
                stmt = stmt.where(Finding.drill_run_id.in_(ids))  # type: ignore[attr-defined]
            return list(s.exec(stmt.order_by(Finding.created_at)))

    def open_must_fix(self, wave_id: str) -> list[Finding]:
        """What the cutover runbook of the wave must show: must-fix findings still open."""
        return [
            f
            for f in self.findings(wave_id=wave_id)
            if f.must_fix_before_cutover and f.status == FindingStatus.OPEN
        ]

    def add_finding(self, drill_id: str, title: str, **values: Any) -> Finding:
        if not (title or "").strip():
            raise HmError("a finding needs a title")
        with self.ctx.write() as uow:
            _get(uow.session, DrillRun, drill_id, "drill")
            values["title"] = title.strip()
            _check_finding(uow.session, values)
            return uow.rec.create(Finding(drill_run_id=drill_id, **values))

    def update_finding(self, finding_id: str, **changes: Any) -> Finding:
        with self.ctx.write() as uow:
            finding = _get(uow.session, Finding, finding_id, "finding")
            _check_finding(uow.session, changes)
            uow.rec.update(finding, changes)
            return finding

    def remove_finding(self, finding_id: str) -> None:
        with self.ctx.write() as uow:
            uow.rec.delete(_get(uow.session, Finding, finding_id, "finding"))

    def restore_finding(self, finding_id: str) -> None:
        with self.ctx.write() as uow:
            uow.rec.restore(_get(uow.session, Finding, finding_id, "finding", deleted=True))


def _check_finding(s: Session, values: dict[str, Any]) -> None:
    bad = sorted(set(values) - set(FINDING_FIELDS))
    if bad:
        raise HmError(f"finding: {', '.join(bad)} cannot be set")
    if "title" in values and not str(values["title"] or "").strip():
        raise HmError("a finding needs a title")
    status = values.get("status")
    if status is not None and status not in {x.value for x in FindingStatus}:
        raise HmError(f"a finding is open, fixed or accepted, not '{status}'")
    owner = values.get("owner_id")
    if owner and (s.get(Person, owner) is None):
        raise HmError(f"no person with id {owner}")
    host = values.get("host_id")
    if host and (s.get(Host, host) is None):
        raise HmError(f"no host with id {host}")


def _wave_system_ids(s: Session, wave_id: str) -> list[str]:
    live = select(Host.business_system_id).where(Host.wave_id == wave_id, _not_deleted(Host))
    ids = {sid for sid in s.exec(live.distinct()) if sid}  # a column, not whole records
    ids |= {
        b.id
        for b in s.exec(select(BusinessSystem).where(BusinessSystem.wave_id == wave_id))
        if not b.deleted
    }
    return sorted(ids)


def _result_changes(result: DrillHostResult, changes: dict[str, Any], now) -> dict[str, Any]:
    """``update_result``'s changes checked and stamped: flags become times, a verified boot
    its time."""
    for flag, field in (("launched", "launched_at"), ("cleaned_up", "cleaned_up_at")):
        if flag in changes:
            changes[field] = now if changes.pop(flag) else None
    bad = sorted(set(changes) - set(RESULT_FIELDS))
    if bad:
        raise HmError(f"drill result: {', '.join(bad)} cannot be changed")
    if "business_result" in changes:
        value = changes["business_result"]
        if value not in {r.value for r in BusinessResult}:
            raise HmError(f"business verification is pass, fail or not_tested, not '{value}'")
    if "boot_verified" in changes:
        verified = bool(changes["boot_verified"])
        changes["boot_verified"] = verified
        if verified:
            changes.setdefault("boot_verified_at", result.boot_verified_at or now)
        else:
            changes["boot_verified_at"] = None
    for field in ("launched_at", "boot_verified_at", "cleaned_up_at"):
        value = changes.get(field)
        if value is not None and (not isinstance(value, datetime) or value.tzinfo is None):
            raise HmError(f"drill result: {field} must be a time with a zone")
    return changes

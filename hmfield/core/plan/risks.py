"""The rest of the plan a customer signs: the risk register, a rollback plan per wave, a drill
plan per business system and the network plan (seed 规划 待办1-4). Every change is audited.
"""

from __future__ import annotations

import math
from datetime import date, datetime

from sqlmodel import select

from hmfield.core.clock import to_utc
from hmfield.core.context import ServiceContext
from hmfield.core.errors import HmError
from hmfield.core.model.inventory import BusinessSystem
from hmfield.core.model.plan import DrillPlan, NetworkPlan, Risk, RollbackPlan, Wave
from hmfield.core.model.project import Person

RISK_FIELDS = tuple(Risk.data_fields())
RISK_CATEGORIES = ("technical", "business", "schedule", "resource", "security", "other")
RISK_STATUSES = ("open", "mitigating", "closed", "accepted")
ROLLBACK_FIELDS = tuple(RollbackPlan.data_fields())
DRILL_FIELDS = tuple(DrillPlan.data_fields())
NETWORK_FIELDS = tuple(NetworkPlan.data_fields())
CONNECTION_TYPES = ("public", "vpn", "direct_connect")


def _unknown(values: dict, allowed, what: str) -> None:
    extra = set(values) - set(allowed)
    if extra:
        raise HmError(f"unknown {what} field(s): {', '.join(sorted(extra))}")


def _person(session, pid: str | None) -> None:
    if pid is None:
        return
    p = session.get(Person, pid)
    if p is None or p.deleted:
        raise HmError(f"no person with id {pid}")


def _check_risk(values: dict, session) -> dict:
    _unknown(values, RISK_FIELDS, "risk")
    out = dict(values)
    if "title" in out:
        out["title"] = (out["title"] or "").strip()
        if not out["title"]:
            raise HmError("a risk needs a title")
    for key in ("likelihood", "impact"):
        if key in out and (not isinstance(out[key], int) or not 1 <= out[key] <= 5):
            raise HmError(f"{key} must be a whole number from 1 to 5 (got {out[key]})")
    if "category" in out and out["category"] not in RISK_CATEGORIES:
        raise HmError(
            f"unknown risk category {out['category']!r}; use one of {', '.join(RISK_CATEGORIES)}"
        )
    if "status" in out and out["status"] not in RISK_STATUSES:
        raise HmError(
            f"unknown risk status {out['status']!r}; use one of {', '.join(RISK_STATUSES)}"
        )
    if "owner_id" in out:
        _person(session, out["owner_id"])
    return out


def _check_rollback(values: dict, session) -> dict:
    _unknown(values, ROLLBACK_FIELDS, "rollback plan")
    out = dict(values)
    if "wave_id" in out:
        wave = session.get(Wave, out["wave_id"] or "")
        if wave is None or wave.deleted:
            raise HmError(f"no wave with id {out['wave_id']}")
    ponr = out.get("point_of_no_return")
    if isinstance(ponr, datetime):
        if ponr.tzinfo is None:
            raise HmError("the point of no return needs a time zone")
        out["point_of_no_return"] = to_utc(ponr)
    for pid in out.get("decision_maker_ids") or []:
        _person(session, pid)
    if "decision_maker_ids" in out:
        out["decision_maker_ids"] = list(dict.fromkeys(out["decision_maker_ids"] or []))
    m = out.get("max_rollback_minutes")
    if m is not None and (not isinstance(m, int) or m <= 0):
        raise HmError(f"maximum rollback duration must be a positive number of minutes (got {m})")
    return out


def _check_drill(values: dict, session) -> dict:
    _unknown(values, DRILL_FIELDS, "drill plan")
    out = dict(values)
    if "business_system_id" in out:
        bs = session.get(BusinessSystem, out["business_system_id"] or "")
        if bs is None or bs.deleted:
            raise HmError(f"no business system with id {out['business_system_id']}")
    if (
        "planned_date" in out
        and out["planned_date"] is not None
        and not isinstance(out["planned_date"], date)
    ):
        raise HmError("the planned date must be a date")
    if "method" in out:
        out["method"] = (out["method"] or "").strip() or "Boot in Cloud"
    return out


def _check_network(values: dict) -> dict:
    _unknown(values, NETWORK_FIELDS, "network plan")
    out = dict(values)
    if "connection_type" in out and out["connection_type"] not in CONNECTION_TYPES:
        raise HmError(
            f"unknown connection type {out['connection_type']!r}; use one of {', '.join(CONNECTION_TYPES)}"
        )
    bw = out.get("bandwidth_mbps")
    if bw is not None and (math.isnan(bw) or bw <= 0):
        raise HmError(f"bandwidth must be greater than 0 Mbps (got {bw})")
    share = out.get("usable_share")
    if "usable_share" in out and (share is None or math.isnan(share) or not 0 < share <= 1):
        raise HmError(f"usable share must be above 0 and at most 1 (got {share})")
    rate = out.get("daily_change_rate")
    if "daily_change_rate" in out and (rate is None or math.isnan(rate) or not 0 <= rate <= 1):
        raise HmError(f"daily change rate must be between 0 and 1 (got {rate})")
    conc = out.get("concurrency")
    if "concurrency" in out and (not isinstance(conc, int) or conc < 1):
        raise HmError(f"concurrency must be 1 or more (got {conc})")
    return out


class _Crud:
    model: type
    what: str

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def list(self) -> list:
        with self.ctx.read() as s:
            stmt = select(self.model).where(self.model.deleted.is_(False))
            return list(s.exec(stmt.order_by(self.model.created_at)))

    def _get(self, session, rid: str):
        row = session.get(self.model, rid)
        if row is None or row.deleted:
            raise HmError(f"no {self.what} with id {rid}")
        return row

    def remove(self, rid: str) -> None:
        with self.ctx.write() as uow:
            uow.rec.delete(self._get(uow.session, rid))

    def restore(self, rid: str) -> None:
        with self.ctx.write() as uow:
            row = uow.session.get(self.model, rid)
            if row is None:
                raise HmError(f"no {self.what} with id {rid}")
            uow.rec.restore(row)

    def _upsert(self, uow, key: str, clean: dict):
        """Create the one live record whose ``key`` column matches, or update it."""
        column = getattr(self.model, key)
        row = uow.session.exec(
            select(self.model).where(column == clean[key], self.model.deleted.is_(False))
        ).first()
        if row is None:
            return uow.rec.create(self.model(**clean))
        uow.rec.update(row, clean)
        return row


class RiskService(_Crud):
    model, what = Risk, "risk"

    def list(self) -> list[Risk]:
        return sorted(super().list(), key=lambda r: (-r.score, r.title))

    def add(self, title: str, **values) -> Risk:
        with self.ctx.write() as uow:
            clean = _check_risk({"title": title, **values}, uow.session)
            return uow.rec.create(Risk(**clean))

    def update(self, risk_id: str, **changes) -> dict:
        with self.ctx.write() as uow:
            risk = self._get(uow.session, risk_id)
            return uow.rec.update(risk, _check_risk(changes, uow.session))


class RollbackService(_Crud):
    model, what = RollbackPlan, "rollback plan"

    def for_wave(self, wave_id: str) -> RollbackPlan | None:
        return next((p for p in self.list() if p.wave_id == wave_id), None)

    def save(self, wave_id: str, **values) -> RollbackPlan:
        """Create the wave's rollback plan or update the one it has (one per wave)."""
        with self.ctx.write() as uow:
            clean = _check_rollback({"wave_id": wave_id, **values}, uow.session)
            return self._upsert(uow, "wave_id", clean)


class DrillPlanService(_Crud):
    model, what = DrillPlan, "drill plan"

    def for_system(self, system_id: str) -> DrillPlan | None:
        return next((p for p in self.list() if p.business_system_id == system_id), None)

    def save(self, system_id: str, **values) -> DrillPlan:
        """Create the business system's drill plan or update the one it has."""
        with self.ctx.write() as uow:
            clean = _check_drill({"business_system_id": system_id, **values}, uow.session)
            return self._upsert(uow, "business_system_id", clean)


class NetworkPlanService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def get(self) -> NetworkPlan | None:
        with self.ctx.read() as s:
            return s.exec(select(NetworkPlan).where(NetworkPlan.deleted.is_(False))).first()

    def save(self, **values) -> NetworkPlan:
        clean = _check_network(values)
        with self.ctx.write() as uow:
            row = uow.session.exec(
                select(NetworkPlan).where(NetworkPlan.deleted.is_(False))
            ).first()
            if row is None:
                return uow.rec.create(NetworkPlan(**clean))
            uow.rec.update(row, clean)
            return row

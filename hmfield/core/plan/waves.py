"""Waves by hand: create, rename, set windows, reorder, delete, assign hosts and business
systems, and the engineer's per-host cutover minutes. Every change is audited.

Windows are aware datetimes stored UTC (screens convert from and to the plan's time zone).
A host is in at most one wave by construction: ``Host.wave_id`` holds it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import datetime

from sqlmodel import select

from hmfield.core.assess.verdicts import carry_verdicts
from hmfield.core.clock import to_utc
from hmfield.core.context import ServiceContext
from hmfield.core.errors import HmError
from hmfield.core.model.assess import NonHostObject
from hmfield.core.model.inventory import BusinessSystem, Host
from hmfield.core.model.plan import HostTimeEstimate, ObjectWave, RollbackPlan, Wave

WAVE_FIELDS = (
    "name",
    "order",
    "drill_start",
    "drill_end",
    "cutover_start",
    "cutover_end",
    "status",
    "notes",
)
STATUSES = ("planned", "drilled", "cutting_over", "done", "rolled_back")
ESTIMATE_FIELDS = ("final_sync_min", "boot_min", "verify_min")


def set_host_waves(uow, changes: list[tuple[str, dict[str, tuple]]]) -> None:
    """Write ``Host.wave_id`` changes ((host id, {"wave_id": (old, new)})) through the Recorder.

    The old value is read again from the project (not taken from ``changes``), and hosts whose
    wave already is the new one are left alone: the audit trail says what really changed. One
    ``Recorder.bulk_update`` for all of them (per-record ORM updates took ~3 s for 10,000 hosts).
    """
    wanted = {hid: fields["wave_id"][1] for hid, fields in changes if fields}
    ids = list(wanted)
    col_id, col_wave = Host.__table__.c.id, Host.__table__.c.wave_id
    batch = []
    for start in range(0, len(ids), 500):
        part = ids[start : start + 500]
        for hid, old in uow.session.execute(select(col_id, col_wave).where(col_id.in_(part))):
            new = wanted[hid]
            if old != new:
                batch.append((hid, {"wave_id": (old, new)}))
    carry_verdicts(uow, [hid for hid, _ in batch], {"wave_id"})  # no rule reads the wave
    uow.rec.bulk_update(Host, batch)


def set_object_waves(uow, waves: dict[str, str | None]) -> None:
    """Put non-host objects (object id -> wave id or None) into waves, one row per object."""
    if not waves:
        return
    rows = {
        r.object_id: r
        for r in uow.session.exec(select(ObjectWave).where(ObjectWave.deleted.is_(False)))
    }
    for oid, wid in waves.items():
        row = rows.get(oid)
        if row is None:
            if wid is not None:
                uow.rec.create(ObjectWave(object_id=oid, wave_id=wid))
        else:
            uow.rec.update(row, {"wave_id": wid})


def _refuse_out_of_scope(session, host_ids: list[str]) -> None:
    out = session.exec(
        select(Host.name).where(Host.id.in_(host_ids), Host.in_scope.is_(False))
    ).all()
    if out:
        raise HmError(
            f"out of scope, put them in scope first: {', '.join(n or '?' for n in out[:5])}"
        )


def _check_wave(values: dict, current: Wave | None = None) -> dict:
    unknown = set(values) - set(WAVE_FIELDS)
    if unknown:
        raise HmError(f"unknown wave field(s): {', '.join(sorted(unknown))}")
    out = dict(values)
    if "name" in out:
        out["name"] = (out["name"] or "").strip()
        if not out["name"]:
            raise HmError("a wave needs a name")
    if "status" in out and out["status"] not in STATUSES:
        raise HmError(f"unknown wave status {out['status']!r}; use one of {', '.join(STATUSES)}")
    for key in ("drill_start", "drill_end", "cutover_start", "cutover_end"):
        value = out.get(key)
        if isinstance(value, datetime):
            if value.tzinfo is None:
                raise HmError(f"{key.replace('_', ' ')} needs a time zone")
            out[key] = to_utc(value)
    for kind in ("drill", "cutover"):
        start = out.get(f"{kind}_start", getattr(current, f"{kind}_start", None))
        end = out.get(f"{kind}_end", getattr(current, f"{kind}_end", None))
        if start is not None and end is not None and end <= start:
            raise HmError(f"the {kind} window must end after it starts")
    return out


def add_wave(uow, **values) -> Wave:
    """A new wave inside the caller's transaction (last in order unless ``order`` is given)."""
    values = _check_wave(values)
    if "order" not in values:
        orders = [w.order for w in uow.session.exec(select(Wave).where(Wave.deleted.is_(False)))]
        values["order"] = max(orders, default=-1) + 1
    return uow.rec.create(Wave(**values))


def update_wave(uow, wave_id: str, changes: dict) -> dict:
    """Change a wave's fields inside the caller's transaction; the changed fields."""
    wave = WaveService._live(uow.session, wave_id)
    return uow.rec.update(wave, _check_wave(changes, wave))


class WaveService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def list(self) -> list[Wave]:
        with self.ctx.read() as s:
            stmt = select(Wave).where(Wave.deleted.is_(False)).order_by(Wave.order, Wave.name)
            return list(s.exec(stmt))

    def get(self, wave_id: str) -> Wave:
        with self.ctx.read() as s:
            wave = s.get(Wave, wave_id)
        if wave is None or wave.deleted:
            raise HmError(f"no wave with id {wave_id}")
        return wave

    def add(self, name: str, **values) -> Wave:
        values = _check_wave({"name": name, **values})
        with self.ctx.write() as uow:
            return add_wave(uow, **values)

    def update(self, wave_id: str, **changes) -> dict:
        with self.ctx.write() as uow:
            return update_wave(uow, wave_id, changes)

    def move(self, wave_id: str, delta: int) -> list[Wave]:
        """Move a wave earlier (-1) or later (+1); orders are renumbered 0..n-1."""
        with self.ctx.write() as uow:
            waves = list(
                uow.session.exec(
                    select(Wave).where(Wave.deleted.is_(False)).order_by(Wave.order, Wave.name)
                )
            )
            pos = next((i for i, w in enumerate(waves) if w.id == wave_id), None)
            if pos is None:
                raise HmError(f"no wave with id {wave_id}")
            target = max(0, min(len(waves) - 1, pos + delta))
            waves.insert(target, waves.pop(pos))
            for i, w in enumerate(waves):
                uow.rec.update(w, {"order": i})
        return waves

    def remove(self, wave_id: str) -> int:
        """Tombstone the wave and take its hosts and systems out of it; returns hosts freed."""
        with self.ctx.write() as uow:
            wave = self._live(uow.session, wave_id)
            hosts = list(uow.session.exec(select(Host.id).where(Host.wave_id == wave_id)))
            set_host_waves(uow, [(h, {"wave_id": (wave_id, None)}) for h in hosts])
            for system in uow.session.exec(
                select(BusinessSystem).where(BusinessSystem.wave_id == wave_id)
            ):
                uow.rec.update(system, {"wave_id": None})
            for row in uow.session.exec(select(ObjectWave).where(ObjectWave.wave_id == wave_id)):
                uow.rec.update(row, {"wave_id": None})
            for plan in uow.session.exec(
                select(RollbackPlan).where(RollbackPlan.wave_id == wave_id)
            ):
                uow.rec.delete(plan)
            uow.rec.delete(wave)
        return len(hosts)

    def assign(
        self,
        wave_id: str | None,
        host_ids: Iterable[str] = (),
        system_ids: Iterable[str] = (),
        object_ids: Iterable[str] = (),
    ) -> int:
        """Put hosts (and every host of the given business systems, and non-host objects) into
        ``wave_id`` (None takes them out). Returns how many hosts changed wave."""
        host_ids, system_ids, object_ids = list(host_ids), list(system_ids), list(object_ids)
        with self.ctx.write() as uow:
            s = uow.session
            if wave_id is not None:
                self._live(s, wave_id)
            for sid in system_ids:
                system = s.get(BusinessSystem, sid)
                if system is None or system.deleted:
                    raise HmError(f"no business system with id {sid}")
                uow.rec.update(system, {"wave_id": wave_id})
            rows = {}
            if system_ids:
                stmt = select(Host.id, Host.wave_id).where(
                    Host.business_system_id.in_(system_ids),
                    Host.deleted.is_(False),
                    Host.in_scope.is_not(False),  # out-of-scope hosts stay out of waves
                )
                rows.update(dict(s.exec(stmt).all()))
            for chunk in range(0, len(host_ids), 500):
                part = host_ids[chunk : chunk + 500]
                found = dict(
                    s.exec(
                        select(Host.id, Host.wave_id).where(
                            Host.id.in_(part), Host.deleted.is_(False)
                        )
                    ).all()
                )
                missing = [h for h in part if h not in found]
                if missing:
                    raise HmError(f"no host with id {missing[0]}")
                if wave_id is not None:
                    _refuse_out_of_scope(s, part)
                rows.update(found)
            for oid in object_ids:
                obj = s.get(NonHostObject, oid)
                if obj is None or obj.deleted:
                    raise HmError(f"no non-host object with id {oid}")
            set_object_waves(uow, dict.fromkeys(object_ids, wave_id))
            changes = [
                (h, {"wave_id": (old, wave_id)}) for h, old in rows.items() if old != wave_id
            ]
            set_host_waves(uow, changes)
        return len(changes)

    # -- per-host cutover minutes ---------------------------------------------------------
    def estimates(self) -> dict[str, HostTimeEstimate]:
        with self.ctx.read() as s:
            stmt = select(HostTimeEstimate).where(HostTimeEstimate.deleted.is_(False))
            return {e.host_id: e for e in s.exec(stmt)}

    def set_estimate(self, host_id: str, **minutes: float | None) -> HostTimeEstimate:
        """Store the engineer's minutes for a host (None = back to the computed default)."""
        unknown = set(minutes) - set(ESTIMATE_FIELDS)
        if unknown:
            raise HmError(f"unknown estimate field(s): {', '.join(sorted(unknown))}")
        for key, value in minutes.items():
            if value is not None and (math.isnan(value) or value < 0 or value > 7 * 24 * 60):
                raise HmError(f"{key.replace('_', ' ')} must be between 0 and one week in minutes")
        with self.ctx.write() as uow:
            host = uow.session.get(Host, host_id)
            if host is None or host.deleted:
                raise HmError(f"no host with id {host_id}")
            est = uow.session.exec(
                select(HostTimeEstimate).where(
                    HostTimeEstimate.host_id == host_id,
                    HostTimeEstimate.deleted.is_(False),
                )
            ).first()
            if est is None:
                est = uow.rec.create(HostTimeEstimate(host_id=host_id, **minutes))
            else:
                uow.rec.update(est, minutes)
        return est

    @staticmethod
    def _live(session, wave_id: str) -> Wave:
        wave = session.get(Wave, wave_id)
        if wave is None or wave.deleted:
            raise HmError(f"no wave with id {wave_id}")
        return wave

"""Reading and verifying the audit trail."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import select

from hmfield.core.audit.chain import GENESIS, event_hash
from hmfield.core.clock import to_utc
from hmfield.core.context import ServiceContext
from hmfield.core.model.audit import AuditEvent
from hmfield.core.model.base import to_jsonable


@dataclass(frozen=True)
class ChainProblem:
    event_id: str
    device_id: str
    seq: int
    reason: str

    def __str__(self) -> str:
        return (
            f"audit event {self.event_id} (device {self.device_id[:8]}, #{self.seq}): {self.reason}"
        )


def event_dict(ev: AuditEvent) -> dict:
    return {
        "id": ev.id,
        "device_id": ev.device_id,
        "seq": ev.seq,
        "at": to_jsonable(ev.at),
        "person_id": ev.person_id,
        "person_name": ev.person_name,
        "entity": ev.entity,
        "entity_id": ev.entity_id,
        "action": ev.action,
        "field": ev.field,
        "old_value": ev.old_value,
        "new_value": ev.new_value,
        "prev_hash": ev.prev_hash,
        "hash": ev.hash,
    }


def verify_events(events: Iterator[dict]) -> ChainProblem | None:
    """Check every device's chain (events sorted by device then seq); first problem or None."""
    device, expect_seq, prev = None, 0, GENESIS
    for ev in events:
        if ev["device_id"] != device:
            device, expect_seq, prev = ev["device_id"], 1, GENESIS
        problem = None
        if ev["seq"] != expect_seq:
            problem = f"sequence gap: expected #{expect_seq}"
        elif ev["prev_hash"] != prev:
            problem = "link to the previous event is broken (an event was removed or changed)"
        elif event_hash(ev) != ev["hash"]:
            problem = "content does not match its hash (the event was altered)"
        if problem:
            return ChainProblem(ev["id"], ev["device_id"], ev["seq"], problem)
        expect_seq, prev = ev["seq"] + 1, ev["hash"]
    return None


class AuditService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def events(
        self,
        *,
        person_id: str | None = None,
        entity: str | None = None,
        entity_id: str | None = None,
        limit: int | None = None,
        newest_first: bool = True,
        person_name: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> list[AuditEvent]:
        """The audit log, filtered by person (id or name), record kind and id, and time
        (``since`` inclusive, ``until`` exclusive; aware datetimes)."""
        stmt = select(AuditEvent)
        if person_id:
            stmt = stmt.where(AuditEvent.person_id == person_id)
        if person_name:
            stmt = stmt.where(AuditEvent.person_name == person_name)
        if since is not None:
            stmt = stmt.where(AuditEvent.at >= to_utc(since))
        if until is not None:
            stmt = stmt.where(AuditEvent.at < to_utc(until))
        if entity:
            stmt = stmt.where(AuditEvent.entity == entity)
        if entity_id:
            stmt = stmt.where(AuditEvent.entity_id == entity_id)
        order = (
            (AuditEvent.at.desc(), AuditEvent.seq.desc())
            if newest_first
            else (AuditEvent.at, AuditEvent.seq)
        )
        stmt = stmt.order_by(*order)
        if limit:
            stmt = stmt.limit(limit)
        with self.ctx.read() as s:
            return list(s.exec(stmt))

    def entities(self) -> list[str]:
        """The kinds of record the log names, sorted: one index seek per kind (the next
        ``entity`` above the last), where a DISTINCT read every entry of the index (77,000
        at 10,000 hosts: 55 ms on the GUI thread when the Overview is built)."""
        from sqlalchemy import func

        table = AuditEvent.__table__
        kinds = select(func.min(table.c.entity).label("entity")).cte("kinds", recursive=True)
        above = select(func.min(table.c.entity)).where(table.c.entity > kinds.c.entity)
        kinds = kinds.union_all(select(above.scalar_subquery()).where(kinds.c.entity.is_not(None)))
        stmt = select(kinds.c.entity).where(kinds.c.entity.is_not(None))
        with self.ctx.read() as s:
            return sorted(row[0] for row in s.execute(stmt))  # in Python order on any engine

    def verify(self) -> ChainProblem | None:
        with self.ctx.read() as s:
            rows = s.exec(select(AuditEvent).order_by(AuditEvent.device_id, AuditEvent.seq))
            return verify_events(event_dict(ev) for ev in rows)


def integrity_check(ctx: ServiceContext) -> str:
    """SQLite's own integrity check: 'ok' or the first problem."""
    with ctx.store.engine.connect() as conn:
        rows = conn.exec_driver_sql("PRAGMA integrity_check").fetchall()
    return "ok" if rows and rows[0][0] == "ok" else "; ".join(r[0] for r in rows[:3])

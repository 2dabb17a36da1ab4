"""Writes records and their audit events together, inside the caller's transaction.

Every change a service makes goes through a Recorder so that it stamps bookkeeping
(UTC time from the clock, person, device, revision) and appends a hash-chained event per field.
Bulk variants use SQLAlchemy Core (10x faster than ORM adds for thousands of rows).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, select
from sqlmodel import Session

from hmfield.core.model.audit import AuditEvent
from hmfield.core.model.base import Record, new_id, to_jsonable
from hmfield.core.services.audit_chain import GENESIS, canonical, event_hash


class Recorder:
    def __init__(self, session: Session, ctx) -> None:
        self.session = session
        self.ctx = ctx
        self._events: list[dict] = []
        self._head: tuple[int, str] | None = None
        self._at: datetime | None = None

    # -- time and chain -------------------------------------------------------------------
    @property
    def now(self) -> datetime:
        """One clock reading per transaction: a use case happens at one instant."""
        if self._at is None:
            self._at = self.ctx.clock.now()
        return self._at

    def _next_link(self) -> tuple[int, str]:
        if self._head is None:
            row = self.session.execute(
                select(AuditEvent.seq, AuditEvent.hash)
                .where(AuditEvent.device_id == self.ctx.actor.device_id)
                .order_by(AuditEvent.seq.desc())
                .limit(1)
            ).first()
            self._head = (row[0], row[1]) if row else (0, GENESIS)
        return self._head

    def event(
        self,
        entity: str,
        entity_id: str,
        action: str,
        field: str | None = None,
        old: Any = None,
        new: Any = None,
    ) -> dict:
        seq, prev = self._next_link()
        actor = self.ctx.actor
        ev = {
            "id": new_id(),
            "device_id": actor.device_id,
            "seq": seq + 1,
            "at": to_jsonable(self.now),
            "person_id": actor.person_id,
            "person_name": actor.name,
            "entity": entity,
            "entity_id": entity_id,
            "action": action,
            "field": field,
            "old_value": canonical(old),
            "new_value": canonical(new),
            "prev_hash": prev,
        }
        ev["hash"] = event_hash(ev)
        self._head = (ev["seq"], ev["hash"])
        self._events.append(ev)
        return ev

    def flush(self) -> None:
        """Write the pending events (called by ServiceContext.write before commit)."""
        if self._events:
            rows = [dict(ev, at=datetime.fromisoformat(ev["at"])) for ev in self._events]
            # Core insert (not the ORM bulk path): several times faster for thousands of rows
            self.session.connection().execute(AuditEvent.__table__.insert(), rows)
            self._events.clear()

    # -- single records -------------------------------------------------------------------
    def _stamp(self, obj: Record) -> None:
        obj.updated_at = self.now
        obj.changed_by = self.ctx.actor.person_id
        obj.device_id = self.ctx.actor.device_id
        obj.revision = (obj.revision or 0) + 1

    def create(self, obj: Record) -> Record:
        if not obj.id:
            obj.id = new_id()
        obj.created_at = self.now
        self._stamp(obj)
        snapshot = {f: getattr(obj, f) for f in type(obj).data_fields()}
        self.session.add(obj)
        self.session.flush()
        self.event(type(obj).__tablename__, obj.id, "create", None, None, snapshot)
        return obj

    def update(self, obj: Record, changes: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
        """Apply ``changes``; only values that really differ are written and audited."""
        allowed = set(type(obj).data_fields())
        done: dict[str, tuple[Any, Any]] = {}
        for name, value in changes.items():
            if name not in allowed:
                raise ValueError(f"{type(obj).__name__} has no field {name!r}")
            old = getattr(obj, name)
            if to_jsonable(old) == to_jsonable(value):
                continue
            setattr(obj, name, value)
            done[name] = (old, value)
            self.event(type(obj).__tablename__, obj.id, "update", name, old, value)
        if done:
            self._stamp(obj)
            self.session.add(obj)
        return done

    def delete(self, obj: Record) -> bool:
        if obj.deleted:
            return False
        obj.deleted = True
        self._stamp(obj)
        self.session.add(obj)
        self.event(type(obj).__tablename__, obj.id, "delete")
        return True

    def restore(self, obj: Record) -> bool:
        if not obj.deleted:
            return False
        obj.deleted = False
        self._stamp(obj)
        self.session.add(obj)
        self.event(type(obj).__tablename__, obj.id, "restore")
        return True

    # -- bulk -----------------------------------------------------------------------------
    def bulk_create(self, model: type[Record], rows: Sequence[dict]) -> list[str]:
        """Insert many records of one table with one create event each (Core executemany)."""
        if not rows:
            return []
        fields = model.data_fields()
        stamp = {
            "created_at": self.now,
            "updated_at": self.now,
            "changed_by": self.ctx.actor.person_id,
            "device_id": self.ctx.actor.device_id,
            "revision": 1,
            "deleted": False,
        }
        out_rows = []
        ids = []
        table = model.__tablename__
        for row in rows:
            rid = row.get("id") or new_id()
            full = {f: row.get(f, _default(model, f)) for f in fields}
            out_rows.append({"id": rid, **full, **stamp})
            ids.append(rid)
            self.event(table, rid, "create", None, None, full)
        self.session.connection().execute(model.__table__.insert(), out_rows)
        return ids

    def bulk_update(self, model: type[Record], changes: Iterable[tuple[str, dict[str, tuple]]]):
        """``changes``: (record id, {field: (old, new)}) already diffed by the caller."""
        table = model.__tablename__
        by_keys: dict[tuple, list[dict]] = {}
        for rid, fields in changes:
            if not fields:
                continue
            params = {"id": rid}
            for name, (old, new) in fields.items():
                params[name] = new
                self.event(table, rid, "update", name, old, new)
            params.update(
                updated_at=self.now,
                changed_by=self.ctx.actor.person_id,
                device_id=self.ctx.actor.device_id,
            )
            by_keys.setdefault(tuple(sorted(params)), []).append(params)
        table_obj = model.__table__
        conn = self.session.connection()
        for keys, group in by_keys.items():
            cols = [k for k in keys if k != "id"]
            stmt = (
                table_obj.update()
                .where(table_obj.c.id == bindparam("_rid"))
                .values({**{c: bindparam(c) for c in cols}, "revision": table_obj.c.revision + 1})
            )
            rows = [{**{k: v for k, v in p.items() if k != "id"}, "_rid": p["id"]} for p in group]
            conn.execute(stmt, rows)


def _default(model: type[Record], name: str) -> Any:
    info = model.model_fields[name]
    if info.default_factory is not None:
        return info.default_factory()
    return info.default

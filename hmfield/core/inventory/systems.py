"""Business systems: the unit customers think in (核心账务, 网上银行, ...).

Why names are unique (case-insensitive): imports and pasted cells refer to a system by name,
so two systems called "OA办公" would make every such reference ambiguous.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session

from hmfield.core.context import ServiceContext, UnitOfWork
from hmfield.core.errors import HmError
from hmfield.core.model.inventory import BusinessSystem, Host
from hmfield.core.model.project import Person

SYSTEM_FIELDS = ("name", "owner_id", "criticality", "tolerated_downtime_min", "wave_id", "notes")


@dataclass(slots=True)
class SystemRow:
    id: str
    name: str
    owner_id: str | None = None
    owner: str | None = None
    criticality: int | None = None
    tolerated_downtime_min: int | None = None
    wave_id: str | None = None
    notes: str = ""
    host_count: int = 0


def find_system(s: Session, text: str, *, by_id_only: bool = False) -> BusinessSystem | None:
    """A non-deleted business system by id, or (unless ``by_id_only``) by name."""
    obj = s.get(BusinessSystem, text)
    if obj is not None and not obj.deleted:
        return obj
    if by_id_only:
        return None
    key = text.strip().casefold()
    for obj in s.scalars(select(BusinessSystem).where(BusinessSystem.deleted == False)):  # noqa: E712
        if obj.name.strip().casefold() == key:
            return obj
    return None


def _clean(values: dict) -> dict:
    unknown = set(values) - set(SYSTEM_FIELDS)
    if unknown:
        raise HmError(f"unknown business system field(s): {', '.join(sorted(unknown))}")
    out = dict(values)
    if "name" in out:
        out["name"] = str(out["name"] or "").strip()
        if not out["name"]:
            raise HmError("a business system needs a name")
    for key, low, high in (("criticality", 1, 5), ("tolerated_downtime_min", 0, 10**7)):
        if key not in out:
            continue
        if out[key] in ("", None):
            out[key] = None
            continue
        try:
            number = int(str(out[key]).strip())
        except ValueError:
            raise HmError(f"{key.replace('_', ' ')}: {out[key]!r} is not a whole number") from None
        if not low <= number <= high:
            raise HmError(f"{key.replace('_', ' ')}: {number} is not between {low} and {high}")
        out[key] = number
    if "notes" in out:
        out["notes"] = str(out["notes"] or "")
    return out


def create_system(uow: UnitOfWork, values: dict) -> BusinessSystem:
    """Create a business system inside ``uow`` (its name must be new, case-insensitive);
    also how a host edit naming an unknown system adds it."""
    values = _clean(values)
    if find_system(uow.session, values["name"]) is not None:
        raise HmError(f"a business system named {values['name']!r} exists already")
    obj = BusinessSystem(**values)
    uow.rec.create(obj)
    return obj


class BusinessSystemService:
    """Business system use cases: one public method per use case."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def systems(self) -> list[SystemRow]:
        """All business systems with owner name and host count, by name."""
        bs, h, pe = BusinessSystem.__table__, Host.__table__, Person.__table__
        counts = (
            select(h.c.business_system_id, func.count().label("n"))
            .where(h.c.deleted == False)  # noqa: E712
            .group_by(h.c.business_system_id)
            .subquery()
        )
        stmt = (
            select(
                bs.c.id, bs.c.name, bs.c.owner_id, pe.c.name, bs.c.criticality,
                bs.c.tolerated_downtime_min, bs.c.wave_id, bs.c.notes,
                func.coalesce(counts.c.n, 0),
            )
            .outerjoin(pe, pe.c.id == bs.c.owner_id)
            .outerjoin(counts, counts.c.business_system_id == bs.c.id)
            .where(bs.c.deleted == False)  # noqa: E712
            .order_by(bs.c.name)
        )  # fmt: skip
        with self.ctx.read() as s:
            return [SystemRow(*r) for r in s.execute(stmt)]

    def system(self, system_id: str) -> SystemRow:
        found = [r for r in self.systems() if r.id == system_id]
        if not found:
            raise HmError(f"no business system with id {system_id}")
        return found[0]

    def add_system(self, name: str, **values: Any) -> SystemRow:
        with self.ctx.write() as uow:
            obj = create_system(uow, {**values, "name": name})
        return self.system(obj.id)

    def ensure_system(self, name: str) -> str:
        """The id of the system called ``name``, created when there is none."""
        with self.ctx.read() as s:
            found = find_system(s, name)
        if found is not None:
            return found.id
        return self.add_system(name).id

    def update_system(self, system_id: str, **changes: Any) -> SystemRow:
        changes = _clean(changes)
        with self.ctx.write() as uow:
            obj = uow.session.get(BusinessSystem, system_id)
            if obj is None or obj.deleted:
                raise HmError(f"no business system with id {system_id}")
            if "name" in changes:
                other = find_system(uow.session, changes["name"])
                if other is not None and other.id != system_id:
                    raise HmError(f"a business system named {changes['name']!r} exists already")
            uow.rec.update(obj, changes)
        return self.system(system_id)

    def delete_system(self, system_id: str, *, detach: bool = False) -> None:
        """Soft-delete a system. Hosts still in it: refused, or (``detach``) taken out of it."""
        with self.ctx.write() as uow:
            obj = uow.session.get(BusinessSystem, system_id)
            if obj is None or obj.deleted:
                raise HmError(f"no business system with id {system_id}")
            hosts = list(
                uow.session.scalars(
                    select(Host).where(Host.business_system_id == system_id, Host.deleted == False)  # noqa: E712
                )
            )
            if hosts and not detach:
                raise HmError(
                    f"{len(hosts)} host(s) still belong to {obj.name}; move them to another"
                    " system first"
                )
            for host in hosts:
                uow.rec.update(host, {"business_system_id": None})
            uow.rec.delete(obj)

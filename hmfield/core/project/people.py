"""People taking part in the project, with the seed's roles."""

from __future__ import annotations

from sqlmodel import select

from hmfield.core.context import ServiceContext
from hmfield.core.errors import HmError
from hmfield.core.model.enums import PersonRole
from hmfield.core.model.project import Person

FIELDS = ("name", "organisation", "roles", "phone", "email")


def _validate(values: dict) -> None:
    if "name" in values and not (values["name"] or "").strip():
        raise HmError("a person needs a name")
    bad = [r for r in values.get("roles") or [] if r not in {x.value for x in PersonRole}]
    if bad:
        raise HmError(f"unknown role(s): {', '.join(bad)}")
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise HmError(f"unknown person field(s): {', '.join(sorted(unknown))}")


class PeopleService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def list(self, include_deleted: bool = False) -> list[Person]:
        with self.ctx.read() as s:
            stmt = select(Person).order_by(Person.name)
            if not include_deleted:
                stmt = stmt.where(Person.deleted == False)  # noqa: E712
            return list(s.exec(stmt))

    def get(self, person_id: str) -> Person:
        with self.ctx.read() as s:
            person = s.get(Person, person_id)
        if person is None:
            raise HmError(f"no person with id {person_id}")
        return person

    def find(self, name: str) -> Person | None:
        name = name.strip()
        return next((p for p in self.list() if p.name == name), None)

    def add(self, name: str, **values) -> Person:
        values["name"] = name
        _validate(values)
        person = Person(**{k: (v.strip() if isinstance(v, str) else v) for k, v in values.items()})
        with self.ctx.write() as uow:
            uow.rec.create(person)
        return person

    def update(self, person_id: str, **changes) -> dict:
        _validate(changes)
        with self.ctx.write() as uow:
            person = uow.session.get(Person, person_id)
            if person is None or person.deleted:
                raise HmError(f"no person with id {person_id}")
            return uow.rec.update(person, changes)

    def remove(self, person_id: str) -> None:
        with self.ctx.write() as uow:
            person = uow.session.get(Person, person_id)
            if person is None:
                raise HmError(f"no person with id {person_id}")
            if person.id == self.ctx.actor.person_id:
                raise HmError("you cannot remove yourself from the project")
            uow.rec.delete(person)

    def restore(self, person_id: str) -> None:
        with self.ctx.write() as uow:
            person = uow.session.get(Person, person_id)
            if person is None:
                raise HmError(f"no person with id {person_id}")
            uow.rec.restore(person)

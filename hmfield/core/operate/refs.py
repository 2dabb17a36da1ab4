"""Finding what a person names (a wave ``W01``, a host, a business system, a person) inside
a session, with a message that lists what exists when the name matches nothing."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, NamedTuple

from sqlmodel import Session, select

from hmfield.core.errors import HmError
from hmfield.core.model.assess import NonHostObject
from hmfield.core.model.inventory import BusinessSystem, Host
from hmfield.core.model.plan import Wave
from hmfield.core.model.project import Person
from hmfield.core.runbooks.service import find_wave

_W_NUMBER = re.compile(r"^[Ww]0*(\d+)$")


def wave_of(s: Session, ref: str) -> Wave:
    """A wave by id, number, ``W01`` or name."""
    ref = (ref or "").strip()
    if not ref:
        raise HmError("name the wave (its number such as W01, or its name)")
    try:
        return find_wave(s, ref)
    except HmError:
        m = _W_NUMBER.match(ref)
        if m is None:
            raise
        return find_wave(s, m.group(1))


def _alive(s: Session, model, ref: str):
    obj = s.get(model, ref)
    if obj is not None and not obj.deleted:
        return obj
    rows = list(s.exec(select(model).where(model.deleted == False)))  # noqa: E712
    for test in (lambda r: r.name == ref, lambda r: r.name.casefold() == ref.casefold()):
        hits = [r for r in rows if test(r)]
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            raise HmError(f"'{ref}' names {len(hits)} records; use the id")
    return None


def host_of(s: Session, ref: str) -> Host:
    host = _alive(s, Host, (ref or "").strip())
    if host is None:
        raise HmError(f"no host '{ref}' in the inventory")
    return host


def system_of(s: Session, ref: str) -> BusinessSystem:
    system = _alive(s, BusinessSystem, (ref or "").strip())
    if system is None:
        names = ", ".join(sorted(r.name for r in s.exec(select(BusinessSystem))))
        raise HmError(f"no business system '{ref}'; the systems are: {names or 'none'}")
    return system


def object_of(s: Session, ref: str) -> NonHostObject:
    obj = _alive(s, NonHostObject, (ref or "").strip())
    if obj is None:
        raise HmError(f"no non-host object '{ref}' (database service, share...)")
    return obj


def person_of(s: Session, ref: str | None, what: str, role: str | None = None) -> Person:
    """A person by id or name; ``role`` (a PersonRole code) when the task needs that role."""
    ref = (ref or "").strip()
    if not ref:
        raise HmError(f"{what} needs the name of a person")
    person = s.get(Person, ref)
    if person is None or person.deleted:
        person = _named_person(s, ref, role)
    if person is None:
        names = ", ".join(p.name for p in _people(s, role)) or "nobody yet"
        raise HmError(f"{what}: no person '{ref}' in the project; people: {names}")
    if role and role not in (person.roles or []):
        names = ", ".join(p.name for p in _people(s, role)) or "nobody yet (add one)"
        raise HmError(f"{what}: {person.name} does not have the {role} role; those who do: {names}")
    return person


def _named_person(s: Session, name: str, role: str | None) -> Person | None:
    """Two people may share a name (the engineer added once by the wizard, once by hand):
    the one with the role asked for, else one with any role, else the first added."""
    for test in (lambda p: p.name == name, lambda p: p.name.casefold() == name.casefold()):
        hits = [p for p in _people(s, None) if test(p)]
        if hits:
            hits.sort(key=lambda p: (role not in (p.roles or []), not p.roles, p.created_at))
            return hits[0]
    return None


def _people(s: Session, role: str | None) -> list[Person]:
    people = s.exec(select(Person).where(Person.deleted == False).order_by(Person.name))  # noqa: E712
    return [p for p in people if role is None or role in (p.roles or [])]


_MEMO = "hmfield.operate.reads"


@contextmanager
def reading_once(s: Session) -> Iterator[None]:
    """Inside: the reads made through :func:`read_once` are made once for the session (a
    paper of every wave asks for each wave's systems, hosts, plans and sign-offs again for
    every system: 5 s at 10,000 hosts). Only around reads: nothing is written meanwhile."""
    outer = _MEMO in s.info
    s.info.setdefault(_MEMO, {})
    try:
        yield
    finally:
        if not outer:
            s.info.pop(_MEMO, None)


def read_once(s: Session, key: tuple, compute: Callable[[], Any]) -> Any:
    """``compute()``, or its value already read inside :func:`reading_once` (shared: read
    only)."""
    memo = s.info.get(_MEMO)
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


class WaveHost(NamedTuple):
    """What acceptance reads of a wave's host (coverage notes name it)."""

    id: str
    name: str
    business_system_id: str | None


def wave_hosts(s: Session, wave_id: str) -> list[WaveHost]:
    """The wave's live hosts. Inside :func:`reading_once` every wave's are read in one scan
    (a paper of every wave reads them all)."""
    h = Host.__table__
    cols = (h.c.id, h.c.name, h.c.business_system_id)
    if _MEMO not in s.info:
        stmt = select(*cols).where(h.c.wave_id == wave_id, h.c.deleted == False)  # noqa: E712
        return [WaveHost(*row) for row in s.execute(stmt)]

    def by_wave() -> dict[str, list[WaveHost]]:
        out: dict[str, list[WaveHost]] = {}
        stmt = select(h.c.wave_id, *cols).where(h.c.wave_id.is_not(None), h.c.deleted == False)  # noqa: E712
        for wid, *row in s.execute(stmt):
            out.setdefault(wid, []).append(WaveHost(*row))
        return out

    return read_once(s, ("hosts by wave",), by_wave).get(wave_id, [])


def wave_systems(s: Session, wave_id: str) -> list[BusinessSystem]:
    """The business systems of a wave: their own wave, or one of their hosts is in it."""
    return read_once(s, ("systems", wave_id), lambda: _wave_systems(s, wave_id))


def _wave_systems(s: Session, wave_id: str) -> list[BusinessSystem]:
    ids = {h.business_system_id for h in wave_hosts(s, wave_id)} - {None, ""}
    rows = read_once(s, ("live systems",), lambda: _live_systems(s))
    return sorted((b for b in rows if b.wave_id == wave_id or b.id in ids), key=lambda b: b.name)


def _live_systems(s: Session) -> list[BusinessSystem]:
    return list(s.exec(select(BusinessSystem).where(BusinessSystem.deleted == False)))  # noqa: E712


def record_of(s: Session, model, ref: str, what: str):
    """A record by its id or the first characters of it (as the CLI lists: 8 or more)."""
    ref = (ref or "").strip().lower()
    obj = s.get(model, ref) if ref else None
    if obj is not None and not obj.deleted:
        return obj
    if len(ref) >= 6:
        hits = list(
            s.exec(select(model).where(model.id.startswith(ref), model.deleted == False))  # noqa: E712
        )
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            raise HmError(f"'{ref}' starts the ids of {len(hits)} {what}s; give more of it")
    raise HmError(f"no {what} with id {ref or '(none)'}")

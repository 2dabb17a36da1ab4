"""Dependencies between hosts, non-host objects and business systems (seed 调研 待办2).

A dependency says ``from`` depends on ``to`` (``to`` is the provider). Endpoints are named by
type and id because they can live in three tables; this service checks that both ends exist,
that the kind is one the planning maths knows, and that the same link is not stored twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import select

from hmfield.core.context import ServiceContext
from hmfield.core.errors import HmError
from hmfield.core.model.assess import NonHostObject
from hmfield.core.model.inventory import BusinessSystem, Host
from hmfield.core.model.plan import Dependency
from hmfield.core.plan.maths.graph import DependencyKind

ENDPOINT_TYPES = ("host", "object", "system")
KINDS = tuple(k.value for k in DependencyKind)
FIELDS = (
    "from_type",
    "from_id",
    "to_type",
    "to_id",
    "kind",
    "port",
    "protocol",
    "criticality",
    "notes",
    "strength",
)
STRENGTHS = ("hard", "soft")


@dataclass
class EndpointIndex:
    """Names of every live endpoint, and lookups from a name or an IP to endpoints.

    Lookups return every match so that an ambiguous name is reported, never guessed. The
    lookup keys are built at the first lookup: the Dependencies screen and the plan read
    names only (at 10,000 hosts the keys are 80,000 sets).
    """

    names: dict[tuple[str, str], str] = field(default_factory=dict)
    system_of: dict[tuple[str, str], str | None] = field(default_factory=dict)
    _keys: list[tuple[tuple[str, str], tuple]] = field(default_factory=list, repr=False)
    _by_key: dict[str, set[tuple[str, str]]] | None = field(default=None, repr=False)

    def add(
        self, etype: str, eid: str, name: str, keys: list[str | None], system: str | None
    ) -> None:
        self.names[(etype, eid)] = name
        self.system_of[(etype, eid)] = system
        self._keys.append(((etype, eid), (name, *keys)))
        self._by_key = None

    @property
    def by_key(self) -> dict[str, set[tuple[str, str]]]:
        """Every lookup key (name, hostname, short hostname, IP; plain and ``type:``
        prefixed, case-folded) -> the endpoints it designates."""
        if self._by_key is None:
            out: dict[str, set[tuple[str, str]]] = {}
            for endpoint, keys in self._keys:
                etype = endpoint[0]
                for key in keys:
                    if key and key.strip():
                        out.setdefault(key.strip().casefold(), set()).add(endpoint)
                        out.setdefault(f"{etype}:{key}".strip().casefold(), set()).add(endpoint)
            self._by_key = out
        return self._by_key

    def lookup(self, text: str) -> list[tuple[str, str]]:
        """Endpoints a name, hostname, short hostname or IP (optionally ``host:``/``object:``/
        ``system:`` prefixed) designates."""
        key = text.strip().casefold()
        found = self.by_key.get(key, set())
        if not found and "." in key and ":" not in key:
            found = self.by_key.get(key.split(".", 1)[0], set())  # FQDN vs short name
        return sorted(found)

    def name(self, etype: str, eid: str) -> str:
        return self.names.get((etype, eid), f"? {etype} {eid[:8]}")

    def exists(self, etype: str, eid: str) -> bool:
        return (etype, eid) in self.names


def endpoint_index(session) -> EndpointIndex:
    """Build the index from live (not deleted) hosts, objects and business systems."""
    index = EndpointIndex()
    # the columns it needs, not whole records: 10,000 Host objects took 3 s and 120 MB
    h = Host.__table__
    stmt = select(h.c.id, h.c.name, h.c.hostname, h.c.ips, h.c.business_system_id)
    for hid, name, hostname, ips, system in session.execute(stmt.where(h.c.deleted == False)):  # noqa: E712
        short = hostname.split(".", 1)[0] if hostname else None
        index.add("host", hid, name, [hostname, short, *(ips or [])], system)
    o = NonHostObject.__table__
    stmt = select(o.c.id, o.c.name, o.c.business_system_id).where(o.c.deleted == False)  # noqa: E712
    for oid, name, system in session.execute(stmt):
        index.add("object", oid, name, [], system)
    b = BusinessSystem.__table__
    for bid, name in session.execute(select(b.c.id, b.c.name).where(b.c.deleted == False)):  # noqa: E712
        index.add("system", bid, name, [], bid)
    return index


def check_values(values: dict, index: EndpointIndex) -> dict:
    """Validate and normalise one dependency's values; raise HmError with one line."""
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise HmError(f"unknown dependency field(s): {', '.join(sorted(unknown))}")
    out = dict(values)
    for end in ("from", "to"):
        etype = out.get(f"{end}_type", "host")
        if etype not in ENDPOINT_TYPES:
            raise HmError(f"{end} type must be one of {', '.join(ENDPOINT_TYPES)} (got {etype!r})")
        eid = out.get(f"{end}_id") or ""
        if not index.exists(etype, eid):
            raise HmError(f"{end}: no {etype} with id {eid or '(empty)'}")
    if (out.get("from_type"), out.get("from_id")) == (out.get("to_type"), out.get("to_id")):
        raise HmError("a dependency needs two different ends")
    kind = out.get("kind", DependencyKind.CALL)
    if kind not in KINDS:
        raise HmError(f"unknown dependency kind {kind!r}; use one of {', '.join(KINDS)}")
    if out.get("strength") not in (None, *STRENGTHS):
        raise HmError(f"strength must be hard, soft or empty (got {out['strength']!r})")
    crit = out.get("criticality")
    if crit is not None and (not isinstance(crit, int) or not 1 <= crit <= 5):
        raise HmError(f"criticality must be 1 to 5 (got {crit})")
    for key in ("port", "protocol"):
        if key in out and isinstance(out[key], str):
            out[key] = out[key].strip() or None
    if "notes" in out:
        out["notes"] = (out["notes"] or "").strip()
    return out


def link_key(values: dict) -> tuple:
    """What makes two dependencies the same link: both ends, the kind and the port."""
    return (
        values.get("from_type", "host"),
        values.get("from_id"),
        values.get("to_type", "host"),
        values.get("to_id"),
        str(values.get("kind", DependencyKind.CALL)),
        values.get("port") or None,
    )


def dep_key(dep: Dependency) -> tuple:
    return link_key({f: getattr(dep, f) for f in FIELDS})


def live_dependencies(session) -> list[Dependency]:
    stmt = select(Dependency).where(Dependency.deleted.is_(False))
    return list(session.exec(stmt))


class DependencyService:
    """Create, edit, delete and list dependencies; every change is audited."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def list(self) -> list[Dependency]:
        with self.ctx.read() as s:
            return live_dependencies(s)

    def endpoints(self) -> EndpointIndex:
        with self.ctx.read() as s:
            return endpoint_index(s)

    def get(self, dep_id: str) -> Dependency:
        with self.ctx.read() as s:
            dep = s.get(Dependency, dep_id)
        if dep is None or dep.deleted:
            raise HmError(f"no dependency with id {dep_id}")
        return dep

    def add(self, **values) -> Dependency:
        with self.ctx.write() as uow:
            clean = check_values(values, endpoint_index(uow.session))
            if link_key(clean) in {dep_key(d) for d in live_dependencies(uow.session)}:
                raise HmError("this dependency is already recorded")
            dep = Dependency(**clean)
            uow.rec.create(dep)
        return dep

    def update(self, dep_id: str, **changes) -> Dependency:
        with self.ctx.write() as uow:
            dep = uow.session.get(Dependency, dep_id)
            if dep is None or dep.deleted:
                raise HmError(f"no dependency with id {dep_id}")
            merged = {f: getattr(dep, f) for f in FIELDS} | changes
            clean = check_values(merged, endpoint_index(uow.session))
            others = [d for d in live_dependencies(uow.session) if d.id != dep_id]
            if link_key(clean) in {dep_key(d) for d in others}:
                raise HmError("this dependency is already recorded")
            uow.rec.update(dep, {k: clean[k] for k in changes})
        return dep

    def remove(self, dep_id: str) -> None:
        with self.ctx.write() as uow:
            dep = uow.session.get(Dependency, dep_id)
            if dep is None:
                raise HmError(f"no dependency with id {dep_id}")
            uow.rec.delete(dep)

    def restore(self, dep_id: str) -> None:
        with self.ctx.write() as uow:
            dep = uow.session.get(Dependency, dep_id)
            if dep is None:
                raise HmError(f"no dependency with id {dep_id}")
            uow.rec.restore(dep)

    def add_many(self, rows: list[dict]) -> list[str]:
        """Write already-checked rows in one transaction (the import's apply step)."""
        with self.ctx.write() as uow:
            index = endpoint_index(uow.session)
            seen = {dep_key(d) for d in live_dependencies(uow.session)}
            clean: list[dict] = []
            for values in rows:
                item = check_values(values, index)
                if link_key(item) in seen:
                    continue
                seen.add(link_key(item))
                clean.append(item)
            return uow.rec.bulk_create(Dependency, clean)

    def set_strength(self, dep_ids: list[str], strength: str | None) -> int:
        """Mark dependencies hard, soft or back to the default by kind (``None``), one or
        many in one audited transaction; returns how many changed."""
        if strength not in (None, *STRENGTHS):
            raise HmError(f"strength must be hard, soft or default (got {strength!r})")
        changed = 0
        with self.ctx.write() as uow:
            for dep_id in dict.fromkeys(dep_ids):
                dep = uow.session.get(Dependency, dep_id)
                if dep is None or dep.deleted:
                    raise HmError(f"no dependency with id {dep_id}")
                if dep.strength != strength:
                    uow.rec.update(dep, {"strength": strength})
                    changed += 1
        return changed

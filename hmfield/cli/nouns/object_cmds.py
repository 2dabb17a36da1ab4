"""``hmfield object add|set|delete|list PROJECT``: non-host objects (a database service, a NAS
share, a bucket): kind, size, tool, business system, linked hosts, status."""

from __future__ import annotations

from hmfield.cli.common import emit, noun, person_id, print_json, project, say, verb
from hmfield.core.assess.nonhost import STATUSES, NonHostService
from hmfield.core.assess.rules.alternatives import KINDS, TOOLS
from hmfield.core.errors import HmError
from hmfield.core.inventory.service import InventoryService
from hmfield.core.inventory.systems import BusinessSystemService

ORDER = 12


def register(sub) -> None:
    verbs = noun(sub, "object", "non-host objects: databases, file shares, buckets")
    p = verb(verbs, "add", cmd_add, "add an object", json=True, by=True)
    p.add_argument("name")
    _fields(p)
    p = verb(verbs, "set", cmd_set, "change an object", json=True, by=True)
    p.add_argument("name", help="the object's name (or id)")
    p.add_argument("--rename", metavar="NAME")
    _fields(p)
    p = verb(verbs, "delete", cmd_delete, "delete an object (--restore brings it back)", by=True)
    p.add_argument("name")
    p.add_argument("--restore", action="store_true")
    verb(verbs, "list", cmd_list, "list the objects", json=True)


def _fields(p) -> None:
    p.add_argument("--kind", choices=KINDS)
    p.add_argument("--size-gib", type=float, help="data size in GiB")
    p.add_argument("--tool", choices=TOOLS, help="default: the catalog's suggestion for the kind")
    p.add_argument("--throughput-mbps", type=float, help="the tool's measured rate")
    p.add_argument("--system", help="its business system (by name)")
    p.add_argument("--owner", help="a person's name")
    p.add_argument("--host", action="append", dest="hosts", help="a linked host (repeat)")
    p.add_argument("--status", choices=STATUSES)
    p.add_argument("--plan", help="how it is migrated (free text)")
    p.add_argument("--notes")


def object_json(o, systems: dict, hosts: dict) -> dict:
    return {
        "id": o.id,
        "name": o.name,
        "kind": o.kind,
        "size_gib": round(o.size_mib / 1024, 3) if o.size_mib is not None else None,
        "tool": o.tool,
        "throughput_mbps": o.throughput_mbps,
        "business_system": systems.get(o.business_system_id),
        "linked_hosts": [hosts.get(h, h) for h in o.linked_host_ids or []],
        "status": o.status,
        "plan": o.plan,
        "notes": o.notes,
    }


def _names(ctx) -> tuple[dict, dict]:
    systems = {s.id: s.name for s in BusinessSystemService(ctx).systems()}
    hosts = {r.id: r.name for r in InventoryService(ctx).rows()}
    return systems, hosts


def _values(ctx, args) -> dict:
    out = {}
    for key in ("kind", "tool", "throughput_mbps", "status", "plan", "notes"):
        if getattr(args, key) is not None:
            out[key] = getattr(args, key)
    if args.size_gib is not None:
        out["size_mib"] = args.size_gib * 1024
    if args.owner is not None:
        out["owner_id"] = person_id(ctx, args.owner)
    systems, hosts = _names(ctx)
    if args.system is not None:
        ids = [i for i, n in systems.items() if n.casefold() == args.system.casefold()]
        if not ids:
            raise HmError(f"no business system named '{args.system}'")
        out["business_system_id"] = ids[0]
    if args.hosts is not None:
        by_name = {n.casefold(): i for i, n in hosts.items()}
        missing = [h for h in args.hosts if h.casefold() not in by_name]
        if missing:
            raise HmError(f"no host named '{missing[0]}' in this project")
        out["linked_host_ids"] = [by_name[h.casefold()] for h in args.hosts]
    return out


def find_object(ctx, ref: str, include_deleted: bool = False):
    objs = NonHostService(ctx).list(include_deleted=include_deleted)
    hit = next((o for o in objs if ref in (o.id, o.name)), None)
    if hit is None:
        raise HmError(f"no non-host object named '{ref}'")
    return hit


def cmd_add(args) -> int:
    with project(args.project, write=True, by=args.by) as ctx:
        values = _values(ctx, args)
        kind = values.pop("kind", "other")
        obj = NonHostService(ctx).add(args.name, kind, **values)
        data = object_json(obj, *_names(ctx))
    return emit(args, data, f"added object {obj.name} ({obj.kind}, tool {obj.tool})")


def cmd_set(args) -> int:
    with project(args.project, write=True, by=args.by) as ctx:
        target = find_object(ctx, args.name)
        values = _values(ctx, args)
        if args.rename:
            values["name"] = args.rename
        obj = NonHostService(ctx).update(target.id, **values)
        data = object_json(obj, *_names(ctx))
    return emit(args, data, f"{obj.name}: {', '.join(values) or 'no change'}")


def cmd_delete(args) -> int:
    with project(args.project, write=True, by=args.by) as ctx:
        svc = NonHostService(ctx)
        if args.restore:
            obj = next((o for o in svc.list(True) if o.name == args.name and o.deleted), None)
            if obj is None:
                raise HmError(f"no deleted object named '{args.name}'")
            svc.restore(obj.id)
            print(f"restored object {args.name}")
            return 0
        svc.remove(find_object(ctx, args.name).id)
    print(f"deleted object {args.name}")
    return 0


def cmd_list(args) -> int:
    with project(args.project) as ctx:
        objs = NonHostService(ctx).list()
        names = _names(ctx)
    rows = [object_json(o, *names) for o in objs]
    if args.json:
        print_json({"objects": rows})
        return 0
    for o in rows:
        print(
            f"{o['name']:24} {o['kind']:12} {o['size_gib'] or '-'!s:>8} GiB  {o['tool'] or '-':10} {o['business_system'] or '-'}"
        )
    say(f"{len(rows)} objects")
    return 0

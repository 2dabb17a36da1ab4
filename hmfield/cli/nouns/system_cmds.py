"""``hmfield system add|set|delete|list PROJECT``: business systems (owner, criticality,
tolerated downtime, wave). ``host set --system NAME`` also creates a system by naming it."""

from __future__ import annotations

from hmfield.cli.common import (
    emit,
    noun,
    person_id,
    print_json,
    project,
    say,
    system_id,
    verb,
    wave_of,
)
from hmfield.core.inventory.systems import BusinessSystemService

ORDER = 13


def register(sub) -> None:
    verbs = noun(sub, "system", "business systems: owner, criticality, tolerated downtime, wave")
    p = verb(verbs, "add", cmd_add, "add a business system", json=True, by=True)
    p.add_argument("name")
    _fields(p)
    p = verb(verbs, "set", cmd_set, "change a business system", json=True, by=True)
    p.add_argument("name", help="its current name")
    p.add_argument("--rename", metavar="NAME")
    _fields(p)
    p = verb(verbs, "delete", cmd_delete, "delete a business system", by=True)
    p.add_argument("name")
    p.add_argument("--detach", action="store_true", help="take its hosts out of it first")
    verb(verbs, "list", cmd_list, "list the business systems", json=True)


def _fields(p) -> None:
    p.add_argument("--owner", help="a person's name")
    p.add_argument("--criticality", type=int, choices=range(1, 6), metavar="1-5")
    p.add_argument("--downtime-min", type=int, dest="tolerated_downtime_min",
                   help="tolerated downtime in minutes")  # fmt: skip
    p.add_argument("--wave", help="the wave it moves in (W01, number or name)")
    p.add_argument("--notes")


def system_json(r, waves: dict) -> dict:
    return {
        "id": r.id,
        "name": r.name,
        "owner": r.owner,
        "criticality": r.criticality,
        "tolerated_downtime_min": r.tolerated_downtime_min,
        "wave": waves.get(r.wave_id),
        "hosts": r.host_count,
        "notes": r.notes,
    }


def _values(ctx, args) -> dict:
    out = {k: getattr(args, k) for k in ("criticality", "tolerated_downtime_min", "notes")
           if getattr(args, k) is not None}  # fmt: skip
    if args.owner is not None:
        out["owner_id"] = person_id(ctx, args.owner)
    if args.wave is not None:
        out["wave_id"] = wave_of(ctx, args.wave).id if args.wave else None
    return out


def _waves(ctx) -> dict:
    from hmfield.core.plan.waves import WaveService

    return {w.id: w.name for w in WaveService(ctx).list()}


def cmd_add(args) -> int:
    with project(args.project, write=True, by=args.by) as ctx:
        row = BusinessSystemService(ctx).add_system(args.name, **_values(ctx, args))
        data = system_json(row, _waves(ctx))
    return emit(args, data, f"added business system {row.name}")


def cmd_set(args) -> int:
    with project(args.project, write=True, by=args.by) as ctx:
        values = _values(ctx, args)
        if args.rename:
            values["name"] = args.rename
        row = BusinessSystemService(ctx).update_system(system_id(ctx, args.name), **values)
        data = system_json(row, _waves(ctx))
    return emit(args, data, f"{row.name}: {', '.join(values) or 'no change'}")


def cmd_delete(args) -> int:
    with project(args.project, write=True, by=args.by) as ctx:
        BusinessSystemService(ctx).delete_system(system_id(ctx, args.name), detach=args.detach)
    print(f"deleted business system {args.name}")
    return 0


def cmd_list(args) -> int:
    with project(args.project) as ctx:
        waves = _waves(ctx)
        rows = [system_json(r, waves) for r in BusinessSystemService(ctx).systems()]
    if args.json:
        print_json({"systems": rows})
        return 0
    for r in rows:
        say(
            f"{r['name']:16} {r['owner'] or '-':10} {r['criticality'] or '-'!s:3} {r['wave'] or '-':8} {r['hosts']} hosts"
        )
    say(f"{len(rows)} business systems")
    return 0

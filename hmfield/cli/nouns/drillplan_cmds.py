"""``hmfield drillplan set|show|list PROJECT``: a rehearsal plan per business system."""

from __future__ import annotations

from datetime import date

from hmfield.cli.common import (
    UsageError,
    emit,
    noun,
    print_json,
    project,
    say,
    system_id,
    verb,
)  # fmt: skip
from hmfield.core.inventory.systems import BusinessSystemService
from hmfield.core.plan.risks import DrillPlanService

ORDER = 35
TEXTS = ("scope", "method", "verification")


def register(sub) -> None:
    verbs = noun(sub, "drillplan", "a drill (rehearsal) plan per business system")
    p = verb(verbs, "set", cmd_set, "create or change a system's drill plan", json=True, by=True)
    p.add_argument("system", help="the business system's name")
    p.add_argument("--scope", help="what is rehearsed")
    p.add_argument("--method", help="default Boot in Cloud")
    p.add_argument("--verification", help="how the result is checked")
    p.add_argument("--date", help="planned date YYYY-MM-DD ('' clears it)")
    p = verb(verbs, "show", cmd_show, "a system's drill plan", json=True)
    p.add_argument("system")
    verb(verbs, "list", cmd_list, "every drill plan", json=True)


def drill_json(plan, name: str) -> dict | None:
    if plan is None:
        return None
    return {
        "system": name,
        **{k: getattr(plan, k) for k in TEXTS},
        "planned_date": plan.planned_date.isoformat() if plan.planned_date else None,
    }


def cmd_set(args) -> int:
    values = {k: getattr(args, k) for k in TEXTS if getattr(args, k) is not None}
    if args.date is not None:
        try:
            values["planned_date"] = date.fromisoformat(args.date) if args.date else None
        except ValueError:
            raise UsageError(f"--date '{args.date}': use YYYY-MM-DD") from None
    with project(args.project, write=True, by=args.by) as ctx:
        sid = system_id(ctx, args.system)
        plan = DrillPlanService(ctx).save(sid, **values)
        name = BusinessSystemService(ctx).system(sid).name
    return emit(
        args, drill_json(plan, name), f"drill plan of {name}: {', '.join(values) or 'saved'}"
    )


def cmd_show(args) -> int:
    with project(args.project) as ctx:
        sid = system_id(ctx, args.system)
        name = BusinessSystemService(ctx).system(sid).name
        data = drill_json(DrillPlanService(ctx).for_system(sid), name)
    if args.json:
        print_json({"drillplan": data})
        return 0
    if data is None:
        print(f"{name} has no drill plan yet (hmfield drillplan set)")
    for k, v in (data or {}).items():
        print(f"{k:14} {v}")
    return 0


def cmd_list(args) -> int:
    with project(args.project) as ctx:
        names = {s.id: s.name for s in BusinessSystemService(ctx).systems()}
        rows = [
            drill_json(p, names.get(p.business_system_id, "?"))
            for p in DrillPlanService(ctx).list()
        ]
    if args.json:
        print_json({"drillplans": rows})
        return 0
    for r in rows:
        print(f"{r['system']:16} {r['planned_date'] or '-':10} {r['method']}")
    say(f"{len(rows)} drill plans")
    return 0

"""``hmfield rollback set|show PROJECT WAVE``: a wave's rollback plan (triggers, deciders,
point of no return in the project's zone, switch-back method, data-difference rule)."""

from __future__ import annotations

from hmfield.cli.common import (
    emit,
    iso,
    local_time,
    noun,
    person_id,
    print_json,
    project,
    project_zone_name,
    verb,
    wave_of,
)  # fmt: skip
from hmfield.core.plan.risks import RollbackService
from hmfield.core.project.people import PeopleService

ORDER = 34
TEXTS = ("triggers", "method_access_path", "method_source_recovery", "target_resources",
         "data_rule", "decision_process")  # fmt: skip


def register(sub) -> None:
    verbs = noun(sub, "rollback", "a wave's rollback plan: triggers, deciders, point of no return")
    p = verb(verbs, "set", cmd_set, "create or change a wave's rollback plan", json=True, by=True)
    p.add_argument("wave", help="W01, its number or name")
    p.add_argument("--triggers", help="when to roll back")
    p.add_argument("--switch-back", dest="method_access_path", help="how user access goes back")
    p.add_argument("--source-recovery", dest="method_source_recovery",
                   help="how the source is brought back into service")  # fmt: skip
    p.add_argument("--target-resources", help="what happens to the target resources")
    p.add_argument("--data-rule", help="data written on the target after cutover")
    p.add_argument("--decision-process")
    p.add_argument("--decider", action="append", dest="deciders", metavar="NAME",
                   help="a person who decides (repeat; replaces the list)")  # fmt: skip
    p.add_argument("--point-of-no-return", metavar="TIME", help="YYYY-MM-DD HH:MM (project zone)")
    p.add_argument("--max-minutes", type=int, dest="max_rollback_minutes")
    p.add_argument("--rehearsed", action="store_true", default=None)
    p = verb(verbs, "show", cmd_show, "show a wave's rollback plan", json=True)
    p.add_argument("wave")
    verb(verbs, "list", cmd_list, "every wave's rollback plan", json=True)


def rollback_json(plan, wave, tz: str, people: dict) -> dict | None:
    if plan is None:
        return None
    return {
        "wave": wave.name,
        **{k: getattr(plan, k) for k in TEXTS},
        "deciders": [people.get(p, p) for p in plan.decision_maker_ids or []],
        "point_of_no_return": iso(plan.point_of_no_return),
        "time_zone": tz,
        "max_rollback_minutes": plan.max_rollback_minutes,
        "rehearsed": plan.rehearsed,
    }


def _people(ctx) -> dict:
    return {p.id: p.name for p in PeopleService(ctx).list()}


def cmd_set(args) -> int:
    with project(args.project, write=True, by=args.by) as ctx:
        tz = project_zone_name(ctx)
        wave = wave_of(ctx, args.wave)
        values = {k: getattr(args, k) for k in TEXTS if getattr(args, k) is not None}
        for key in ("max_rollback_minutes", "rehearsed"):
            if getattr(args, key) is not None:
                values[key] = getattr(args, key)
        if args.deciders is not None:
            values["decision_maker_ids"] = [person_id(ctx, n) for n in args.deciders]
        if args.point_of_no_return is not None:
            values["point_of_no_return"] = local_time(args.point_of_no_return, tz) or None
        plan = RollbackService(ctx).save(wave.id, **values)
        data = rollback_json(plan, wave, tz, _people(ctx))
    return emit(args, data, f"rollback plan of {wave.name}: {', '.join(values) or 'saved'}")


def cmd_show(args) -> int:
    with project(args.project) as ctx:
        tz = project_zone_name(ctx)
        wave = wave_of(ctx, args.wave)
        data = rollback_json(RollbackService(ctx).for_wave(wave.id), wave, tz, _people(ctx))
    if args.json:
        print_json({"rollback": data})
        return 0
    if data is None:
        print(f"{wave.name} has no rollback plan yet (hmfield rollback set)")
    for k, v in (data or {}).items():
        print(f"{k:24} {v}")
    return 0


def cmd_list(args) -> int:
    from hmfield.core.plan.waves import WaveService

    with project(args.project) as ctx:
        tz = project_zone_name(ctx)
        people = _people(ctx)
        plans = {p.wave_id: p for p in RollbackService(ctx).list()}
        rows = [
            {"wave": w.name, "rollback": rollback_json(plans.get(w.id), w, tz, people)}
            for w in WaveService(ctx).list()
        ]
    if args.json:
        print_json({"time_zone": tz, "waves": rows})
        return 0
    for r in rows:
        plan = r["rollback"]
        print(
            f"{r['wave']:14} {'deciders ' + ', '.join(plan['deciders']) if plan else 'no rollback plan'}"
        )
    return 0

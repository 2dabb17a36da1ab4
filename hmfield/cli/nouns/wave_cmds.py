"""``hmfield wave add|set|delete|list PROJECT``: waves, their drill and cutover windows (typed
in the project's zone, ``YYYY-MM-DD HH:MM``, or ISO with an offset) and observation days.

``wave set PROJECT --from waves.json`` sets many waves at once: a JSON list of
``{"wave": "W01", "name": ..., "drill_start": ..., "drill_end": ..., "cutover_start": ...,
"cutover_end": ..., "observation_days": 7}`` (a wave not found by ``wave`` is added).
"""

from __future__ import annotations

from hmfield.cli.common import (
    UsageError,
    emit,
    iso,
    local_time,
    noun,
    print_json,
    project,
    project_zone_name,
    read_json_file,
    say,
    verb,
    wave_of,
)  # fmt: skip
from hmfield.core.errors import HmError
from hmfield.core.operate.periods import ObservationService, WaveChange
from hmfield.core.plan.timing import fmt_local
from hmfield.core.plan.waves import WaveService

ORDER = 32
TIMES = ("drill_start", "drill_end", "cutover_start", "cutover_end")


def register(sub) -> None:
    verbs = noun(sub, "wave", "waves: name, drill and cutover windows, observation days")
    p = verb(verbs, "add", cmd_add, "add a wave", json=True, by=True)
    p.add_argument("name")
    _fields(p)
    p = verb(verbs, "set", cmd_set, "change a wave (or many: --from FILE)", json=True, by=True)
    p.add_argument("wave", nargs="?", help="W01, its number or name")
    p.add_argument("--name", help="a new name")
    p.add_argument("--from", dest="from_file", metavar="FILE", help="a JSON list of waves")
    _fields(p)
    p = verb(verbs, "delete", cmd_delete, "delete a wave (its hosts lose their wave)", by=True)
    p.add_argument("wave")
    verb(verbs, "list", cmd_list, "list the waves and their windows", json=True)


def _fields(p) -> None:
    p.add_argument("--drill", nargs=2, metavar=("START", "END"), help="the drill window")
    p.add_argument("--cutover", nargs=2, metavar=("START", "END"), help="the cutover window")
    p.add_argument("--observation-days", type=float, help="how long the wave is observed")
    p.add_argument("--notes")


def _values(args, tz: str) -> dict:
    out = {}
    for kind in ("drill", "cutover"):
        pair = getattr(args, kind)
        if pair:
            out[f"{kind}_start"], out[f"{kind}_end"] = (local_time(x, tz) for x in pair)
    if args.notes is not None:
        out["notes"] = args.notes
    return out


def wave_json(w, tz: str, days: dict) -> dict:
    return {
        "id": w.id,
        "number": w.order + 1,
        "name": w.name,
        "status": w.status,
        **{k: iso(getattr(w, k)) for k in TIMES},
        "time_zone": tz,
        "observation_days": days.get(w.id),
        "notes": w.notes,
    }


def _days(ctx) -> dict:
    return {x.wave_id: x.days for x in ObservationService(ctx).windows()}


def cmd_add(args) -> int:
    with project(args.project, write=True, by=args.by) as ctx:
        tz = project_zone_name(ctx)
        values = {"name": args.name, **_values(args, tz)}
        change = WaveChange("", values, args.observation_days, add=True)
        wave = ObservationService(ctx).set_waves([change])[0]
        data = wave_json(wave, tz, _days(ctx))
    return emit(args, data, f"added wave {wave.order + 1} {wave.name}")


def _from_file(path: str, tz: str) -> list[WaveChange]:
    rows = read_json_file(path)
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise HmError(f"{path}: expected a JSON list of waves")
    changes = []
    for n, r in enumerate(rows, 1):
        extra = set(r) - {"wave", "name", "observation_days", "notes", *TIMES}
        if extra:
            raise HmError(f"{path}, entry {n}: unknown wave field(s) {', '.join(sorted(extra))}")
        values = {k: local_time(r[k], tz) or None for k in TIMES if k in r}
        values.update({k: r[k] for k in ("name", "notes") if k in r})
        ref = str(r.get("wave") or r.get("name") or "")
        if not ref:
            raise HmError(f'{path}, entry {n}: name the wave ("wave" or "name")')
        changes.append(WaveChange(ref, values, r.get("observation_days"), add=True))
    return changes


def cmd_set(args) -> int:
    if bool(args.wave) == bool(args.from_file):
        raise UsageError("name one wave, or give --from FILE")
    with project(args.project, write=True, by=args.by) as ctx:
        tz = project_zone_name(ctx)
        if args.from_file:
            changes = _from_file(args.from_file, tz)
        else:
            values = _values(args, tz)
            if args.name:
                values["name"] = args.name
            changes = [WaveChange(wave_of(ctx, args.wave).id, values, args.observation_days)]
        waves = ObservationService(ctx).set_waves(changes)
        days = _days(ctx)
        data = [wave_json(w, tz, days) for w in waves]
    if args.from_file:
        return emit(args, {"waves": data}, f"{len(data)} waves set")
    w = waves[0]
    return emit(
        args,
        data[0],
        f"{w.name}: cutover {fmt_local(w.cutover_start, tz)} .. {fmt_local(w.cutover_end, tz)}",
    )


def cmd_delete(args) -> int:
    with project(args.project, write=True, by=args.by) as ctx:
        wave = wave_of(ctx, args.wave)
        hosts = WaveService(ctx).remove(wave.id)
    say(f"deleted wave {wave.name} ({hosts} hosts left without a wave)")
    return 0


def cmd_list(args) -> int:
    with project(args.project) as ctx:
        tz = project_zone_name(ctx)
        days = _days(ctx)
        rows = [wave_json(w, tz, days) for w in WaveService(ctx).list()]
        waves = WaveService(ctx).list()
    if args.json:
        print_json({"time_zone": tz, "waves": rows})
        return 0
    for w, r in zip(waves, rows, strict=True):
        print(
            f"W{r['number']:02d} {w.name:14} drill {fmt_local(w.drill_start, tz, named=False)}"
            f" .. {fmt_local(w.drill_end, tz, named=False)}  cutover "
            f"{fmt_local(w.cutover_start, tz, named=False)} .. "
            f"{fmt_local(w.cutover_end, tz, named=False)}  observe {r['observation_days']} d"
        )
    say(f"{len(rows)} waves; times in {tz}")
    return 0

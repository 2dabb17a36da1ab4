"""``hmfield run start|status|step|gate|rollback|finish PROJECT``: rehearsal and live runs of
a wave's saved runbook, as on the live screen: the same service (RunService), the same
checks (a step starts when its predecessors are done, a gate needs a named decider, the
rollback branch opens only after a rollback is triggered).

The run is the running run of ``--wave`` (default: the one wave with a running run;
``--run ID`` names another); ``status`` shows the latest one when none is running. Steps
are named by their number, as printed.
"""

from __future__ import annotations

import sys

from hmfield.cli.common import (
    UsageError,
    emit,
    iso,
    noun,
    person_id,
    print_json,
    project,
    project_zone_name,
    say,
    verb,
    wave_for,
    wave_of,
)  # fmt: skip
from hmfield.core.errors import HmError
from hmfield.core.plan.timing import fmt_local
from hmfield.core.runbooks.runs import RunService
from hmfield.core.runbooks.service import RunbookService

ORDER = 52


def register(sub) -> None:
    verbs = noun(sub, "run", "rehearsal and live runs of a wave's runbook")
    p = verb(
        verbs, "start", cmd_start, "start a rehearsal (or --live: the cutover)", json=True, by=True
    )
    _wave(p, start=True)
    p.add_argument("--live", action="store_true", help="the live run in the cutover window")
    p = verb(verbs, "list", cmd_list, "the runs of a wave (or of every wave)", json=True)
    p.add_argument("--wave", help="one wave (default: every wave)")
    p = verb(verbs, "status", cmd_status, "clock, forecast, state and ready steps", json=True)
    _wave(p)
    p = verb(verbs, "step", cmd_step, "start, finish or skip a step", json=True, by=True)
    p.add_argument("number", type=int, metavar="N", help="the step's number")
    _wave(p)
    how = p.add_mutually_exclusive_group(required=True)
    how.add_argument("--start", action="store_true")
    how.add_argument("--done", action="store_true")
    how.add_argument("--skip", action="store_true", help="needs --reason")
    p.add_argument("--reason", help="why the step is skipped")
    p = verb(
        verbs, "gate", cmd_gate, "a go/no-go decision (--by names who decided)", json=True, by=True
    )
    p.add_argument("number", type=int, metavar="N", help="the gate's step number")
    _wave(p)
    how = p.add_mutually_exclusive_group(required=True)
    how.add_argument("--go", action="store_true")
    how.add_argument("--no-go", action="store_true")
    p = verb(verbs, "rollback", cmd_rollback, "enter the rollback branch", json=True, by=True)
    _wave(p)
    p.add_argument("--reason", required=True, help="which trigger was met")
    p.add_argument("--after-no-return", action="store_true",
                   help="confirm a rollback past the point of no return")  # fmt: skip
    p = verb(verbs, "finish", cmd_finish, "end the run: its result, or --abort", json=True, by=True)
    _wave(p)
    p.add_argument("--abort", action="store_true", help="end a run that is not finished")
    p.add_argument("--reason", help="why it is aborted")


def _wave(p, start: bool = False) -> None:
    p.add_argument("--wave",
                   help="the wave: W01, its number or name (default: the project's only wave)"
                   if start else "the wave (default: the wave of --run, or whose run is "
                   "running, or the project's only wave)")  # fmt: skip
    if not start:
        p.add_argument("--run", help="a run's id (default: the wave's running run)")


def _running_wave(ctx, run_ref: str | None = None):
    """The wave when --wave is not given: the wave of the run named by ``run_ref``, else the
    one wave with a running run, else the project's only wave."""
    books, runs = RunbookService(ctx), RunService(ctx)
    found, named = [], []
    for wave in books.waves():
        runbook = books.for_wave(wave.id)
        mine = runs.runs(runbook.id) if runbook else []
        if run_ref and any(r.id.startswith(run_ref) for r in mine):
            named.append(wave)
        if any(r.status == "running" for r in mine):
            found.append(wave)
    if run_ref:
        if len(named) != 1:
            raise HmError(f"no run '{run_ref}' (hmfield run list)" if not named
                          else f"'{run_ref}' names runs of several waves: give more of the id")  # fmt: skip
        return named[0]
    if len(found) == 1:
        return found[0]
    if found:
        names = ", ".join(w.name for w in found)
        raise HmError(f"runs are running in {names}: name one with --wave")
    try:
        return wave_for(ctx, None, "the wave")
    except HmError as exc:
        raise HmError(f"no run is running (hmfield run start); {exc}") from None


def _pick(ctx, args, running: bool = True):
    wave = wave_of(ctx, args.wave) if args.wave else _running_wave(ctx, args.run)
    runbook = RunbookService(ctx).for_wave(wave.id)
    if runbook is None:
        raise HmError(f"wave '{wave.name}' has no saved runbook (hmfield runbook save)")
    runs = RunService(ctx).runs(runbook.id)
    if args.run:
        hits = [r for r in runs if r.id.startswith(args.run)]
    else:
        hits = [r for r in runs if r.status == "running"] or ([] if running else runs[-1:])
    if len(hits) != 1:
        raise HmError(f"wave '{wave.name}' has no running run (hmfield run start)" if not hits
                      else f"'{args.run}' names {len(hits)} runs")  # fmt: skip
    return wave, runbook, hits[-1]


def _key(snap, number: int) -> str:
    hit = next((x for x in snap.steps if x.number == number), None)
    if hit is None:
        raise HmError(f"the run has no step {number}")
    return hit.key


def status_json(ctx, svc: RunService, run, wave) -> dict:
    snap = svc.snapshot(run.id)
    now = ctx.clock.now()
    fc = snap.forecast(now)
    num = {x.key: x.number for x in snap.steps}
    people = _people(ctx)
    return {
        "wave": wave.name,
        "run": {"id": run.id, "kind": run.kind, "status": snap.run.status,
                "started_at": iso(run.started_at), "ended_at": iso(snap.run.ended_at)},
        "time_zone": project_zone_name(ctx),
        "now": iso(now),
        "window_start": iso(snap.window_start),
        "window_end": iso(snap.window_end),
        "rolling_back": snap.rolling_back,
        "point_of_no_return_passed": snap.no_return_passed(),
        "forecast": {
            "state": str(fc.status), "forecast_end": iso(fc.forecast_end),
            "planned_end": iso(fc.planned_end), "slip_minutes": round(fc.slip_minutes, 1),
            "buffer_minutes": round(fc.buffer_minutes, 1),
            "minutes_left_in_window": round(fc.minutes_left_in_window, 1),
            "remaining_minutes": round(fc.remaining_minutes, 1),
            "remaining_critical_path": [num[k] for k in fc.remaining_critical_path if k in num],
            "end_known": fc.end_known, "unknown_steps": fc.unknown_steps,
        },
        "ready": [num[k] for k in fc.ready if k in num],
        "steps": [
            {"number": x.number, "key": x.key, "title": x.title_en or x.title_zh, "type": x.type,
             "branch": x.branch or None, "status": x.status, "started_at": iso(x.started_at),
             "ended_at": iso(x.ended_at), "skip_reason": x.skip_reason or None,
             "gate_decision": getattr(x, "gate_decision", None) or None,
             "decided_by": people.get(getattr(x, "decided_by_id", None))}
            for x in snap.steps
        ],
    }  # fmt: skip


def _people(ctx) -> dict:
    from hmfield.core.project.people import PeopleService

    return {p.id: p.name for p in PeopleService(ctx).list()}


def cmd_start(args) -> int:
    with project(args.project, write=True, by=args.by) as ctx:
        wave = wave_for(ctx, args.wave, "the wave to run")
        runbook = RunbookService(ctx).for_wave(wave.id)
        if runbook is None:
            raise HmError(f"wave '{wave.name}' has no saved runbook (hmfield runbook save)")
        svc = RunService(ctx)
        run = svc.start(runbook.id, "live" if args.live else "rehearsal")
        data = status_json(ctx, svc, run, wave)
        tz = data["time_zone"]
    return emit(args, data, f"{run.kind} run of {wave.name} started; window "
                f"{fmt_local(run.window_start, tz)} .. {fmt_local(run.window_end, tz)}; id {run.id[:10]}")  # fmt: skip


def cmd_status(args) -> int:
    with project(args.project) as ctx:
        wave, _, run = _pick(ctx, args, running=False)
        data = status_json(ctx, RunService(ctx), run, wave)
    if args.json:
        print_json(data)
        return 0
    fc, tz = data["forecast"], data["time_zone"]
    print(f"{wave.name} {data['run']['kind']} run: {data['run']['status']}"
          f"{' (rolling back)' if data['rolling_back'] else ''}; now {_local(data['now'], tz)}")  # fmt: skip
    at_least = "" if fc["end_known"] else "at the earliest "
    print(f"forecast {fc['state']}: end {at_least}{_local(fc['forecast_end'], tz)}, slip {fc['slip_minutes']:g} min, "
          f"{fc['minutes_left_in_window']:g} min left in the window")  # fmt: skip
    if not fc["end_known"]:
        print(f"{fc['unknown_steps']} steps still to run have unknown minutes (planned at 0)")
    print(f"ready: {', '.join(map(str, data['ready'])) or '-'}")
    for s in data["steps"]:
        mark = "R" if s["branch"] else " "
        print(f"{mark}{s['number']:>4} {s['status']:8} {s['type']:10} {s['title']}")
    return 0


def _local(text: str | None, tz: str) -> str:
    from datetime import datetime

    return fmt_local(datetime.fromisoformat(text) if text else None, tz)


def cmd_step(args) -> int:
    with project(args.project, write=True, by=args.by) as ctx:
        wave, _, run = _pick(ctx, args)
        svc = RunService(ctx)
        key = _key(svc.snapshot(run.id), args.number)
        if args.start:
            step = svc.start_step(run.id, key)
        elif args.done:
            step = svc.finish_step(run.id, key)
        else:
            if not args.reason:
                raise UsageError("--skip needs --reason")
            step = svc.skip_step(run.id, key, args.reason)
        data = status_json(ctx, svc, run, wave)
    for w in svc.warnings:
        sys.stderr.write(f"hmfield: note: {w}\n")
    return emit(args, data, f"step {step.number}: {step.status}; run {data['run']['status']}")


def cmd_gate(args) -> int:
    if not args.by:
        raise UsageError("a gate decision needs --by NAME (who decided; a name in People)")
    with project(args.project, write=True, by=args.by) as ctx:
        wave, _, run = _pick(ctx, args)
        svc = RunService(ctx)
        key = _key(svc.snapshot(run.id), args.number)
        decision = "go" if args.go else "no_go"
        step = svc.decide_gate(run.id, key, decision, person_id(ctx, args.by))
        data = status_json(ctx, svc, run, wave)
    return emit(
        args, data, f"gate {step.number}: {decision} by {args.by}; run {data['run']['status']}"
    )


def cmd_rollback(args) -> int:
    if not args.by:
        raise UsageError("a rollback needs --by NAME (who decided; a name in People)")
    with project(args.project, write=True, by=args.by) as ctx:
        wave, _, run = _pick(ctx, args)
        svc = RunService(ctx)
        svc.trigger_rollback(run.id, args.reason, person_id(ctx, args.by), args.after_no_return)
        data = status_json(ctx, svc, run, wave)
    branch = [s["number"] for s in data["steps"] if s["branch"]]
    return emit(
        args,
        data,
        f"rollback of {wave.name} entered; branch steps {', '.join(map(str, branch)) or 'none'}",
    )


def cmd_finish(args) -> int:
    with project(args.project, write=bool(args.abort), by=args.by) as ctx:
        wave, _, run = _pick(ctx, args, running=False)
        svc = RunService(ctx)
        if args.abort:
            if not args.reason:
                raise UsageError("--abort needs --reason")
            svc.abort(run.id, args.reason)
        data = status_json(ctx, svc, run, wave)
    state = data["run"]["status"]
    if state == "running":
        left = [s["number"] for s in data["steps"] if s["status"] in ("pending", "running")
                and (not s["branch"] or data["rolling_back"])]  # fmt: skip
        raise HmError(f"the run is still running: step(s) {', '.join(map(str, left))} are not finished "
                      "(finish or skip them, or --abort --reason)")  # fmt: skip
    return emit(
        args,
        data,
        f"{data['run']['kind']} run of {wave.name}: {state} at {data['run']['ended_at']}",
    )


def cmd_list(args) -> int:
    with project(args.project) as ctx:
        books = RunbookService(ctx)
        waves = [wave_of(ctx, args.wave)] if args.wave else books.waves()
        svc = RunService(ctx)
        rows = []
        for wave in waves:
            runbook = books.for_wave(wave.id)
            for r in svc.runs(runbook.id) if runbook else []:
                rows.append({"wave": wave.name, "id": r.id, "kind": r.kind, "status": r.status,
                             "started_at": iso(r.started_at), "ended_at": iso(r.ended_at)})  # fmt: skip
    if args.json:
        print_json({"runs": rows})
        return 0
    for r in rows:
        print(f"{r['id'][:10]}  {r['wave']:10} {r['kind']:10} {r['status']:12} {r['started_at']}")
    say(f"{len(rows)} runs")
    return 0

"""``hmfield runbook PROJECT --wave W [--json]``: a wave's cutover runbook with planned starts.

Read-only: when the wave has no runbook yet, the generated one is printed without saving it
(and the output says so); generate and edit it in the app.
"""

from __future__ import annotations

import sys

from hmfield.cli.common import print_json, project
from hmfield.core.reports.runbook_text import hhmm
from hmfield.core.runbooks.paper import report_tz
from hmfield.core.runbooks.service import RunbookService

ORDER = 50


def register(sub) -> None:
    p = sub.add_parser("runbook", help="show a wave's cutover runbook (planned starts)")
    p.add_argument("project")
    p.add_argument("--wave", required=True, help="the wave's order number or name")
    p.add_argument("--lang", choices=("zh", "en"), default="zh", help="step titles (default zh)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_runbook)


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def cmd_runbook(args) -> int:
    with project(args.project) as ctx:
        svc = RunbookService(ctx)
        wave = svc.wave(args.wave)
        view = svc.view_for_wave(wave.id)
        tz = report_tz(ctx)
        people = {p.id: p.name for p in _people(ctx)}
    number = {p.step.key: p.step.number for p in view.steps}
    steps = [
        {
            "id": p.step.key,
            "number": p.step.number,
            "title": p.step.title(args.lang),
            "executor_role": p.step.executor_role,
            "owner": people.get(p.step.owner_id or ""),
            "predecessors": [number[k] for k in p.step.predecessors if k in number],
            "planned_start": _iso(p.planned_start),
            "planned_minutes": p.step.planned_minutes,
            "type": p.step.type,
        }
        for p in view.steps
    ]
    if args.json:
        print_json(
            {
                "wave": wave.name,
                "window_start": _iso(wave.cutover_start),
                "window_end": _iso(wave.cutover_end),
                "saved": view.saved,
                "steps": steps,
            }
        )
    else:
        print(f"{wave.order + 1} {wave.name}   {hhmm(wave.cutover_start, tz, True) or '-'} .. "
              f"{hhmm(wave.cutover_end, tz, True) or '-'} ({tz})")  # fmt: skip
        for planned, s in zip(view.steps, steps, strict=True):
            after = ",".join(str(n) for n in s["predecessors"])
            start = hhmm(planned.planned_start, tz)
            print(
                f"{s['number']:>4}  {start:>5}  {s['planned_minutes']:>5g}'  {s['type']:<10} "
                f"{s['executor_role']:<9} {s['owner'] or '':<8} [{after}] {s['title']}"
            )
    if not view.saved:
        print(
            f"note: wave '{wave.name}' has no runbook yet; this is the generated one, not saved "
            "(generate it in the app to edit and run it)",
            file=sys.stderr,
        )
    return 0


def _people(ctx):
    from hmfield.core.project.people import PeopleService

    return PeopleService(ctx).list(include_deleted=True)

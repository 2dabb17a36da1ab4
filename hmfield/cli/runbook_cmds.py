"""``hmfield runbook PROJECT --wave W [--run live|rehearsal|latest] [--json]``: a wave's
cutover runbook with planned starts, the gates' criteria, the rollback branch and the
escalation list; with ``--run`` the run's status of every step and who changed it when.

``hmfield notice PROJECT --wave W --kind stop_business|business_resumed``: the wave's notice
as plain text (``--approve NAME``, ``--edit FILE``, ``--regenerate`` change it).

Read-only unless a notice is changed: when the wave has no runbook yet, the generated one is
printed without saving it (and the output says so). The figures are the ones the printed
runbook shows (:func:`hmfield.core.runbooks.paper.runbook_paper`).
"""

from __future__ import annotations

import sys
from pathlib import Path

from hmfield.cli.common import (
    JSON_HELP,
    UsageError,
    add_by,
    emit,
    noun,
    pad,
    person_id,
    print_json,
    project,
    verb,
    wave_for,
)
from hmfield.core.errors import HmError
from hmfield.core.reports.runbook_text import hhmm, minutes_text, rlabels, role_text
from hmfield.core.runbooks.notices import KINDS as NOTICE_KINDS
from hmfield.core.runbooks.notices import NoticeService
from hmfield.core.runbooks.paper import PaperStep, report_run, runbook_paper
from hmfield.core.runbooks.service import RunbookService
from hmfield.core.runbooks.titles import step_minutes_text

ORDER = 50
RUN_CHOICES = ("latest", "live", "rehearsal")
WAVE_HELP = "the wave: W01, its number or name (default: the project's only wave)"


def register(sub) -> None:
    verbs = noun(
        sub,
        "runbook",
        "a wave's cutover runbook: show, save (generate), edit steps",
        "A wave's cutover runbook. 'hmfield runbook PROJECT --wave W' means 'runbook show'.",
    )
    p = verb(verbs, "show", cmd_runbook, "show the runbook (planned starts, a run's status)")
    p.add_argument("--wave", help=WAVE_HELP)
    p.add_argument(
        "--run",
        choices=RUN_CHOICES,
        help="show a run's status per step: the live run, the latest rehearsal, or latest "
        "(the live run, else the latest rehearsal); refused when there is none",
    )
    p.add_argument("--lang", choices=("zh", "en"), default="zh", help="step titles (default zh)")
    p.add_argument("--json", action="store_true", help=JSON_HELP)
    _register_edit(verbs)

    n = sub.add_parser("notice", help="a wave's stop-business or business-resumed notice")
    n.add_argument("project")
    n.add_argument("--wave", help=WAVE_HELP)
    n.add_argument("--kind", choices=NOTICE_KINDS, default=NOTICE_KINDS[0])
    n.add_argument("--lang", choices=("zh", "en"), default="zh")
    n.add_argument("--edit", metavar="FILE", help="replace the --lang text by FILE's (UTF-8)")
    n.add_argument("--regenerate", action="store_true", help="a fresh draft from the wave")
    n.add_argument("--approve", metavar="NAME", help="approved by this person (a name in People)")
    n.add_argument("--json", action="store_true")
    add_by(n)
    n.set_defaults(handler=cmd_notice)


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def _step_json(s: PaperStep, lang: str) -> dict:
    return {
        "id": s.key,
        "number": s.number,
        "title": s.title(lang),
        "type": s.type,
        "executor_role": s.executor_role,
        "owner": s.owner or None,
        "predecessors": list(s.predecessor_numbers),
        "planned_start": _iso(s.planned_start),
        "planned_minutes": s.planned_minutes,
        "duration_unknown": s.duration_unknown,
        "critical": s.critical,
        "point_of_no_return": s.point_of_no_return,
        "criteria": s.criteria(lang) or None,
        "check": s.check(lang) or None,
        "after_entry_minutes": s.after_entry_minutes,
        "status": s.status,
        "status_by": s.status_by or None,
        "status_at": _iso(s.status_at),
        "actual_start": _iso(s.actual_start),
        "actual_end": _iso(s.actual_end),
        "gate_decision": s.gate_decision,
        "decided_by": s.decided_by or None,
        "skip_reason": s.skip_reason or None,
    }


def cmd_runbook(args) -> int:
    with project(args.project) as ctx:
        svc = RunbookService(ctx)
        wave = wave_for(ctx, args.wave)
        run = None
        if args.run:
            run = report_run(ctx, wave, None if args.run == "latest" else args.run)
        paper = runbook_paper(ctx, wave, run)
        saved = svc.for_wave(wave.id) is not None
    lang, tz = args.lang, paper.tz
    if args.json:
        print_json(
            {
                "wave": paper.wave_name,
                "time_zone": tz,
                "window_start": _iso(paper.plan_window_start),
                "window_end": _iso(paper.plan_window_end),
                "saved": saved,
                "planned_minutes": round(paper.planned_min, 1),
                "end_known": not paper.unknown_steps,
                "unknown_steps": paper.unknown_steps,
                "run": {
                    "id": paper.run.run_id,
                    "kind": paper.run.kind,
                    "status": paper.run.status,
                    "window_start": _iso(paper.window_start),
                    "window_end": _iso(paper.window_end),
                }
                if paper.run
                else None,
                "steps": [_step_json(s, lang) for s in paper.steps],
                "rollback_branch": [_step_json(s, lang) for s in paper.rollback_branch],
                "escalation": [
                    {
                        "level": e.level,
                        "role": e.role,
                        "name": e.name,
                        "phone": e.phone,
                        "organisation": e.organisation,
                        "when": e.when(lang),
                    }
                    for e in paper.escalation
                ],  # fmt: skip
                "notices": [n[lang] for n in paper.notices],
            }
        )
    else:
        _print_text(paper, lang, tz)
    if not saved:
        print(
            f"note: wave '{wave.name}' has no runbook yet; this is the generated one, not saved "
            "(generate it in the app to edit and run it)",
            file=sys.stderr,
        )
    return 0


def _line(s: PaperStep, lang: str, tz: str) -> str:
    """One step as a line, in words (type, executor, status) in ``lang``."""
    from hmfield.core.reports.runbook_xlsx import type_word

    lab = rlabels(lang)
    mark = "★" if s.critical else " "
    start = (
        hhmm(s.planned_start, tz)
        if s.after_entry_minutes is None
        else f"+{minutes_text(s.after_entry_minutes)}'"
    )
    text = (
        f"{mark}{s.number:>4}  {start:>5}  {step_minutes_text(s.planned_minutes, s.duration_unknown, lang):>5}'  "
        f"{pad(type_word(lab, s.type), 10)} {pad(role_text(lab, s.executor_role), 10)} "
        f"{pad(s.owner or '', 8)} "
        f"[{s.predecessors}] {s.title(lang)}"
    )
    if s.status:
        who = f" {s.status_by} {hhmm(s.status_at, tz, True)}" if s.status_by else ""
        text += f"   <{lab.get(f'stepstatus_{s.status}', s.status)}{who}>"
    return text


def _print_text(paper, lang: str, tz: str) -> None:
    window = (
        f"{hhmm(paper.window_start, tz, True) or '-'} .. {hhmm(paper.window_end, tz, True) or '-'}"
    )
    length = paper.length_text(lang)
    print(f"{paper.wave_name}   {window} ({tz})   {rlabels(lang)['planned_length']}: {length}")
    if paper.run:
        print(f"run: {paper.run.kind} ({paper.run.status}); times in {tz}")
    for n in paper.notices:
        print(f"! {n[lang]}")
    for s in paper.steps:
        print(_line(s, lang, tz))
        if s.criteria(lang):
            print(f"          {s.criteria(lang)}")
    print("rollback branch (entered from a gate before the point of no return):")
    for s in paper.rollback_branch:
        print(_line(s, lang, tz) + (f"  ? {s.check(lang)}" if s.check(lang) else ""))
    print("escalation:")
    for e in paper.escalation:
        print(f"  L{e.level} {e.role:<13} {e.name:<8} {e.phone:<15} {e.when(lang)}")


def cmd_notice(args) -> int:
    changing = bool(args.edit or args.regenerate or args.approve)
    with project(args.project, write=changing, by=args.by) as ctx:
        wave = wave_for(ctx, args.wave)
        notices = NoticeService(ctx)
        if args.regenerate:
            notices.regenerate(wave.id, args.kind)
        if args.edit:
            try:
                text = Path(args.edit).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise UsageError(f"cannot read {args.edit}: {exc}") from None
            notices.save(wave.id, args.kind, **{f"text_{args.lang}": text})
        if args.approve:
            from hmfield.core.project.people import PeopleService

            person = PeopleService(ctx).find(args.approve)
            if person is None:
                raise HmError(f"no person named '{args.approve}' in People; add them first")
            notices.approve(wave.id, args.kind, person.id)
        view = notices.get(wave.id, args.kind)
        text = notices.text(wave.id, args.kind, args.lang)
    if args.json:
        print_json(
            {
                "wave": wave.name,
                "kind": view.kind,
                "text": view.body(args.lang),
                "saved": view.saved,
                "edited": view.edited,
                "approved_by": view.approved_by or None,
                "approved_at": _iso(view.approved_at),
                "time_zone": view.tz,
            }
        )
    else:
        print(text)
    return 0


def _register_edit(verbs) -> None:
    verb(verbs, "list", cmd_list, "every wave and its saved runbook", json=True)
    p = verb(verbs, "save", cmd_save, "generate and save the wave's runbook", json=True, by=True)
    p.add_argument("--wave", help=WAVE_HELP)
    p.add_argument("--regenerate", action="store_true",
                   help="refresh a saved runbook from the wave (your own steps are kept)")  # fmt: skip
    p = verb(verbs, "edit", cmd_edit, "add, move, change or delete a step", json=True, by=True)
    p.add_argument("--wave", help=WAVE_HELP)
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--add", metavar="TITLE", help="add your own step at the end")
    what.add_argument("--move", type=int, metavar="N", help="step N now follows --after")
    what.add_argument("--delete", type=int, metavar="N", help="delete your own step N")
    what.add_argument(
        "--step", type=int, metavar="N", help="change step N (--minutes, --owner, --role)"
    )
    p.add_argument("--after", type=int, action="append", metavar="M",
                   help="the step(s) it waits for (repeat; default for --add: the last step)")  # fmt: skip
    p.add_argument("--minutes", type=float, help="planned minutes")
    p.add_argument("--owner", help="a person's name")
    p.add_argument("--role", help="executor role (msp, customer, ...)")
    p.add_argument("--type", choices=("task", "milestone", "gate", "validation"), default=None)


def _saved(svc, wave):
    runbook = svc.for_wave(wave.id)
    if runbook is None:
        raise HmError(
            f"wave '{wave.name}' has no saved runbook; save it first (hmfield runbook save)"
        )
    return runbook


def cmd_save(args) -> int:
    with project(args.project, write=True, by=args.by) as ctx:
        svc = RunbookService(ctx)
        wave = wave_for(ctx, args.wave)
        runbook = svc.for_wave(wave.id)
        if runbook is not None and not args.regenerate:
            raise HmError(f"wave '{wave.name}' has a saved runbook; --regenerate refreshes it")
        view = svc.regenerate(runbook.id) if runbook else svc.generate(wave.id)
        data = {"wave": wave.name, "runbook_id": view.runbook.id, "version": view.runbook.version,
                "steps": len(view.steps), "rollback_steps": len(view.branch)}  # fmt: skip
    return emit(
        args,
        data,
        f"runbook of {wave.name} saved: {data['steps']} steps (version {data['version']})",
    )


def _keys(steps, numbers) -> list[str]:
    by_number = {x.number: x for x in steps}
    missing = [n for n in numbers if n not in by_number]
    if missing:
        raise HmError(f"the runbook has no step {missing[0]}")
    return [by_number[n].key for n in numbers]


def _step_changes(ctx, args) -> dict:
    out = {}
    if args.minutes is not None:
        out["planned_minutes"] = args.minutes
    if args.owner is not None:
        out["owner_id"] = person_id(ctx, args.owner)
    if args.role is not None:
        out["executor_role"] = args.role
    if args.type is not None:
        out["type"] = args.type
    return out


def cmd_edit(args) -> int:
    with project(args.project, write=True, by=args.by) as ctx:
        svc = RunbookService(ctx)
        wave = wave_for(ctx, args.wave)
        runbook = _saved(svc, wave)
        steps = svc.steps(runbook.id)
        path = [x for x in steps if not x.branch]
        if args.add:
            after = (
                _keys(steps, args.after) if args.after else [max(path, key=lambda x: x.number).key]
            )
            ch = _step_changes(ctx, args)
            step = svc.add_step(
                runbook.id, args.add, predecessors=after, planned_minutes=ch.get("planned_minutes", 10),
                type=ch.get("type", "task"), executor_role=ch.get("executor_role", "msp"),
                owner_id=ch.get("owner_id"),
            )  # fmt: skip
            line = f"added step {step.number}: {step.title_en or step.title_zh}"
        elif args.delete is not None:
            step = next(x for x in steps if x.key == _keys(steps, [args.delete])[0])
            svc.remove_step(step.id)
            line = f"deleted step {args.delete}"
        else:
            number = args.move if args.move is not None else args.step
            step = next(x for x in steps if x.key == _keys(steps, [number])[0])
            changes = _step_changes(ctx, args)
            if args.move is not None:
                if not args.after:
                    raise UsageError("--move N needs --after M (the step(s) it then follows)")
                changes["predecessors"] = _keys(steps, args.after)
            if not changes:
                raise UsageError("nothing to change: give --minutes, --owner, --role or --type")
            step = svc.edit_step(step.id, **changes)
            line = f"step {number}: {', '.join(changes)} changed"
        data = {"wave": wave.name, "step": {"number": step.number, "key": step.key,
                "title": step.title_en or step.title_zh, "predecessors": list(step.predecessors),
                "planned_minutes": step.planned_minutes, "custom": step.custom}}  # fmt: skip
    return emit(args, data, line)


def cmd_list(args) -> int:
    with project(args.project) as ctx:
        svc = RunbookService(ctx)
        rows = []
        for wave in svc.waves():
            runbook = svc.for_wave(wave.id)
            steps = svc.steps(runbook.id) if runbook else []
            rows.append({"wave": wave.name, "saved": runbook is not None,
                         "version": runbook.version if runbook else None,
                         "steps": len([x for x in steps if not x.branch]),
                         "rollback_steps": len([x for x in steps if x.branch])})  # fmt: skip
    if args.json:
        print_json({"runbooks": rows})
        return 0
    for r in rows:
        state = f"saved v{r['version']}, {r['steps']} steps" if r["saved"] else "not saved"
        print(f"{r['wave']:14} {state}")
    return 0

"""``hmfield checklist``: list the project's checklist, set an item's status, print it.

    hmfield checklist PROJECT [--phase assess|plan|migrate|operate] [--json] [--lang zh|en]
    hmfield checklist PROJECT set ITEM_ID --status STATUS [--reason TEXT] [--note TEXT] [--by NAME]
    hmfield checklist PROJECT print -o OUT.pdf|OUT.xlsx [--phase P | --scenario S] [--lang zh|en]

``ITEM_ID`` is the template item id (``migrate.s7.4``), as listed. Blocked, not applicable and
skipped need ``--reason``. ``checklist_report`` is the ``checklist`` kind of ``hmfield report``.
"""

from __future__ import annotations

from pathlib import Path

from hmfield.cli.common import UsageError, add_by, print_json, project
from hmfield.core.checklists import SCENARIO_CODES, PhaseCode
from hmfield.core.checklists.service import ChecklistService
from hmfield.core.checklists.views import ItemStatus, ItemView
from hmfield.core.clock import iso

ORDER = 40
MARKS = {
    "not_started": "[ ]",
    "in_progress": "[~]",
    "done": "[x]",
    "blocked": "[!]",
    "not_applicable": "[-]",
    "skipped": "[>]",
}


def register(sub) -> None:
    p = sub.add_parser("checklist", help="list the checklist, set an item's status, print it")
    p.add_argument("project")
    p.add_argument("--phase", choices=[c.value for c in PhaseCode])
    p.add_argument("--json", action="store_true")
    p.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of titles")
    p.set_defaults(handler=cmd_list)
    actions = p.add_subparsers(dest="action", metavar="ACTION")

    s = actions.add_parser("set", help="set the status of one item")
    s.add_argument("item", metavar="ITEM_ID", help="e.g. migrate.s7.4")
    s.add_argument("--status", required=True, choices=[c.value for c in ItemStatus])
    s.add_argument("--reason", help="needed for blocked, not_applicable and skipped")
    s.add_argument("--note", help="replaces the item's note")
    add_by(s)
    s.set_defaults(handler=cmd_set)

    r = actions.add_parser("print", help="write the checklist as PDF (for paper) or Excel")
    r.add_argument("-o", "--output", required=True, help="OUT.pdf or OUT.xlsx")
    group = r.add_mutually_exclusive_group()
    group.add_argument("--phase", dest="print_phase", choices=[c.value for c in PhaseCode])
    group.add_argument("--scenario", dest="print_scenario", choices=SCENARIO_CODES)
    r.add_argument("--lang", dest="print_lang", choices=("zh", "en"), default="zh")
    r.set_defaults(handler=cmd_print)


def item_json(view: ItemView, lang: str) -> dict:
    return {
        "id": view.template_id,
        "phase": view.phase.value,
        "stage": view.stage_id,
        "title": view.title.get(lang),
        "kind": view.kind.value,
        "executor_roles": list(view.executor_roles),
        "assignee": view.assignee_name or None,
        "status": view.status,
        "reason": view.status_reason or None,
        "planned_date": view.planned_date.isoformat() if view.planned_date else None,
        "started_at": iso(view.started_at),
        "completed_at": iso(view.completed_at),
        "note": view.note,
    }


def cmd_list(args) -> int:
    with project(args.project) as ctx:
        views = ChecklistService(ctx).items(args.phase)
    if args.json:
        print_json({"items": [item_json(v, args.lang) for v in views]})
        return 0
    stage = None
    for v in views:
        if v.stage_id != stage:
            stage = v.stage_id
            print(f"== {v.template.stage.title.get(args.lang)}")
        extra = f"  ({v.assignee_name})" if v.assignee_name else ""
        reason = f"  - {v.status_reason}" if v.status_reason else ""
        print(f"{MARKS[v.status]} {v.template_id:<36} {v.title.get(args.lang)}{extra}{reason}")
    return 0


def cmd_set(args) -> int:
    with project(args.project, write=True, by=args.by) as ctx:
        service = ChecklistService(ctx)
        service.ensure_instances()
        view = service.set_status(args.item, args.status, reason=args.reason, note=args.note)
    print(f"{view.template_id}: {view.status}")
    return 0


def write_checklist(ctx, output: str, *, phase=None, scenario=None, lang: str = "zh") -> Path:
    """PDF (for paper) or xlsx (everything, with times and people) by the file's suffix."""
    suffix = Path(output).suffix.lower()
    if suffix == ".xlsx":
        if phase or scenario:
            raise UsageError("the Excel export holds every item; --phase/--scenario are for PDF")
        from hmfield.core.reports.checklist_xlsx import checklist_xlsx

        return checklist_xlsx(ctx, output, lang=lang)
    if suffix != ".pdf":
        raise UsageError("the output file must end in .pdf or .xlsx")
    from hmfield.core.reports.checklist_pdf import checklist_pdf

    return checklist_pdf(ctx, output, phase=phase, scenario=scenario, lang=lang)


def cmd_print(args) -> int:
    with project(args.project) as ctx:
        path = write_checklist(
            ctx,
            args.output,
            phase=args.print_phase,
            scenario=args.print_scenario,
            lang=args.print_lang,
        )
    print(f"wrote {path}")
    return 0


def checklist_report(ctx, args) -> Path:
    """The ``checklist`` kind of ``hmfield report`` (uses --phase / --scenario when the
    report command offers them)."""
    return write_checklist(
        ctx,
        args.output,
        phase=getattr(args, "phase", None),
        scenario=getattr(args, "scenario", None),
        lang=args.lang,
    )

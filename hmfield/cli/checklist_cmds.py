"""``hmfield checklist``: list the project's checklist, set an item's status, print it.

    hmfield checklist list PROJECT [--phase assess|plan|migrate|operate] [--json] [--lang zh|en]
    hmfield checklist set PROJECT ITEM_ID --status STATUS [--reason TEXT] [--note TEXT] [--by NAME]
    hmfield checklist assign|sign|evidence PROJECT ITEM_ID ...
    hmfield checklist show PROJECT ITEM_ID [--lang zh|en] [--json]
    hmfield checklist print PROJECT -o OUT.pdf|OUT.xlsx [--phase P | --scenario S] [--lang zh|en]

The older forms (``checklist PROJECT``, ``checklist PROJECT set ITEM_ID ...``) still work.

``ITEM_ID`` is the template item id (``migrate.s7.4``), as listed. Blocked, not applicable and
skipped need ``--reason``. ``checklist_report`` is the ``checklist`` kind of ``hmfield report``.
"""

from __future__ import annotations

from pathlib import Path

from hmfield.cli.common import UsageError, emit, noun, person_id, print_json, project, verb
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
    verbs = noun(
        sub,
        "checklist",
        "the checklist: list, set status, assign, sign off, attach evidence, print",
        "The project's checklist. 'hmfield checklist PROJECT' means 'checklist list' and "
        "'hmfield checklist PROJECT set ITEM' means 'checklist set PROJECT ITEM'.",
    )
    p = verb(verbs, "list", cmd_list, "list the items and their status", json=True)
    p.add_argument("--phase", choices=[c.value for c in PhaseCode])
    p.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of titles")

    s = verb(verbs, "set", cmd_set, "set the status of one item", json=True, by=True)
    s.add_argument("item", metavar="ITEM_ID", help="e.g. migrate.s7.4")
    s.add_argument("--status", required=True, choices=[c.value for c in ItemStatus])
    s.add_argument("--reason", help="needed for blocked, not_applicable and skipped")
    s.add_argument("--note", help="replaces the item's note")

    s = verb(verbs, "assign", cmd_assign, "assign an item to a person", json=True, by=True)
    s.add_argument("item", metavar="ITEM_ID")
    who = s.add_mutually_exclusive_group(required=True)
    who.add_argument("--to", metavar="NAME", help="a person's name (in People)")
    who.add_argument("--nobody", action="store_true", help="clear the assignee")

    s = verb(verbs, "sign", cmd_sign, "sign off a decision or acceptance item", json=True, by=True)
    s.add_argument("item", metavar="ITEM_ID")
    s.add_argument("--signer", required=True, metavar="NAME", help="who signs (a name in People)")

    s = verb(
        verbs, "evidence", cmd_evidence, "attach a file as evidence of an item", json=True, by=True
    )
    s.add_argument("item", metavar="ITEM_ID")
    s.add_argument("file", nargs="?", help="the file to attach (none: list the attachments)")

    f = verb(verbs, "show", cmd_show, "one item, with what the project shows for it", json=True)
    f.add_argument("item", metavar="ITEM_ID", help="e.g. assess.1")
    f.add_argument("--lang", choices=("zh", "en"), default="zh")

    r = verb(verbs, "print", cmd_print, "write the checklist as PDF (for paper) or Excel")
    r.add_argument("-o", "--output", required=True, help="OUT.pdf or OUT.xlsx")
    group = r.add_mutually_exclusive_group()
    group.add_argument("--phase", dest="print_phase", choices=[c.value for c in PhaseCode])
    group.add_argument("--scenario", dest="print_scenario", choices=SCENARIO_CODES)
    r.add_argument("--lang", dest="print_lang", choices=("zh", "en"), default="zh")


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


def _stage_components(ctx, views, lang: str) -> dict[str, list[str]]:
    """stage id -> what to deploy before it (heading and lines, with the numbers), for the
    stages whose items set the components up (core/plan/components.py)."""
    from hmfield.core.plan.components import component_defaults, read_components, stage_guidance

    named = component_defaults().checklist_items
    stages: dict[str, list[str]] = {}
    for v in views:
        stages.setdefault(v.stage_id, []).append(v.template_id)
    wanted = {s: ids for s, ids in stages.items() if any(i in named for i in ids)}
    if not wanted:
        return {}
    comp = read_components(ctx)
    return {s: stage_guidance(comp, ids, lang) for s, ids in wanted.items()}


def cmd_list(args) -> int:
    with project(args.project) as ctx:
        views = ChecklistService(ctx).items(args.phase)
        components = _stage_components(ctx, views, args.lang)
    if args.json:
        print_json({"items": [item_json(v, args.lang) for v in views], "components": components})
        return 0
    stage = None
    for v in views:
        if v.stage_id != stage:
            stage = v.stage_id
            print(f"== {v.template.stage.title.get(args.lang)}")
            for n, line in enumerate(components.get(stage, [])):
                print(f"   {line}" if n == 0 else f"   • {line}")
        extra = f"  ({v.assignee_name})" if v.assignee_name else ""
        reason = f"  - {v.status_reason}" if v.status_reason else ""
        print(f"{MARKS[v.status]} {v.template_id:<36} {v.title.get(args.lang)}{extra}{reason}")
    return 0


def cmd_show(args) -> int:
    """One item: its status and who has it, and for an Assess item the figures the checklist
    screen shows beside it (core.checklists.project_facts): read-only, nothing is ticked."""
    from hmfield.core.checklists.project_facts import has_facts, heading, item_facts

    with project(args.project) as ctx:
        view = ChecklistService(ctx).item(args.item)
        facts = item_facts(ctx, view.template_id, args.lang)
    if args.json:
        print_json({**item_json(view, args.lang), "facts": facts})
        return 0
    extra = f"  ({view.assignee_name})" if view.assignee_name else ""
    print(f"{MARKS[view.status]} {view.template_id}  {view.title.get(args.lang)}{extra}")
    if has_facts(view.template_id):
        print(f"   {heading(args.lang)}")
        for line in facts:
            print(f"   • {line}")
    return 0


def cmd_set(args) -> int:
    with project(args.project, write=True, by=args.by) as ctx:
        service = ChecklistService(ctx)
        service.ensure_instances()
        view = service.set_status(args.item, args.status, reason=args.reason, note=args.note)
    return emit(args, item_json(view, "en"), f"{view.template_id}: {view.status}")


def cmd_assign(args) -> int:
    with project(args.project, write=True, by=args.by) as ctx:
        service = ChecklistService(ctx)
        service.ensure_instances()
        view = service.assign(args.item, None if args.nobody else person_id(ctx, args.to))
    return emit(
        args,
        item_json(view, "en"),
        f"{view.template_id}: assigned to {view.assignee_name or 'nobody'}",
    )


def cmd_sign(args) -> int:
    with project(args.project, write=True, by=args.by) as ctx:
        service = ChecklistService(ctx)
        service.ensure_instances()
        view = service.sign_off(args.item, person_id(ctx, args.signer))
    return emit(args, item_json(view, "en"), f"{view.template_id}: signed off by {args.signer}")


def cmd_evidence(args) -> int:
    from hmfield.core.checklists.evidence import EvidenceService

    with project(args.project, write=bool(args.file), by=args.by) as ctx:
        svc = EvidenceService(ctx)
        if args.file:
            ChecklistService(ctx).ensure_instances()
            att = svc.attach(args.item, args.file)
            line = f"{args.item}: attached {att.file_name}"
        items = svc.attachments(args.item)
    data = {"item": args.item, "attachments": [
        {"id": a.id, "file_name": a.file_name, "size": a.size, "sha256": a.sha256}
        for a in items]}  # fmt: skip
    if not args.file:
        line = (
            "\n".join(f"{a['file_name']}  {a['size']} B" for a in data["attachments"])
            or "no evidence attached"
        )
    return emit(args, data, line)


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

"""``hmfield report PROJECT --kind KIND -o OUT [--lang zh|en]``: one command for every printout.

Each feature adds one line to ``REPORT_KINDS``: kind -> function(ctx, args) that writes
``args.output`` (the suffix, .pdf or .xlsx, picks the format) and returns the path written.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from hmfield.cli.common import UsageError, project


def _plan(ctx, args) -> Path:
    from hmfield.core.reports.plan_report import write_plan_report

    return write_plan_report(ctx, args.output, lang=args.lang)


def _runbook_kind(kind: str) -> Callable:
    def write(ctx, args) -> Path:
        from hmfield.core.reports.runbook_reports import write_runbook_report

        return write_runbook_report(ctx, kind, args.wave, args.output, args.lang)

    return write


def _checklist(ctx, args) -> Path:
    from hmfield.cli.checklist_cmds import checklist_report

    return checklist_report(ctx, args)


REPORT_KINDS: dict[str, Callable] = {
    "plan": _plan,
    "checklist": _checklist,
    "runbook": _runbook_kind("runbook"),
    "drill": _runbook_kind("drill"),
    "cutover": _runbook_kind("cutover"),
    "acceptance": _runbook_kind("acceptance"),
}

ORDER = 80


def register(sub) -> None:
    p = sub.add_parser("report", help="write a report (PDF or Excel)")
    p.add_argument("project")
    p.add_argument("--kind", required=True, help=f"one of: {', '.join(sorted(REPORT_KINDS))}")
    p.add_argument("-o", "--output", required=True, help="OUT.pdf or OUT.xlsx")
    p.add_argument("--lang", choices=("zh", "en"), default="zh")
    p.add_argument("--wave", help="wave order number or name (runbook, drill, cutover, acceptance)")
    p.add_argument(
        "--phase",
        choices=("assess", "plan", "migrate", "operate"),
        help="checklist: one phase (PDF)",
    )
    p.add_argument("--scenario", help="checklist: one scenario, e.g. agentless-automated (PDF)")
    p.set_defaults(handler=cmd_report)


def cmd_report(args) -> int:
    writer = REPORT_KINDS.get(args.kind)
    if writer is None:
        raise UsageError(
            f"unknown report kind '{args.kind}'; use one of {', '.join(sorted(REPORT_KINDS))}"
        )
    if Path(args.output).suffix.lower() not in (".pdf", ".xlsx"):
        raise UsageError("the output file must end in .pdf or .xlsx")
    with project(args.project) as ctx:
        path = writer(ctx, args)
    print(f"wrote {path}")
    return 0

"""``hmfield report PROJECT --kind KIND -o OUT [--lang zh|en]``: one command for every printout.

The kinds, their formats and options live in ``hmfield.core.reports.catalogue`` (shared with
the Reports screen); the output's suffix (.pdf or .xlsx) picks the format.
"""

from __future__ import annotations

from pathlib import Path

from hmfield.cli.common import UsageError, project
from hmfield.core.reports.catalogue import KINDS, write_report

ORDER = 80


def register(sub) -> None:
    p = sub.add_parser("report", help="write a report (PDF or Excel)")
    p.add_argument("project")
    p.add_argument("--kind", required=True, choices=sorted(KINDS), help="which report")
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
    if Path(args.output).suffix.lower() not in (".pdf", ".xlsx"):
        raise UsageError("the output file must end in .pdf or .xlsx")
    with project(args.project) as ctx:
        path = write_report(
            ctx,
            args.kind,
            args.output,
            lang=args.lang,
            wave=args.wave,
            phase=args.phase,
            scenario=args.scenario,
        )
    print(f"wrote {path}")
    return 0

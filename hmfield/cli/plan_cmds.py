"""Plan commands: propose waves, check a plan, import dependencies.

``plan check`` exits 1 when the plan has at least one error (a dependency crossing waves the
wrong way, a split coupled group or business system, a wave over capacity, a cutover that does
not fit its window, a host without a wave, a link below HyperMotion's minimums); warnings
alone (amber windows, missing windows or rollback plans) exit 0.
"""

from __future__ import annotations

from hmfield.cli.common import add_by, print_json, project
from hmfield.core.plan.dependency_import import FORMATS, apply_import, preview_import
from hmfield.core.plan.figures import feasibility_line
from hmfield.core.plan.maths.notes import PlanFinding, fmt_num
from hmfield.core.plan.messages import PlanMessages
from hmfield.core.plan.service import PlanningService

ORDER = 30


def register(sub) -> None:
    plan = sub.add_parser("plan", help="migration waves and plan checks")
    psub = plan.add_subparsers(dest="plan_command", metavar="PLAN_COMMAND")
    plan.set_defaults(handler=lambda args: plan.print_help() or 2)

    p = psub.add_parser("waves", help="propose waves from dependencies and limits")
    p.add_argument("project")
    p.add_argument("--max-hosts", type=int, metavar="N", help="hosts per wave at most")
    p.add_argument("--max-gib", type=float, metavar="G", help="GiB in use per wave at most")
    p.add_argument(
        "--proxies", type=int, metavar="N", help="Sync Proxies available (100 hosts each)"
    )
    p.add_argument("--policy", choices=("providers_first", "together"))
    p.add_argument("--apply", action="store_true", help="write the proposal into the project")
    p.add_argument("--json", action="store_true")
    add_by(p)
    p.set_defaults(handler=cmd_waves)

    p = psub.add_parser(
        "check", help="cross-wave dependencies, windows, rollback plans (exit 1 on errors)"
    )
    p.add_argument("project")
    p.add_argument("--lang", choices=("zh", "en"), default="en")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_check)

    deps = sub.add_parser("deps", help="dependencies between hosts, objects and systems")
    dsub = deps.add_subparsers(dest="deps_command", metavar="DEPS_COMMAND")
    deps.set_defaults(handler=lambda args: deps.print_help() or 2)
    p = dsub.add_parser("import", help="import dependencies from CSV (ours or Azure Migrate)")
    p.add_argument("project")
    p.add_argument("file")
    p.add_argument("--format", choices=FORMATS, help="default: detected from the header")
    p.add_argument("--dry-run", action="store_true", help="show what would be imported")
    p.add_argument(
        "--skip-unknown",
        action="store_true",
        help="import the rows that resolve even when others name unknown endpoints",
    )
    p.add_argument("--json", action="store_true")
    add_by(p)
    p.set_defaults(handler=cmd_deps_import)


def cmd_waves(args) -> int:
    with project(
        args.project, write=args.apply, by=args.by, backup="plan waves" if args.apply else None
    ) as ctx:
        svc = PlanningService(ctx)
        proposal = svc.propose(
            max_hosts=args.max_hosts, max_gib=args.max_gib, proxies=args.proxies, policy=args.policy
        )
        if args.apply:
            svc.apply_proposal(proposal)
    if args.json:
        print_json({**proposal.as_json(), "applied": args.apply})
        return 0
    msg = PlanMessages("en")
    for w in proposal.waves:
        print(
            f"W{w.order + 1:02d}: {len(w.host_ids)} hosts, {len(w.object_ids)} objects, "
            f"{fmt_num(w.data_mib / 1024, 1)} GiB in use, {w.agentless} agentless"
        )
    for f in proposal.infeasible:
        print(f"infeasible: {msg.text(f, proposal.names)}")
    for f in proposal.warnings:
        print(f"note: {msg.text(f, proposal.names)}")
    print(
        f"{len(proposal.waves)} waves {'applied' if args.apply else 'proposed (use --apply to write them)'}"
    )
    return 0


def cmd_check(args) -> int:
    with project(args.project) as ctx:
        result = PlanningService(ctx).check()
    msg = PlanMessages(args.lang)
    if args.json:
        print_json(
            {
                "errors": len(result.errors),
                "warnings": len(result.warnings),
                "findings": [
                    {"severity": f.severity, "code": f.code, "message": msg.text(f, result.names)}
                    for f in result.findings
                ],
                "waves": [
                    {
                        "wave": w.wave.name,
                        "hosts": w.hosts,
                        "status": w.status,
                        "needed_min": round(w.result.needed_min, 1) if w.result else None,
                        "available_min": round(w.result.available_min, 1) if w.result else None,
                        "slack_pct": round(w.result.slack_pct, 1) if w.result else None,
                    }
                    for w in result.feasibility
                ],
            }
        )
    else:
        for w in result.feasibility:
            print(msg.text(feasibility_line(w), result.names))
        for f in result.findings:
            print(f"{msg.severity(f.severity)}: {msg.text(f, result.names)}")
        totals = PlanFinding(
            "check_totals",
            f"{len(result.errors)} errors, {len(result.warnings)} warnings",
            "info",
            {"errors": len(result.errors), "warnings": len(result.warnings)},
        )
        print(msg.text(totals))
    return 1 if result.errors else 0


def cmd_deps_import(args) -> int:
    write = not args.dry_run
    with project(
        args.project, write=write, by=args.by, backup="deps import" if write else None
    ) as ctx:
        preview = preview_import(ctx, args.file, args.format)
        written = 0
        if write and (preview.ok or args.skip_unknown):
            written = apply_import(ctx, preview, skip_problems=args.skip_unknown)
    if args.json:
        print_json({**preview.as_json(), "written": written, "dry_run": args.dry_run})
    else:
        for p in preview.problems:
            print(f"problem: {p}")
        print(
            f"{len(preview.rows)} new, {preview.duplicates} already recorded or repeated, "
            f"{len(preview.problems)} problems; "
            + (
                f"{written} written"
                if write and (preview.ok or args.skip_unknown)
                else "nothing written"
            )
        )
    if preview.problems and not args.skip_unknown:
        return 1
    return 0

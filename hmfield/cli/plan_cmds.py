"""Plan commands: propose waves, check a plan, import dependencies.

``plan check`` exits 1 when the plan has at least one error (a dependency crossing waves the
wrong way, a split coupled group or business system, a wave over capacity, a cutover that does
not fit its window, a host without a wave, a link below HyperMotion's minimums); warnings
alone (amber windows, missing windows or rollback plans) exit 0.
"""

from __future__ import annotations

import argparse

from hmfield.cli.common import UsageError, add_by, emit, noun, print_json, project, verb
from hmfield.core.errors import HmError
from hmfield.core.plan.dependencies import KINDS as DEP_KINDS
from hmfield.core.plan.dependencies import DependencyService
from hmfield.core.plan.dependency_import import FORMATS, apply_import, preview_import
from hmfield.core.plan.figures import feasibility_line
from hmfield.core.plan.maths.notes import PlanFinding, fmt_num
from hmfield.core.plan.messages import PlanMessages
from hmfield.core.plan.preferences import policy_text
from hmfield.core.plan.service import PlanningService

ORDER = 30
DEPS_CSV_HELP = """Import dependencies from a CSV file (UTF-8, comma separated, a header row).

Our format: the columns from,to,kind,port,protocol,criticality,notes (from and to required):
  from,to,kind,port,protocol,criticality,notes
  crm-app01,crm-db01,database,5432,tcp,5,orders database
  system:CRM,object:shared-nas,shared_file,,,3,
'from' depends on 'to' (the provider). An endpoint is a host (name, hostname or IP), a
non-host object's name or a business system's name; a host:, object: or system: prefix
settles an ambiguity. kind is one of: call, database, middleware, cluster_member,
primary_standby, shared_file, shared_disk, object_storage (default call); criticality 1-5.

Azure Migrate's dependency export (Source server name, Source IP, ..., Destination
server name, Destination IP, Destination port) is read too: rows repeat per time slot
and collapse into one dependency per source, destination and port; the kind is guessed
from the port. The format is detected from the header (--format to force it).

An endpoint that is unknown or ambiguous is a problem naming the row and column, never a
new host: nothing is written and the exit code is 1, unless --skip-unknown writes the rows
that resolve. Rows already recorded are counted as duplicates and not written again."""


def register(sub) -> None:
    psub = noun(sub, "plan", "migration waves and plan checks")

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

    dsub = noun(sub, "deps", "dependencies between hosts, objects and systems")
    p = dsub.add_parser(
        "import",
        help="import dependencies from CSV (ours or Azure Migrate)",
        description=DEPS_CSV_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("project")
    p.add_argument("file")
    p.add_argument("--format", choices=FORMATS, help="default: detected from the header")
    p.add_argument("--dry-run", action="store_true", help="show what would be imported")
    p.add_argument(
        "--skip-unknown",
        action="store_true",
        help="write the rows that resolve and leave out the rows whose endpoint is unknown "
        "or ambiguous (listed as problems; exit 0); without it any problem writes nothing "
        "and exits 1",
    )
    p.add_argument("--json", action="store_true")
    add_by(p)
    p.set_defaults(handler=cmd_deps_import)
    _register_deps(dsub)


def _register_deps(dsub) -> None:
    p = verb(
        dsub, "add", cmd_deps_add, "record one dependency: FROM depends on TO", json=True, by=True
    )
    p.add_argument(
        "source", metavar="FROM", help="host, object or system name (host:/object:/system: prefix)"
    )
    p.add_argument("target", metavar="TO", help="the provider, named the same way")
    p.add_argument("--kind", default="call", choices=DEP_KINDS)
    p.add_argument("--port")
    p.add_argument("--protocol")
    p.add_argument("--criticality", type=int, choices=range(1, 6), metavar="1-5")
    p.add_argument("--notes", default="")
    p = verb(
        dsub,
        "delete",
        cmd_deps_delete,
        "delete a dependency: by id (as listed), or FROM TO [--port P]",
        json=True,
        by=True,
    )
    p.add_argument(
        "dep", nargs="+", metavar="ID|FROM TO", help="an id (or its first characters), or both ends"
    )
    p.add_argument("--port", dest="delete_port", help="with FROM TO: only the link on this port")
    verb(dsub, "list", cmd_deps_list, "list the dependencies", json=True)


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
            + (" (pilot)" if w.pilot else "")
        )
    for f in proposal.infeasible:
        print(f"infeasible: {msg.text(f, proposal.names)}")
    for f in proposal.warnings:
        print(f"note: {msg.text(f, proposal.names)}")
    print(policy_text(proposal.record, "en"))
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
                "policy": result.policy,
                "policy_text": policy_text(result.policy, args.lang),
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
        print(policy_text(result.policy, args.lang))
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


def _endpoint(index, text: str) -> tuple[str, str]:
    hits = index.lookup(text)
    if not hits:
        raise HmError(f"no host, object or business system named '{text}'")
    if len(hits) > 1:
        raise HmError(
            f"'{text}' names {len(hits)} endpoints; put host:, object: or system: in front"
        )
    return hits[0]


def dep_json(d, index) -> dict:
    return {
        "id": d.id,
        "from": index.name(d.from_type, d.from_id),
        "from_type": d.from_type,
        "to": index.name(d.to_type, d.to_id),
        "to_type": d.to_type,
        "kind": d.kind,
        "port": d.port,
        "protocol": d.protocol,
        "criticality": d.criticality,
        "notes": d.notes,
    }


def cmd_deps_add(args) -> int:
    with project(args.project, write=True, by=args.by) as ctx:
        svc = DependencyService(ctx)
        index = svc.endpoints()
        (ft, fid), (tt, tid) = _endpoint(index, args.source), _endpoint(index, args.target)
        dep = svc.add(
            from_type=ft, from_id=fid, to_type=tt, to_id=tid, kind=args.kind, port=args.port,
            protocol=args.protocol, criticality=args.criticality, notes=args.notes,
        )  # fmt: skip
        data = dep_json(dep, index)
    return emit(
        args, data, f"{data['from']} depends on {data['to']} ({dep.kind}); id {dep.id[:10]}"
    )


def cmd_deps_delete(args) -> int:
    with project(args.project, write=True, by=args.by) as ctx:
        svc = DependencyService(ctx)
        index = svc.endpoints()
        if len(args.dep) == 1:
            hits = [d for d in svc.list() if d.id.startswith(args.dep[0])]
        elif len(args.dep) == 2:
            ends = [_endpoint(index, x) for x in args.dep]
            hits = [d for d in svc.list() if [(d.from_type, d.from_id), (d.to_type, d.to_id)] == ends
                    and (args.delete_port is None or d.port == args.delete_port)]  # fmt: skip
        else:
            raise UsageError("deps delete takes an id, or FROM TO")
        if len(hits) != 1:
            what = " ".join(args.dep)
            raise HmError(
                f"no dependency '{what}'"
                if not hits
                else f"'{what}' names {len(hits)} dependencies (give --port or the id)"
            )
        data = dep_json(hits[0], index)
        svc.remove(hits[0].id)
    return emit(args, data, f"deleted: {data['from']} depends on {data['to']}")


def cmd_deps_list(args) -> int:
    with project(args.project) as ctx:
        svc = DependencyService(ctx)
        index = svc.endpoints()
        rows = [dep_json(d, index) for d in svc.list()]
    if args.json:
        print_json({"dependencies": rows})
        return 0
    for r in rows:
        port = f":{r['port']}" if r["port"] else ""
        print(f"{r['id'][:10]}  {r['from']} -> {r['to']}{port}  {r['kind']}")
    print(f"{len(rows)} dependencies")
    return 0

"""Project commands: gui, new, info, verify, demo, backups."""

from __future__ import annotations

import sys
from pathlib import Path

from hmfield.cli.common import add_by, print_json, project
from hmfield.core.audit.service import AuditService, integrity_check
from hmfield.core.errors import HmError
from hmfield.core.identity import load_identity
from hmfield.core.project.service import (
    SCENARIOS,
    NewProject,
    ProjectService,
    actor_for,
    create_project,
    parse_scenario,
)

ORDER = 0


def register(sub) -> None:
    p = sub.add_parser("gui", help="start the app (the default)")
    p.add_argument("project", nargs="?", help="project file to open")
    p.set_defaults(handler=cmd_gui)

    p = sub.add_parser("new", help="create a project file")
    p.add_argument("project")
    p.add_argument("--name", required=True)
    p.add_argument("--customer", default="")
    p.add_argument("--msp", default="")
    p.add_argument("--scenario", default="agent-automated", choices=SCENARIOS[:4] + SCENARIOS[4:])
    add_by(p)
    p.set_defaults(handler=cmd_new)

    p = sub.add_parser("info", help="name, scenario, schema version, counts")
    p.add_argument("project")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_info)

    p = sub.add_parser("verify", help="SQLite integrity check and audit chain check")
    p.add_argument("project")
    p.set_defaults(handler=cmd_verify)

    p = sub.add_parser("demo", help="write the demo project")
    p.add_argument("project")
    p.add_argument("--hosts", type=int, default=60, help="number of demo hosts (default 60)")
    p.set_defaults(handler=cmd_demo)

    p = sub.add_parser("backups", help="list a project's backups, or restore one")
    p.add_argument("project")
    p.add_argument("--restore", metavar="N", type=int, help="restore backup number N (1 = newest)")
    p.set_defaults(handler=cmd_backups)


def cmd_gui(args) -> int:
    from hmfield.gui.shell.launch import launch

    return launch(args.project)


def cmd_new(args) -> int:
    access, takeover = parse_scenario(args.scenario)
    actor = actor_for(load_identity(), args.by)
    ctx = create_project(
        Path(args.project),
        NewProject(
            name=args.name,
            customer=args.customer,
            msp=args.msp,
            source_access=access,
            target_takeover=takeover,
        ),
        actor=actor,
    )
    ctx.store.close()
    print(f"created {args.project}")
    return 0


def cmd_info(args) -> int:
    with project(args.project) as ctx:
        info = ProjectService(ctx).info()
    if args.json:
        print_json(info)
        return 0
    print(f"{info['name']}  ({info['customer'] or '-'})")
    print(f"scenario: {info['scenario']}   schema version: {info['schema_version']}")
    for key, value in info["counts"].items():
        print(f"  {key}: {value}")
    return 0


def cmd_verify(args) -> int:
    with project(args.project) as ctx:
        check = integrity_check(ctx)
        if check != "ok":
            print(
                f"hmfield: {args.project}: SQLite integrity check failed: {check}", file=sys.stderr
            )
            return 1
        problem = AuditService(ctx).verify()
        if problem:
            print(f"hmfield: {args.project}: {problem}", file=sys.stderr)
            return 1
        count = ProjectService(ctx).counts().get("audit_event", 0)
    print(f"ok: integrity check passed, {count} audit events verified")
    return 0


def cmd_demo(args) -> int:
    from hmfield.core.demo.build import write_demo

    path = Path(args.project)
    write_demo(path, hosts=args.hosts)
    print(f"wrote demo project {path}")
    return 0


def cmd_backups(args) -> int:
    from hmfield.core.project.backups import list_project_backups, restore_project_backup

    path = Path(args.project)
    backups = list_project_backups(path)
    if args.restore:
        if not 1 <= args.restore <= len(backups):
            raise HmError(f"no backup number {args.restore}; there are {len(backups)}")
        chosen = backups[args.restore - 1]
        restore_project_backup(path, chosen.path)
        print(f"restored {path} from {chosen.path.name} (the previous state was backed up first)")
        return 0
    if not backups:
        print("no backups yet")
    for i, b in enumerate(backups, 1):
        print(f"{i:2}  {b.taken_at.isoformat(timespec='seconds')}  {b.reason:24} {b.size:>10} B")
    return 0

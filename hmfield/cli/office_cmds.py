"""Office hub commands: a PostgreSQL database holding every project of a program.

``URL`` is the address psql takes (``postgresql://USER@HOST:PORT/DATABASE``; options such as
``?sslmode=require`` pass through). Give the password through ``~/.pgpass`` or ``PGPASSWORD``
rather than in the URL, which shells keep in their history; at a terminal, a server that asks
for a password it was not given gets it typed (not echoed, never saved).
"""

from __future__ import annotations

import getpass
import sys
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from hmfield.cli.common import print_json
from hmfield.core.errors import HmError
from hmfield.core.identity import load_identity
from hmfield.core.office.database import OfficeDb, one_line_errors
from hmfield.core.office.portfolio import ProjectLine, portfolio, portfolio_json, project_waves
from hmfield.core.office.service import OfficeService
from hmfield.core.office.url import PasswordNeeded, with_password
from hmfield.core.project.service import actor_for

ORDER = 65


def register(sub) -> None:
    p = sub.add_parser("office", help="the office hub: every project in one PostgreSQL database")
    osub = p.add_subparsers(dest="office_command", metavar="ACTION")
    p.set_defaults(handler=lambda args: p.print_help() or 2)

    i = osub.add_parser("init", help="make a PostgreSQL database an office database")
    i.add_argument("url", metavar="URL")
    i.set_defaults(handler=cmd_init)

    m = osub.add_parser("import", help="merge bundles into their projects (new ones created)")
    m.add_argument("url", metavar="URL")
    m.add_argument("bundles", metavar="BUNDLE", nargs="+")
    m.add_argument("--json", action="store_true")
    m.set_defaults(handler=cmd_import)

    s = osub.add_parser("status", help="the portfolio: every project at a glance")
    s.add_argument("url", metavar="URL")
    s.add_argument(
        "project",
        metavar="PROJECT",
        nargs="?",
        help="only this project (id, its first 8 characters or name), with the window "
        "feasibility of its waves",
    )
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=cmd_status)

    e = osub.add_parser("export", help="a bundle of one project for a field laptop")
    e.add_argument("url", metavar="URL")
    e.add_argument(
        "project", metavar="PROJECT", help="project id (or its first 8 characters) or name"
    )
    e.add_argument("out", metavar="OUT.hmbundle")
    e.set_defaults(handler=cmd_export)

    v = osub.add_parser("verify", help="check every audit chain of every project")
    v.add_argument("url", metavar="URL")
    v.add_argument("--json", action="store_true")
    v.set_defaults(handler=cmd_verify)


ASKS = 3  # passwords typed before giving up


def connected(url: str) -> OfficeDb:
    """The office database at ``url``, connected once: a server asking for a password gets
    it typed at a terminal (up to ``ASKS`` tries); elsewhere its one-line refusal stands."""
    db = OfficeDb(url)
    for attempt in range(1, ASKS + 1):
        try:
            with one_line_errors(db):
                db.connect().close()
            return db
        except PasswordNeeded as exc:
            db.close()
            if attempt == ASKS or not sys.stdin.isatty():
                raise
            sys.stderr.write(f"hmfield: {exc}\n")
            typed = getpass.getpass(f"Password for {db.url.username} at {db.shown}: ")
            if not typed:
                raise
            db = OfficeDb(with_password(db.url, typed))
    raise AssertionError("unreachable")  # pragma: no cover


@contextmanager
def office(url: str):
    db = connected(url)
    try:
        with one_line_errors(db):
            yield OfficeService(db, actor_for(load_identity()))
    finally:
        db.close()


def cmd_init(args) -> int:
    with office(args.url) as svc:
        created, migrated = svc.init()
    print(f"{svc.db.shown}: " + ("office database made" if created else "office database ready"))
    for name in migrated:
        print(f"  migrated {name}")
    return 0


def cmd_import(args) -> int:
    failed = 0
    done = []
    with office(args.url) as svc:
        for bundle in args.bundles:
            try:
                result = svc.import_bundle(Path(bundle))
            except HmError as exc:  # one bad bundle does not stop the others
                failed += 1
                sys.stderr.write(f"hmfield: {bundle}: {exc}\n")
                continue
            done.append(result)
            if not args.json:
                print(_import_line(result))
    if args.json:
        print_json({"imports": [r.to_json() for r in done], "failed": failed})
    return 1 if failed else 0


def _import_line(r) -> str:
    if r.created:
        return f"{r.bundle}: new project {r.project} ({r.project_id[:8]}), {r.new_events} events"
    if not r.changed:
        return f"{r.bundle}: {r.project}: nothing new"
    return (
        f"{r.bundle}: {r.project}: merged {r.new_events} events, {r.changed_records} records, "
        f"{r.conflicts} conflicts"
    )


def cmd_status(args) -> int:
    with office(args.url) as svc:
        lines = portfolio(svc)
        if args.project:
            chosen = svc.db.project(args.project)
            waves = project_waves(svc, chosen)
            lines = [replace(p, waves=waves) for p in lines if p.project_id == chosen.project_id]
    if args.json:
        print_json(portfolio_json(lines))
        return 0
    if not lines:
        print("no projects yet (hmfield office import URL BUNDLE...)")
    for line in lines:
        print("\n".join(_status_lines(line)))
    return 0


def _status_lines(p: ProjectLine) -> list[str]:
    verdicts = ", ".join(f"{k} {v}" for k, v in p.verdicts.items() if v)
    states = ", ".join(f"{k} {v}" for k, v in sorted(p.lifecycle.items()) if v)
    out = [
        f"{p.name} ({p.project_id[:8]}) {p.customer}".rstrip(),
        f"  hosts {p.hosts}: {verdicts or '-'}; lifecycle: {states or '-'}",
        "  phases: " + ", ".join(f"{ph.phase} {ph.done}/{ph.applicable}" for ph in p.phases),
        f"  open conflicts {p.open_conflicts}, open incidents {p.open_incidents}",
    ]
    for w in p.waves:
        window = f"{w.cutover_start or '?'} .. {w.cutover_end or '?'} UTC"
        line = f"  wave {w.name}: {w.hosts} hosts, cutover {window}, {w.status}"
        out.append(line + (f", window {w.feasibility}" if w.feasibility else ""))
    for b in p.bundles:
        age = f"{b.age_hours} h old" if b.age_hours is not None else "age unknown"
        out.append(f"  last bundle from {b.person}: made {b.made_at} ({age})")
    return out


def cmd_export(args) -> int:
    with office(args.url) as svc:
        result = svc.export(args.project, Path(args.out))
    print(f"{result.path}: {result.manifest.project_name}, {result.size} bytes")
    return 0


def cmd_verify(args) -> int:
    with office(args.url) as svc:
        checks = svc.verify()
    if args.json:
        print_json({"projects": [c.__dict__ for c in checks]})
    else:
        for c in checks:
            state = c.problem or "every chain holds"
            print(
                f"{c.project} ({c.project_id[:8]}): v{c.schema_version}, {c.events} events: {state}"
            )
    return 1 if any(c.problem for c in checks) else 0

"""``hmfield audit list PROJECT``: the hash-chained audit log, filtered by record kind, record,
person and time (times typed in the project's zone)."""

from __future__ import annotations

from hmfield.cli.common import (
    local_time,
    noun,
    print_json,
    project,
    project_zone_name,
    say,
    verb,
)  # fmt: skip
from hmfield.core.audit.service import AuditService, event_dict
from hmfield.core.plan.timing import fmt_local

ORDER = 90


def register(sub) -> None:
    verbs = noun(sub, "audit", "the audit log: who changed what, when")
    p = verb(verbs, "list", cmd_list, "list audit events, newest first", json=True)
    p.add_argument("--entity", help="a record kind, e.g. host, wave, run_step, checklist_item")
    p.add_argument("--record", metavar="ID", help="one record's id (or its first characters)")
    p.add_argument("--person", metavar="NAME", help="changes made by this person")
    p.add_argument("--since", metavar="TIME", help="YYYY-MM-DD[ HH:MM] (project zone)")
    p.add_argument("--until", metavar="TIME", help="YYYY-MM-DD[ HH:MM] (project zone), exclusive")
    p.add_argument("--limit", type=int, default=200, help="at most N events (default 200; 0 = all)")
    p.add_argument("--oldest-first", action="store_true")


def cmd_list(args) -> int:
    with project(args.project) as ctx:
        tz = project_zone_name(ctx)
        events = AuditService(ctx).events(
            entity=args.entity,
            person_name=args.person,
            since=local_time(args.since, tz),
            until=local_time(args.until, tz),
            newest_first=not args.oldest_first,
            limit=None if args.record else args.limit or None,
        )
    if args.record:
        events = [e for e in events if e.entity_id.startswith(args.record)]
        events = events[: args.limit] if args.limit else events
    if args.json:
        print_json({"time_zone": tz, "events": [event_dict(e) for e in events]})
        return 0
    for e in events:
        change = f" {e.field}: {e.old_value!r} -> {e.new_value!r}" if e.field else ""
        print(
            f"{fmt_local(e.at, tz, named=False)}  {e.person_name:10} {e.action:8} {e.entity}/{e.entity_id[:8]}{change}"
        )
    say(f"{len(events)} events; times in {tz}")
    return 0

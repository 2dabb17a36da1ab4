"""The operate phase on the command line:

- ``hmfield observe add|list|period|bill|waive PROJECT ...``: observation checks of a wave's
  hosts, business systems and non-host objects, the period's length, the cloud bill;
- ``hmfield incident add|close|waive|rollback|list PROJECT ...``;
- ``hmfield accept PROJECT --wave W01 --by NAME`` (``--system S`` for one business system,
  neither for the whole migration);
- ``hmfield archive PROJECT OUT`` (a folder, or a zip when OUT ends in .zip) and
  ``hmfield reopen PROJECT --reason TEXT``.

Every write is one audited service call; lists take ``--json``.
"""

from __future__ import annotations

from datetime import date

from hmfield.cli.common import UsageError, add_by, print_json, project
from hmfield.core.operate.archive import ArchiveService
from hmfield.core.operate.checks import CheckService, CheckView
from hmfield.core.operate.incidents import IncidentService, IncidentView
from hmfield.core.operate.paper import wave_paper
from hmfield.core.operate.periods import ObservationService
from hmfield.core.operate.signoff import SignoffService
from hmfield.core.operate.texts import words
from hmfield.core.reports.runbook_text import full_time

ORDER = 60


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def register(sub) -> None:
    _register_observe(sub)
    _register_incident(sub)
    p = sub.add_parser("accept", help="sign off a business system, a wave or the migration")
    p.add_argument("project")
    p.add_argument("--wave", help="the wave (W01, its number or name)")
    p.add_argument("--system", help="one business system (its name)")
    p.add_argument("--by", required=True, metavar="NAME", help="the customer who signs")
    p.add_argument("--date", help="the signature date YYYY-MM-DD (default: today)")
    p.add_argument("--note", default="")
    p.set_defaults(handler=cmd_accept)
    p = sub.add_parser("archive", help="archive the delivery (folder, or zip: OUT.zip)")
    p.add_argument("project")
    p.add_argument("out", help="a new folder, or a file ending in .zip")
    p.add_argument("--lang", choices=("zh", "en"), default="zh", help="report language")
    add_by(p)
    p.set_defaults(handler=cmd_archive)
    p = sub.add_parser("reopen", help="make an archived project writable again (audited)")
    p.add_argument("project")
    p.add_argument("--reason", required=True)
    add_by(p)
    p.set_defaults(handler=cmd_reopen)


def _register_observe(sub) -> None:
    p = sub.add_parser("observe", help="observation checks after the cutover")
    verbs = p.add_subparsers(dest="verb", metavar="VERB", required=True)
    a = verbs.add_parser("add", help="record one check")
    a.add_argument("project")
    a.add_argument("--wave", help="the wave (default: the host's or system's)")
    target = a.add_mutually_exclusive_group(required=True)
    target.add_argument("--host")
    target.add_argument("--system")
    target.add_argument("--object", help="a non-host object (database service, NAS share)")
    a.add_argument("--cpu", type=float, help="CPU %% of the target's capacity")
    a.add_argument("--mem", type=float, help="memory %%")
    a.add_argument("--disk", type=float, help="disk %%")
    a.add_argument("--business", choices=("pass", "fail", "not_tested"), default="not_tested")
    a.add_argument("--note", default="", help="what was checked and seen")
    a.add_argument("--integrity", choices=("row_count", "checksum"))
    a.add_argument("--before", default="", help="row count or checksum before the migration")
    a.add_argument("--after", default="", help="... and after")
    a.add_argument("--tool", default="", help="how it was counted (tool or query)")
    a.add_argument("--checked-by", help="who checked (default: the acting person)")
    add_by(a)
    a.set_defaults(handler=cmd_observe_add)
    ls = verbs.add_parser("list", help="observation status and checks of a wave")
    ls.add_argument("project")
    ls.add_argument("--wave", help="one wave (default: every wave's status)")
    ls.add_argument("--lang", choices=("zh", "en"), default="en")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(handler=cmd_observe_list)
    per = verbs.add_parser("period", help="set the observation length or expected cost")
    per.add_argument("project")
    per.add_argument("--wave", required=True)
    per.add_argument("--system", help="a business system that needs its own length")
    per.add_argument("--days", type=float)
    per.add_argument("--expected-cost", type=float, help="expected monthly cloud cost")
    per.add_argument("--currency")
    add_by(per)
    per.set_defaults(handler=cmd_observe_period)
    bill = verbs.add_parser("bill", help="the actual cloud cost of a wave for one month")
    bill.add_argument("project")
    bill.add_argument("--wave", required=True)
    bill.add_argument("--month", required=True, help="YYYY-MM")
    bill.add_argument("--actual", required=True, type=float)
    bill.add_argument("--currency", default="")
    bill.add_argument("--note", default="")
    add_by(bill)
    bill.set_defaults(handler=cmd_observe_bill)
    w = verbs.add_parser("waive", help="accept a failed check, with reason and decider")
    w.add_argument("project")
    w.add_argument("check", help="the check's id (or its first 8 characters)")
    w.add_argument("--reason", required=True)
    w.add_argument("--decider", required=True, metavar="NAME")
    add_by(w)
    w.set_defaults(handler=cmd_observe_waive)


def _register_incident(sub) -> None:
    p = sub.add_parser("incident", help="incidents after the cutover")
    verbs = p.add_subparsers(dest="verb", metavar="VERB", required=True)
    a = verbs.add_parser("add", help="record an incident")
    a.add_argument("project")
    a.add_argument("--symptom", required=True, help="what was seen")
    a.add_argument("--wave")
    a.add_argument("--host")
    a.add_argument("--system")
    a.add_argument("--severity", choices=("critical", "major", "minor"), default="major")
    a.add_argument("--owner", metavar="NAME")
    a.add_argument("--cause", default="")
    a.add_argument("--lang", choices=("zh", "en"), default="en", help="words printed")
    add_by(a)
    a.set_defaults(handler=cmd_incident_add)
    c = verbs.add_parser("close", help="close an incident with its resolution")
    c.add_argument("project")
    c.add_argument("incident", help="the incident's id (or its first 8 characters)")
    c.add_argument("--resolution", required=True)
    c.add_argument("--cause")
    add_by(c)
    c.set_defaults(handler=cmd_incident_close)
    w = verbs.add_parser("waive", help="let acceptance go ahead with the incident open")
    w.add_argument("project")
    w.add_argument("incident")
    w.add_argument("--reason", required=True)
    w.add_argument("--decider", required=True, metavar="NAME")
    add_by(w)
    w.set_defaults(handler=cmd_incident_waive)
    r = verbs.add_parser("rollback", help="record that the incident triggers the rollback plan")
    r.add_argument("project")
    r.add_argument("incident")
    r.add_argument("--reason", required=True, help="which rollback trigger was met")
    r.add_argument("--decider", required=True, metavar="NAME")
    add_by(r)
    r.set_defaults(handler=cmd_incident_rollback)
    ls = verbs.add_parser("list", help="incidents (every wave, or one)")
    ls.add_argument("project")
    ls.add_argument("--wave")
    ls.add_argument("--open", action="store_true", help="only open incidents")
    ls.add_argument("--lang", choices=("zh", "en"), default="en")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(handler=cmd_incident_list)


# -- observe ------------------------------------------------------------------------------
def cmd_observe_add(args) -> int:
    values = {
        "cpu_pct": args.cpu,
        "mem_pct": args.mem,
        "disk_pct": args.disk,
        "business_result": args.business,
        "business_note": args.note,
        "integrity_method": args.integrity or "",
        "integrity_before": args.before,
        "integrity_after": args.after,
        "integrity_tool": args.tool,
        "checked_by": args.checked_by or "",
    }
    with project(args.project, write=True, by=args.by) as ctx:
        view = CheckService(ctx).add(
            args.wave, host=args.host, system=args.system, obj=args.object, **values
        )
    w = words("en")
    extra = "; ".join(view.judgement.failure_texts(w) + view.judgement.flag_texts(w))
    print(f"check {view.check.id[:8]} of {view.subject}: {w['check_' + view.outcome]}"
          + (f" ({extra})" if extra else ""))  # fmt: skip
    return 0


def check_json(c: CheckView, lang: str) -> dict:
    w = words(lang)
    x = c.check
    return {
        "id": x.id,
        "at": _iso(x.at),
        "checked_by": x.checked_by,
        "subject": c.subject,
        "subject_kind": c.subject_kind,
        "cpu_pct": x.cpu_pct,
        "mem_pct": x.mem_pct,
        "disk_pct": x.disk_pct,
        "source": {
            "cores": c.source.cores,
            "memory_gib": c.source.memory_gib,
            "cpu_peak_pct": c.source.cpu_peak_pct,
            "mem_peak_pct": c.source.mem_peak_pct,
            "disk_used_pct": c.source.disk_used_pct,
            "flavour": c.source.flavour,
        },
        "business_result": x.business_result,
        "business_note": x.business_note,
        "integrity": {
            "method": x.integrity_method or None,
            "before": x.integrity_before,
            "after": x.integrity_after,
            "tool": x.integrity_tool,
        },
        "outcome": c.outcome,
        "outcome_label": w.code("check", c.outcome),
        "business_label": w.code("result", x.business_result),
        "flags": c.judgement.flag_texts(w),
        "failures": c.judgement.failure_texts(w),
        "waived_by": c.waived_by or None,
        "waived_reason": x.waived_reason or None,
    }


def cmd_observe_list(args) -> int:
    with project(args.project) as ctx:
        now = ctx.clock.now()
        if not args.wave:
            windows = ObservationService(ctx).windows()
            return _print_windows(windows, now, args)
        paper = wave_paper(ctx, args.wave, now)
    w = words(args.lang)
    win = paper.window
    data = {
        "wave": win.wave_name,
        "state": win.state(now),
        "status": win.status_text(now, w),
        "start": _iso(win.start),
        "end": _iso(win.end),
        "days": win.days,
        "checks": [check_json(c, args.lang) for c in paper.checks],
        "open_incidents": paper.open_incidents,
        "bills": [
            {
                "month": b.month,
                "expected": b.expected,
                "actual": b.actual,
                "difference": b.difference,
                "currency": b.currency,
            }
            for b in paper.bills
        ],
        "blockers": paper.readiness.blocker_texts(w),
        "to_review": [
            t for r in [paper.readiness, *paper.system_readiness] for t in r.note_texts(w)
        ],
        "accepted": paper.readiness.accepted,
    }
    if args.json:
        print_json(data)
        return 0
    print(f"{win.wave_name}: {data['status']}   (times in {paper.tz})")
    for view, c in zip(paper.checks, data["checks"], strict=True):
        figures = " ".join(
            f"{k}={c[k + '_pct']:g}%" for k in ("cpu", "mem", "disk") if c[k + "_pct"] is not None
        )
        notes = "; ".join(c["failures"] + c["flags"])
        print(f"  {c['id'][:8]}  {full_time(view.check.at, paper.tz)}  {c['subject']:<18} {figures:<30} "
              f"{c['business_label']:<10} {c['outcome_label']}{'  ' + notes if notes else ''}")  # fmt: skip
    for b in data["bills"]:
        print(f"  bill {b['month']}: expected {_money(b['expected'])} actual {_money(b['actual'])} "
              f"difference {_money(b['difference'], '+')} {b['currency']}")  # fmt: skip
    for text in data["blockers"]:
        print(f"  blocks acceptance: {text}")
    for text in data["to_review"]:
        print(f"  to review before signing: {text}")
    return 0


def _money(value: float | None, sign: str = "") -> str:
    return "-" if value is None else f"{value:{sign},.2f}"


def _print_windows(windows, now, args) -> int:
    w = words(args.lang)
    rows = [
        {
            "wave": x.wave_name,
            "state": x.state(now),
            "status": x.status_text(now, w),
            "start": _iso(x.start),
            "end": _iso(x.end),
            "days": x.days,
        }
        for x in windows
    ]
    if args.json:
        print_json(rows)
    else:
        for r in rows:
            print(f"{r['wave']:<8} {r['status']}")
    return 0


def cmd_observe_period(args) -> int:
    if args.days is None and args.expected_cost is None and not args.currency:
        raise UsageError("give --days, --expected-cost or --currency")
    with project(args.project, write=True, by=args.by) as ctx:
        ObservationService(ctx).set_plan(
            args.wave,
            days=args.days,
            expected_monthly_cost=args.expected_cost,
            currency=args.currency,
            system_ref=args.system,
        )
        window = next(
            x
            for x in ObservationService(ctx).wave_windows(args.wave)
            if args.system is None or x.system_name == args.system or x.system_id == args.system
        )
        print(f"{window.subject}: {window.status_text(ctx.clock.now(), words('en'))}")
    return 0


def cmd_observe_bill(args) -> int:
    with project(args.project, write=True, by=args.by) as ctx:
        line = CheckService(ctx).add_bill(
            args.wave, args.month, args.actual, currency=args.currency, note=args.note
        )
    diff = "" if line.difference is None else f", difference {line.difference:+,.2f}"
    print(f"bill {line.month}: {line.actual:,.2f} {line.currency}{diff}")
    return 0


def cmd_observe_waive(args) -> int:
    with project(args.project, write=True, by=args.by) as ctx:
        view = CheckService(ctx).waive(args.check, args.reason, args.decider)
    print(f"check {view.check.id[:8]} of {view.subject} waived by {view.waived_by}")
    return 0


# -- incidents ----------------------------------------------------------------------------
def cmd_incident_add(args) -> int:
    with project(args.project, write=True, by=args.by) as ctx:
        view = IncidentService(ctx).add(
            args.symptom,
            wave=args.wave,
            host=args.host,
            system=args.system,
            severity=args.severity,
            owner=args.owner,
            cause=args.cause,
        )
    w = words(args.lang)
    print(f"incident {view.incident.id[:8]} ({w.code('severity', view.incident.severity)}) on "
          f"{view.subject or view.wave_name}: {w.code('incident', view.incident.status)}")  # fmt: skip
    return 0


def cmd_incident_close(args) -> int:
    with project(args.project, write=True, by=args.by) as ctx:
        view = IncidentService(ctx).close(args.incident, args.resolution, cause=args.cause)
    print(f"incident {view.incident.id[:8]} closed")
    return 0


def cmd_incident_waive(args) -> int:
    with project(args.project, write=True, by=args.by) as ctx:
        view = IncidentService(ctx).waive(args.incident, args.reason, args.decider)
    print(f"incident {view.incident.id[:8]} waived by {view.waived_by}")
    return 0


def cmd_incident_rollback(args) -> int:
    with project(args.project, write=True, by=args.by) as ctx:
        view = IncidentService(ctx).trigger_rollback(args.incident, args.reason, args.decider)
    print(f"incident {view.incident.id[:8]} triggered the rollback of {view.wave_name} "
          f"(decided by {view.rollback_by}); run stage eight of the runbook next")  # fmt: skip
    return 0


def incident_json(v: IncidentView, lang: str) -> dict:
    i = v.incident
    return {
        "id": i.id,
        "wave": v.wave_name,
        "subject": v.subject,
        "severity": i.severity,
        "severity_label": words(lang).code("severity", i.severity),
        "status": i.status,
        "status_label": words(lang).code("incident", i.status),
        "started_at": _iso(i.started_at),
        "ended_at": _iso(i.ended_at),
        "owner": v.owner or None,
        "symptom": i.symptom,
        "cause": i.cause,
        "resolution": i.resolution,
        "waived_by": v.waived_by or None,
        "waived_reason": i.waived_reason or None,
        "rollback_triggered_at": _iso(i.rollback_triggered_at),
        "rollback_decided_by": v.rollback_by or None,
    }


def cmd_incident_list(args) -> int:
    with project(args.project) as ctx:
        rows = IncidentService(ctx).incidents(args.wave, open_only=args.open)
    data = [incident_json(v, args.lang) for v in rows]
    if args.json:
        print_json(data)
        return 0
    for d in data:
        print(f"{d['id'][:8]}  {d['severity_label']:<8} {d['status_label']:<7} {d['wave']:<6} "
              f"{d['subject'] or '-':<16} {d['symptom']}")  # fmt: skip
    if not data:
        print("no incidents")
    return 0


# -- accept, archive ----------------------------------------------------------------------
def cmd_accept(args) -> int:
    on = None
    if args.date:
        try:
            on = date.fromisoformat(args.date)
        except ValueError:
            raise UsageError(f"--date is YYYY-MM-DD, not '{args.date}'") from None
    with project(args.project, write=True) as ctx:
        signoffs = SignoffService(ctx)
        row = signoffs.accept(args.by, wave=args.wave, system=args.system, on=on, note=args.note)
        notes = signoffs.notes_of(row, words("en"))
    what = {"system": args.system, "wave": args.wave}.get(row.scope) or "the migration"
    print(f"accepted {what}: signed by {row.signed_by_name} on {row.signed_on}")
    for text in notes:
        print(f"  signed with, to review: {text}")
    return 0


def cmd_archive(args) -> int:
    from hmfield.core.reports.archive_set import archive_items

    with project(args.project, write=True, by=args.by) as ctx:
        accepted = SignoffService(ctx).project().accepted
        result = ArchiveService(ctx).archive(
            args.out, archive_items(ctx, args.lang), accepted=accepted
        )
    print(f"archived {len(result.files)} files to {result.location} "
          f"(manifest sha256 {result.manifest_sha256[:16]}…); the project is now read-only")  # fmt: skip
    for name, reason in result.skipped:
        print(f"  not in the archive: {name}: {reason}")
    if not accepted:
        print(
            "note: the migration has no project acceptance yet (hmfield accept PROJECT --by NAME)"
        )
    return 0


def cmd_reopen(args) -> int:
    with project(args.project, write=True, by=args.by) as ctx:
        ArchiveService(ctx).reopen(args.reason)
    print("reopened: the project is writable again")
    return 0

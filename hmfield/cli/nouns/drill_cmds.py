"""``hmfield drill start|record|finish|list PROJECT``: drills (rehearsals with Boot in Cloud)
of a wave or a business system, per-host boot and business results, findings with must-fix.

``record`` and ``finish`` work on the drill given by ``--drill ID``; without it on the
running drill of ``--wave``/``--system``, or on the only running drill of the project.
"""

from __future__ import annotations

from hmfield.cli.common import (
    emit,
    iso,
    noun,
    person_id,
    print_json,
    project,
    say,
    system_id,
    verb,
    wave_for,
    wave_of,
)  # fmt: skip
from hmfield.core.errors import HmError
from hmfield.core.inventory.service import InventoryService
from hmfield.core.runbooks.drill_runs import DrillRunService

ORDER = 51


def register(sub) -> None:
    verbs = noun(sub, "drill", "drills of a wave or system: start, per-host results, findings")
    p = verb(verbs, "start", cmd_start, "start a drill (a result row per host)", json=True, by=True)
    _which(p)
    p = verb(verbs, "record", cmd_record, "a host's result, or a finding", json=True, by=True)
    _which(p)
    p.add_argument("--host", action="append", dest="hosts", metavar="NAME",
                   help="the host(s) whose result this is (repeat)")  # fmt: skip
    p.add_argument("--all", dest="all_hosts", action="store_true",
                   help="every host of the drill (one transaction)")  # fmt: skip
    p.add_argument("--launched", action="store_true", default=None, help="the drill host is up")
    p.add_argument("--boot", choices=("ok", "fail"), help="reached the login screen, or not")
    p.add_argument("--business", choices=("pass", "fail", "not_tested"))
    p.add_argument("--comment")
    p.add_argument("--evidence", help="where screenshots or logs are")
    p.add_argument("--cleaned-up", action="store_true", default=None)
    p.add_argument("--finding", metavar="TITLE", help="record a finding instead")
    p.add_argument(
        "--must-fix", action="store_true", help="the finding must be fixed before cutover"
    )
    p.add_argument("--owner", help="who fixes the finding (a person's name)")
    p = verb(verbs, "finish", cmd_finish, "finish a drill", json=True, by=True)
    _which(p)
    p.add_argument("--notes")
    p = verb(verbs, "list", cmd_list, "drills, their results and findings", json=True)
    p.add_argument("--wave")


def _which(p) -> None:
    p.add_argument("--wave", help="the wave (W01, number or name; start: default the only wave)")
    p.add_argument("--system", help="a business system (its name)")
    p.add_argument("--drill", help="the drill's id (or its first characters)")


def _drill(ctx, args):
    svc = DrillRunService(ctx)
    drills = svc.drills()
    if args.drill:
        hits = [d for d in drills if d.id.startswith(args.drill)]
    else:
        hits = [d for d in drills if d.status == "running"]
        if args.wave:
            wid = wave_of(ctx, args.wave).id
            hits = [d for d in hits if d.wave_id == wid]
        if args.system:
            sid = system_id(ctx, args.system)
            hits = [d for d in hits if d.business_system_id == sid]
    if len(hits) != 1:
        what = "no such drill" if not hits else f"{len(hits)} drills match"
        raise HmError(f"{what}; name it with --drill ID (hmfield drill list)")
    return hits[0]


def drill_json(svc: DrillRunService, d, hosts: dict) -> dict:
    return {
        "id": d.id,
        "wave_id": d.wave_id,
        "business_system_id": d.business_system_id,
        "status": d.status,
        "started_at": iso(d.started_at),
        "ended_at": iso(d.ended_at),
        "notes": d.notes,
        "results": [
            {
                "host": hosts.get(r.host_id, r.host_id),
                "launched_at": iso(r.launched_at),
                "boot_verified": r.boot_verified,
                "business_result": r.business_result,
                "comment": r.comment,
                "evidence": r.evidence,
                "cleaned_up_at": iso(r.cleaned_up_at),
            }
            for r in svc.results(d.id)
        ],
        "findings": [
            {
                "id": f.id,
                "title": f.title,
                "host": hosts.get(f.host_id),
                "status": f.status,
                "must_fix_before_cutover": f.must_fix_before_cutover,
            }
            for f in svc.findings(drill_id=d.id)
        ],  # fmt: skip
    }


def _hosts(ctx) -> dict:
    return {r.id: r.name for r in InventoryService(ctx).rows()}


def cmd_start(args) -> int:
    with project(args.project, write=True, by=args.by) as ctx:
        svc = DrillRunService(ctx)
        sid = system_id(ctx, args.system) if args.system else None
        wid = wave_for(ctx, args.wave, "the wave to drill").id if args.wave or not sid else None
        drill = svc.start_drill(wid, sid)
        data = drill_json(svc, drill, _hosts(ctx))
    return emit(args, data, f"drill started with {len(data['results'])} hosts; id {drill.id[:10]}")


def _result_changes(args) -> dict:
    out = {}
    if args.launched:
        out["launched"] = True
    if args.boot:
        out["boot_verified"] = args.boot == "ok"
    for key in ("business", "comment", "evidence"):
        if getattr(args, key) is not None:
            out["business_result" if key == "business" else key] = getattr(args, key)
    if args.cleaned_up:
        out["cleaned_up"] = True
    return out


def cmd_record(args) -> int:
    with project(args.project, write=True, by=args.by) as ctx:
        svc = DrillRunService(ctx)
        drill = _drill(ctx, args)
        hosts = _hosts(ctx)
        by_name = {n.casefold(): i for i, n in hosts.items()}
        ids = []
        for name in args.hosts or []:
            if name.casefold() not in by_name:
                raise HmError(f"no host named '{name}' in this project")
            ids.append(by_name[name.casefold()])
        if args.finding:
            values = {"must_fix_before_cutover": args.must_fix, "host_id": ids[0] if ids else None}
            if args.owner:
                values["owner_id"] = person_id(ctx, args.owner)
            f = svc.add_finding(drill.id, args.finding, **values)
            line = f"finding recorded{' (must fix before cutover)' if args.must_fix else ''}: {f.title}"
        else:
            changes = _result_changes(args)
            rows = {r.host_id: r for r in svc.results(drill.id)}
            if args.all_hosts:
                ids = list(rows)
            if not ids or not changes:
                raise HmError(
                    "name --host (or --all) and what happened (--launched, --boot, --business ...)"
                )
            for hid in ids:
                if hid not in rows:
                    raise HmError(f"{hosts[hid]} is not in this drill; nothing was changed")
            svc.update_results([rows[hid].id for hid in ids], **changes)
            line = f"{len(ids)} results recorded: {', '.join(changes)}"
        data = drill_json(svc, svc.get(drill.id), hosts)
    return emit(args, data, line)


def cmd_finish(args) -> int:
    with project(args.project, write=True, by=args.by) as ctx:
        svc = DrillRunService(ctx)
        drill = svc.finish_drill(_drill(ctx, args).id, args.notes)
        data = drill_json(svc, drill, _hosts(ctx))
    ok = sum(1 for r in data["results"] if r["boot_verified"])
    must = sum(
        1 for f in data["findings"] if f["must_fix_before_cutover"] and f["status"] == "open"
    )
    return emit(
        args, data, f"drill finished: {ok} of {len(data['results'])} booted, {must} must-fix open"
    )


def cmd_list(args) -> int:
    with project(args.project) as ctx:
        svc = DrillRunService(ctx)
        hosts = _hosts(ctx)
        wid = wave_of(ctx, args.wave).id if args.wave else None
        rows = [drill_json(svc, d, hosts) for d in svc.drills(wid)]
    if args.json:
        print_json({"drills": rows})
        return 0
    for d in rows:
        ok = sum(1 for r in d["results"] if r["boot_verified"])
        say(
            f"{d['id'][:10]}  {d['status']:10} {d['started_at']}  {ok}/{len(d['results'])} booted, {len(d['findings'])} findings"
        )
    say(f"{len(rows)} drills")
    return 0

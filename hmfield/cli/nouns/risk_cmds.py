"""``hmfield risk add|set|delete|list PROJECT``: the risk register (score = likelihood x impact)."""

from __future__ import annotations

from hmfield.cli.common import emit, noun, person_id, print_json, project, say, verb
from hmfield.core.errors import HmError
from hmfield.core.plan.risks import RISK_CATEGORIES, RISK_STATUSES, RiskService
from hmfield.core.project.people import PeopleService

ORDER = 33


def register(sub) -> None:
    verbs = noun(sub, "risk", "the risk register: likelihood, impact, mitigation, owner")
    p = verb(verbs, "add", cmd_add, "add a risk", json=True, by=True)
    p.add_argument("title")
    _fields(p)
    p = verb(verbs, "set", cmd_set, "change a risk", json=True, by=True)
    p.add_argument("risk", help="its id (or first characters) or its exact title")
    p.add_argument("--title", dest="new_title", help="a new title")
    _fields(p)
    p = verb(verbs, "delete", cmd_delete, "delete a risk", by=True)
    p.add_argument("risk")
    verb(verbs, "list", cmd_list, "the register, highest score first", json=True)


def _fields(p) -> None:
    p.add_argument("--category", choices=RISK_CATEGORIES)
    p.add_argument("--likelihood", type=int, choices=range(1, 6), metavar="1-5")
    p.add_argument("--impact", type=int, choices=range(1, 6), metavar="1-5")
    p.add_argument("--mitigation")
    p.add_argument("--owner", help="a person's name")
    p.add_argument("--status", choices=RISK_STATUSES)


def risk_json(r, people: dict) -> dict:
    return {
        "id": r.id,
        "title": r.title,
        "category": r.category,
        "likelihood": r.likelihood,
        "impact": r.impact,
        "score": r.score,
        "mitigation": r.mitigation,
        "owner": people.get(r.owner_id),
        "status": r.status,
    }


def _values(ctx, args) -> dict:
    keys = ("category", "likelihood", "impact", "mitigation", "status")
    out = {k: getattr(args, k) for k in keys if getattr(args, k) is not None}
    if args.owner is not None:
        out["owner_id"] = person_id(ctx, args.owner)
    return out


def _people(ctx) -> dict:
    return {p.id: p.name for p in PeopleService(ctx).list()}


def find_risk(svc: RiskService, ref: str):
    risks = svc.list()
    hits = [r for r in risks if r.title == ref] or [r for r in risks if r.id.startswith(ref)]
    if len(hits) != 1:
        raise HmError(f"no risk '{ref}'" if not hits else f"'{ref}' names {len(hits)} risks")
    return hits[0]


def cmd_add(args) -> int:
    with project(args.project, write=True, by=args.by) as ctx:
        risk = RiskService(ctx).add(args.title, **_values(ctx, args))
        data = risk_json(risk, _people(ctx))
    return emit(args, data, f"added risk {risk.title} (score {risk.score}); id {risk.id[:10]}")


def cmd_set(args) -> int:
    with project(args.project, write=True, by=args.by) as ctx:
        svc = RiskService(ctx)
        risk = find_risk(svc, args.risk)
        values = _values(ctx, args)
        if args.new_title:
            values["title"] = args.new_title
        svc.update(risk.id, **values)
        risk = next(r for r in svc.list() if r.id == risk.id)
        data = risk_json(risk, _people(ctx))
    return emit(args, data, f"{risk.title}: {', '.join(values) or 'no change'}")


def cmd_delete(args) -> int:
    with project(args.project, write=True, by=args.by) as ctx:
        svc = RiskService(ctx)
        risk = find_risk(svc, args.risk)
        svc.remove(risk.id)
    print(f"deleted risk {risk.title}")
    return 0


def cmd_list(args) -> int:
    with project(args.project) as ctx:
        people = _people(ctx)
        rows = [risk_json(r, people) for r in RiskService(ctx).list()]
    if args.json:
        print_json({"risks": rows})
        return 0
    for r in rows:
        print(
            f"{r['id'][:10]}  {r['score']:>2}  {r['status']:10} {r['title']}  ({r['owner'] or '-'})"
        )
    say(f"{len(rows)} risks")
    return 0

"""``hmfield assess``: every host's verdict, mode and reasons (read-only unless ``--apply``)."""

from __future__ import annotations

from hmfield.cli.common import emit, noun, print_json, project, verb
from hmfield.core.assess.verdicts import AssessmentService
from hmfield.core.errors import HmError
from hmfield.core.progress import ThreadProgress
from hmfield.core.project.service import ProjectService

ORDER = 20


def register(sub) -> None:
    verbs = noun(
        sub,
        "assess",
        "judge every host against HyperMotion's support rules; override a verdict",
        "Verdicts, modes and reasons (assess list: read-only unless --apply); a person's "
        "verdict for a host (override, clear). 'hmfield assess PROJECT' means 'assess list'.",
    )
    p = verb(verbs, "list", cmd_assess, "each host's verdict, mode and reasons", json=True, by=True)
    p.add_argument("--lang", choices=("zh", "en"), help="message language (default: project's)")
    p.add_argument("--apply", action="store_true", help="recompute and store every verdict")
    p.add_argument("--conclusion", action="store_true", help="print the assessment conclusion text")
    p = verb(verbs, "override", cmd_override, "a person's verdict for hosts", json=True, by=True)
    p.add_argument("hosts", nargs="+", metavar="HOST", help="host names")
    p.add_argument("--verdict", required=True, choices=AssessmentService.VERDICTS)
    p.add_argument("--mode", required=True, choices=AssessmentService.MODES)
    p.add_argument("--reason", required=True, help="why the rules' verdict does not apply")
    p = verb(verbs, "clear", cmd_clear, "back to the rules' verdict", json=True, by=True)
    p.add_argument("hosts", nargs="+", metavar="HOST", help="host names")


def _host_ids(ctx, names: list[str]) -> dict[str, str]:
    from hmfield.core.inventory.service import InventoryService

    by_name = {r.name.casefold(): r.id for r in InventoryService(ctx).rows()}
    missing = [n for n in names if n.casefold() not in by_name]
    if missing:
        raise HmError(f"no host named '{missing[0]}' in this project")
    return {n: by_name[n.casefold()] for n in names}


def cmd_override(args) -> int:
    with project(args.project, write=True, by=args.by) as ctx:
        svc = AssessmentService(ctx)
        ids = _host_ids(ctx, args.hosts)
        done = [svc.override(hid, args.verdict, args.mode, args.reason) for hid in ids.values()]
    data = {"hosts": [{"name": h.name, "verdict": h.verdict, "mode": h.mode} for h in done]}
    return emit(args, data, f"{len(done)} host(s) overridden: {args.verdict}, {args.mode}")


def cmd_clear(args) -> int:
    with project(args.project, write=True, by=args.by) as ctx:
        svc = AssessmentService(ctx)
        ids = _host_ids(ctx, args.hosts)
        cleared = [n for n, hid in ids.items() if svc.clear_override(hid)]
    return emit(args, {"cleared": cleared}, f"{len(cleared)} override(s) cleared")


def _lang(ctx, chosen: str | None) -> str:
    if chosen:
        return chosen
    return "zh" if ProjectService(ctx).get().default_language.startswith("zh") else "en"


_RANK = {"block": 0, "alternative": 0, "unknown": 1, "condition": 2, "fallback": 3}


def _headline(messages: list[dict]) -> str:
    """The reason that explains the verdict best: a blocker, else a missing fact, else a
    condition."""
    ranked = sorted((m for m in messages if m["effect"] in _RANK), key=lambda m: _RANK[m["effect"]])
    return ranked[0]["message"] if ranked else ""


def cmd_assess(args) -> int:
    if args.apply:
        with project(args.project, write=True, by=args.by, backup="assess") as ctx:
            count = AssessmentService(ctx).assess_all(ThreadProgress())
        if not args.json:
            print(f"assessed {count} hosts; verdicts stored")
    with project(args.project) as ctx:
        svc = AssessmentService(ctx)
        lang = _lang(ctx, args.lang)
        hosts = svc.hosts()
        summary = svc.summary(hosts)
        conclusion = svc.conclusion(lang) if args.conclusion else None
    if args.json:
        data = {
            "summary": summary,
            "hosts": [
                {
                    "name": h.name,
                    "verdict": h.verdict,
                    "mode": h.mode,
                    "reasons": [
                        {"code": m["code"], "message": m["message"], "source": m["source"]}
                        for m in h.messages(lang)
                    ],
                    "missing": h.missing,
                    "alternative": h.alternative,
                    "overridden": h.overridden,
                    "override_reason": h.override.reason if h.override else None,
                }
                for h in hosts
            ],
        }
        if conclusion is not None:
            data["conclusion"] = conclusion
        print_json(data)
        return 0
    if conclusion is not None:
        print(conclusion)
        return 0
    v, m = summary["verdicts"], summary["modes"]
    print(f"{summary['total']} hosts  (rules {summary['ruleset_version']})")
    print("verdicts: " + ", ".join(f"{k} {n}" for k, n in v.items()))
    print("modes:    " + ", ".join(f"{k} {n}" for k, n in m.items()))
    proxies = ", ".join(f"{k} {n}" for k, n in summary["sync_proxies"].items()) or "none"
    print(f"sync proxies: {summary['sync_proxies_total']} ({proxies})")
    width = max((len(h.name) for h in hosts), default=4)
    for h in hosts:
        mark = "*" if h.overridden else " "
        first = _headline(h.messages(lang))
        print(f"{h.name:<{width}} {mark}{h.verdict:<26} {h.mode:<11} {first}")
    return 0

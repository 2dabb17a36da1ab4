"""``hmfield assess``: every host's verdict, mode and reasons (read-only unless ``--apply``)."""

from __future__ import annotations

from hmfield.cli.common import emit, noun, print_json, project, verb
from hmfield.cli.nouns.host_cmds import add_selection, chosen
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
    p = verb(
        verbs,
        "override",
        cmd_override,
        "a person's verdict for hosts (by name, --where or --from; one transaction)",
        json=True,
        by=True,
    )
    add_selection(p)
    p.add_argument("--verdict", required=True, choices=AssessmentService.VERDICTS)
    p.add_argument("--mode", required=True, choices=AssessmentService.MODES)
    p.add_argument("--reason", required=True, help="why the rules' verdict does not apply")
    p = verb(
        verbs,
        "clear",
        cmd_clear,
        "back to the rules' verdict (by name, --where or --from; one transaction)",
        json=True,
        by=True,
    )
    add_selection(p)


def _hosts(ctx, args) -> list:
    """The hosts named, filtered (``--where verdict=unknown``) or listed in a file."""
    from hmfield.core.inventory.service import InventoryService

    picked, updates = chosen(InventoryService(ctx).rows(), args)
    if updates:
        raise HmError(f"{args.from_file}: give host names, one a line (not per-host updates)")
    if not picked:
        raise HmError("no host matches; nothing was changed")
    return picked


def cmd_override(args) -> int:
    with project(args.project, write=True, by=args.by) as ctx:
        hosts = _hosts(ctx, args)
        done = AssessmentService(ctx).override_many(
            [h.id for h in hosts], args.verdict, args.mode, args.reason
        )
    data = {"hosts": [{"name": h.name, "verdict": h.verdict, "mode": h.mode} for h in done]}
    return emit(args, data, f"{len(done)} hosts overridden: {args.verdict}, {args.mode}")


def cmd_clear(args) -> int:
    with project(args.project, write=True, by=args.by) as ctx:
        hosts = _hosts(ctx, args)
        ids = set(AssessmentService(ctx).clear_overrides([h.id for h in hosts]))
    cleared = [h.name for h in hosts if h.id in ids]
    return emit(args, {"cleared": cleared}, f"{len(cleared)} overrides cleared")


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

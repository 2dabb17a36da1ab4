"""``hmfield assess``: every host's verdict, mode and reasons (read-only unless ``--apply``)."""

from __future__ import annotations

from hmfield.cli.common import (
    display_width,
    emit,
    noun,
    pad,
    print_json,
    project,
    project_lang,
    verb,
)
from hmfield.cli.nouns.host_cmds import add_selection, chosen
from hmfield.core.assess.verdicts import AssessmentService
from hmfield.core.errors import HmError
from hmfield.core.model.labels import cell_label, choice_label, mode_label
from hmfield.core.progress import ThreadProgress

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


_RANK = {"block": 0, "alternative": 0, "unknown": 1, "condition": 2, "fallback": 3}


def verdict_text(code: str, lang: str) -> str:
    """A verdict in words, as the screens and the plan show it (model.labels.cell_label)."""
    return cell_label("verdict", code, lang)


def mode_text(code: str | None, lang: str) -> str:
    """The recommended mode in words, as the screens and the plan show it ("none": 无可用方式
    / No mode)."""
    return mode_label(code, lang)


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
        lang = project_lang(ctx, args.lang)
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
    print("verdicts: " + ", ".join(f"{verdict_text(k, lang)} {n}" for k, n in v.items()))
    print("modes:    " + ", ".join(
        f"{mode_text(k, lang)} {n}" for k, n in m.items()
    ))  # fmt: skip
    proxies = ", ".join(
        f"{choice_label('platform', k, lang)} {n}" for k, n in summary["sync_proxies"].items()
    ) or "none"  # fmt: skip
    print(f"sync proxies: {summary['sync_proxies_total']} ({proxies})")
    # the words the screens and paper use, never the codes (--json keeps the codes)
    rows = [(h, verdict_text(h.verdict, lang), mode_text(h.mode, lang)) for h in hosts]
    width = max((display_width(h.name) for h in hosts), default=4)
    vw = max((display_width(v) for _, v, _ in rows), default=4)
    mw = max((display_width(m) for _, _, m in rows), default=4)
    for h, verdict, mode in rows:
        mark = "*" if h.overridden else " "
        first = _headline(h.messages(lang))
        print(f"{pad(h.name, width)} {mark}{pad(verdict, vw)} {pad(mode, mw)} {first}")
    return 0

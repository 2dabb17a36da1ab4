"""The "assessment conclusion": counts, main blockers and alternatives in a few sentences.

The migration plan (seed 调研阶段 待办4) quotes this text, so its wording is data
(``resources/assess/conclusion.yaml``, zh/en) a delivery team can adjust; this module only
fills in the figures.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from hmfield.core.assess.views import HostAssessment, lang_key, own_plan
from hmfield.core.errors import InputError
from hmfield.core.text import fill
from hmfield.core.yamltext import load_yaml

REQUIRED = (
    "title", "empty", "totals", "overrides", "modes", "proxies", "proxies_none", "proxy_item",
    "blockers_head", "conditions_head", "missing_head", "count_item", "alternatives_head",
    "alternative_hosts", "alternative_objects", "alternative_own", "alternative_open",
    "names_more", "no_alternatives", "ruleset",
)  # fmt: skip
TOP = 5


@lru_cache(maxsize=4)
def load_texts(path: Path | None = None) -> dict[str, Any]:
    """{"version", "last_reviewed", "texts": {key: {"zh", "en"}}}; bad files name themselves."""
    from hmfield.paths import resource_path

    path = path or resource_path("assess", "conclusion.yaml")
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(f"cannot read the conclusion texts ({exc})", file=path.name) from None
    if not isinstance(data, dict) or not isinstance(data.get("texts"), dict):
        raise InputError("expected a mapping with 'texts'", file=path.name)
    if data.get("version") is None or not isinstance(data.get("last_reviewed"), dt.date):
        raise InputError("version and last_reviewed (YYYY-MM-DD) are required", file=path.name)
    for key in REQUIRED:
        entry = data["texts"].get(key)
        if not isinstance(entry, dict) or not all(
            isinstance(entry.get(k), str) and entry[k] for k in ("zh", "en")
        ):
            raise InputError(f"text {key}: needs non-empty zh and en", file=path.name)
    return data


def _top(items: Counter, n: int = TOP) -> list[tuple[str, int]]:
    return sorted(items.items(), key=lambda kv: (-kv[1], kv[0]))[:n]


def _proxy_line(t, summary: dict[str, Any], platform_label, lang: str) -> str:
    """How many Sync Proxies, per platform, at how many hosts each (or none needed)."""
    proxies = summary["sync_proxies"]
    if not proxies:
        return t("proxies_none")
    detail = ("，" if lang_key(lang) == "zh" else ", ").join(
        t("proxy_item", platform=platform_label(p, lang), count=n) for p, n in proxies.items()
    )
    per = summary["hosts_per_proxy"]
    return t("proxies", total=summary["sync_proxies_total"], per=per, detail=detail)


def _reason_lines(t, hosts: Sequence[HostAssessment], key: str) -> list[str]:
    """The most frequent blockers of unsupported hosts and conditions of conditional ones."""
    blockers: Counter = Counter()
    conditions: Counter = Counter()
    for h in hosts:
        if h.verdict == "not_supported":
            for r in h.reasons:
                if r.get("effect") == "block":
                    blockers[r.get(key) or r.get("en") or r.get("code")] += 1
        elif h.verdict == "supported_with_conditions":
            for r in h.reasons:
                if r.get("effect") == "condition":
                    conditions[r.get(key) or r.get("en") or r.get("code")] += 1
    lines = []
    for head, counts in (("blockers_head", blockers), ("conditions_head", conditions)):
        if counts:
            lines.append(t(head))
            lines += [t("count_item", text=text, count=n) for text, n in _top(counts)]
    return lines


_NAMES = 12  # unsupported hosts with no alternative yet named in the conclusion


def _alternative_lines(t, hosts, objects, tool_label, lang: str) -> list[str]:
    """What moves another way: the tools for unsupported hosts and for the non-host objects
    (with their names); unsupported hosts the team moves by a plan of its own, and those with
    no alternative yet (named: each is an open question for the customer)."""
    lines = [t("alternatives_head")]
    unsupported = [h for h in hosts if h.verdict == "not_supported"]
    host_tools = Counter(h.alternative for h in unsupported if h.alternative)
    # no tool named: the team's own plan (mode "alternative"), else still to agree
    own = [h for h in unsupported if not h.alternative and own_plan(h)]
    open_ = sorted(h.name for h in unsupported if not h.alternative and not own_plan(h))
    by_tool: dict[str, list[str]] = {}
    for obj in objects:
        by_tool.setdefault(obj.tool or "other", []).append(obj.name)
    if not unsupported and not by_tool:
        lines.append(t("no_alternatives"))
    for tool, n in _top(host_tools, 99):
        lines.append(t("alternative_hosts", tool=tool_label(tool, lang), count=n))
    sep = "、" if lang_key(lang) == "zh" else ", "
    if own:
        lines.append(t("alternative_own", count=len(own)))
    if open_:
        names = sep.join(open_[:_NAMES]) + (t("names_more") if len(open_) > _NAMES else "")
        lines.append(t("alternative_open", count=len(open_), names=names))
    for tool in sorted(by_tool):
        names = by_tool[tool]
        lines.append(
            t(
                "alternative_objects",
                tool=tool_label(tool, lang),
                count=len(names),
                names=sep.join(sorted(names)),
            )
        )
    return lines


def render(
    summary: dict[str, Any],
    hosts: Sequence[HostAssessment],
    objects: Sequence[Any],
    *,
    lang: str,
    tool_label,
    platform_label,
    ruleset_version: str,
    ruleset_reviewed: dt.date,
    fact_label=None,
) -> str:
    """The conclusion text. ``tool_label(code, lang)`` / ``platform_label(code, lang)`` name
    tools and platforms; ``objects`` are NonHostObject rows (name, tool); ``fact_label(name,
    lang)`` names a missing fact (the rule set's labels: never a raw fact code)."""
    key = lang_key(lang)
    texts = load_texts()["texts"]

    def t(name: str, **values: Any) -> str:
        return fill(texts[name][key], key, **values)

    lines = [t("title")]
    if not hosts and not objects:
        lines.append(t("empty"))
        return "\n".join(lines)
    lines.append(t("totals", total=summary["total"], **summary["verdicts"]))
    if summary["overridden"]:
        lines.append(t("overrides", count=summary["overridden"]))
    lines.append(t("modes", **summary["modes"]))
    lines.append(_proxy_line(t, summary, platform_label, lang))
    lines += _reason_lines(t, hosts, key)
    missing = Counter(summary.get("missing_facts") or {})
    if missing:
        lines.append(t("missing_head"))
        name = fact_label or (lambda fact, _lang: fact)
        lines += [t("count_item", text=name(fact, lang), count=n) for fact, n in _top(missing)]
    lines += _alternative_lines(t, hosts, objects, tool_label, lang)
    lines.append(t("ruleset", version=ruleset_version, reviewed=ruleset_reviewed.isoformat()))
    return "\n".join(lines)

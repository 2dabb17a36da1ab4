"""The verdict summary of one set of hosts: how many are supported / conditional / not / unknown,
and the reasons behind each count, most common first.

Why: an import is judged at once (preview and after apply), so that an engineer sees whether
the file or the rules are the problem ("795 conditional: platform version missing" must never
pass silently). The import preview dialog, ``hmfield import`` (text and ``--json``) and the
import log all read :func:`verdict_summary`; plain data, no session, no Qt.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from hmfield.core.assess.views import lang_key
from hmfield.core.model.labels import choice_label

VERDICT_ORDER = ("supported", "supported_with_conditions", "not_supported", "unknown")
# the reason effects that decide each verdict (the engine's order of precedence)
DECIDING = {
    "not_supported": ("block", "alternative"),
    "unknown": ("unknown",),
    "supported_with_conditions": ("condition",),
    "supported": (),
}
TOP = 5  # reasons kept per verdict


@dataclass
class ReasonCount:
    """One reason and how many hosts of one verdict carry it. The message shown is the most
    frequent wording (messages name the host's own values, e.g. its OS)."""

    verdict: str
    code: str
    count: int
    zh: str
    en: str
    source: str = ""
    missing: dict[str, int] = field(default_factory=dict)  # fact -> hosts lacking it

    def message(self, lang: str | None) -> str:
        return self.zh if lang_key(lang) == "zh" else self.en


@dataclass
class VerdictSummary:
    total: int
    counts: dict[str, int]
    reasons: dict[str, list[ReasonCount]]  # verdict -> top reasons, most common first
    missing: dict[str, int]  # fact -> hosts judged unknown for lack of it

    def to_json(self) -> dict:
        return {
            "total": self.total,
            "counts": dict(self.counts),
            "top_reasons": {
                v: [
                    {
                        "code": r.code,
                        "count": r.count,
                        "zh": r.zh,
                        "en": r.en,
                        "source": r.source,
                        "missing": dict(r.missing),
                    }
                    for r in rows
                ]
                for v, rows in self.reasons.items()
            },
            "missing_facts": dict(self.missing),
        }

    def headline(self, lang: str | None = "en") -> str:
        """``795 hosts: 654 supported, 113 supported with conditions, ...``"""
        zh = lang_key(lang) == "zh"
        parts = [
            f"{choice_label('verdict', v, 'zh')} {self.counts[v]:,}"
            if zh
            else f"{self.counts[v]:,} {choice_label('verdict', v, 'en')}"
            for v in VERDICT_ORDER
        ]
        if zh:
            return f"共 {self.total:,} 台主机：" + "，".join(parts)
        return f"{self.total:,} host(s): " + ", ".join(parts)

    def lines(self, lang: str | None = "en", top: int = 3) -> list[str]:
        """The headline, then per verdict its top reasons: ``28 unknown: <reason> (missing:
        platform_version 28)``."""
        zh = lang_key(lang) == "zh"
        out = [self.headline(lang)]
        for verdict in VERDICT_ORDER:
            label = choice_label("verdict", verdict, "zh" if zh else "en")
            for r in self.reasons.get(verdict, [])[:top]:
                text = (
                    f"{label} {r.count:,} 台：{r.message(lang)}"
                    if zh
                    else f"{r.count:,} {label}: {r.message(lang)}"
                )
                if r.missing:
                    facts = ", ".join(f"{k} {n:,}" for k, n in r.missing.items())
                    text += f"（缺少：{facts}）" if zh else f" (missing: {facts})"
                out.append(text)
        return out


def judged(verdict: str, reasons: Sequence[dict], missing: Sequence[str] = ()) -> tuple:
    """One host's input to :func:`verdict_summary` from stored verdict fields."""
    return (verdict, reasons, missing)


def judged_from_assessment(result) -> tuple:
    """One host's input from an engine :class:`~hmfield.core.assess.rules.Assessment`."""
    reasons = [
        {
            "code": r.code,
            "effect": r.effect,
            "zh": r.message_zh,
            "en": r.message_en,
            "source": r.source,
        }
        for r in result.reasons
    ]
    return (result.verdict.value, reasons, list(result.missing))


def verdict_summary(hosts: Iterable[tuple], top: int = TOP) -> VerdictSummary:
    """Counts per verdict and, per verdict, the reasons that decided it with their counts.

    ``hosts`` yields ``(verdict, reasons, missing)`` (see :func:`judged` and
    :func:`judged_from_assessment`); a reason is a dict with code, effect, zh, en, source.
    """
    counts: Counter[str] = Counter()
    hits: dict[tuple[str, str], int] = Counter()
    words: dict[tuple[str, str], Counter] = {}
    sources: dict[tuple[str, str], str] = {}
    lacking: dict[tuple[str, str], Counter] = {}
    missing: Counter[str] = Counter()
    total = 0
    for verdict, reasons, absent in hosts:
        total += 1
        counts[verdict] += 1
        if verdict == "unknown":
            missing.update(dict.fromkeys(absent, 1))
        effects = DECIDING.get(verdict, ())
        for r in reasons:
            if r.get("effect") not in effects:
                continue
            key = (verdict, r.get("code") or "")
            hits[key] += 1
            words.setdefault(key, Counter())[(r.get("zh") or "", r.get("en") or "")] += 1
            sources.setdefault(key, r.get("source") or "")
            named = [f for f in absent if f in (r.get("en") or "")]
            if named:
                lacking.setdefault(key, Counter()).update(named)
    reasons_out: dict[str, list[ReasonCount]] = {}
    for (verdict, code), n in sorted(hits.items(), key=lambda kv: (-kv[1], kv[0])):
        rows = reasons_out.setdefault(verdict, [])
        if len(rows) >= top:
            continue
        (zh, en), _ = words[(verdict, code)].most_common(1)[0]
        facts = dict((lacking.get((verdict, code)) or Counter()).most_common())
        rows.append(ReasonCount(verdict, code, n, zh, en, sources[(verdict, code)], facts))
    return VerdictSummary(
        total=total,
        counts={v: counts.get(v, 0) for v in VERDICT_ORDER},
        reasons={v: reasons_out[v] for v in VERDICT_ORDER if v in reasons_out},
        missing=dict(missing.most_common()),
    )

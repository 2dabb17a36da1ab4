"""The verdict summary of one set of hosts: how many are supported / conditional / not / unknown,
and the reasons behind each count, most common first.

Why: an import is judged at once (preview and after apply), so that an engineer sees whether
the file or the rules are the problem ("795 conditional: platform version missing" must never
pass silently). The import preview dialog, the Assess import page, ``hmfield import`` (text and
``--json``) and the import log all read :func:`verdict_summary`; plain data, no session, no Qt.

Unknown hosts are counted per missing fact, not per rule: two rules undecided for the same
missing fact would otherwise list the same hosts twice. Each missing fact is one line with its
label (facts.yaml), its count and the question to ask (the rule files' ``questions``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from hmfield.core.assess.rules.ruleset import Ruleset
from hmfield.core.assess.views import lang_key
from hmfield.core.model.labels import choice_label
from hmfield.core.text import singular_en

VERDICT_ORDER = ("supported", "supported_with_conditions", "not_supported", "unknown")
# the reason effects that decide each verdict (the engine's order of precedence)
DECIDING = {
    "not_supported": ("block", "alternative"),
    "unknown": ("unknown",),  # used only for unknown hosts that name no missing fact
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

    def message(self, lang: str | None) -> str:
        return self.zh if lang_key(lang) == "zh" else self.en


@dataclass
class MissingFactCount:
    """One missing fact and how many unknown hosts lack it, with its label and the question
    to ask (the most frequent unknown reason of those hosts when the rules hold no question)."""

    fact: str
    count: int
    label_zh: str
    label_en: str
    ask_zh: str = ""
    ask_en: str = ""

    def label(self, lang: str | None) -> str:
        return self.label_zh if lang_key(lang) == "zh" else self.label_en

    def question(self, lang: str | None) -> str:
        return self.ask_zh if lang_key(lang) == "zh" else self.ask_en

    def to_json(self) -> dict:
        return {
            "fact": self.fact,
            "count": self.count,
            "label_zh": self.label_zh,
            "label_en": self.label_en,
            "ask_zh": self.ask_zh,
            "ask_en": self.ask_en,
        }


@dataclass
class VerdictSummary:
    total: int
    counts: dict[str, int]
    # verdict -> top reasons, most common first; unknown only for hosts naming no missing fact
    reasons: dict[str, list[ReasonCount]]
    missing: dict[str, int]  # fact -> hosts judged unknown for lack of it
    unknown_facts: list[MissingFactCount] = field(default_factory=list)  # most common first

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
                    }
                    for r in rows
                ]
                for v, rows in self.reasons.items()
            },
            "missing_facts": dict(self.missing),
            "unknown_by_fact": [m.to_json() for m in self.unknown_facts],
        }

    def headline(self, lang: str | None = "en") -> str:
        """``795 hosts: 654 supported, 113 supported with conditions, ...`` ("1 host: ...")."""
        zh = lang_key(lang) == "zh"
        parts = [
            f"{choice_label('verdict', v, 'zh')} {self.counts[v]:,}"
            if zh
            else f"{self.counts[v]:,} {choice_label('verdict', v, 'en')}"
            for v in VERDICT_ORDER
        ]
        if zh:
            return f"共 {self.total:,} 台主机：" + "，".join(parts)
        return singular_en(f"{self.total:,} hosts: ") + ", ".join(parts)

    def lines(self, lang: str | None = "en", top: int = 3) -> list[str]:
        """The headline, then per verdict its top reasons (``108 supported with conditions:
        <reason>``); unknown hosts one line per missing fact: ``28 unknown, missing ESXi /
        hypervisor version: <question>``."""
        zh = lang_key(lang) == "zh"
        out = [self.headline(lang)]
        for verdict in VERDICT_ORDER:
            label = choice_label("verdict", verdict, "zh" if zh else "en")
            if verdict == "unknown":
                out += [self._fact_line(m, label, lang) for m in self.unknown_facts[:top]]
            for r in self.reasons.get(verdict, [])[:top]:
                text = (
                    f"{label} {r.count:,} 台：{r.message(lang)}"
                    if zh
                    else f"{r.count:,} {label}: {r.message(lang)}"
                )
                out.append(text)
        return out

    @staticmethod
    def _fact_line(m: MissingFactCount, label: str, lang: str | None) -> str:
        ask = m.question(lang)
        if lang_key(lang) == "zh":
            return f"{label} {m.count:,} 台，缺少 {m.label(lang)}" + (f"：{ask}" if ask else "")
        return f"{m.count:,} {label}, missing {m.label(lang)}" + (f": {ask}" if ask else "")


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


def judged_from_assessments(results: Iterable) -> list[tuple]:
    """Many engine Assessments as :func:`verdict_summary` inputs, equal ones counted once:
    ``(verdict, reasons, missing, hosts)``. The engine shares equal Reason objects, so
    results with the same verdict, the same reason objects and the same missing facts say the
    same; at 10,000 hosts a few hundred distinct inputs replace 10,000 lists of dicts."""
    groups: dict[tuple, list] = {}
    for result in results:
        key = (result.verdict, tuple(map(id, result.reasons)), tuple(result.missing))
        found = groups.get(key)
        if found is None:
            # the result is kept in the group: the ids in its key stay its reasons'
            groups[key] = [result, 1]
        else:
            found[1] += 1
    return [(*judged_from_assessment(result), n) for result, n in groups.values()]


def verdict_summary(
    hosts: Iterable[tuple], top: int = TOP, ruleset: Ruleset | None = None
) -> VerdictSummary:
    """Counts per verdict; per verdict the reasons that decided it with their counts; and the
    unknown hosts per missing fact, labelled with ``ruleset``'s fact labels and questions
    (default: the current rule set).

    ``hosts`` yields ``(verdict, reasons, missing)`` (see :func:`judged` and
    :func:`judged_from_assessment`), or ``(verdict, reasons, missing, n)`` for ``n`` hosts
    that were judged alike (:func:`judged_from_assessments`); a reason is a dict with code,
    effect, zh, en, source.
    """
    counts: Counter[str] = Counter()
    hits: dict[tuple[str, str], int] = Counter()
    words: dict[tuple[str, str], Counter] = {}
    sources: dict[tuple[str, str], str] = {}
    missing: Counter[str] = Counter()
    asked: dict[str, Counter] = {}  # fact -> unknown reason wordings of the hosts lacking it
    total = 0
    for host in hosts:
        verdict, reasons, absent = host[0], host[1], host[2]
        n = host[3] if len(host) > 3 else 1
        total += n
        counts[verdict] += n
        if verdict == "unknown" and absent:
            facts = list(dict.fromkeys(absent))
            for fact in facts:
                missing[fact] += n
            said = [(r.get("zh") or "", r.get("en") or "") for r in reasons
                    if r.get("effect") == "unknown"]  # fmt: skip
            for fact in facts:
                wording = asked.setdefault(fact, Counter())
                if len(facts) == 1 and said:
                    wording[said[0]] += n
            continue
        effects = DECIDING.get(verdict, ())
        for r in reasons:
            if r.get("effect") not in effects:
                continue
            key = (verdict, r.get("code") or "")
            hits[key] += n
            words.setdefault(key, Counter())[(r.get("zh") or "", r.get("en") or "")] += n
            sources.setdefault(key, r.get("source") or "")
    reasons_out: dict[str, list[ReasonCount]] = {}
    for (verdict, code), n in sorted(hits.items(), key=lambda kv: (-kv[1], kv[0])):
        rows = reasons_out.setdefault(verdict, [])
        if len(rows) >= top:
            continue
        (zh, en), _ = words[(verdict, code)].most_common(1)[0]
        rows.append(ReasonCount(verdict, code, n, zh, en, sources[(verdict, code)]))
    ordered = sorted(missing.items(), key=lambda kv: (-kv[1], kv[0]))
    return VerdictSummary(
        total=total,
        counts={v: counts.get(v, 0) for v in VERDICT_ORDER},
        reasons={v: reasons_out[v] for v in VERDICT_ORDER if v in reasons_out},
        missing=dict(ordered),
        unknown_facts=_fact_counts(ordered, asked, ruleset),
    )


def _fact_counts(
    ordered: list[tuple[str, int]], asked: dict[str, Counter], ruleset: Ruleset | None
) -> list[MissingFactCount]:
    if not ordered:
        return []
    if ruleset is None:
        from hmfield.core.assess.facts import current_ruleset

        ruleset = current_ruleset()
    out = []
    for fact, n in ordered:
        question = ruleset.questions.get(fact)
        if question is None and asked.get(fact):
            question = asked[fact].most_common(1)[0][0]
        zh, en = question or ("", "")
        out.append(
            MissingFactCount(
                fact, n, ruleset.fact_label(fact, "zh"), ruleset.fact_label(fact, "en"), zh, en
            )
        )
    return out

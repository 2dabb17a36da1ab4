"""Assess one host against the compatibility rules, in the seed's decision order.

Order (seed 调研阶段 待办1): is it a host at all (``scope``)? -> agentless if the platform is on
the agentless list (``mode``) and its agentless blockers do not fire, else agent when the agent
can take the host -> OS / version / bitness / kernel (``os``) -> file systems, partitions, boot
and disk counts (``storage``) -> platform conditions (``platform``, listed last).

Every host gets exactly one verdict. The verdict follows from the reasons kept for the chosen
path: any block -> not_supported; else any unknown -> unknown (always naming missing facts);
else any condition -> supported_with_conditions; else supported.

A rule with effect ``ask`` (or ``on_missing: ask``) is a pre-check question: a fact no
inventory carries (multipath disks, DRBD, the agent's free RAM...) or one that only decides how,
not whether, a host migrates. Asks go to ``Assessment.questions``, never to ``reasons``, and
never change the verdict. A rule that cannot be decided names the missing facts and, from the
rule files' ``questions`` table, whom to ask for each.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from hmfield.core.assess.rules.conditions import absent_value
from hmfield.core.assess.rules.facts import HOST_SPACE, HostFacts
from hmfield.core.assess.rules.ruleset import Rule, Ruleset
from hmfield.core.model.enums import RecommendedMode, Verdict

_SEED = "seed 调研阶段 待办1"


@dataclass(frozen=True)
class Reason:
    """Why a host got its verdict. ``effect``: block, condition, unknown, note, mode, fallback,
    alternative. ``alternative`` is a tool code (or "agent") when the rule names one."""

    code: str
    effect: str
    message_zh: str
    message_en: str
    source: str
    alternative: str | None = None


@dataclass
class Assessment:
    verdict: Verdict
    mode: RecommendedMode
    reasons: list[Reason] = field(default_factory=list)
    conditions: list[Reason] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    alternative: str | None = None
    ruleset_version: str = ""
    questions: list[Reason] = field(default_factory=list)  # effect "ask": verdict unchanged


@dataclass(slots=True)
class _Hit:
    rule: Rule
    effect: str  # the rule's effect, or its on_missing effect when undecided
    missing: tuple[str, ...]
    undecided: bool


_LATER = ("os", "storage", "platform")  # stages 3-5, evaluated in one pass per mode


def _run(
    rs: Ruleset, stages: str | tuple[str, ...], facts: HostFacts, mode: str | None
) -> list[_Hit]:
    return _plan(rs, stages, mode, facts.platform_key, facts.os_kind).run(facts)


def _evaluate(rules: Iterable[tuple[int, Rule]], facts: HostFacts) -> list[tuple[int, _Hit]]:
    """(position, hit) for each rule that fires or cannot be decided, in the given order."""
    hits: list[tuple[int, _Hit]] = []
    missing: list[str] = []
    for pos, rule in rules:
        result = rule.pred(facts, missing)
        if result is True:
            names = (*missing, *rule.unknown_facts) if rule.reports_missing else ()
            hits.append((pos, _Hit(rule, rule.effect, names, False)))
        elif result is None and rule.on_missing != "ignore":
            hits.append((pos, _Hit(rule, rule.on_missing, tuple(missing), True)))
        if missing:
            missing.clear()
    return hits


_CACHE_LIMIT = 4096


class _Plan:
    """The rules of one scope (stages, mode, platform, OS kind), ready to run.

    Why: inventories repeat the same OS, version, platform and firmware facts thousands of
    times. The outcome of every host-level rule of the scope (no disks/partitions/NICs) is a
    function of the host facts those rules read, so it is cached per tuple of those facts
    (with their types: 1, 1.0 and True format differently); only the rules over disks,
    partitions and NICs run per host. Results are identical to running every rule in order.
    """

    __slots__ = ("cache", "getters", "items", "scalar")

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.scalar = [(i, r) for i, r in enumerate(rules) if r.reads is not None]
        self.items = [(i, r) for i, r in enumerate(rules) if r.reads is None]
        only_missing: dict[str, bool] = {}
        for _, rule in self.scalar:
            for name, missing_only in rule.reads or ():
                only_missing[name] = only_missing.get(name, True) and missing_only
        self.getters = [
            _absent_getter(HOST_SPACE.getter(n)) if m else HOST_SPACE.getter(n)
            for n, m in only_missing.items()
        ]
        self.cache: dict[tuple, list[tuple[int, _Hit]]] = {}

    def _scalar_hits(self, facts: HostFacts) -> list[tuple[int, _Hit]]:
        try:
            values = tuple([g(facts) for g in self.getters])
            key = (values, tuple(map(type, values)))
            return self.cache[key]
        except KeyError:
            found = _evaluate(self.scalar, facts)
            if len(self.cache) >= _CACHE_LIMIT:
                self.cache.clear()
            self.cache[key] = found
            return found
        except Exception:  # noqa: BLE001 - unhashable fact, odd host object: no cache
            return _evaluate(self.scalar, facts)

    def run(self, facts: HostFacts) -> list[_Hit]:
        found = self._scalar_hits(facts) if self.scalar else []
        if not self.items:
            return [hit for _, hit in found]
        merged = found + _evaluate(self.items, facts)
        merged.sort(key=_position)
        return [hit for _, hit in merged]


def _position(item: tuple[int, _Hit]) -> int:
    return item[0]


def _absent_getter(get: Callable[[Any], Any]) -> Callable[[Any], bool]:
    return lambda obj: absent_value(get(obj))


def _plan(rs: Ruleset, stages: str | tuple[str, ...], mode: str | None, platform, os_kind) -> _Plan:
    # kept in the rule set's selection cache, so it lives and dies with the selection
    key = ("plan", stages, mode, platform, os_kind)
    plan = rs._selection.get(key)
    if plan is None:
        plan = rs._selection[key] = _Plan(rs.select(stages, mode, platform, os_kind))
    return plan


def _blocks(hits: Iterable[_Hit]) -> list[_Hit]:
    return [h for h in hits if h.effect == "block"]


def _reason(hit: _Hit, facts: HostFacts, rs: Ruleset, effect: str | None = None) -> Reason:
    """The reason for a kept hit. Reasons are immutable and repeat across hosts, so they are
    shared per (rule, effect, missing facts, message values with their types)."""
    rule = hit.rule
    effect = effect or hit.effect
    values = tuple([facts.value(name) for _, name in rule.placeholders])
    cache = rs._selection.get(_REASONS)
    if cache is None:
        cache = rs._selection[_REASONS] = {}
    key = (id(rule), effect, hit.missing if hit.undecided else None, values)
    try:
        return cache[(key, tuple(map(type, values)))]
    except KeyError:
        pass
    except TypeError:  # an unhashable message value: build it, do not keep it
        return _make_reason(hit, rule, rs, effect, values)
    found = _make_reason(hit, rule, rs, effect, values)
    if len(cache) >= _CACHE_LIMIT:
        cache.clear()
    cache[(key, tuple(map(type, values)))] = found
    return found


_REASONS = ("reasons",)  # key of the reason cache in the rule set's selection cache


def _make_reason(hit: _Hit, rule: Rule, rs: Ruleset, effect: str, values: tuple) -> Reason:
    by_name = {name: value for (_, name), value in zip(rule.placeholders, values, strict=True)}
    zh, en = rule.messages(by_name.__getitem__)
    if hit.undecided:
        unique = list(dict.fromkeys(hit.missing))
        names_zh = "、".join(rs.fact_label(n, "zh") for n in unique) or "?"
        names_en = ", ".join(rs.fact_label(n, "en") for n in unique) or "?"
        pzh, pen = rs.texts["missing_prefix"]
        zh, en = pzh.replace("{facts}", names_zh) + zh, pen.replace("{facts}", names_en) + en
        asks = [rs.questions[n] for n in unique if n in rs.questions]
        if effect == "ask" and asks and len(asks) == len(unique):
            # a question about absent facts: the questions themselves, not the unfilled message
            zh, en = " ".join(q[0] for q in asks), " ".join(q[1] for q in asks)
        elif asks:
            zh += " " + " ".join(q[0] for q in asks)
            en += " " + " ".join(q[1] for q in asks)
    if effect == "fallback":
        pzh, pen = rs.texts["fallback_prefix"]
        zh, en = pzh + zh, pen + en
    if effect == "agentless":
        effect = "mode"
    return Reason(rule.id, effect, zh, en, rule.source, rule.alternative)


def _text_reason(rs: Ruleset, key: str, code: str, effect: str) -> Reason:
    """One shared Reason per engine text (as for rule reasons: equal reasons are one object)."""
    cache_key = ("text reason", key, code, effect)
    found = rs._selection.get(cache_key)
    if found is None:
        zh, en = rs.texts[key]
        found = rs._selection[cache_key] = Reason(code, effect, zh, en, _SEED)
    return found  # type: ignore[return-value]


def assess(host: Any, ruleset: Ruleset) -> Assessment:
    """One verdict for one host. ``host``: any object with HostRecord's attribute names."""
    facts = HostFacts(host)
    scope = _run(ruleset, "scope", facts, None)
    stop = [h for h in scope if h.effect in ("block", "alternative")]
    if stop:
        return _finish(facts, ruleset, [(h, None) for h in stop], stopped=True)

    mode_hits = _run(ruleset, "mode", facts, None)
    # An agentless rule that could not be decided (platform version missing) still makes the
    # host a candidate when its on_missing is condition/unknown: the reason names the fact.
    chosen = next(
        (
            h
            for h in mode_hits
            if h.rule.effect == "agentless" and h.effect in ("agentless", "condition", "unknown")
        ),
        None,
    )
    kept: list[tuple[_Hit, str | None]] = [(h, None) for h in scope]
    kept += [(h, None) for h in mode_hits if h is not chosen]

    if chosen is not None:
        hits = _run(ruleset, _LATER, facts, "agentless")
        early = [h for h in hits if h.rule.stage != "platform"]
        late = [h for h in hits if h.rule.stage == "platform"]  # platform conditions go last
        blocks = _blocks(hits)
        if not blocks:
            kept.append((chosen, None))
            kept += [(h, None) for h in early]
            kept += [(h, None) for h in late]
            return _finish(facts, ruleset, kept, mode=RecommendedMode.AGENTLESS)
        kept.append((chosen, "note"))
        if any(b.rule.alternative != "agent" for b in blocks):
            kept += [(h, None) for h in blocks]
            return _finish(facts, ruleset, kept)
        agent = _agent_path(ruleset, facts)
        if _blocks(agent):
            kept += [(h, None) for h in blocks] + [(h, None) for h in agent]
            return _finish(facts, ruleset, kept)
        kept += [(h, "fallback") for h in blocks] + [(h, None) for h in agent]
        return _finish(facts, ruleset, kept, mode=RecommendedMode.AGENT)

    agent = _agent_path(ruleset, facts)
    kept += [(h, None) for h in agent]
    return _finish(facts, ruleset, kept, mode=RecommendedMode.AGENT, agent_note=True)


def _agent_path(rs: Ruleset, facts: HostFacts) -> list[_Hit]:
    return _run(rs, _LATER, facts, "agent")


def _finish(
    facts: HostFacts,
    rs: Ruleset,
    kept: Sequence[tuple[_Hit, str | None]],
    *,
    mode: RecommendedMode = RecommendedMode.NONE,
    stopped: bool = False,
    agent_note: bool = False,
) -> Assessment:
    questions = [_reason(hit, facts, rs, effect) for hit, effect in kept if hit.effect == "ask"]
    kept = [(hit, effect) for hit, effect in kept if hit.effect != "ask"]
    reasons = [_reason(hit, facts, rs, effect) for hit, effect in kept]
    if agent_note:
        reasons.insert(_after_mode(reasons), _text_reason(rs, "mode_agent", "mode.agent", "mode"))
    effects = {r.effect for r in reasons}
    if "block" in effects or stopped:
        verdict = Verdict.NOT_SUPPORTED
    elif "unknown" in effects:
        verdict = Verdict.UNKNOWN
    elif "condition" in effects:
        verdict = Verdict.SUPPORTED_WITH_CONDITIONS
    else:
        verdict = Verdict.SUPPORTED
    missing = list(dict.fromkeys(name for hit, _ in kept for name in hit.missing))
    alternative = None
    for hit, _ in kept:
        if hit.rule.alternative_by == "object_kind":
            alternative = rs.catalog.suggest(facts.value("extra.object_kind")).tool.code
            break
    if alternative is None:
        alternative = next(
            (r.alternative for r in reasons if r.alternative and r.alternative != "agent"), None
        )
    if verdict is Verdict.NOT_SUPPORTED:
        mode = RecommendedMode.ALTERNATIVE if stopped and alternative else RecommendedMode.NONE
    return Assessment(
        verdict=verdict,
        mode=mode,
        reasons=reasons,
        conditions=[r for r in reasons if r.effect == "condition"],
        missing=missing,
        alternative=alternative,
        ruleset_version=rs.version,
        questions=questions,
    )


def _after_mode(reasons: list[Reason]) -> int:
    """Insert position for the agent-mode reason: after scope and mode notes."""
    for index, reason in enumerate(reasons):
        if not reason.code.startswith(("scope.", "mode.")):
            return index
    return len(reasons)


def summarise(
    assessments: Sequence[Assessment], hosts: Sequence[Any], ruleset: Ruleset | None = None
) -> dict[str, Any]:
    """Counts per verdict and per mode, and Sync Proxies needed per platform.

    Agentless hosts need one Sync Proxy per ``hosts_per_proxy`` (100) hosts of a platform,
    rounded up; for OCI per availability domain (``extra['availability_domain']``).
    """
    if ruleset is None:
        from hmfield.core.assess.rules import default_ruleset

        ruleset = default_ruleset()
    if len(assessments) != len(hosts):
        raise ValueError("assessments and hosts must be the same length")
    verdicts = Counter(a.verdict.value for a in assessments)
    modes = Counter(a.mode.value for a in assessments)
    groups: Counter[str] = Counter()
    for assessment, host in zip(assessments, hosts, strict=True):
        if assessment.mode is not RecommendedMode.AGENTLESS:
            continue
        platform = str(getattr(host, "platform", None) or "unknown").lower()
        key = platform
        if platform in ruleset.per_availability_domain:
            domain = (getattr(host, "extra", None) or {}).get("availability_domain") or "unknown"
            key = f"{platform}/{domain}"
        groups[key] += 1
    proxies = {key: math.ceil(n / ruleset.hosts_per_proxy) for key, n in sorted(groups.items())}
    missing = Counter(name for a in assessments for name in a.missing)
    questions = Counter(q.code for a in assessments for q in a.questions)
    return {
        "total": len(assessments),
        "verdicts": {v.value: verdicts.get(v.value, 0) for v in Verdict},
        "modes": {m.value: modes.get(m.value, 0) for m in RecommendedMode},
        "agentless_hosts": dict(sorted(groups.items())),
        "sync_proxies": proxies,
        "sync_proxies_total": sum(proxies.values()),
        "missing_facts": dict(missing.most_common()),
        "questions": dict(questions.most_common()),
        "ruleset_version": ruleset.version,
    }

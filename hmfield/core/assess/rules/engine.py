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
import operator
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
# the rule selections a host's decision can run: (stages, mode) per path
_PATHS = {
    "scope": ("scope", None),
    "mode": ("mode", None),
    "agentless": (_LATER, "agentless"),
    "agent": (_LATER, "agent"),
}


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


# item attributes that are measurements: nearly unique per disk or partition, so the rules
# that read them run for every host instead of being looked up
_MEASURES = frozenset({"capacity_mib", "used_mib", "free_pct"})
_ITEM_LISTS = ("disks", "partitions", "nics")
_ITEM = object()  # marks where an item starts in an item key


class _Plan:
    """The rules of one path for one scope (platform, OS kind), each with its position in the
    path's order: those that read only host facts (``scalar``: the node keys them), those
    over disks, partitions and NICs that read no measurement (``keyed``: their hits are kept
    per tuple of the attributes they read of the host and of each item) and the rest
    (``direct``: run for every host)."""

    __slots__ = ("direct", "host_getters", "interned", "item_reads", "keyed", "keyed_hits",
                 "scalar")  # fmt: skip

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.scalar = [(i, r) for i, r in enumerate(rules) if r.reads is not None]
        items = [(i, r) for i, r in enumerate(rules) if r.reads is None]
        self.keyed = [(i, r) for i, r in items if not _measures(r)]
        self.direct = [(i, r) for i, r in items if _measures(r)]
        host = {n for _, r in self.keyed for n in r.record_reads.host}
        self.host_getters = [_record_getter(n) for n in sorted(host - set(_ITEM_LISTS))]
        self.item_reads = [
            (name, tuple(sorted({a for _, r in self.keyed for a in r.record_reads.level(name)})))
            for name in _ITEM_LISTS
            if name in host or any(r.record_reads.level(name) for _, r in self.keyed)
        ]
        self.keyed_hits: dict[tuple, list[tuple[int, _Hit]]] = {}
        self.interned: dict[tuple, tuple[int, _Hit]] = {}  # equal item hits are one object

    def item_hits(self, facts: HostFacts) -> list[tuple[int, _Hit]]:
        """The item rules' hits for this host, each the one shared object for an equal hit
        (as scalar hits are shared), so that a host's hits key the outcome cache."""
        found = self._keyed_hits(facts) if self.keyed else []
        if self.direct:
            found = found + self._intern(_evaluate(self.direct, facts))
        return found

    def _keyed_hits(self, facts: HostFacts) -> list[tuple[int, _Hit]]:
        values = [g(facts) for g in self.host_getters]
        host = facts.host
        for name, attrs in self.item_reads:
            for item in getattr(host, name, None) or ():
                values.append(_ITEM)
                values += [getattr(item, a, None) for a in attrs]
            values.append(name)
        try:
            key = (tuple(values), tuple(map(type, values)))
            return self.keyed_hits[key]
        except KeyError:
            found = self._intern(_evaluate(self.keyed, facts))
            if len(self.keyed_hits) >= _CACHE_LIMIT:
                self.keyed_hits.clear()
            self.keyed_hits[key] = found
            return found
        except TypeError:  # an unhashable value (a list or mapping read): no cache
            return self._intern(_evaluate(self.keyed, facts))

    def _intern(self, found: list[tuple[int, _Hit]]) -> list[tuple[int, _Hit]]:
        interned = self.interned
        for index, (pos, hit) in enumerate(found):
            key = (pos, hit.effect, hit.missing, hit.undecided)
            same = interned.get(key)
            if same is None:
                if len(interned) >= _CACHE_LIMIT:
                    interned.clear()
                same = interned[key] = (pos, hit)
            found[index] = same
        return found


def _record_getter(name: str) -> Callable[[HostFacts], Any]:
    """A host record attribute (as ``Rule.record_reads`` names them)."""
    return (
        operator.attrgetter(f"host.{name}")
        if name in HOST_SPACE.attrs
        else (lambda facts: getattr(facts.host, name, None))
    )


def _measures(rule: Rule) -> bool:
    return any(rule.record_reads.level(name) & _MEASURES for name in _ITEM_LISTS)


class _Scope:
    """Every path's rules for one (platform, OS kind), ready to run.

    Why: inventories repeat the same OS, version, platform and firmware facts thousands of
    times. Every host-level rule's outcome, and every message value, is a function of the
    host facts those rules and messages read, so one key per host (the tuple of those facts
    with their types: 1, 1.0 and True format differently) finds a :class:`_Node` holding the
    scalar hits of each path and the outcomes already decided; only the rules over disks,
    partitions and NICs run per host. Results are identical to running every rule in order.
    """

    __slots__ = ("getters", "nodes", "plans")

    def __init__(self, rs: Ruleset, platform: str | None, os_kind: str | None) -> None:
        self.plans = {
            path: _Plan(rs.select(stages, mode, platform, os_kind))
            for path, (stages, mode) in _PATHS.items()
        }
        only_missing: dict[str, bool] = {}
        for plan in self.plans.values():
            for _, rule in plan.scalar:
                for name, missing_only in rule.reads or ():
                    only_missing[name] = only_missing.get(name, True) and missing_only
        messages: list[str] = []
        for plan in self.plans.values():
            for _, rule in (*plan.scalar, *plan.keyed, *plan.direct):
                messages += (name for _, name in rule.placeholders)
                if rule.alternative_by == "object_kind":
                    messages.append("extra.object_kind")
        self.getters = [
            _absent_getter(HOST_SPACE.getter(n)) if m else HOST_SPACE.getter(n)
            for n, m in only_missing.items()
        ] + [
            _value_getter(n)
            for n in dict.fromkeys(messages)
            if only_missing.get(n, True)  # not read whole by a rule already
        ]
        self.nodes: dict[tuple, _Node] = {}

    def node(self, facts: HostFacts) -> _Node:
        try:
            values = tuple([g(facts) for g in self.getters])
            key = (values, tuple(map(type, values)))
            found = self.nodes.get(key)
        except Exception:  # noqa: BLE001 - unhashable fact, odd host object: no cache
            return _Node(self.plans, cached=False)
        if found is None:
            if len(self.nodes) >= _CACHE_LIMIT:
                self.nodes.clear()
            found = self.nodes[key] = _Node(self.plans)
        return found


class _Node:
    """What all hosts with one scope key share: each path's scalar hits (evaluated for the
    first such host), the first two steps' decision when no item rule takes part in them,
    and the outcomes decided so far, keyed by the hits kept."""

    __slots__ = ("cached", "head", "outcomes", "plans", "scalar")

    def __init__(self, plans: dict[str, _Plan], cached: bool = True) -> None:
        self.plans, self.cached = plans, cached
        self.scalar: dict[str, tuple[list[tuple[int, _Hit]], tuple[_Hit, ...]]] = {}
        self.head: _Head | None = None
        self.outcomes: dict[tuple, tuple[Assessment, object]] = {}

    def run(self, path: str, facts: HostFacts) -> tuple[_Hit, ...]:
        """The path's hits for this host, in rule order."""
        plan = self.plans[path]
        found = self.scalar.get(path)
        if found is None:
            scalar = _evaluate(plan.scalar, facts)
            found = (scalar, tuple([hit for _, hit in scalar]))
            if self.cached:
                self.scalar[path] = found
        items = plan.item_hits(facts) if plan.keyed or plan.direct else None
        if not items:
            return found[1]
        merged = found[0] + items
        merged.sort(key=_position)
        return tuple([hit for _, hit in merged])


@dataclass(slots=True)
class _Head:
    """The scope and mode steps' decision: the hits that stop the host (scope blocks and
    alternatives), or the agentless hit chosen (None: the agent path) and the hits kept."""

    stop: list[tuple[_Hit, str | None]] | None
    chosen: _Hit | None
    kept: list[tuple[_Hit, str | None]]


def _head(node: _Node, facts: HostFacts) -> _Head:
    if node.head is not None:
        return node.head
    scope = node.run("scope", facts)
    stop = [(h, None) for h in scope if h.effect in ("block", "alternative")]
    if stop:
        head = _Head(stop, None, [])
    else:
        mode_hits = node.run("mode", facts)
        # An agentless rule that could not be decided (platform version missing) still
        # makes the host a candidate when its on_missing is condition/unknown: the reason
        # names the fact.
        chosen = next(
            (
                h
                for h in mode_hits
                if h.rule.effect == "agentless"
                and h.effect in ("agentless", "condition", "unknown")
            ),
            None,
        )
        kept: list[tuple[_Hit, str | None]] = [(h, None) for h in scope]
        kept += [(h, None) for h in mode_hits if h is not chosen]
        head = _Head(None, chosen, kept)
    plans = node.plans
    if node.cached and not any(plans[p].keyed or plans[p].direct for p in ("scope", "mode")):
        node.head = head  # the scalar hits alone decided it: the same for every such host
    return head


def _position(item: tuple[int, _Hit]) -> int:
    return item[0]


def _absent_getter(get: Callable[[Any], Any]) -> Callable[[Any], bool]:
    return lambda obj: absent_value(get(obj))


def _value_getter(name: str) -> Callable[[HostFacts], Any]:
    """A message value or the object kind, read as the reason texts read it
    (:meth:`HostFacts.value`): directly when it is a fact a condition could read."""
    if HOST_SPACE.has(name):
        return HOST_SPACE.getter(name)
    return lambda facts: facts.value(name)


def _scope(rs: Ruleset, facts: HostFacts) -> _Scope:
    # kept in the rule set's selection cache, so it lives and dies with the selection
    key = ("scope", facts.platform_key, facts.os_kind)
    found = rs._selection.get(key)
    if found is None:
        found = rs._selection[key] = _Scope(rs, facts.platform_key, facts.os_kind)
    return found  # type: ignore[return-value]


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
    node = _scope(ruleset, facts).node(facts)
    head = _head(node, facts)
    if head.stop:
        return _finish(facts, ruleset, node, head.stop, stopped=True)
    chosen, kept = head.chosen, list(head.kept)

    if chosen is not None:
        hits = node.run("agentless", facts)
        blocks = _blocks(hits)
        if not blocks:
            kept.append((chosen, None))
            kept += [(h, None) for h in hits if h.rule.stage != "platform"]
            kept += [(h, None) for h in hits if h.rule.stage == "platform"]  # conditions last
            return _finish(facts, ruleset, node, kept, mode=RecommendedMode.AGENTLESS)
        kept.append((chosen, "note"))
        if any(b.rule.alternative != "agent" for b in blocks):
            kept += [(h, None) for h in blocks]
            return _finish(facts, ruleset, node, kept)
        agent = node.run("agent", facts)
        if _blocks(agent):
            kept += [(h, None) for h in blocks] + [(h, None) for h in agent]
            return _finish(facts, ruleset, node, kept)
        kept += [(h, "fallback") for h in blocks] + [(h, None) for h in agent]
        return _finish(facts, ruleset, node, kept, mode=RecommendedMode.AGENT)

    agent = node.run("agent", facts)
    kept += [(h, None) for h in agent]
    return _finish(facts, ruleset, node, kept, mode=RecommendedMode.AGENT, agent_note=True)


def _finish(
    facts: HostFacts,
    rs: Ruleset,
    node: _Node,
    kept: Sequence[tuple[_Hit, str | None]],
    *,
    mode: RecommendedMode = RecommendedMode.NONE,
    stopped: bool = False,
    agent_note: bool = False,
) -> Assessment:
    """The assessment of the hits kept for the chosen path.

    Why cached: an inventory's hosts fall into a few hundred outcomes (the bench's 15,000
    hosts into 1,370). Within one node (the message values are the node's), the outcome is
    a function of the kept hits (shared objects: the node's scalar hits, interned item hits),
    how each is kept and the path flags; so the node keeps it per that key, the entry holding
    the hits whose ids key it (an id cannot be reused while it is a key). Each host still
    gets its own Assessment and lists."""
    if not node.cached:
        return _outcome(facts, rs, kept, mode, stopped, agent_note)
    key = (mode, stopped, agent_note, *[(id(hit), effect) for hit, effect in kept])
    found = node.outcomes.get(key)
    if found is None:
        found = (_outcome(facts, rs, kept, mode, stopped, agent_note), kept)
        if len(node.outcomes) < _CACHE_LIMIT:
            node.outcomes[key] = found
    a = found[0]
    return Assessment(a.verdict, a.mode, list(a.reasons), list(a.conditions), list(a.missing),
                      a.alternative, a.ruleset_version, list(a.questions))  # fmt: skip


def _outcome(
    facts: HostFacts,
    rs: Ruleset,
    kept: Sequence[tuple[_Hit, str | None]],
    mode: RecommendedMode,
    stopped: bool,
    agent_note: bool,
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

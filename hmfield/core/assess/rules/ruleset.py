"""The compiled rule set: rules, their files' versions, engine texts and a selection cache.

Built by :func:`hmfield.core.assess.rules.loader.load_ruleset`; the engine only reads it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from hmfield.core.assess.rules.alternatives import AlternativeCatalog
from hmfield.core.assess.rules.conditions import Pred, parse_version
from hmfield.core.assess.rules.reads import Reads, ruleset_reads


@dataclass(frozen=True)
class Rule:
    """One compiled rule. ``pred`` is the compiled ``when``."""

    id: str
    file: str
    stage: str
    effect: str
    pred: Pred
    message_zh: str
    message_en: str
    source: str
    modes: frozenset[str] | None = None  # None: any mode
    platforms: frozenset[str] | None = None
    oses: frozenset[str] | None = None
    alternative: str | None = None  # "agent" (fall back) or a tool code
    alternative_by: str | None = None  # "object_kind": tool looked up in the catalog
    on_missing: str = "ignore"
    unknown_facts: tuple[str, ...] = ()
    reports_missing: bool = False  # an unknown rule or one with a ``missing`` form
    # messages precompiled for str.format_map: placeholder fact names -> safe keys
    template_zh: str = ""
    template_en: str = ""
    placeholders: tuple[tuple[str, str], ...] = ()  # (key in template, fact name)
    # host facts ``when`` reads, each with "read only by missing forms"; None when it reads
    # disks/partitions/NICs or counts (the engine then evaluates it per host)
    reads: tuple[tuple[str, bool], ...] | None = None
    # every fact ``when`` reads (and ``unknown_fact``), named as a missing fact would be
    facts: tuple[str, ...] = ()
    # every record attribute ``when`` and the messages read (host, disk, partition, NIC
    # level; derived facts as their sources): the columns a project load must select
    record_reads: Reads = Reads()

    def messages(self, value: Callable[[str], Any]) -> tuple[str, str]:
        """(zh, en) with placeholders filled from ``value(fact_name)``; "?" when unknown."""
        if not self.placeholders:
            return self.message_zh, self.message_en
        values = {}
        for key, name in self.placeholders:
            v = value(name)
            values[key] = "?" if v is None or v == "" else v
        return self.template_zh.format_map(values), self.template_en.format_map(values)

    def applies(self, mode: str | None, platform: str | None, os_kind: str | None) -> bool:
        return (
            (self.modes is None or mode in self.modes)
            and (self.platforms is None or platform in self.platforms)
            and (self.oses is None or os_kind in self.oses)
        )


@dataclass(frozen=True)
class RuleFile:
    name: str
    version: str
    last_reviewed: dt.date
    sources: tuple[str, ...]


@dataclass
class Ruleset:
    """All rule files of one directory, compiled. Identity: ``version`` (changes on any edit)."""

    rules: tuple[Rule, ...]
    files: tuple[RuleFile, ...]
    texts: dict[str, tuple[str, str]]  # id -> (zh, en)
    catalog: AlternativeCatalog
    # missing fact (as named in Assessment.missing) -> (zh, en) question saying whom to ask
    questions: dict[str, tuple[str, str]] = field(default_factory=dict)
    # fact name (as in Assessment.missing or Rule.facts) -> (zh, en) label shown instead of it
    fact_labels: dict[str, tuple[str, str]] = field(default_factory=dict)
    hosts_per_proxy: int = 100
    per_availability_domain: frozenset[str] = frozenset()
    fingerprint: str = ""
    _selection: dict[tuple[Any, ...], tuple[Rule, ...]] = field(default_factory=dict, repr=False)

    version: str = ""  # highest file version plus content fingerprint, e.g. "1.0+3fa2b9c1"
    # what judging a host reads: every rule's record_reads plus the engine's own
    record_reads: Reads = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.record_reads = ruleset_reads(r.record_reads for r in self.rules)
        if not self.version and self.files:
            best = max((f.version for f in self.files), key=lambda v: parse_version(v) or (0,))
            self.version = f"{best}+{self.fingerprint}"

    @property
    def last_reviewed(self) -> dt.date:
        """The stalest file's review date: the set is only as current as its oldest part."""
        return min(f.last_reviewed for f in self.files)

    def select(
        self,
        stages: str | tuple[str, ...],
        mode: str | None,
        platform: str | None,
        os_kind: str | None,
    ) -> tuple[Rule, ...]:
        """Rules of ``stages`` that apply to this scope, stage by stage in the given order and
        in file order within a stage. Cached per scope, so a host costs one dict lookup."""
        key = (stages, mode, platform, os_kind)
        found = self._selection.get(key)
        if found is None:
            wanted = (stages,) if isinstance(stages, str) else stages
            found = tuple(
                r
                for stage in wanted
                for r in self.rules
                if r.stage == stage and r.applies(mode, platform, os_kind)
            )
            self._selection[key] = found
        return found

    def fact_label(self, name: str, lang: str = "en") -> str:
        """The zh or en label of a fact; the name itself only when no label exists (a test
        checks that every fact a rule can name has one)."""
        pair = self.fact_labels.get(name)
        if pair is None:
            return name
        return pair[0] if str(lang).lower().startswith("zh") else pair[1]

    def rule(self, rule_id: str) -> Rule:
        return next(r for r in self.rules if r.id == rule_id)

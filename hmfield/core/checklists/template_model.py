"""Checklist template types: the seed document's checklists as immutable, bilingual data.

Templates are what a project's checklist is instantiated from; they never hold per-project state
(status, assignee, dates). They are frozen so that a loaded set can be shared by every screen and
service without anyone editing the delivery method by accident.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from hmfield.core.model.enums import ExecutorRole, SourceAccess, TargetTakeover


class PhaseCode(StrEnum):
    """The seed's four delivery phases, in delivery order."""

    ASSESS = "assess"
    PLAN = "plan"
    MIGRATE = "migrate"
    OPERATE = "operate"


class ItemKind(StrEnum):
    """What completing an item means: work done, or a sign-off someone must record."""

    TASK = "task"
    DECISION = "decision"  # a commitment by someone with authority (window, rollback, ...)
    ACCEPTANCE = "acceptance"  # confirming a result meets its criteria (business verified, ...)


class HostLifecycle(StrEnum):
    """Host lifecycle states a checklist item can imply, in the order a host normally passes them.

    ``rolled_back`` is off the main path: a host can reach it from any state after ``cut_over``.
    """

    REGISTERED = "registered"
    CONFIGURED = "configured"
    FULL_SYNCED = "full_synced"
    INCREMENTAL_SYNCED = "incremental_synced"
    DRILL_PASSED = "drill_passed"
    CUT_OVER = "cut_over"
    VERIFIED = "verified"
    ACCEPTED = "accepted"
    ROLLED_BACK = "rolled_back"


# The appendix's four scenarios, in the appendix's row order.
SCENARIO_CODES: tuple[str, ...] = (
    "agent-automated",
    "agentless-automated",
    "agent-generic",
    "agentless-generic",
)


def scenario_code(source_access: str, target_takeover: str) -> str:
    """The scenario code of one (non-mixed) source access and a target takeover."""
    return f"{source_access}-{target_takeover}"


@dataclass(frozen=True)
class Text:
    """A bilingual string. ``get`` accepts "zh", "zh_CN", "en" or a ``Language`` value."""

    zh: str
    en: str

    def get(self, lang: str = "zh") -> str:
        return self.en if str(lang).lower().startswith("en") else self.zh


@dataclass(frozen=True)
class Link:
    """A reference URL kept as plain text: the field laptop has no network, the user copies it."""

    url: str
    title: Text | None = None


@dataclass(frozen=True)
class PhaseTemplate:
    id: PhaseCode
    title: Text
    goal: Text
    focus: Text | None = None


@dataclass(frozen=True)
class Stage:
    """A stage of a phase. Assess, plan and operate have one stage each; migrate has s1..s8."""

    id: str
    phase: PhaseCode
    number: int
    title: Text
    optional: bool = False
    guidance: Text | None = None
    links: tuple[Link, ...] = ()


@dataclass(frozen=True)
class ChecklistItemTemplate:
    """One checklist item. Seed items have ``number`` as in the seed; extras have ``seed=False``.

    ``lifecycle``: the host state completing the item implies - for that host when ``per_host``,
    otherwise for every host in the item's scope (e.g. the acceptance of a wave).
    ``after``: for extra items, the seed item of the same stage they follow.
    """

    id: str
    phase: PhaseCode
    stage: Stage
    number: int | None
    title: Text
    description: Text
    executor_roles: tuple[ExecutorRole, ...]
    scenarios: frozenset[str]
    per_host: bool
    kind: ItemKind
    guidance: Text | None = None
    links: tuple[Link, ...] = ()
    lifecycle: HostLifecycle | None = None
    optional: bool = False
    seed: bool = True
    after: str | None = None
    scenario_note: Text | None = None
    source_note: Text | None = None
    file: str = ""

    def applies_to(self, code: str) -> bool:
        return code in self.scenarios

    @property
    def needs_sign_off(self) -> bool:
        return self.kind is not ItemKind.TASK


@dataclass(frozen=True)
class ScenarioTemplate:
    """One of the appendix's four scenario checklists."""

    code: str
    source_access: SourceAccess
    target_takeover: TargetTakeover
    title: Text
    description: Text
    key_items: tuple[str, ...] = ()


@dataclass(frozen=True)
class ChecklistTemplates:
    """Everything loaded: phases, stages and items in delivery order, and the scenarios."""

    version: str
    last_reviewed: dt.date
    source: str
    source_title: Text
    phases: tuple[PhaseTemplate, ...]
    stages: tuple[Stage, ...]
    items: tuple[ChecklistItemTemplate, ...]
    scenarios: tuple[ScenarioTemplate, ...]
    file_versions: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    def item(self, item_id: str) -> ChecklistItemTemplate:
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    def stage(self, stage_id: str) -> Stage:
        for stage in self.stages:
            if stage.id == stage_id:
                return stage
        raise KeyError(stage_id)

    def scenario(self, code: str) -> ScenarioTemplate:
        for scenario in self.scenarios:
            if scenario.code == code:
                return scenario
        raise KeyError(code)

    @property
    def seed_items(self) -> tuple[ChecklistItemTemplate, ...]:
        return tuple(item for item in self.items if item.seed)

    @property
    def extra_items(self) -> tuple[ChecklistItemTemplate, ...]:
        return tuple(item for item in self.items if not item.seed)

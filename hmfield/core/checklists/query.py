"""Selecting and grouping checklist templates: per scenario, per phase and stage, for printing.

A project's checklist is the set of template items that apply to its scenario. A project whose
sources are reached both with and without agents ("mixed") needs the items of both source
methods, so it gets the union of the two scenarios with its target takeover method.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from hmfield.core.checklists.template_model import (
    ChecklistItemTemplate,
    ChecklistTemplates,
    PhaseTemplate,
    ScenarioTemplate,
    Stage,
    scenario_code,
)
from hmfield.core.errors import HmError
from hmfield.core.model.enums import SourceAccess, TargetTakeover


@dataclass(frozen=True)
class StageGroup:
    stage: Stage
    items: tuple[ChecklistItemTemplate, ...]


@dataclass(frozen=True)
class PhaseGroup:
    phase: PhaseTemplate
    stages: tuple[StageGroup, ...]

    @property
    def items(self) -> tuple[ChecklistItemTemplate, ...]:
        return tuple(item for group in self.stages for item in group.items)


@dataclass(frozen=True)
class ScenarioChecklist:
    """One appendix scenario checklist, ready to show or print."""

    scenario: ScenarioTemplate
    phases: tuple[PhaseGroup, ...]
    key_items: tuple[ChecklistItemTemplate, ...]

    @property
    def items(self) -> tuple[ChecklistItemTemplate, ...]:
        return tuple(item for group in self.phases for item in group.items)


def scenario_codes_for(
    source_access: SourceAccess | str, target_takeover: TargetTakeover | str
) -> tuple[str, ...]:
    """The scenario codes a project's choice maps to: one, or two for mixed source access."""
    try:
        access = SourceAccess(source_access)
    except ValueError:
        raise HmError(
            f"unknown source access {source_access!r}; expected agent, agentless or mixed"
        ) from None
    try:
        takeover = TargetTakeover(target_takeover)
    except ValueError:
        raise HmError(
            f"unknown target takeover {target_takeover!r}; expected automated or generic"
        ) from None
    if access is SourceAccess.MIXED:
        sources = (SourceAccess.AGENT, SourceAccess.AGENTLESS)
    else:
        sources = (access,)
    return tuple(scenario_code(source, takeover) for source in sources)


def items_for_scenario(
    templates: ChecklistTemplates,
    source_access: SourceAccess | str,
    target_takeover: TargetTakeover | str,
    *,
    include_extras: bool = True,
) -> tuple[ChecklistItemTemplate, ...]:
    """The items a project with this source access and target takeover must work through.

    Delivery order is kept. ``include_extras=False`` leaves out the scenario-only items
    (``seed: false``) for a checklist that is strictly the seed's.
    """
    codes = scenario_codes_for(source_access, target_takeover)
    return tuple(
        item
        for item in templates.items
        if (include_extras or item.seed) and any(item.applies_to(code) for code in codes)
    )


def phases(
    templates: ChecklistTemplates,
    items: Iterable[ChecklistItemTemplate] | None = None,
    *,
    include_empty: bool = False,
) -> tuple[PhaseGroup, ...]:
    """Phases in delivery order, each with its stages and their items in order.

    ``items`` restricts the grouping (e.g. to ``items_for_scenario(...)``); stages left without
    items are dropped unless ``include_empty`` is true.
    """
    chosen = {item.id for item in (templates.items if items is None else items)}
    out = []
    for phase in templates.phases:
        groups = []
        for stage in templates.stages:
            if stage.phase is not phase.id:
                continue
            stage_items = tuple(
                item for item in templates.items if item.stage.id == stage.id and item.id in chosen
            )
            if stage_items or include_empty:
                groups.append(StageGroup(stage, stage_items))
        if groups or include_empty:
            out.append(PhaseGroup(phase, tuple(groups)))
    return tuple(out)


def scenario_checklist(templates: ChecklistTemplates, code: str) -> ScenarioChecklist:
    """The appendix checklist of one scenario (e.g. ``agentless-generic``)."""
    try:
        scenario = templates.scenario(code)
    except KeyError:
        known = ", ".join(s.code for s in templates.scenarios) or "none loaded"
        raise HmError(f"unknown scenario {code!r}; known scenarios: {known}") from None
    items = items_for_scenario(templates, scenario.source_access, scenario.target_takeover)
    return ScenarioChecklist(
        scenario=scenario,
        phases=phases(templates, items),
        key_items=tuple(templates.item(item_id) for item_id in scenario.key_items),
    )


def render_scenario_checklist(checklist: ScenarioChecklist, lang: str = "zh") -> str:
    """Plain-text form of a scenario checklist, for printing or pasting into a plan document."""
    zh = not str(lang).lower().startswith("en")
    scenario = checklist.scenario
    lines = [f"{scenario.title.get(lang)} ({scenario.code})", scenario.description.get(lang), ""]
    key_label = "关键项" if zh else "Key items"
    lines.append(f"{key_label}: " + ", ".join(item.id for item in checklist.key_items))
    for group in checklist.phases:
        lines += ["", f"== {group.phase.title.get(lang)}: {group.phase.goal.get(lang)}"]
        for stage_group in group.stages:
            stage = stage_group.stage
            optional = ("（可选）" if zh else " (optional)") if stage.optional else ""
            lines.append(f"-- {stage.title.get(lang)}{optional}")
            for item in stage_group.items:
                lines.append(f"[ ] {item.id}  {item.title.get(lang)}  ({_tags(item, zh)})")
    return "\n".join(lines) + "\n"


def _tags(item: ChecklistItemTemplate, zh: bool) -> str:
    tags = ["/".join(role.value for role in item.executor_roles)]
    if item.per_host:
        tags.append("每台主机" if zh else "per host")
    if item.needs_sign_off:
        tags.append(("签字确认: " if zh else "sign-off: ") + item.kind.value)
    if item.optional:
        tags.append("可选" if zh else "optional")
    if not item.seed:
        tags.append("非种子项" if zh else "not in seed")
    return ", ".join(tags)

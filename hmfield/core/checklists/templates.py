"""Load and validate the checklist templates (``resources/checklists/``).

``seed.yaml`` is the index: version, review date, source, the four phases, the item files and the
scenario file. Item files hold stages and items; ``scenarios.yaml`` holds the appendix's four
scenario checklists and the scenario-only extra items (``seed: false``). The loader checks the
whole set (ids unique and stable, references resolve, every text bilingual) so that a bad edit is
reported when the file is loaded, not when an engineer opens the item on site.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hmfield.core.checklists.entries import check_new, parse_item, parse_phases, parse_stage
from hmfield.core.checklists.query import (
    items_for_scenario,
    phases,
    render_scenario_checklist,
    scenario_checklist,
    scenario_codes_for,
)
from hmfield.core.checklists.reader import HEADER_KEYS, YamlFile
from hmfield.core.checklists.template_model import (
    SCENARIO_CODES,
    ChecklistItemTemplate,
    ChecklistTemplates,
    PhaseCode,
    ScenarioTemplate,
    Stage,
    scenario_code,
)
from hmfield.core.model.enums import SourceAccess, TargetTakeover
from hmfield.paths import resource_path

__all__ = [
    "ChecklistItemTemplate",
    "ChecklistTemplates",
    "Stage",
    "default_path",
    "items_for_scenario",
    "load_templates",
    "phases",
    "render_scenario_checklist",
    "scenario_checklist",
    "scenario_codes_for",
]

INDEX_FILE = "seed.yaml"


def default_path() -> Path:
    return resource_path("checklists", INDEX_FILE)


def load_templates(path: str | Path | None = None) -> ChecklistTemplates:
    """Load the templates from an index file or a folder holding ``seed.yaml``.

    Raises ``InputError`` with a one-line message naming the file and item on any problem.
    """
    index_path = Path(path) if path is not None else default_path()
    if index_path.is_dir():
        index_path = index_path / INDEX_FILE
    index = YamlFile(index_path)
    data = index.keys(index.load(), "", (*HEADER_KEYS, "phases", "files"), ("scenario_file",))
    version, reviewed = index.header(data)
    versions = {index.name: version}
    source = index.keys(data["source"], "'source'", ("file", "title"))
    phase_list = parse_phases(index, data["phases"])

    stages: dict[str, Stage] = {}
    raw_items: list[tuple[YamlFile, int, Any]] = []
    for name in index.sequence(data["files"], "'files'"):
        part = YamlFile(index_path.parent / index.string(name, "'files'"))
        doc = part.keys(part.load(), "", (*HEADER_KEYS, "stages", "items"))
        versions[part.name] = part.header(doc)[0]
        for pos, raw in enumerate(part.sequence(doc["stages"], "'stages'")):
            stage = parse_stage(part, raw, pos)
            if stage.id in stages:
                part.fail(f"stage '{stage.id}'", "defined twice")
            stages[stage.id] = stage
        raw_items += [
            (part, pos, raw) for pos, raw in enumerate(part.sequence(doc["items"], "'items'"))
        ]

    for phase in PhaseCode:
        numbers = [s.number for s in stages.values() if s.phase is phase]
        if not numbers:
            index.fail(f"phase '{phase}'", "has no stage in any item file")
        if len(set(numbers)) != len(numbers):
            index.fail(f"phase '{phase}'", "two stages share a number")

    items: list[ChecklistItemTemplate] = []
    for part, pos, raw in raw_items:
        item = parse_item(part, raw, pos, stages, extra=False)
        check_new(part, item, items)
        items.append(item)
    scenarios: tuple[ScenarioTemplate, ...] = ()
    if data.get("scenario_file"):
        name = index.string(data["scenario_file"], "'scenario_file'")
        scenarios, extras, extra_version = _scenario_file(index_path.parent / name, stages, items)
        versions[name] = extra_version
        items += extras

    stage_order = sorted(stages.values(), key=lambda s: (list(PhaseCode).index(s.phase), s.number))
    return ChecklistTemplates(
        version=version,
        last_reviewed=reviewed,
        source=index.string(source["file"], "'source', field 'file'"),
        source_title=index.required_text(source, "title", "'source'"),
        phases=phase_list,
        stages=tuple(stage_order),
        items=_ordered(items, stage_order),
        scenarios=scenarios,
        file_versions=versions,
    )


def _scenario_file(
    path: Path, stages: dict[str, Stage], seed_items: list[ChecklistItemTemplate]
) -> tuple[tuple[ScenarioTemplate, ...], list[ChecklistItemTemplate], str]:
    f = YamlFile(path)
    doc = f.keys(f.load(), "", (*HEADER_KEYS, "scenarios"), ("extra_items",))
    version = f.header(doc)[0]
    seeds = {item.id: item for item in seed_items}
    extras = []
    for pos, raw in enumerate(f.sequence(doc.get("extra_items") or [], "'extra_items'")):
        item = parse_item(f, raw, pos, stages, extra=True)
        check_new(f, item, [*seed_items, *extras])
        anchor = seeds.get(item.after) if item.after is not None else None
        if item.after is not None and (anchor is None or anchor.stage != item.stage):
            f.fail(
                f"item '{item.id}', field 'after'",
                f"{item.after!r} is not a seed item of stage '{item.stage.id}'",
            )
        extras.append(item)
    known = {**seeds, **{item.id: item for item in extras}}
    scenarios = []
    for pos, raw in enumerate(f.sequence(doc["scenarios"], "'scenarios'")):
        where = f"scenarios[{pos + 1}]"
        raw = f.keys(
            raw,
            where,
            ("code", "source_access", "target_takeover", "title", "description"),
            ("key_items",),
        )
        where = f"scenario {raw['code']!r}"
        source = f.enum(raw["source_access"], SourceAccess, f"{where}, field 'source_access'")
        target = f.enum(raw["target_takeover"], TargetTakeover, f"{where}, 'target_takeover'")
        code = scenario_code(source, target)
        if raw["code"] != code or code not in SCENARIO_CODES:
            f.fail(
                where,
                f"code must be one of {', '.join(SCENARIO_CODES)} and match "
                "source_access-target_takeover",
            )
        keys = tuple(f.sequence(raw.get("key_items") or [], f"{where}, 'key_items'"))
        for key in keys:
            if key not in known or not known[key].applies_to(code):
                f.fail(f"{where}, 'key_items'", f"{key!r} is not an item of this scenario")
        scenarios.append(
            ScenarioTemplate(
                code,
                source,
                target,
                f.required_text(raw, "title", where),
                f.required_text(raw, "description", where),
                keys,
            )
        )
    if sorted(s.code for s in scenarios) != sorted(SCENARIO_CODES):
        f.fail("'scenarios'", f"must define each of {', '.join(SCENARIO_CODES)} exactly once")
    order = {code: pos for pos, code in enumerate(SCENARIO_CODES)}
    return tuple(sorted(scenarios, key=lambda s: order[s.code])), extras, version


def _ordered(
    items: list[ChecklistItemTemplate], stage_order: list[Stage]
) -> tuple[ChecklistItemTemplate, ...]:
    """Delivery order: by stage, seed items by number, each extra right after its anchor."""
    stage_pos = {stage.id: pos for pos, stage in enumerate(stage_order)}
    numbers = {item.id: item.number for item in items if item.seed}

    def key(pair: tuple[int, ChecklistItemTemplate]) -> tuple[int, int, int, int]:
        pos, item = pair
        if item.seed:
            return stage_pos[item.stage.id], item.number or 0, 0, pos
        anchor = numbers.get(item.after or "", 10**6)
        return stage_pos[item.stage.id], anchor or 0, 1, pos

    return tuple(item for _, item in sorted(enumerate(items), key=key))

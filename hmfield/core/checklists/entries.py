"""Parsing single entries of the checklist files: a phase, a stage, an item.

Split from ``templates`` (which reads whole files and checks the set) so that each rule about one
entry sits next to the fields it checks; every failure names the file and the entry.
"""

from __future__ import annotations

from typing import Any

from hmfield.core.checklists.reader import YamlFile
from hmfield.core.checklists.template_model import (
    SCENARIO_CODES,
    ChecklistItemTemplate,
    HostLifecycle,
    ItemKind,
    PhaseCode,
    PhaseTemplate,
    Stage,
)
from hmfield.core.model.enums import ExecutorRole

_ITEM_REQUIRED = ("id", "phase", "stage", "title", "description", "executor_roles")
_ITEM_REQUIRED += ("scenarios", "per_host", "kind")
_ITEM_OPTIONAL = ("number", "guidance", "links", "lifecycle", "optional", "seed")
_ITEM_OPTIONAL += ("scenario_note", "source_note")


def parse_phases(f: YamlFile, raw: Any) -> tuple[PhaseTemplate, ...]:
    out = []
    for pos, entry in enumerate(f.sequence(raw, "'phases'")):
        where = f"phases[{pos + 1}]"
        entry = f.keys(entry, where, ("id", "title", "goal"), ("focus",))
        code = f.enum(entry["id"], PhaseCode, f"{where}, field 'id'")
        where = f"phase '{code}'"
        title, goal = f.required_text(entry, "title", where), f.required_text(entry, "goal", where)
        out.append(PhaseTemplate(code, title, goal, f.text(entry, "focus", where)))
    if [p.id for p in out] != list(PhaseCode):
        f.fail("'phases'", f"must list {', '.join(PhaseCode)} once each, in that order")
    return tuple(out)


def parse_stage(f: YamlFile, raw: Any, pos: int) -> Stage:
    where = f"stages[{pos + 1}]"
    raw = f.keys(raw, where, ("id", "phase", "number", "title"), ("optional", "guidance", "links"))
    stage_id = f.string(raw["id"], f"{where}, field 'id'")
    where = f"stage '{stage_id}'"
    phase = f.enum(raw["phase"], PhaseCode, f"{where}, field 'phase'")
    if stage_id != phase.value and not stage_id.startswith(f"{phase.value}."):
        f.fail(where, f"a stage id must be '{phase}' or start with '{phase}.'")
    return Stage(
        id=stage_id,
        phase=phase,
        number=f.integer(raw["number"], f"{where}, field 'number'"),
        title=f.required_text(raw, "title", where),
        optional=f.boolean(raw.get("optional", False), f"{where}, field 'optional'"),
        guidance=f.text(raw, "guidance", where),
        links=f.links(raw, where),
    )


def parse_item(
    f: YamlFile, raw: Any, pos: int, stages: dict[str, Stage], *, extra: bool
) -> ChecklistItemTemplate:
    raw = f.mapping(raw, f"items[{pos + 1}]")
    item_id = raw.get("id")
    where = f"item '{item_id}'" if isinstance(item_id, str) else f"items[{pos + 1}]"
    optional = (*_ITEM_OPTIONAL, "after") if extra else _ITEM_OPTIONAL
    f.keys(raw, where, (*_ITEM_REQUIRED, "seed") if extra else _ITEM_REQUIRED, optional)
    item_id = f.string(item_id, f"{where}, field 'id'")
    phase = f.enum(raw["phase"], PhaseCode, f"{where}, field 'phase'")
    stage = _item_stage(f, raw, where, phase, stages)
    seed = f.boolean(raw.get("seed", True), f"{where}, field 'seed'")
    number = _item_number(f, raw, where, item_id, stage, seed, extra=extra)
    roles = _item_roles(f, raw, where)
    lifecycle = raw.get("lifecycle")
    return ChecklistItemTemplate(
        id=item_id,
        phase=phase,
        stage=stage,
        number=number,
        title=f.required_text(raw, "title", where),
        description=f.required_text(raw, "description", where),
        executor_roles=tuple(roles),
        scenarios=parse_scenarios(f, raw["scenarios"], where),
        per_host=f.boolean(raw["per_host"], f"{where}, field 'per_host'"),
        kind=f.enum(raw["kind"], ItemKind, f"{where}, field 'kind'"),
        guidance=f.text(raw, "guidance", where),
        links=f.links(raw, where),
        lifecycle=None
        if lifecycle is None
        else f.enum(lifecycle, HostLifecycle, f"{where}, field 'lifecycle'"),
        optional=f.boolean(raw.get("optional", False), f"{where}, field 'optional'"),
        seed=seed,
        after=None if raw.get("after") is None else f.string(raw["after"], f"{where}, 'after'"),
        scenario_note=f.text(raw, "scenario_note", where),
        source_note=f.text(raw, "source_note", where),
        file=f.name,
    )


def _item_stage(f: YamlFile, raw: dict, where: str, phase, stages: dict[str, Stage]) -> Stage:
    """The item's stage: known, and of the item's phase."""
    stage = stages.get(f.string(raw["stage"], f"{where}, field 'stage'"))
    if stage is None:
        f.fail(f"{where}, field 'stage'", f"unknown stage {raw['stage']!r}")
    if stage.phase is not phase:
        f.fail(where, f"stage '{stage.id}' belongs to phase '{stage.phase}', not '{phase}'")
    return stage


def _item_number(f: YamlFile, raw: dict, where: str, item_id: str, stage: Stage, seed: bool,
                 *, extra: bool) -> int | None:  # fmt: skip
    """A seed item's number (its id is the stage's id and the number); a scenario-only item
    (``extra``) has none, is not seeded and has an id starting with 'scn.'."""
    if extra:
        if seed or not item_id.startswith("scn.") or "number" in raw:
            f.fail(
                where,
                "a scenario-only item needs 'seed: false', an id starting with "
                "'scn.' and no 'number' (numbers belong to seed items)",
            )
        return None
    if not seed:
        f.fail(where, "'seed: false' items belong in the scenario file")
    if raw.get("number") is None:
        f.fail(where, "missing field 'number'")
    number = f.integer(raw["number"], f"{where}, field 'number'")
    if item_id != f"{stage.id}.{number}":
        f.fail(where, f"id must be '{stage.id}.{number}' (stage id and number)")
    return number


def _item_roles(f: YamlFile, raw: dict, where: str) -> list[ExecutorRole]:
    roles = [
        f.enum(r, ExecutorRole, f"{where}, 'executor_roles'")
        for r in f.sequence(raw["executor_roles"], f"{where}, 'executor_roles'")
    ]
    if not roles or len(set(roles)) != len(roles):
        f.fail(f"{where}, 'executor_roles'", "needs at least one role, each listed once")
    return roles


def parse_scenarios(f: YamlFile, raw: Any, where: str) -> frozenset[str]:
    if raw == "all":
        return frozenset(SCENARIO_CODES)
    codes = f.sequence(raw, f"{where}, field 'scenarios' (a list, or 'all')")
    unknown = [c for c in codes if c not in SCENARIO_CODES]
    if unknown or not codes:
        f.fail(
            f"{where}, field 'scenarios'",
            f"unknown or empty {unknown!r}; use 'all' or some of {', '.join(SCENARIO_CODES)}",
        )
    return frozenset(codes)


def check_new(f: YamlFile, item: ChecklistItemTemplate, items: list[ChecklistItemTemplate]) -> None:
    """Ids are stable keys for project data: a duplicate would merge two items' history."""
    for other in items:
        if other.id == item.id:
            f.fail(f"item '{item.id}'", f"id already used in {other.file}; ids must be unique")

"""The shipped templates hold exactly the seed document's checklists, bilingual and ordered."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path

import pytest

from hmfield.core.checklists import (
    ChecklistTemplates,
    HostLifecycle,
    ItemKind,
    PhaseCode,
    load_templates,
    phases,
)
from hmfield.core.model.enums import ExecutorRole
from hmfield.paths import resource_path

# Items per stage as the seed document lists them (plan includes 待办4 迁移割接回退).
SEED_COUNTS = {
    "assess": 4,
    "plan": 4,
    "migrate.s1": 6,
    "migrate.s2": 5,
    "migrate.s3": 2,
    "migrate.s4": 1,
    "migrate.s5": 2,
    "migrate.s6": 4,
    "migrate.s7": 8,
    "migrate.s8": 10,
    "operate": 2,
}
SEED_FILE = Path(__file__).resolve().parents[3] / "fixtures" / "seed" / "000_e3508e070413d492.txt"
CJK = re.compile(r"[\u4e00-\u9fff]")


def test_seed_item_counts_per_stage_and_phase(templates: ChecklistTemplates) -> None:
    per_stage = Counter(item.stage.id for item in templates.seed_items)
    assert dict(per_stage) == SEED_COUNTS
    per_phase = Counter(item.phase for item in templates.seed_items)
    assert per_phase == {
        PhaseCode.ASSESS: 4,
        PhaseCode.PLAN: 4,
        PhaseCode.MIGRATE: 6 + 5 + 2 + 1 + 2 + 4 + 8 + 10,
        PhaseCode.OPERATE: 2,
    }


def test_every_seed_item_id_present_exactly_once(templates: ChecklistTemplates) -> None:
    expected = [f"{stage}.{n}" for stage, count in SEED_COUNTS.items() for n in range(1, count + 1)]
    ids = [item.id for item in templates.seed_items]
    assert Counter(ids) == Counter(expected)
    assert len({item.id for item in templates.items}) == len(templates.items)


def test_every_item_is_bilingual_with_an_executor(templates: ChecklistTemplates) -> None:
    for item in templates.items:
        assert item.title.zh and item.title.en, item.id
        assert item.description.zh and item.description.en, item.id
        assert CJK.search(item.title.zh), f"{item.id}: zh title has no Chinese"
        assert not CJK.search(item.title.en), f"{item.id}: en title has Chinese"
        assert item.executor_roles, item.id
        assert all(isinstance(role, ExecutorRole) for role in item.executor_roles)
        assert item.scenarios, item.id
        for link in item.links:
            assert link.url.startswith(("http://", "https://")), (item.id, link.url)


def test_header_and_stages(templates: ChecklistTemplates) -> None:
    assert templates.last_reviewed == dt.date(2026, 11, 26)
    assert templates.source == SEED_FILE.name
    assert templates.version
    assert set(templates.file_versions) >= {"seed.yaml", "scenarios.yaml", "assess.yaml"}
    optional = [stage.id for stage in templates.stages if stage.optional]
    assert optional == ["migrate.s8"]
    assert templates.stage("migrate.s8").phase is PhaseCode.MIGRATE


def test_phases_are_ordered_with_stages_and_items(templates: ChecklistTemplates) -> None:
    groups = phases(templates)
    assert [g.phase.id for g in groups] == list(PhaseCode)
    flat = [item for g in groups for item in g.items]
    assert [i.id for i in flat] == [i.id for i in templates.items]
    for group in groups:
        numbers = [s.stage.number for s in group.stages]
        assert numbers == sorted(numbers)
        for stage_group in group.stages:
            seed_numbers = [i.number for i in stage_group.items if i.seed]
            assert seed_numbers == list(range(1, len(seed_numbers) + 1))
    assert [s.stage.id for s in groups[2].stages] == [f"migrate.s{n}" for n in range(1, 9)]


def test_per_host_kind_and_lifecycle(templates: ChecklistTemplates) -> None:
    per_host = {item.id for item in templates.seed_items if item.per_host}
    must = {"migrate.s3.1", "migrate.s3.2", "migrate.s4.1", "migrate.s5.1", "migrate.s5.2"}
    must |= {"migrate.s6.1", "migrate.s6.2", "migrate.s7.5", "migrate.s7.6", "migrate.s7.7"}
    assert must <= per_host
    assert not any(i.per_host for i in templates.seed_items if i.phase is not PhaseCode.MIGRATE)
    for item_id in ("migrate.s8.2", "operate.2", "migrate.s7.2"):
        assert templates.item(item_id).needs_sign_off, item_id
    assert templates.item("operate.2").kind is ItemKind.ACCEPTANCE
    assert templates.item("migrate.s8.2").kind is ItemKind.DECISION
    # Every lifecycle state is reachable from some item, and along the main path the states an
    # item implies never go backwards in delivery order.
    implied = [item.lifecycle for item in templates.items if item.lifecycle]
    assert set(implied) == set(HostLifecycle)
    main = [s for s in implied if s is not HostLifecycle.ROLLED_BACK]
    order = list(HostLifecycle)
    assert [order.index(s) for s in main] == sorted(order.index(s) for s in main)


def test_scenario_limits_from_the_seed(templates: ChecklistTemplates) -> None:
    agentless = {"agentless-automated", "agentless-generic"}
    for item_id in ("migrate.s2.3", "migrate.s2.4", "migrate.s3.1"):
        assert templates.item(item_id).scenarios == agentless
    assert templates.item("migrate.s3.2").scenarios == {"agent-automated", "agent-generic"}
    for item_id in ("migrate.s1.5", "migrate.s1.6"):
        item = templates.item(item_id)
        assert item.scenarios == {"agent-automated", "agentless-automated"}
        assert item.scenario_note is not None  # the seed does not say so: the note explains why
    assert len(templates.item("migrate.s1.3").scenarios) == 4
    assert len(templates.item("migrate.s2.5").scenarios) == 4


def test_yaml_files_are_utf8_without_replacement_chars() -> None:
    for path in sorted(resource_path("checklists").glob("*.yaml")):
        text = path.read_bytes().decode("utf-8")
        assert "\ufffd" not in text, path.name
        assert len(text.splitlines()) < 400, path.name


def _seed_tables(text: str) -> dict[str, list[list[str]]]:
    """Rows of each checklist table in the seed, keyed by the stage id they belong to."""
    headings = [
        ("## 4. 调研阶段", "assess"),
        ("## 5. 规划阶段", "plan"),
        *((f"### 阶段{n}：", f"migrate.s{i}") for i, n in enumerate("一二三四五六七", 1)),
        ("## 阶段八：", "migrate.s8"),
        ("## 7. 运维阶段", "operate"),
        ("## 附录", None),
    ]
    tables: dict[str, list[list[str]]] = {}
    current = None
    for line in text.splitlines():
        for prefix, stage in headings:
            if line.startswith(prefix):
                current = stage
        if current and re.match(r"^\| \d+ \|", line):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            tables.setdefault(current, []).append(cells)
    return tables


ROLE_WORDS = {"用户": "customer", "客户": "customer", "MSP": "msp", "云平台": "cloud_platform"}
ROLE_WORDS["OneProCloud"] = "oneprocloud"


@pytest.mark.skipif(not SEED_FILE.exists(), reason="seed document not available")
def test_titles_descriptions_and_executors_match_the_seed_tables() -> None:
    templates = load_templates()
    tables = _seed_tables(SEED_FILE.read_text(encoding="utf-8"))
    rows = sum(len(r) for r in tables.values())
    assert rows == sum(SEED_COUNTS.values()) - 1  # plan.4 has a heading, not a table row
    for stage_id, stage_rows in tables.items():
        for number, title, description, executors, _done in stage_rows:
            item = templates.item(f"{stage_id}.{number}")
            assert item.title.zh == title
            assert item.description.zh == description.replace("<br>", "\n").strip()
            roles = {ROLE_WORDS[w.strip()] for w in executors.split("/")}
            assert set(item.executor_roles) == roles, item.id
    assert templates.item("plan.4").title.zh == "迁移割接回退"

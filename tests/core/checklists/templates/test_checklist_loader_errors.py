"""A broken checklist file gives one clear line naming the file and the item, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from hmfield.core.checklists import load_templates
from hmfield.core.errors import InputError


def edit(folder: Path, name: str, old: str, new: str, count: int = 1) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def load_error(folder: Path) -> str:
    with pytest.raises(InputError) as info:
        load_templates(folder)
    message = str(info.value)
    assert "\n" not in message
    return message


def test_copy_loads_from_folder_and_index_path(checklist_copy: Path) -> None:
    assert len(load_templates(checklist_copy).items) == len(
        load_templates(checklist_copy / "seed.yaml").items
    )


def test_missing_english_title(checklist_copy: Path) -> None:
    edit(
        checklist_copy,
        "migrate-prepare.yaml",
        "title: {zh: 目标平台网络创建, en: Create the target platform network}",
        "title: {zh: 目标平台网络创建}",
    )
    message = load_error(checklist_copy)
    assert "migrate-prepare.yaml" in message and "item 'migrate.s1.1'" in message
    assert "missing field 'en'" in message


def test_unknown_executor_role(checklist_copy: Path) -> None:
    edit(checklist_copy, "operate.yaml", "executor_roles: [msp, customer]", "executor_roles: [dba]")
    message = load_error(checklist_copy)
    assert "operate.yaml" in message and "item 'operate.1'" in message
    assert "unknown value 'dba'" in message and "cloud_platform" in message


def test_empty_executor_roles(checklist_copy: Path) -> None:
    edit(checklist_copy, "operate.yaml", "executor_roles: [msp, customer]", "executor_roles: []")
    assert "at least one role" in load_error(checklist_copy)


def test_duplicate_id(checklist_copy: Path) -> None:
    edit(checklist_copy, "operate.yaml", "  - id: operate.2\n", "  - id: operate.1\n")
    message = load_error(checklist_copy)
    assert "operate.yaml" in message and "item 'operate.1'" in message


def test_id_must_match_stage_and_number(checklist_copy: Path) -> None:
    edit(checklist_copy, "plan.yaml", "    number: 4\n", "    number: 5\n")
    assert "id must be 'plan.5'" in load_error(checklist_copy)


def test_misspelt_field_is_reported(checklist_copy: Path) -> None:
    edit(checklist_copy, "assess.yaml", "    per_host: false\n", "    per_hots: false\n")
    message = load_error(checklist_copy)
    assert "item 'assess.1'" in message and "per_host" in message


def test_unknown_stage_and_wrong_phase(checklist_copy: Path) -> None:
    edit(checklist_copy, "operate.yaml", "    stage: operate\n", "    stage: operate.s9\n")
    assert "unknown stage 'operate.s9'" in load_error(checklist_copy)


def test_stage_of_other_phase(checklist_copy: Path) -> None:
    edit(
        checklist_copy,
        "operate.yaml",
        "    phase: operate\n    stage: operate\n",
        "    phase: plan\n    stage: operate\n",
    )
    assert "belongs to phase 'operate', not 'plan'" in load_error(checklist_copy)


def test_unknown_scenario(checklist_copy: Path) -> None:
    edit(checklist_copy, "operate.yaml", "scenarios: all", "scenarios: [agent-manual]")
    assert "agent-manual" in load_error(checklist_copy)


def test_unknown_lifecycle(checklist_copy: Path) -> None:
    edit(checklist_copy, "operate.yaml", "lifecycle: accepted", "lifecycle: done")
    message = load_error(checklist_copy)
    assert "item 'operate.2'" in message and "rolled_back" in message


def test_yaml_syntax_error_names_the_row(checklist_copy: Path) -> None:
    edit(checklist_copy, "plan.yaml", "    per_host: false\n", "    per_host: [false\n")
    message = load_error(checklist_copy)
    assert "plan.yaml" in message and "row " in message and "YAML syntax error" in message


def test_listed_file_missing(checklist_copy: Path) -> None:
    (checklist_copy / "operate.yaml").unlink()
    message = load_error(checklist_copy)
    assert "operate.yaml" in message and "file not found" in message


def test_missing_review_date(checklist_copy: Path) -> None:
    edit(checklist_copy, "plan.yaml", "last_reviewed: 2026-11-26\n", "")
    message = load_error(checklist_copy)
    assert "plan.yaml" in message and "last_reviewed" in message


def test_bad_review_date(checklist_copy: Path) -> None:
    edit(checklist_copy, "plan.yaml", "last_reviewed: 2026-11-26", "last_reviewed: soon")
    assert "date like 2026-11-26" in load_error(checklist_copy)


def test_not_utf8(checklist_copy: Path) -> None:
    path = checklist_copy / "operate.yaml"
    path.write_bytes(path.read_text(encoding="utf-8").encode("gb18030"))
    assert "UTF-8" in load_error(checklist_copy)


def test_bad_link(checklist_copy: Path) -> None:
    edit(checklist_copy, "assess.yaml", '{url: "https://rclone.org"', '{url: "rclone.org"')
    message = load_error(checklist_copy)
    assert "item 'assess.3'" in message and "http(s)" in message


def test_scenario_extra_must_be_flagged_not_seed(checklist_copy: Path) -> None:
    edit(checklist_copy, "scenarios.yaml", "    seed: false\n", "    seed: true\n")
    message = load_error(checklist_copy)
    assert "scenarios.yaml" in message and "scn.automated.target_support" in message


def test_scenario_extra_anchor_must_be_in_its_stage(checklist_copy: Path) -> None:
    edit(checklist_copy, "scenarios.yaml", "after: migrate.s2.3", "after: migrate.s1.3")
    message = load_error(checklist_copy)
    assert "scn.agentless.sync_proxy_capacity" in message and "migrate.s1.3" in message


def test_scenario_key_item_must_apply(checklist_copy: Path) -> None:
    edit(
        checklist_copy,
        "scenarios.yaml",
        "key_items: [migrate.s1.3, scn.agent.admin_credentials, migrate.s1.5",
        "key_items: [migrate.s3.1, scn.agent.admin_credentials, migrate.s1.5",
    )
    message = load_error(checklist_copy)
    assert "agent-automated" in message and "migrate.s3.1" in message


def test_all_four_scenarios_required(checklist_copy: Path) -> None:
    path = checklist_copy / "scenarios.yaml"
    text = path.read_text(encoding="utf-8")
    start, end = text.index("  - code: agentless-generic"), text.index("extra_items:")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    assert "agentless-generic" in load_error(checklist_copy)

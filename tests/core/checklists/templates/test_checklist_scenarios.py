"""Scenario filtering: which items a project gets for its source access and target takeover."""

from __future__ import annotations

import pytest

from hmfield.core.checklists import (
    SCENARIO_CODES,
    ChecklistTemplates,
    items_for_scenario,
    render_scenario_checklist,
    scenario_checklist,
    scenario_codes_for,
)
from hmfield.core.errors import HmError
from hmfield.core.model.enums import SourceAccess, TargetTakeover


def ids(items) -> set[str]:
    return {item.id for item in items}


def test_agentless_automated_has_no_agent_only_items(templates: ChecklistTemplates) -> None:
    got = ids(items_for_scenario(templates, "agentless", "automated"))
    assert "migrate.s3.2" not in got
    assert "scn.agent.admin_credentials" not in got
    assert {"migrate.s2.3", "migrate.s2.4", "migrate.s3.1", "migrate.s1.5", "migrate.s1.6"} <= got
    assert "scn.agentless.sync_proxy_capacity" in got


def test_agent_scenarios_have_no_agentless_only_items(templates: ChecklistTemplates) -> None:
    for target in ("automated", "generic"):
        got = ids(items_for_scenario(templates, "agent", target))
        assert not got & {"migrate.s2.3", "migrate.s2.4", "migrate.s3.1"}
        assert {"migrate.s3.2", "scn.agent.admin_credentials", "migrate.s1.3"} <= got


def test_generic_targets_skip_api_key_and_images(templates: ChecklistTemplates) -> None:
    for source in ("agent", "agentless"):
        generic = ids(items_for_scenario(templates, source, "generic"))
        automated = ids(items_for_scenario(templates, source, "automated"))
        assert not generic & {"migrate.s1.5", "migrate.s1.6", "scn.automated.target_support"}
        assert "migrate.s2.5" in generic and "scn.generic.manual_target_hosts" in generic
        assert {"migrate.s1.5", "migrate.s1.6"} <= automated
        assert "scn.generic.manual_target_hosts" not in automated


def test_mixed_gets_the_union_of_both_sources(templates: ChecklistTemplates) -> None:
    for target in TargetTakeover:
        mixed = items_for_scenario(templates, SourceAccess.MIXED, target)
        union = ids(items_for_scenario(templates, "agent", target)) | ids(
            items_for_scenario(templates, "agentless", target)
        )
        assert ids(mixed) == union
        assert {"migrate.s3.1", "migrate.s3.2"} <= ids(mixed)
        # delivery order is kept
        order = [item.id for item in templates.items]
        assert [i.id for i in mixed] == [i for i in order if i in union]
    assert scenario_codes_for("mixed", "generic") == ("agent-generic", "agentless-generic")


def test_include_extras_false_keeps_only_seed_items(templates: ChecklistTemplates) -> None:
    only_seed = items_for_scenario(templates, "agentless", "generic", include_extras=False)
    assert only_seed and all(item.seed for item in only_seed)
    with_extras = items_for_scenario(templates, "agentless", "generic")
    assert ids(with_extras) - ids(only_seed) == {
        "scn.agentless.sync_account",
        "scn.agentless.sync_proxy_capacity",
        "scn.generic.manual_target_hosts",
    }


def test_extra_items_are_flagged_and_follow_their_anchor(templates: ChecklistTemplates) -> None:
    extras = templates.extra_items
    assert extras
    order = [item.id for item in templates.items]
    for item in extras:
        assert not item.seed and item.number is None and item.id.startswith("scn.")
        assert item.source_note is not None
        anchor = templates.item(item.after)
        assert anchor.seed and anchor.stage == item.stage
        between = order[order.index(anchor.id) + 1 : order.index(item.id)]
        assert all(not templates.item(i).seed for i in between), item.id


@pytest.mark.parametrize("code", SCENARIO_CODES)
def test_each_appendix_scenario_prints(templates: ChecklistTemplates, code: str) -> None:
    checklist = scenario_checklist(templates, code)
    scenario = checklist.scenario
    assert scenario.code == code
    assert scenario.title.zh and scenario.title.en and scenario.description.en
    expected = items_for_scenario(templates, scenario.source_access, scenario.target_takeover)
    assert [i.id for i in checklist.items] == [i.id for i in expected]
    assert checklist.key_items and all(i.applies_to(code) for i in checklist.key_items)
    common = {i.id for i in templates.items if len(i.scenarios) == len(SCENARIO_CODES)}
    assert common <= ids(checklist.items)
    for lang, title in (("zh", "迁移完成验收"), ("en", "Accept the completed migration")):
        text = render_scenario_checklist(checklist, lang)
        assert scenario.title.get(lang) in text and title in text
        for item in checklist.items:
            assert text.count(f"[ ] {item.id}  ") == 1, item.id


def test_scenarios_differ(templates: ChecklistTemplates) -> None:
    sets = [frozenset(ids(scenario_checklist(templates, c).items)) for c in SCENARIO_CODES]
    assert len(set(sets)) == 4


def test_bad_choices_give_a_clear_error(templates: ChecklistTemplates) -> None:
    with pytest.raises(HmError, match="unknown source access 'hybrid'"):
        items_for_scenario(templates, "hybrid", "automated")
    with pytest.raises(HmError, match="expected automated or generic"):
        items_for_scenario(templates, "agent", "manual")
    with pytest.raises(HmError, match="unknown scenario 'agent-manual'"):
        scenario_checklist(templates, "agent-manual")

"""A host planned to move by HyperMotion (agent or agentless chosen) whose verdict is not
supported, by the rules or by a person's override, is a contradiction the plan check names:
the plan times a sync HyperMotion will not run."""

from __future__ import annotations

from hmfield.core.assess.verdicts import AssessmentService
from hmfield.core.demo.build import write_demo
from hmfield.core.inventory.service import InventoryService
from hmfield.core.plan.messages import PlanMessages
from hmfield.core.plan.service import PlanningService
from hmfield.core.project.service import open_project


def _contradictions(ctx):
    check = PlanningService(ctx).check()
    return [f for f in check.findings if f.code == "mode_not_supported"], check.names


def test_override_to_not_supported_against_a_chosen_mode_is_a_warning(tmp_path, clock, actor):
    path = tmp_path / "demo.hmfield"
    write_demo(path, hosts=40, clock=clock, actor=actor)
    ctx = open_project(path, actor=actor, clock=clock)
    try:
        assert _contradictions(ctx)[0] == []  # the demo plans no such host
        hosts = sorted(PlanningService(ctx).inputs().hosts.values(), key=lambda h: h.name)
        supported = [h for h in hosts if h.verdict in ("supported", "supported_with_conditions")]
        agent, agentless = supported[0], supported[1]
        inventory = InventoryService(ctx)
        inventory.update(agent.id, migration_mode="agent")
        inventory.update(agentless.id, migration_mode="agentless")
        assess = AssessmentService(ctx)
        for h in (agent, agentless):
            assess.override(h.id, "not_supported", "none", "客户确认：共享磁盘集群")
        found, names = _contradictions(ctx)
        by_mode = {f.params["mode"]: f for f in found}
        assert sorted(by_mode) == ["agent", "agentless"]
        assert by_mode["agent"].nodes == (agent.id,)
        assert by_mode["agentless"].nodes == (agentless.id,)
        assert {f.severity for f in found} == {"warning"}
        en = PlanMessages("en").text(by_mode["agent"], names)
        assert en == (
            f"1 host is planned with migration mode Agent although the verdict is not "
            f"supported: {agent.name}. HyperMotion does not move a host it does not support, "
            "so the plan times syncs that will not run: choose an alternative or exclude, or "
            "review and change the verdict"
        )
        zh = PlanMessages("zh").text(by_mode["agentless"], names)
        assert zh.startswith(
            f"1 台主机的评估结论为不支持，迁移方式却选了「无代理」：{agentless.name}。"
        )

        # choosing an alternative (what the warning asks) clears it; so does a reviewed verdict
        inventory.update(agent.id, migration_mode="alternative")
        assess.clear_override(agentless.id)
        assert _contradictions(ctx)[0] == []
    finally:
        ctx.store.close()

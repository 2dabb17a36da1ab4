"""Incidents block acceptance unless waived with a reason by a named person; a rollback is
triggered only inside the observation window by the plan's decider; acceptance goes system,
wave, then the whole migration, each signed by a customer."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from operate_world import CUTOVER_END, end_observation

from hmfield.core.errors import HmError
from hmfield.core.operate.checks import CheckService
from hmfield.core.operate.incidents import IncidentService
from hmfield.core.operate.signoff import SignoffService
from hmfield.core.operate.texts import words


def _all_pass(ow) -> None:
    checks = CheckService(ow.ctx)
    for system in ow.base.systems:
        checks.add(system=system.name, business_result="pass", business_note="验收用例通过")


def test_incident_needs_a_symptom_and_closes_only_with_a_resolution(ow):
    incidents = IncidentService(ow.ctx)
    with pytest.raises(HmError, match="symptom"):
        incidents.add("  ", host=ow.base.hosts[0].name)
    with pytest.raises(HmError, match="critical, major or minor"):
        incidents.add("慢", host=ow.base.hosts[0].name, severity="huge")
    view = incidents.add("登录偶发超时", host=ow.base.hosts[0].name, owner="李敏")
    assert view.is_open and view.wave_name == "第一批" and view.owner == "李敏"
    with pytest.raises(HmError, match="resolution"):
        incidents.close(view.incident.id, "")
    closed = incidents.close(view.incident.id[:8], "调整连接池后恢复", cause="连接池过小")
    assert closed.incident.status == "closed" and closed.incident.ended_at is not None
    assert incidents.incidents(open_only=True) == []


def test_acceptance_refused_with_an_open_incident(ow, clock):
    _all_pass(ow)
    system = ow.base.systems[0]
    incident = IncidentService(ow.ctx).add(
        "对账结果不一致", system=system.name, severity="critical"
    )
    end_observation(clock)
    signoffs = SignoffService(ow.ctx)
    with pytest.raises(HmError, match="Open incident: 对账结果不一致"):
        signoffs.accept("王建国", system=system.name)
    readiness = signoffs.wave("W01")[1][0]
    assert readiness.blocker_texts(words("zh")) == ["未关闭的事件：对账结果不一致"]
    assert signoffs.wave("W01")[1][1].ready  # the other system has nothing open
    IncidentService(ow.ctx).close(incident.incident.id, "重跑对账脚本后一致")
    row = signoffs.accept("王建国", system=system.name, on=date(2026, 12, 7))
    assert (row.signed_by_name, row.signed_on, row.scope) == ("王建国", date(2026, 12, 7), "system")


def test_waiver_needs_a_reason_and_a_named_decider(ow, clock):
    _all_pass(ow)
    incidents = IncidentService(ow.ctx)
    view = incidents.add("夜间批处理慢 10 分钟", host=ow.base.hosts[0].name, severity="minor")
    with pytest.raises(HmError, match="reason"):
        incidents.waive(view.incident.id, "", "王建国")
    with pytest.raises(HmError, match="needs the name of a person"):
        incidents.waive(view.incident.id, "不影响营业", "")
    with pytest.raises(HmError, match="no person '张三'"):
        incidents.waive(view.incident.id, "不影响营业", "张三")
    assert incidents.incidents()[0].is_open
    waived = incidents.waive(view.incident.id, "不影响营业，下月优化", "王建国")
    assert waived.incident.status == "waived" and waived.waived_by == "王建国"
    end_observation(clock)
    SignoffService(ow.ctx).accept("王建国", system=ow.base.systems[0].name)


def test_signer_must_have_the_customer_role_and_the_period_must_end(ow, clock):
    _all_pass(ow)
    signoffs = SignoffService(ow.ctx)
    system = ow.base.systems[1].name
    with pytest.raises(HmError, match="observation runs until 2026-12-06"):
        signoffs.accept("王建国", system=system)
    end_observation(clock)
    with pytest.raises(HmError, match="李敏 does not have the customer role; those who do: 王建国"):
        signoffs.accept("李敏", system=system)
    signoffs.accept("王建国", system=system)
    with pytest.raises(HmError, match="already accepted"):
        signoffs.accept("王建国", system=system)


def test_wave_then_project_acceptance(ow, clock):
    signoffs = SignoffService(ow.ctx)
    end_observation(clock)
    with pytest.raises(HmError, match="no passed business check"):
        signoffs.accept("王建国", system=ow.base.systems[0].name)
    _all_pass(ow)
    with pytest.raises(HmError, match="Business system not accepted"):
        signoffs.accept("王建国", wave="W01")
    with pytest.raises(HmError, match="Wave not accepted: 第一批"):
        signoffs.accept("王建国")
    for system in ow.base.systems:
        signoffs.accept("王建国", system=system.name)
    signoffs.accept("王建国", wave="W01")
    project = signoffs.accept("王建国")
    assert project.scope == "project" and signoffs.project().accepted
    signoffs.withdraw(project.id)
    assert not signoffs.project().accepted


def test_failed_check_blocks_until_waived(ow, clock):
    _all_pass(ow)
    system = ow.base.systems[0]
    host = next(h for h in ow.base.hosts if h.business_system_id == system.id)
    bad = CheckService(ow.ctx).add(
        host=host.name, business_result="fail", business_note="报表导出 500"
    )
    end_observation(clock)
    with pytest.raises(HmError, match="Failed check not waived: .*Business check failed"):
        SignoffService(ow.ctx).accept("王建国", system=system.name)
    CheckService(ow.ctx).waive(bad.check.id, "报表功能下线，不在验收范围", "王建国")
    SignoffService(ow.ctx).accept("王建国", system=system.name)


def test_rollback_is_triggered_only_inside_the_window_by_the_plans_decider(ow, clock):
    incidents = IncidentService(ow.ctx)
    view = incidents.add("核心交易失败率 8%", host=ow.base.hosts[0].name, severity="critical")
    with pytest.raises(HmError, match="reason"):
        incidents.trigger_rollback(view.incident.id, "", "王建国")
    with pytest.raises(HmError, match="deciders: 王建国; not 李敏"):
        incidents.trigger_rollback(view.incident.id, "失败率超过 5%", "李敏")
    before = clock.now()
    done = incidents.trigger_rollback(view.incident.id, "失败率超过 5% 触发回退", "王建国")
    assert done.rollback_by == "王建国" and done.incident.rollback_reason.startswith("失败率")
    assert before < done.incident.rollback_triggered_at <= clock.now()
    with pytest.raises(HmError, match="already triggered"):
        incidents.trigger_rollback(view.incident.id, "again", "王建国")
    late = incidents.add("又一次失败", host=ow.base.hosts[0].name)
    clock.set(CUTOVER_END + timedelta(days=8))
    with pytest.raises(HmError, match="outside its observation window"):
        incidents.trigger_rollback(late.incident.id, "失败率超过 5%", "王建国")


def test_every_operate_write_is_audited(ow):
    from hmfield.core.audit.service import AuditService

    view = IncidentService(ow.ctx).add("磁盘告警", host=ow.base.hosts[0].name)
    IncidentService(ow.ctx).close(view.incident.id, "清理日志")
    events = AuditService(ow.ctx).events(entity="incident", entity_id=view.incident.id)
    fields = {e.field for e in events}
    assert {"status", "resolution", "ended_at"} <= fields and len(events) >= 4

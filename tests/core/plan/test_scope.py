"""Scope: hosts out of scope in bulk, with a reason; they leave their wave (audited), the plan
inputs (bandwidth, window check, timing, calendar) and the proposal."""

from __future__ import annotations

import pytest
from plan_estate import GIB
from sqlmodel import select

from hmfield.core.errors import HmError
from hmfield.core.model.audit import AuditEvent
from hmfield.core.model.plan import NetworkPlan
from hmfield.core.plan.figures import sync_summary
from hmfield.core.plan.scope import ScopeService, scope_reasons, scope_texts
from hmfield.core.plan.service import PlanningService
from hmfield.core.plan.waves import WaveService


def test_reasons_are_bilingual():
    texts = scope_texts()
    assert scope_reasons() == ("infrastructure", "retire", "managed_service", "other")
    for code in scope_reasons():
        assert texts.reason(code, "zh") != texts.reason(code, "en")
    assert "RDS" in texts.reason("managed_service", "en")
    assert texts.word("out_of_scope", "zh") == "不在范围内"


def test_refusals(ctx, estate):
    svc = ScopeService(ctx)
    with pytest.raises(HmError, match="needs a reason"):
        svc.set_scope([estate["lonely"]], False)
    with pytest.raises(HmError, match="unknown scope reason"):
        svc.set_scope([estate["lonely"]], False, "bored")
    with pytest.raises(HmError, match="needs a note"):
        svc.set_scope([estate["lonely"]], False, "other")
    with pytest.raises(HmError, match="unknown host"):
        svc.set_scope(["f" * 32], False, "retire")
    with pytest.raises(HmError, match="no hosts"):
        svc.set_scope([], False, "retire")


def test_out_of_scope_leaves_wave_and_inputs(ctx, estate):
    waves = WaveService(ctx)
    w1 = waves.add("W1")
    waves.assign(w1.id, [estate["trade-web"], estate["lonely"]])
    svc = ScopeService(ctx)
    change = svc.set_scope(
        [estate["trade-web"], estate["crm-web"]], False, "infrastructure", " vCenter "
    )
    assert sorted(change.changed) == sorted([estate["trade-web"], estate["crm-web"]])
    assert change.left_waves == {"trade-web": "W1"}  # crm-web had no wave
    # the same request again changes nothing
    assert svc.set_scope([estate["crm-web"]], False, "infrastructure", "vCenter").changed == []

    rows = {r.name: r for r in svc.rows()}
    assert not rows["trade-web"].in_scope and rows["trade-web"].wave is None
    assert rows["trade-web"].reason == "infrastructure" and rows["trade-web"].note == "vCenter"
    assert rows["lonely"].in_scope and rows["lonely"].wave == "W1"
    assert [r.name for r in svc.rows(out_only=True)] == ["crm-web", "trade-web"]

    inputs = PlanningService(ctx).inputs()
    assert estate["trade-web"] not in inputs.hosts and estate["crm-web"] not in inputs.hosts
    assert {o.name for o in inputs.out_of_scope} == {"trade-web", "crm-web"}
    assert estate["trade-web"] not in inputs.node_type
    # the edges to them are gone: trade-web -> trade-app1 and crm-web -> crm-app
    assert all(estate["trade-web"] not in (e.src, e.dst) for e in inputs.edges)
    assert len(inputs.edges) == 9 - 2
    # bandwidth: 9 hosts 1330 GiB + NAS 300 GiB, less trade-web 50 and crm-web 40 = 1540 GiB
    assert sync_summary(inputs).total_data_mib == pytest.approx(1540 * GIB)

    with ctx.read() as s:
        events = [
            (e.field, e.entity_id)
            for e in s.exec(select(AuditEvent).where(AuditEvent.entity == "host"))
            if e.field in ("in_scope", "scope_reason", "scope_note", "wave_id")
        ]
    tw = estate["trade-web"]
    # assign (wave_id) then the scope change: the decision whole and the wave it left
    assert [f for f, i in events if i == tw] == [
        "wave_id",
        "in_scope",
        "scope_reason",
        "scope_note",
        "wave_id",
    ]
    assert [f for f, i in events if i == estate["crm-web"]] == [
        "in_scope",
        "scope_reason",
        "scope_note",
    ]


def test_out_of_scope_hosts_cannot_join_a_wave(ctx, estate):
    waves = WaveService(ctx)
    w1 = waves.add("W1")
    ScopeService(ctx).set_scope([estate["lonely"]], False, "retire")
    with pytest.raises(HmError, match="out of scope"):
        waves.assign(w1.id, [estate["lonely"]])
    # by business system: the out-of-scope member stays out
    ScopeService(ctx).set_scope([estate["crm-db"]], False, "managed_service", "RDS")
    system = next(b.id for b in PlanningService(ctx).inputs().systems.values() if b.name == "CRM")
    assert waves.assign(w1.id, system_ids=[system]) == 2  # crm-web and crm-app


def test_back_in_scope(ctx, estate):
    svc = ScopeService(ctx)
    svc.set_scope([estate["lonely"]], False, "retire", "old")
    svc.set_scope([estate["lonely"]], True, "retire", "back")  # reason dropped when in scope
    row = next(r for r in svc.rows() if r.name == "lonely")
    assert row.in_scope and row.reason is None and row.note == "back"
    assert estate["lonely"] in PlanningService(ctx).inputs().hosts


def test_proposal_never_sees_out_of_scope_hosts(ctx, estate):
    with ctx.write() as uow:
        uow.rec.create(NetworkPlan(bandwidth_mbps=1000, usable_share=0.5, concurrency=2))
    ScopeService(ctx).set_scope([estate["trade-db2"], estate["lonely"]], False, "retire")
    planning = PlanningService(ctx)
    proposal = planning.propose()
    placed = {h for w in proposal.waves for h in w.host_ids}
    assert estate["trade-db2"] not in placed and estate["lonely"] not in placed
    assert len(placed) == 7
    planning.apply_proposal(proposal)
    rows = {r.name: r for r in ScopeService(ctx).rows()}
    assert rows["trade-db2"].wave is None and rows["lonely"].wave is None


def test_restore_writes_back_scope_and_wave(ctx, estate):
    waves = WaveService(ctx)
    w1 = waves.add("W1")
    waves.assign(w1.id, [estate["trade-web"]])
    svc = ScopeService(ctx)
    svc.set_scope([estate["crm-web"]], False, "retire", "old")
    change = svc.set_scope([estate["trade-web"], estate["crm-web"]], False, "infrastructure")
    assert change.before == {
        estate["trade-web"]: (True, None, "", w1.id),
        estate["crm-web"]: (False, "retire", "old", None),
    }
    assert svc.restore(change.before) == 2
    rows = {r.name: r for r in svc.rows()}
    assert rows["trade-web"].in_scope and rows["trade-web"].wave == "W1"
    assert rows["crm-web"].reason == "retire" and rows["crm-web"].note == "old"


def test_out_of_scope_hosts_leave_per_host_checklist_items(ctx, estate):
    from hmfield.core.checklists.scope import scope_hosts
    from hmfield.core.model.project import Project

    ScopeService(ctx).set_scope([estate["crm-web"]], False, "retire")
    with ctx.read() as s:
        project = s.exec(select(Project)).first()
        for light in (True, False):
            modes = {h.id: h.mode for h in scope_hosts(s, project, light=light)}
            assert modes[estate["crm-web"]] == "none"
            assert modes[estate["crm-app"]] == "agentless"

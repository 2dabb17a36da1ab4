"""Drills: per-host results with stamped times, findings, open must-fix findings per wave;
stability observations and accepted hosts."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from hmfield.core.audit.service import AuditService
from hmfield.core.checklists.host_tasks import HostTaskService
from hmfield.core.checklists.lifecycle import host_lifecycles
from hmfield.core.errors import HmError
from hmfield.core.runbooks.acceptance import AcceptanceService
from hmfield.core.runbooks.drill_runs import DrillRunService
from hmfield.core.runbooks.notices import NoticeService
from hmfield.core.runbooks.runs import RunService
from hmfield.core.runbooks.service import RunbookService


def test_drill_of_a_wave_and_of_a_system(world, clock):
    drills = DrillRunService(world.ctx)
    with pytest.raises(HmError, match="exactly one"):
        drills.start_drill()
    drill = drills.start_drill(wave_id=world.wave.id)
    results = drills.results(drill.id)
    assert [r.host_id for r in results] == [h.id for h in sorted(world.hosts, key=lambda h: h.name)]
    one = drills.start_drill(system_id=world.systems[1].id)
    assert len(drills.results(one.id)) == 2
    # a system drill belongs to the wave of its system
    assert {d.id for d in drills.drills(world.wave.id)} == {drill.id, one.id}


def test_results_stamp_times_and_validate(world):
    drills = DrillRunService(world.ctx)
    drill = drills.start_drill(wave_id=world.wave.id)
    r = drills.results(drill.id)[0]
    r = drills.update_result(r.id, launched=True)
    assert r.launched_at is not None
    r = drills.update_result(r.id, boot_verified=True)
    assert r.boot_verified and r.boot_verified_at is not None
    r = drills.update_result(
        r.id, business_result="fail", comment="登录页白屏", evidence="IMG_01.png"
    )
    assert (r.business_result, r.comment) == ("fail", "登录页白屏")
    r = drills.update_result(r.id, boot_verified=False)
    assert r.boot_verified_at is None
    with pytest.raises(HmError, match="pass, fail or not_tested"):
        drills.update_result(r.id, business_result="ok")
    with pytest.raises(HmError, match="cannot be changed"):
        drills.update_result(r.id, host_id="x")
    with pytest.raises(HmError, match="time with a zone"):
        drills.update_result(r.id, cleaned_up_at=datetime(2026, 1, 1))
    drills.update_result(r.id, cleaned_up=True)
    done = drills.finish_drill(drill.id, notes="演练完成")
    assert done.status == "completed" and done.ended_at
    fields = {e.field for e in AuditService(world.ctx).events(entity="drill_host_result")}
    assert {"launched_at", "boot_verified", "business_result", "cleaned_up_at"} <= fields


def test_results_tick_the_stage_six_host_grid_and_lifecycle(world):
    """The drill screen and the stage-six checklist describe the same work: launched marks
    "run the drill" done, boot verified makes the host drill passed, a failed business
    check makes it drill failed (the item blocked, with the reason)."""
    drills = DrillRunService(world.ctx)
    checklists = HostTaskService(world.ctx)
    drill = drills.start_drill(wave_id=world.wave.id)
    ok, bad, untouched = drills.results(drill.id)[:3]
    for r in (ok, bad):
        drills.update_result(r.id, launched=True)
        drills.update_result(r.id, boot_verified=True)
    drills.update_result(ok.id, business_result="pass")
    drills.update_result(bad.id, business_result="fail", comment="登录页白屏")
    assert not drills.warnings
    run_item = {t.host_id: t for t in checklists.host_tasks("migrate.s6.1")}
    assert (run_item[ok.host_id].status, run_item[untouched.host_id].status) == (
        "done",
        "not_started",
    )
    verify = {t.host_id: t for t in checklists.host_tasks("migrate.s6.2")}
    assert verify[ok.host_id].status == "done"
    assert verify[bad.host_id].status == "blocked"
    assert "登录页白屏" in verify[bad.host_id].status_reason
    states = host_lifecycles(world.ctx)
    assert states[ok.host_id] == "drill_passed" and states[bad.host_id] == "drill_failed"
    assert states[untouched.host_id] in ("discovered", "assessed")
    # recording the same result again changes nothing in the checklist
    before = len(AuditService(world.ctx).events(entity="host_task"))
    drills.update_result(ok.id, comment="复核")
    assert len(AuditService(world.ctx).events(entity="host_task")) == before


def test_results_of_many_hosts_in_one_transaction_tick_the_grid_once(world):
    drills = DrillRunService(world.ctx)
    checklists = HostTaskService(world.ctx)
    drill = drills.start_drill(wave_id=world.wave.id)
    results = drills.results(drill.id)
    ids = [r.id for r in results]
    events = AuditService(world.ctx).events
    before = len(events(entity="drill_host_result"))
    with pytest.raises(HmError, match="pass, fail or not_tested"):
        drills.update_results(ids, launched=True, business_result="ok")
    with pytest.raises(HmError, match="no drill result"):
        drills.update_results([*ids[:2], "ghost"], launched=True)
    assert len(events(entity="drill_host_result")) == before  # all or nothing
    tasks_before = len(events(entity="host_task"))
    done = drills.update_results(ids, launched=True, boot_verified=True)
    assert [r.id for r in done] == ids and all(r.launched_at and r.boot_verified for r in done)
    assert len({r.launched_at for r in done}) == 1  # one moment for the whole batch
    assert len(events(entity="drill_host_result")) > before + len(ids)
    run_item = {t.host_id: t.status for t in checklists.host_tasks("migrate.s6.1")}
    verify = {t.host_id: t.status for t in checklists.host_tasks("migrate.s6.2")}
    assert all(run_item[r.host_id] == "done" and verify[r.host_id] == "done" for r in results)
    # the stage-six grid followed for every host of the batch
    ticked = len(events(entity="host_task")) - tasks_before
    assert ticked > 0 and not drills.warnings
    with pytest.raises(HmError, match="nothing was changed"):
        drills.update_results([], launched=True)


def test_findings_and_open_must_fix(world):
    drills = DrillRunService(world.ctx)
    drill = drills.start_drill(wave_id=world.wave.id)
    a = drills.add_finding(
        drill.id,
        "数据库连接串指向源端",
        host_id=world.hosts[0].id,
        owner_id=world.people["msp"],
        must_fix_before_cutover=True,
    )
    drills.add_finding(drill.id, "监控未接入", must_fix_before_cutover=False)
    assert [f.id for f in drills.open_must_fix(world.wave.id)] == [a.id]
    with pytest.raises(HmError, match="open, fixed or accepted"):
        drills.update_finding(a.id, status="done")
    with pytest.raises(HmError, match="no person"):
        drills.update_finding(a.id, owner_id="nobody")
    with pytest.raises(HmError, match="needs a title"):
        drills.add_finding(drill.id, " ")
    drills.update_finding(a.id, status="fixed", notes="已改为目标端地址")
    assert drills.open_must_fix(world.wave.id) == []
    drills.remove_finding(a.id)
    assert len(drills.findings(drill_id=drill.id)) == 1
    drills.restore_finding(a.id)
    assert len(drills.findings(drill_id=drill.id)) == 2


def test_observations_and_accepted_hosts(world, clock):
    runbook = RunbookService(world.ctx).generate(world.wave.id).runbook
    runs = RunService(world.ctx)
    for kind in ("stop_business", "business_resumed"):  # the live run publishes both
        NoticeService(world.ctx).approve(world.wave.id, kind, world.people["customer"])
    run = runs.start(runbook.id, "live")
    acc = AcceptanceService(world.ctx)
    assert not any(h.accepted for h in acc.hosts(world.wave.id))  # nothing cut over yet
    while runs.get(run.id).status == "running":
        snap = runs.snapshot(run.id)
        key = snap.forecast(clock.now()).ready[0]
        if snap.step(key).type == "gate":
            runs.decide_gate(run.id, key, "go", world.people["customer"])
        else:
            runs.finish_step(run.id, key)
    bad_host = world.hosts[0]
    acc.add_observation(world.wave.id, "CPU", host_id=bad_host.id, note="持续 95%", ok=False)
    acc.add_observation(
        world.wave.id, "业务交易量", business_system_id=world.systems[1].id, ok=True,
        at=datetime(2026, 11, 30, 9, 0, tzinfo=UTC),
    )  # fmt: skip
    with pytest.raises(HmError, match="metric"):
        acc.add_observation(world.wave.id, "")
    status = {h.host.id: h for h in acc.hosts(world.wave.id)}
    assert not status[bad_host.id].accepted and status[bad_host.id].problems == 1
    assert sum(h.accepted for h in status.values()) == len(world.hosts) - 1
    obs = acc.observations(world.wave.id)
    assert [o.metric for o in obs][0] in ("CPU", "业务交易量") and len(obs) == 2

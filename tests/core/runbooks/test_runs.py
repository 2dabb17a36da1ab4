"""Runs: rehearsal and live, start/done/skip/gates, deviations adopted, forecast, rollback."""

from __future__ import annotations

from datetime import timedelta

import pytest
from runbooks_world import WINDOW_END, WINDOW_START

from hmfield.core.audit.service import AuditService
from hmfield.core.checklists.host_tasks import HostTaskService
from hmfield.core.checklists.service import ChecklistService
from hmfield.core.errors import HmError
from hmfield.core.model.plan import Wave
from hmfield.core.model.runbook import Runbook
from hmfield.core.runbooks import ForecastStatus
from hmfield.core.runbooks.notices import NoticeService
from hmfield.core.runbooks.runs import RunService
from hmfield.core.runbooks.service import RunbookService


def setup_run(world, kind="rehearsal"):
    runbook = RunbookService(world.ctx).generate(world.wave.id).runbook
    runs = RunService(world.ctx)
    return runbook, runs, runs.start(runbook.id, kind)


def drive(runs, run_id, person_id, minutes_each=1, clock=None, stop_at=None):
    """Finish every ready step in order (gates: go) until the run ends or ``stop_at``."""
    while True:
        snap = runs.snapshot(run_id)
        if snap.run.status != "running":
            return snap
        ready = [k for k in snap.forecast(snap.window_start).ready]
        running = [x.key for x in snap.steps if x.status == "running"]
        todo = running or ready
        if not todo or (stop_at and stop_at in todo):
            return snap
        key = todo[0]
        if clock is not None:
            clock.advance(timedelta(minutes=minutes_each))
        if snap.step(key).type == "gate":
            runs.decide_gate(run_id, key, "go", person_id)
        else:
            if key in NOTICE_KINDS and snap.run.kind == "live":  # approved, then published
                with runs.ctx.read() as session:
                    wave_id = session.get(Runbook, snap.run.runbook_id).wave_id
                NoticeService(runs.ctx).approve(wave_id, NOTICE_KINDS[key], person_id)
            runs.finish_step(run_id, key)


NOTICE_KINDS = {"notice": "stop_business", "notice_resumed": "business_resumed"}


def test_rehearsal_window_starts_now(world, clock):
    _, runs, run = setup_run(world)
    assert run.kind == "rehearsal" and run.status == "running"
    assert run.window_end - run.window_start == WINDOW_END - WINDOW_START
    assert run.window_start != WINDOW_START  # timed from when it started, not the wave
    steps = runs.steps(run.id)
    assert len(steps) == 31 + 10 and sum(1 for x in steps if x.branch == "rollback") == 10
    # the branch is carried but not scheduled: it is not ready and not in the forecast
    snap = runs.snapshot(run.id)
    assert "rollback:1" not in snap.forecast(run.window_start).variances
    with pytest.raises(HmError, match="belongs to the rollback branch"):
        runs.finish_step(run.id, "rollback:1")


def test_live_run_needs_a_window_and_marks_the_wave(ctx):
    from runbooks_world import make_world

    w = make_world(ctx, window=False)
    runbook = RunbookService(ctx).generate(w.wave.id).runbook
    with pytest.raises(HmError, match="has no cutover window"):
        RunService(ctx).start(runbook.id, "live")
    with pytest.raises(HmError, match="unknown run kind"):
        RunService(ctx).start(runbook.id, "dress")


def test_order_gates_and_skips(world):
    _, runs, run = setup_run(world)
    msp = world.people["msp"]
    with pytest.raises(HmError, match=r"waits for step\(s\) 2"):
        runs.start_step(run.id, "window")  # after the notice check, which is after step 1
    with pytest.raises(HmError, match=r"waits for step\(s\) 1"):
        runs.start_step(run.id, "notice")
    runs.finish_step(run.id, "participants")  # one-click done
    runs.start_step(run.id, "notice")
    with pytest.raises(HmError, match="needs a reason"):
        runs.skip_step(run.id, "notice", "  ")
    step = runs.skip_step(run.id, "notice", "客户已提前通知")
    assert step.status == "skipped" and step.skip_reason == "客户已提前通知" and step.ended_at
    with pytest.raises(HmError, match="gate: record the decision"):
        runs.finish_step(run.id, "window")
    with pytest.raises(HmError, match="needs the name"):
        runs.decide_gate(run.id, "window", "go", "")
    with pytest.raises(HmError, match="go or no_go"):
        runs.decide_gate(run.id, "window", "maybe", msp)
    step = runs.decide_gate(run.id, "window", "no_go", msp)
    assert step.status == "running" and step.gate_decision == "no_go"
    ready = runs.snapshot(run.id).forecast(run.started_at).ready
    assert not any(k.startswith("stop:") for k in ready)  # no-go: business is not stopped
    step = runs.decide_gate(run.id, "window", "go", msp)
    assert step.status == "done" and step.decided_by_id == msp and step.decided_at
    with pytest.raises(HmError, match="do not skip it"):
        runs.skip_step(run.id, "go_switch", "x")
    # every change is audited field by field
    fields = {e.field for e in AuditService(world.ctx).events(entity="run_step")}
    assert {"status", "gate_decision", "decided_by_id", "skip_reason"} <= fields


def test_complete_run_and_variance(world, clock):
    _, runs, run = setup_run(world)
    snap = drive(runs, run.id, world.people["customer"], minutes_each=3, clock=clock)
    assert snap.run.status == "completed" and snap.run.ended_at
    fc = snap.forecast(snap.run.ended_at)
    # one-click done steps took their planned minutes up to when they were clicked
    assert fc.remaining_minutes == 0 and not fc.ready
    with pytest.raises(HmError, match="the run is completed"):
        runs.start_step(run.id, "participants")


def test_forecast_goes_red_when_the_window_is_passed(world, clock):
    _, runs, run = setup_run(world)
    snap = runs.snapshot(run.id)
    assert snap.forecast(run.window_start).status == ForecastStatus.ON_TRACK
    # a small slip keeps half the plan's slack in reserve: still on track; more -> amber
    plan = snap.compiled.planned_length
    slack = (run.window_end - run.window_start).total_seconds() / 60 - plan
    small = snap.forecast(run.window_start + timedelta(minutes=slack / 2 - 1))
    assert small.status == ForecastStatus.ON_TRACK and small.slip_minutes > 0
    more = snap.forecast(run.window_start + timedelta(minutes=slack / 2 + 1))
    assert more.status == ForecastStatus.AT_RISK
    late = snap.forecast(run.window_end - timedelta(minutes=30))
    assert late.status == ForecastStatus.OVER_WINDOW
    # the compiled graph is reused while the structure does not change
    assert runs.snapshot(run.id).compiled is snap.compiled
    runs.edit_step(run.id, "notice", note="客户要求延长通知", planned_minutes=40)
    assert runs.snapshot(run.id).compiled is not snap.compiled


def test_deviations_are_marked_and_adopted(world):
    runbook, runs, run = setup_run(world)
    step = runs.edit_step(run.id, "notice", note="通知需要更长时间", planned_minutes=25)
    assert step.deviation and step.deviation_note == "通知需要更长时间"
    added = runs.add_step(run.id, "通知网络组", "机房要求", predecessors=["notice"])
    with pytest.raises(HmError, match="say why"):
        runs.add_step(run.id, "x", "")
    # the runbook is untouched until adopted
    rb_steps = {x.key: x for x in RunbookService(world.ctx).steps(runbook.id)}
    assert rb_steps["notice"].planned_minutes == 10 and added.key not in rb_steps
    assert runs.adopt_deviations(run.id) == 2
    rb = RunbookService(world.ctx)
    rb_steps = {x.key: x for x in rb.steps(runbook.id)}
    assert rb_steps["notice"].planned_minutes == 25
    assert rb_steps[added.key].custom and rb_steps[added.key].predecessors == ["notice"]
    assert rb.for_wave(world.wave.id).version == 2


def test_rollback_enters_the_branch_and_ends_rolled_back(world, clock):
    _, runs, run = setup_run(world, "live")
    customer = world.people["customer"]
    drive(runs, run.id, customer, clock=clock, stop_at="go_switch")
    with pytest.raises(HmError, match="needs a reason"):
        runs.trigger_rollback(run.id, " ", customer)
    with pytest.raises(HmError, match="name of the person"):
        runs.trigger_rollback(run.id, "业务验证失败", "")
    runs.decide_gate(run.id, "go_switch", "no_go", customer)
    event = runs.trigger_rollback(run.id, "业务验证失败", customer)
    assert event.triggered_by_id == customer and event.reason == "业务验证失败"
    assert event.entered_from == "go_switch" and not event.after_no_return
    snap = runs.snapshot(run.id)
    # the run goes on: the rollback branch is what is left to do
    assert snap.run.status == "running" and snap.rolling_back
    assert snap.forecast(clock.now()).ready == ["rollback:1"]
    unfinished = [x for x in snap.path if x.skip_reason.startswith("rollback")]
    sys1 = world.systems[0].id
    assert {x.key for x in unfinished} >= {"go_switch", f"dns:{sys1}", f"resume:{sys1}", "complete"}
    assert all(x.status == "skipped" and x.status_by for x in unfinished)
    assert snap.step("go_switch").ended_at == event.triggered_at  # was running: stamped
    assert [e.id for e in runs.rollback_events(run.id)] == [event.id]
    with pytest.raises(HmError, match="already rolling back"):
        runs.trigger_rollback(run.id, "again", customer)
    with world.ctx.read() as s:
        assert s.get(Wave, world.wave.id).status == "rolled_back"
    with pytest.raises(HmError, match="already skipped"):
        runs.finish_step(run.id, f"dns:{sys1}")
    # the stage-eight checklist is open, and the live run told the host checklist
    checklists = ChecklistService(world.ctx)
    s8 = [i for i in checklists.items(phase="migrate") if i.template_id.startswith("migrate.s8.")]
    assert len(s8) == 10 and all(i.status == "in_progress" for i in s8)
    assert not runs.warnings
    for template_id in ("migrate.s7.5", "migrate.s7.6", "migrate.s7.7"):
        tasks = {t.host_id: t for t in HostTaskService(world.ctx).host_tasks(template_id)}
        assert {tasks[h.id].status for h in world.hosts} == {"done"}, template_id
    # working through the branch ends the run as rolled back
    snap = drive(runs, run.id, customer, clock=clock)
    assert (
        snap.run.status == "rolled_back" and snap.run.ended_at == snap.step("rollback:10").ended_at
    )
    assert all(x.status == "done" for x in snap.branch)


def test_rollback_after_the_point_of_no_return_must_be_confirmed(world, clock):
    _, runs, run = setup_run(world, "live")
    customer = world.people["customer"]
    sys1 = world.systems[0].id
    drive(runs, run.id, customer, clock=clock, stop_at=f"dns:{sys1}")
    assert runs.snapshot(run.id).no_return_passed()
    with pytest.raises(HmError, match="point of no return .* is passed"):
        runs.trigger_rollback(run.id, "数据比对不一致", customer)
    event = runs.trigger_rollback(run.id, "数据比对不一致", customer, after_no_return=True)
    assert event.after_no_return and event.entered_from == "go_switch"


def test_every_status_change_says_who_and_when(world, clock):
    _, runs, run = setup_run(world)
    clock.advance(timedelta(minutes=3))
    runs.start_step(run.id, "participants")
    step = runs.snapshot(run.id).step("participants")
    assert (step.status_by, step.status_by_id, step.status_at) == (
        world.ctx.actor.name,
        world.ctx.actor.person_id,
        step.started_at,
    )
    clock.advance(timedelta(minutes=2))
    runs.finish_step(run.id, "participants")
    done = runs.snapshot(run.id).step("participants")
    assert done.status_at == done.ended_at and done.status_at - step.status_at >= timedelta(
        minutes=2
    )
    runs.finish_step(run.id, "notice")  # a rehearsal publishes nothing: no approval asked
    runs.decide_gate(run.id, "window", "go", world.people["msp"])
    gate = runs.snapshot(run.id).step("window")
    assert gate.status_by == world.ctx.actor.name and gate.status_at == gate.decided_at
    fields = {e.field for e in AuditService(world.ctx).events(entity="run_step")}
    assert {"status_by", "status_at"} <= fields


def test_rehearsal_leaves_the_host_checklist_alone(world, clock):
    _, runs, run = setup_run(world)
    drive(runs, run.id, world.people["customer"], clock=clock)
    tasks = HostTaskService(world.ctx).host_tasks("migrate.s7.6")
    assert {t.status for t in tasks} == {"not_started"}


def test_one_running_run_per_runbook(world):
    runbook, runs, run = setup_run(world)
    with pytest.raises(HmError, match="still running"):
        runs.start(runbook.id, "live")
    runs.abort(run.id, "演练中止：网络故障")
    live = runs.start(runbook.id, "live")
    assert live.window_start == WINDOW_START
    with world.ctx.read() as s:
        assert s.get(Wave, world.wave.id).status == "cutting_over"


def test_a_live_notice_step_is_done_only_once_the_notice_is_approved(world):
    """ "Publish the approved stop-business notice" (and the business-resumed one) cannot be
    marked done in a live run while the wave's notice is a draft: the signed runbook would
    say an unapproved notice went out. Approved, the step is done; skipping with a reason
    stays possible."""
    _, runs, run = setup_run(world, "live")
    drive(runs, run.id, world.people["customer"], stop_at="notice")
    with pytest.raises(HmError, match="stop-business notice is not approved yet"):
        runs.finish_step(run.id, "notice")
    NoticeService(world.ctx).approve(world.wave.id, "stop_business", world.people["customer"])
    assert runs.finish_step(run.id, "notice").status == "done"
    drive(runs, run.id, world.people["customer"], stop_at="notice_resumed")
    with pytest.raises(HmError, match="business-resumed notice is not approved yet"):
        runs.finish_step(run.id, "notice_resumed")
    assert runs.skip_step(run.id, "notice_resumed", "sent by the customer's mail").status == (
        "skipped"
    )


def test_a_rehearsal_notice_step_needs_no_approval(world):
    _, runs, run = setup_run(world, "rehearsal")
    drive(runs, run.id, world.people["customer"], stop_at="notice")
    assert runs.finish_step(run.id, "notice").status == "done"  # the notice is still a draft

"""The plain data every printed runbook shows (and the CLI reads): the rollback branch with
its checks, the gates' criteria, the escalation list, who changed each step when, the
point of no return where the rollback plan says, and what the lead must know."""

from __future__ import annotations

from datetime import timedelta

from runbooks_world import WINDOW_START

from hmfield.core.plan.risks import RollbackService
from hmfield.core.runbooks.paper import runbook_paper, step_ranges
from hmfield.core.runbooks.runs import RunService
from hmfield.core.runbooks.service import RunbookService


def test_paper_has_branch_criteria_escalation_and_who_did_it(world, clock):
    runbook = RunbookService(world.ctx).generate(world.wave.id).runbook
    runs = RunService(world.ctx)
    run = runs.start(runbook.id, "live")
    runs.finish_step(run.id, "participants")
    paper = runbook_paper(world.ctx, world.wave, runs.get(run.id))
    first = paper.steps[0]
    assert first.status == "done" and first.status_by == world.ctx.actor.name and first.status_at
    kinds = {s.key.split(":")[0] for s in paper.steps}
    assert {"stop", "sync", "start", "boot", "verify", "dns", "resume", "no_return"} <= kinds
    assert {"notice", "notice_resumed", "signoff", "window", "go_switch"} <= kinds
    gates = [s for s in paper.steps if s.type == "gate"]
    assert gates and all(s.criteria("zh") and s.criteria("en") for s in gates)
    assert [s.key for s in paper.rollback_branch] == [f"rollback:{n}" for n in range(1, 11)]
    assert all(s.check("zh") and s.owner for s in paper.rollback_branch)
    assert paper.rollback_branch[3].after_entry_minutes == sum(
        s.planned_minutes for s in paper.rollback_branch[:3]
    )
    levels = [(e.level, e.name, e.phone) for e in paper.escalation]
    assert (1, "李敏", "139 0000 2002") in levels and (2, "王建国", "138 0000 1001") in levels
    assert [e.level for e in paper.escalation] == sorted(e.level for e in paper.escalation)


def test_no_return_step_sits_where_the_rollback_plan_says(world):
    at = WINDOW_START + timedelta(hours=3)
    RollbackService(world.ctx).save(
        world.wave.id, triggers="核心交易失败", point_of_no_return=at,
        decision_maker_ids=[world.people["customer"]], max_rollback_minutes=120,
    )  # fmt: skip
    view = RunbookService(world.ctx).generate(world.wave.id)
    pnr = next(p for p in view.steps if p.step.point_of_no_return)
    # the world's hosts have no size and no network plan: only the unknown-minutes notice
    assert pnr.planned_start == at
    assert [n.code for n in view.notices] == ["final_sync_unknown"]
    gate = next(p for p in view.steps if p.step.key == "go_switch")
    assert gate.planned_end == at and gate.step.owner_id == world.people["customer"]
    assert "核心交易失败" in gate.step.criteria_zh
    # the plan moves earlier than the runbook can make it: the saved runbook says so
    RollbackService(world.ctx).save(
        world.wave.id, point_of_no_return=WINDOW_START + timedelta(hours=1)
    )
    paper = runbook_paper(world.ctx, world.wave)
    assert any("最早" in n["zh"] for n in paper.notices)
    assert paper.no_return_at == WINDOW_START + timedelta(hours=1)


def test_step_ranges_keep_cells_short():
    assert step_ranges([3, 4, 5, 9]) == "3-5, 9"
    assert step_ranges([]) == ""
    long = step_ranges(list(range(7, 40, 3)))
    assert long == "7, 10, 13 … 37 (11)"
    assert step_ranges(list(range(12, 241))) == "12-240"

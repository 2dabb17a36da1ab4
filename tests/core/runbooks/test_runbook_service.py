"""Runbook per wave: generated from stage seven, owners by role, planned starts from the
window, the engineer's own steps, stable keys, titles from YAML, nothing written by a preview."""

from __future__ import annotations

from datetime import timedelta

import pytest
from runbooks_world import WINDOW_START, make_world

from hmfield.core.audit.service import AuditService
from hmfield.core.errors import HmError, InputError
from hmfield.core.model.inventory import Host
from hmfield.core.runbooks.service import RunbookService
from hmfield.core.runbooks.titles import load_titles_file


def by_key(view):
    return {p.step.key: p for p in view.steps}


def test_generate_shape_owners_and_planned_starts(world):
    svc = RunbookService(world.ctx)
    view = svc.generate(world.wave.id)
    steps = by_key(view)
    # 3 opening steps; per system stop, verify, dns, resume; 5 hosts x 3; switch, no
    # return, resumed notice, sign-off, done; and the 10 rollback steps beside them
    assert len(steps) == 3 + 2 * 4 + 15 + 5
    assert [p.step.key for p in view.branch] == [f"rollback:{n}" for n in range(1, 11)]
    h = world.hosts[0]
    sys1 = world.systems[0]
    assert {f"sync:{h.id}", f"start:{h.id}", f"boot:{h.id}", f"stop:{sys1.id}"} <= set(steps)
    # titles carry names, keys carry ids
    assert h.name in steps[f"sync:{h.id}"].step.title_zh
    assert sys1.name in steps[f"verify:{sys1.id}"].step.title_en
    # owners come from People by role
    assert steps[f"stop:{sys1.id}"].step.owner_id == world.people["app_operator"]
    assert steps[f"verify:{sys1.id}"].step.owner_id == world.people["app_user"]
    assert steps[f"sync:{h.id}"].step.owner_id == world.people["msp"]
    # hand-computed from the plan (core/plan/timing.py): window 5 + notice 10 -> stop at +15;
    # stop 15, final sync unknown (no bandwidth, no size: planned 0 as a lower bound and
    # marked unknown), boot 10, boot check 20 on five lanes -> verification at +60; 30 min
    # verification -> switch gate at +90
    assert steps[f"stop:{sys1.id}"].planned_start == WINDOW_START + timedelta(minutes=15)
    assert steps[f"sync:{h.id}"].step.planned_minutes == 0
    assert steps[f"sync:{h.id}"].step.duration_unknown
    assert steps[f"start:{h.id}"].step.planned_minutes == 10
    assert steps[f"boot:{h.id}"].step.planned_minutes == 20
    assert steps[f"verify:{sys1.id}"].planned_start == WINDOW_START + timedelta(minutes=60)
    assert steps["go_switch"].planned_start == WINDOW_START + timedelta(minutes=90)
    assert steps["go_switch"].step.type == "gate" and steps["go_switch"].step.criteria_zh
    assert steps["no_return"].step.point_of_no_return
    assert steps["go_switch"].critical and steps["complete"].critical
    assert not any(p.critical for p in view.branch)


def test_generate_twice_is_refused_and_audited(world):
    svc = RunbookService(world.ctx)
    view = svc.generate(world.wave.id)
    with pytest.raises(HmError, match="already has a runbook"):
        svc.generate(world.wave.id)
    events = AuditService(world.ctx).events(entity="runbook_step")
    assert len(events) == len(view.steps) + len(view.branch)
    assert all(e.action == "create" for e in events)


def test_preview_writes_nothing(world):
    audit = AuditService(world.ctx)
    before = len(audit.events())
    view = RunbookService(world.ctx).preview(world.wave.id)
    assert not view.saved and len(view.steps) == 31 and len(view.branch) == 10
    assert len(audit.events()) == before
    assert RunbookService(world.ctx).for_wave(world.wave.id) is None


def test_own_steps_add_edit_remove(world):
    svc = RunbookService(world.ctx)
    runbook = svc.generate(world.wave.id).runbook
    mine = svc.add_step(runbook.id, "通知网络组", predecessors=["go_switch"], planned_minutes=7)
    view = by_key(svc.view(runbook.id))
    assert mine.custom and view[mine.key].planned_start == view["go_switch"].planned_end
    # a cycle is refused with the steps named, and nothing is written
    other = svc.add_step(runbook.id, "复核", predecessors=[mine.key])
    with pytest.raises(HmError, match=r"cycle: step \d+ .* -> step \d+"):
        svc.edit_step(mine.id, predecessors=[other.key])
    assert by_key(svc.view(runbook.id))[mine.key].step.predecessors == ["go_switch"]
    # generated steps: minutes yes, title no, removal no
    sync = view[f"sync:{world.hosts[0].id}"].step
    with pytest.raises(HmError, match="cannot be changed"):
        svc.edit_step(sync.id, title_zh="x")
    with pytest.raises(HmError, match="only your own steps"):
        svc.remove_step(sync.id)
    svc.edit_step(sync.id, planned_minutes=90)
    later = by_key(svc.view(runbook.id))
    assert later[f"start:{world.hosts[0].id}"].planned_start == WINDOW_START + timedelta(
        minutes=15 + 15 + 90
    )
    with pytest.raises(HmError, match="cannot wait for rollback"):
        svc.add_step(runbook.id, "等回退", predecessors=["rollback:3"])
    # a step others wait on cannot go; then it can
    with pytest.raises(HmError, match="wait for it"):
        svc.remove_step(mine.id)
    svc.remove_step(other.id)
    svc.remove_step(mine.id)
    assert mine.key not in by_key(svc.view(runbook.id))
    with pytest.raises(HmError, match="needs a title"):
        svc.add_step(runbook.id, "  ")


def test_regenerate_keeps_own_steps_and_picks_up_new_hosts(world):
    svc = RunbookService(world.ctx)
    runbook = svc.generate(world.wave.id).runbook
    resume = f"resume:{world.systems[0].id}"
    mine = svc.add_step(runbook.id, "Call the bank", predecessors=[resume])
    with world.ctx.write() as uow:
        new = uow.rec.create(Host(name="late-host", wave_id=world.wave.id))
    view = svc.regenerate(runbook.id)
    keys = by_key(view)
    assert f"boot:{new.id}" in keys and mine.key in keys
    assert keys[mine.key].step.predecessors == [resume]
    assert view.runbook.version == 2
    assert keys[mine.key].step.number == len(keys) + len(view.branch)
    # the host without a system gets the wave's own stop and business verification
    assert "verify:wave" in keys and f"boot:{new.id}" in keys["verify:wave"].step.predecessors


def test_find_wave_by_order_and_name(world):
    svc = RunbookService(world.ctx)
    assert svc.wave("1").id == world.wave.id
    assert svc.wave("第一批").id == world.wave.id
    with pytest.raises(HmError, match="the waves are: 1 第一批"):
        svc.wave("9")


def test_no_window_means_no_planned_start(ctx):
    w = make_world(ctx, window=False)
    view = RunbookService(ctx).preview(w.wave.id)
    assert all(p.planned_start is None for p in view.steps)


def test_titles_file_validation(tmp_path):
    bad = tmp_path / "cutover.yaml"
    bad.write_text(
        "version: 1\nlast_reviewed: 2026-11-26\nsteps:\n  sync: {zh: 同步}\nrollback: []\n"
    )
    with pytest.raises(InputError, match=r"cutover.yaml: step 'sync' has no 'en' text"):
        load_titles_file(bad)
    bad.write_text("version: 1\nsteps: [\n")
    with pytest.raises(InputError, match=r"cutover.yaml, row \d+"):
        load_titles_file(bad)

"""The top bar's facts: which wave is being cut over live, and the change stamp."""

from __future__ import annotations

from hmfield.core.inventory.service import InventoryService
from hmfield.core.project.status import change_stamp, live_waves
from hmfield.core.runbooks.runs import RunService
from hmfield.core.runbooks.service import RunbookService


def test_only_a_running_live_run_makes_a_live_wave(world):
    ctx = world.ctx
    runbook = RunbookService(ctx).generate(world.wave.id).runbook
    runs = RunService(ctx)
    assert live_waves(ctx) == []
    rehearsal = runs.start(runbook.id, "rehearsal")
    assert live_waves(ctx) == []  # a rehearsal is not the night
    runs.abort(rehearsal.id, "演练结束")
    live = runs.start(runbook.id, "live")
    found = live_waves(ctx)
    assert [(w.wave_id, w.name, w.run_id) for w in found] == [(world.wave.id, "第一批", live.id)]
    assert found[0].window_end is not None
    runs.abort(live.id, "网络中断，改期")
    assert live_waves(ctx) == []


def test_change_stamp_grows_with_every_recorded_write(ctx):
    before = change_stamp(ctx)
    inv = InventoryService(ctx)
    host = inv.add(name="web-01")
    after_add = change_stamp(ctx)
    assert after_add > before
    assert change_stamp(ctx) == after_add  # reading changes nothing
    inv.update(host.id, notes="机房A")
    assert change_stamp(ctx) > after_add

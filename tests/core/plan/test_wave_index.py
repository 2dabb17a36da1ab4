"""Every wave timed from one index of the waves' hosts and objects gives the figures that
timing each wave alone gives (a scan of every host and the whole assignment per wave made
a 50,000-host plan's figures grow with waves x hosts)."""

from __future__ import annotations

from hmfield.core.demo.build import write_demo
from hmfield.core.plan.figures import wave_feasibility
from hmfield.core.plan.inputs import PlanInputs
from hmfield.core.plan.service import PlanningService
from hmfield.core.plan.timing import WaveIndex, plan_timing, wave_host_ids, wave_timing
from hmfield.core.project.service import open_project


def test_one_index_gives_each_waves_own_figures(tmp_path, clock, actor, monkeypatch):
    path = tmp_path / "demo.hmfield"
    write_demo(path, clock=clock, actor=actor)
    ctx = open_project(path, actor=actor, clock=clock)
    try:
        inputs = PlanningService(ctx).inputs()
        calls = []
        real = PlanInputs.assignment
        monkeypatch.setattr(PlanInputs, "assignment", lambda s: calls.append(1) or real(s))
        timing = plan_timing(inputs)
        assert calls == [1]  # the index's, not one per wave
        monkeypatch.setattr(PlanInputs, "assignment", real)
        index = WaveIndex.of(inputs)
        with_objects = 0
        for wave in inputs.waves:
            alone = wave_timing(inputs, wave.id)
            assert timing.waves[wave.id] == alone
            assert wave_host_ids(inputs, wave.id, index) == wave_host_ids(inputs, wave.id)
            with_objects += bool(alone.objects)
            checked = wave_feasibility(inputs, wave, timing)
            fresh = wave_feasibility(inputs, wave)
            assert (checked.hosts, checked.data_mib, checked.findings) == (
                fresh.hosts, fresh.data_mib, fresh.findings,
            )  # fmt: skip
            assert checked.result == fresh.result
        assert with_objects  # the demo's NAS and databases are in waves of their own
    finally:
        ctx.store.close()

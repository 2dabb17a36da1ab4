"""Waves keeps its data across visits and reads again only after a change; at 10,000 hosts
(here: BACKGROUND_ABOVE set to 0) the read goes through the job helper (issue 17/19)."""

from __future__ import annotations

from hmfield.core.plan.waves import WaveService
from hmfield.gui.common import jobs as jobs_module
from hmfield.gui.plan import waves_data, waves_screen


def _count_reads(monkeypatch) -> list[int]:
    calls: list[int] = []
    real = waves_data.gather_waves

    def counted(planning, progress=waves_data.NULL_PROGRESS):
        calls.append(1)
        return real(planning, progress)

    monkeypatch.setattr(waves_screen, "gather_waves", counted)
    return calls


def test_a_second_visit_reads_nothing(window, demo_path, monkeypatch):
    assert window.open_project(demo_path)
    waves = window.show_screen("waves")
    calls = _count_reads(monkeypatch)
    window.show_screen("inventory")
    window.show_screen("waves")
    assert calls == []  # nothing changed: the data shown is still current
    rows = waves.wave_model.rowCount()
    WaveService(window.session.ctx).add("W-extra")  # a change made elsewhere
    window.show_screen("inventory")
    window.show_screen("waves")
    assert calls == [1]
    assert waves.wave_model.rowCount() == rows + 1


def test_large_projects_load_through_the_job_helper(window, demo_path, monkeypatch, qtbot):
    monkeypatch.setattr(jobs_module, "BACKGROUND_ABOVE", 0)
    assert window.open_project(demo_path)
    waves = window.show_screen("waves")
    qtbot.waitUntil(lambda: not window.jobs.busy, timeout=20000)
    assert waves.wave_model.rowCount() > 0 and not waves.stale()
    started = []
    real_start = window.jobs.start
    monkeypatch.setattr(
        window.jobs, "start", lambda *a, **k: started.append(a[0]) or real_start(*a, **k)
    )
    WaveService(window.session.ctx).add("W-extra")
    window.show_screen("inventory")
    window.show_screen("waves")
    assert started  # read on the worker thread, the window keeps painting
    qtbot.waitUntil(lambda: not window.jobs.busy, timeout=20000)
    assert "W-extra" in [r.wave.name for r in waves.wave_model.rows]
    assert not waves.stale()

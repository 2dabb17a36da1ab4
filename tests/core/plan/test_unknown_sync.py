"""A final sync without a bandwidth is unknown, never 0 min: timing, the window check, the
CLI/GUI check line, the runbook's notice and the plan document say which input is missing."""

from __future__ import annotations

from datetime import UTC, datetime

from hmfield.core.plan.figures import feasibility_line, sync_summary, wave_feasibility
from hmfield.core.plan.messages import PlanMessages
from hmfield.core.plan.service import PlanningService
from hmfield.core.plan.timing import host_timing, wave_timing
from hmfield.core.plan.waves import WaveService
from hmfield.core.runbooks.service import RunbookService


def _wave(ctx, estate):
    waves = WaveService(ctx)
    w = waves.add(
        "W1",
        cutover_start=datetime(2026, 12, 12, 14, tzinfo=UTC),
        cutover_end=datetime(2026, 12, 12, 22, tzinfo=UTC),
    )
    waves.assign(w.id, [estate["crm-web"], estate["crm-app"], estate["crm-db"]])
    return w


def test_no_bandwidth_final_sync_is_unknown(ctx, estate):
    w = _wave(ctx, estate)
    inputs = PlanningService(ctx).inputs()
    assert inputs.network is None
    t = host_timing(inputs, estate["crm-db"])
    assert t.final_sync_min is None and t.full_sync_min is None and t.total_min is None
    assert t.missing == ("bandwidth",) and not t.known
    wt = wave_timing(inputs, w.id)
    assert not wt.known and len(wt.unknown_hosts) == 3

    feas = wave_feasibility(inputs, w)
    assert feas.result is None and feas.status == "unknown"
    (finding,) = [f for f in feas.findings if f.code == "final_sync_unknown"]
    assert finding.params["count"] == 3
    zh = PlanMessages("zh").text(finding, inputs.names)
    en = PlanMessages("en").text(finding, inputs.names)
    assert "未知" in zh and "带宽" in zh and "crm-db" in zh
    assert "unknown" in en and "no bandwidth" in en
    line = feasibility_line(feas)
    assert line.code == "check_wave_unknown"
    assert PlanMessages("zh").text(line) == "W1：未知 — 缺少带宽，最终增量同步时间未知（3 台主机）"
    (note,) = sync_summary(inputs).problems
    assert "未知" in PlanMessages("zh").text(note) and "0" not in PlanMessages("en").text(note)


def test_an_engineers_final_sync_makes_it_known(ctx, estate):
    _wave(ctx, estate)
    for name in ("crm-web", "crm-app", "crm-db"):
        WaveService(ctx).set_estimate(estate[name], final_sync_min=12)
    inputs = PlanningService(ctx).inputs()
    t = host_timing(inputs, estate["crm-db"])
    assert t.known and t.final_sync_min == 12 and t.full_sync_min is None


def test_runbook_says_the_final_sync_is_unknown(ctx, estate):
    w = _wave(ctx, estate)
    view = RunbookService(ctx).preview(w.id)
    codes = [n.code for n in view.notices]
    assert "final_sync_unknown" in codes
    text = next(n for n in view.notices if n.code == "final_sync_unknown").text
    assert "3" in text["en"] and "bandwidth" in text["en"] and "带宽" in text["zh"]

    sync = next(p.step for p in view.steps if p.step.key == f"sync:{estate['crm-db']}")
    assert sync.title("en").endswith("(duration unknown: no bandwidth)")
    assert "时长未知" in sync.title("zh") and sync.planned_minutes == 0


def _codes_worded(findings) -> list[str]:
    zh = PlanMessages("zh")
    return [f.code for f in findings if f.code not in zh.messages or zh.text(f) == f.text]


def test_every_check_line_is_worded_in_zh(ctx, estate):
    from hmfield.core.plan.risks import NetworkPlanService

    _wave(ctx, estate)
    WaveService(ctx).add("W2")  # no window
    planning = PlanningService(ctx)
    check = planning.check()
    lines = [feasibility_line(w) for w in check.feasibility]
    lines += [feasibility_line(w, cell=True) for w in check.feasibility]
    assert {f.code for f in lines} >= {"check_wave_unknown", "check_wave_no_window"}
    assert _codes_worded([*check.findings, *lines]) == []
    NetworkPlanService(ctx).save(bandwidth_mbps=200.0, usable_share=0.5, concurrency=2)
    check = planning.check()
    lines = [feasibility_line(w) for w in check.feasibility]
    for w in check.feasibility:
        lines += w.result.lines if w.result else w.findings
    assert "check_wave_fit" in {f.code for f in lines}
    assert _codes_worded([*check.findings, *lines]) == []
    fit = next(f for f in lines if f.code == "check_wave_fit")
    assert PlanMessages("zh").text(fit).startswith("W1：")

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
    # at least: before the lanes 5 window + 10 notice + 15 stop = 30; the lane (concurrency
    # 1) holds three 0-min syncs, each host then boots 10 and is checked 20 -> 30, and
    # launches after the host it depends on (db, then app, then web) -> 90, the system
    # verified 30 after -> 120; after: 10 go/switch + 30 DNS + 15 resume + 10 notice + 15
    # sign-off = 80: 30 + 120 + 80 = 230 min, three final syncs unknown
    assert PlanMessages("zh").text(line) == (
        "W1：未知 — 至少 230 分钟，3 个步骤时长未知（网络规划没有带宽；3 台主机）"
    )
    assert PlanMessages("en").text(feasibility_line(feas, cell=True)) == (
        "unknown: at least 230 min, 3 steps unknown"
    )
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
    assert sync.title("en").endswith("(duration unknown: the network plan has no bandwidth)")
    assert "时长未知" in sync.title("zh") and sync.planned_minutes == 0
    assert sync.duration_unknown
    assert view.unknown_steps == 3 and not view.end_known


def test_a_host_without_a_size_is_unknown_even_with_a_bandwidth(ctx, estate):
    """No size in the inventory: its final sync is unknown, not 0; the others stay known."""
    from hmfield.core.inventory.service import InventoryService
    from hmfield.core.plan.risks import NetworkPlanService

    w = _wave(ctx, estate)
    bare = InventoryService(ctx).add(name="crm-bare")
    WaveService(ctx).assign(w.id, [bare.id])
    NetworkPlanService(ctx).save(bandwidth_mbps=200.0, usable_share=0.5, concurrency=2)
    inputs = PlanningService(ctx).inputs()
    t = host_timing(inputs, bare.id)
    assert t.missing == ("size",) and t.final_sync_min is None
    wt = wave_timing(inputs, w.id)
    assert set(wt.unknown_steps) == {f"sync:{bare.id}"}
    assert all(wt.hosts[estate[n]].known for n in ("crm-web", "crm-app", "crm-db"))
    view = RunbookService(ctx).preview(w.id)
    sync = next(p.step for p in view.steps if p.step.key == f"sync:{bare.id}")
    assert sync.duration_unknown and "清单中没有容量" in sync.title("zh")
    assert view.unknown_steps == 1


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


def test_printed_runbook_says_unknown_and_at_least(ctx, estate, tmp_path):
    """The PDF (zh and en) and the workbook print "未知"/"unknown" for the three unknown
    final syncs, and the length as a lower bound with the count. The runbook starts
    providers first (crm-db, then crm-app, then crm-web: each launch waits for the boot
    check of its provider), so by hand: 30 before; db 0 sync + 10 boot + 20 check = 30, app
    waits -> 60, web -> 90, the system verified 30 after -> 120; 80 after: 230 min (the
    check's 170 does not wait for providers: the same step minutes, a longer path)."""
    import openpyxl

    from hmfield.core.reports.pdfcheck import pdf_page_texts
    from hmfield.core.reports.runbook_pdf import build_runbook_pdf
    from hmfield.core.reports.runbook_xlsx import write_runbook_xlsx
    from hmfield.core.runbooks.paper import runbook_paper

    w = _wave(ctx, estate)
    paper = runbook_paper(ctx, w)
    assert paper.unknown_steps == 3 and round(paper.planned_min) == 230
    unknown = [s for s in paper.steps if s.duration_unknown]
    assert {s.key for s in unknown} == {
        f"sync:{estate[n]}" for n in ("crm-web", "crm-app", "crm-db")
    }
    zh = "".join(pdf_page_texts(build_runbook_pdf(tmp_path / "zh.pdf", paper, "zh")))
    en = "".join(pdf_page_texts(build_runbook_pdf(tmp_path / "en.pdf", paper, "en")))
    assert "至少 230 分钟，3 个步骤时长未知" in zh.replace("\n", "")
    assert "at least 230 min, 3 steps unknown" in " ".join(en.split())
    wb = openpyxl.load_workbook(write_runbook_xlsx(tmp_path / "rb.xlsx", paper, "en"))
    ws = wb[wb.sheetnames[0]]
    col = list(next(ws.iter_rows(values_only=True))).index("Min")
    cells = {r[col] for r in ws.iter_rows(values_only=True) if r[1] and "unknown:" in str(r[1])}
    assert cells == {"unknown"}  # the three syncs, never a 0 that looks planned
    last = [c for c in list(ws.iter_rows(values_only=True))[-1] if c]
    assert last == ["Planned length: at least 230 min, 3 steps unknown"]


def test_the_plan_names_the_missing_input_in_its_window_table(ctx, estate):
    """With a bandwidth and a host without a size, the plan's window table says the size is
    missing (not the bandwidth); without a bandwidth it says the bandwidth is."""
    from hmfield.core.inventory.service import InventoryService
    from hmfield.core.plan.risks import NetworkPlanService
    from hmfield.core.reports.plan.plan_content import gather

    w = _wave(ctx, estate)
    assert gather(ctx, "zh").windows.rows[0][-1] == "未知：缺少带宽"
    bare = InventoryService(ctx).add(name="crm-bare")
    WaveService(ctx).assign(w.id, [bare.id])
    NetworkPlanService(ctx).save(bandwidth_mbps=200.0, usable_share=0.5, concurrency=2)
    assert gather(ctx, "zh").windows.rows[0][-1] == "未知：缺少容量"
    assert gather(ctx, "en").windows.rows[0][-1] == "Unknown: size missing"

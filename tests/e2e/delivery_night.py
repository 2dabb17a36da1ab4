"""Delivery walk, part two: the drill, the live cutover night and the paper, through the
Runbooks screen with an injected clock (see test_delivery.py).
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import Qt

from hmfield.cli.app import run as hmfield
from hmfield.core.checklists.host_tasks import HostTaskService
from hmfield.core.checklists.lifecycle import host_lifecycles
from hmfield.core.inventory.service import InventoryService
from hmfield.core.reports.pdfcheck import pdf_fonts, pdf_text
from hmfield.core.runbooks.drill_runs import DrillRunService
from hmfield.core.runbooks.notices import NoticeService
from hmfield.core.runbooks.runs import RunService
from hmfield.gui.models.runbook_models import KEY_ROLE


def wave_host_count(win, wave_id: str) -> int:
    return sum(1 for h in InventoryService(win.session.ctx).rows() if h.wave_id == wave_id)


def drill_wave_one(win, wave, people: dict[str, str]) -> None:
    screen = win.show_screen("runbooks")
    screen.show_wave(wave.id)
    screen.tabs.setCurrentIndex(1)
    screen.start_drill_button.click()
    drills = DrillRunService(win.session.ctx).drills(wave.id)
    assert len(drills) == 1
    model = screen.result_model
    assert model.rowCount() == wave_host_count(win, wave.id) > 0
    cols = [c.key for c in model.columns]
    for row in range(model.rowCount()):
        assert model.setData(model.index(row, cols.index("launched")), "yes")
        assert model.setData(model.index(row, cols.index("boot_verified")), "yes")
        assert model.setData(model.index(row, cols.index("business_result")), "pass")
        assert model.setData(model.index(row, cols.index("comment")), "登录页正常")
    results = DrillRunService(win.session.ctx).results(drills[0].id)
    assert all(r.boot_verified and r.business_result == "pass" for r in results)
    assert all(r.launched_at is not None for r in results)
    # the drill and the checklist describe the same work: stage six's per-host drill item
    # follows the results, so the hosts' lifecycle says the drill passed
    ids = {r.host_id for r in results}
    tasks = HostTaskService(win.session.ctx).host_tasks("migrate.s6.2")
    assert {t.status for t in tasks if t.host_id in ids} == {"done"}
    states = host_lifecycles(win.session.ctx)
    assert {states[h] for h in ids} == {"drill_passed"}
    screen.new_finding.setText("DNS TTL 需提前调低")
    screen.add_finding()
    assert screen.finding_model.rowCount() == 1
    # a must-fix finding stands out on the runbook until it is fixed
    fm = screen.finding_model
    fcols = [c.key for c in fm.columns]
    assert fm.setData(fm.index(0, fcols.index("must_fix_before_cutover")), "yes")
    assert fm.setData(fm.index(0, fcols.index("owner_id")), people["李敏"])
    assert "1 must-fix" in screen.findings_banner.text()
    assert fm.setData(fm.index(0, fcols.index("status")), "fixed")
    assert screen.findings_banner.text() == ""


def ready_keys(live) -> list[str]:
    proxy = live.ready_proxy
    return [proxy.data(proxy.index(r, 0), KEY_ROLE) for r in range(proxy.rowCount())]


def run_live(win, qtbot, clock, wave, boss_id: str) -> str:
    screen = win.show_screen("runbooks")
    screen.show_wave(wave.id)
    screen.generate_button.click()
    assert screen.runbook_id is not None
    assert screen.step_model.rowCount() > 10
    assert not screen.generate_button.isEnabled()
    clock.set(wave.cutover_start - timedelta(minutes=10))
    screen.live_button.click()
    live = screen.live
    assert live.snapshot is not None and live.timer.isActive()
    win.activateWindow()  # the keyboard shortcuts act in the active window
    qtbot.waitUntil(win.isActiveWindow, timeout=2000)
    run_id = live.run_id
    clock.set(wave.cutover_start)
    live.tick()
    assert live.state_label.text() == "ON TRACK"
    gates = skips = 0
    for _ in range(400):
        keys = ready_keys(live)
        if not keys:
            break
        live.ready_view.selectRow(0)
        key = live.selected_key()
        step = live.snapshot.step(key)
        if step.type == "gate":
            if gates == 0:  # nobody named yet: refused inline, nothing recorded
                live.go_button.click()
                assert "who took" in live.message.text()
                assert live.snapshot.step(key).status == "pending"
            assert live.gate_person.currentData() == ""  # every gate asks anew who decides
            live.gate_person.setCurrentIndex(live.gate_person.findData(boss_id))
            live.go_button.click()
            decided = live.snapshot.step(key)
            assert (decided.gate_decision, decided.decided_by_id) == ("go", boss_id)
            assert decided.decided_at is not None
            gates += 1
            continue
        if key == "notice":  # the stop-business notice went out in writing beforehand
            live.skip_reason.setText("已提前书面通知")
            live.skip_button.click()
            skips += 1
            continue
        live.ready_view.setFocus()
        qtbot.keyClick(live.ready_view, Qt.Key.Key_Space)
        assert live.snapshot.step(key).status == "running", live.message.text()
        clock.advance(timedelta(minutes=max(1, min(step.planned_minutes or 1, 10))))
        live.ready_view.selectRow(ready_keys(live).index(key))
        if key == "notice_resumed":  # refused while the notice is a draft, said inline
            qtbot.keyClick(live.ready_view, Qt.Key.Key_Return)
            assert live.snapshot.step(key).status == "running"
            assert "business-resumed notice is not approved yet" in live.message.text()
            NoticeService(win.session.ctx).approve(wave.id, "business_resumed", boss_id)
            live.ready_view.selectRow(ready_keys(live).index(key))
        qtbot.keyClick(live.ready_view, Qt.Key.Key_Return)
        assert live.snapshot.step(key).status == "done", live.message.text()
    assert gates >= 2 and skips == 1
    run = RunService(win.session.ctx).get(run_id)
    assert run.status == "completed", live.message.text()
    assert live.state_label.text() == "COMPLETED" and not live.timer.isActive()
    steps = RunService(win.session.ctx).steps(run_id)
    assert all(s.status in ("done", "skipped") for s in steps)
    assert all(s.ended_at is not None for s in steps if s.status == "done")
    # the night's per-host steps ticked the stage-seven host grids: sync, start, verify
    hosts = {h.id for h in InventoryService(win.session.ctx).rows() if h.wave_id == wave.id}
    checklists = HostTaskService(win.session.ctx)
    for item in ("migrate.s7.5", "migrate.s7.6", "migrate.s7.7"):
        tasks = checklists.host_tasks(item)
        assert {t.status for t in tasks if t.host_id in hosts} == {"done"}, item
    states = host_lifecycles(win.session.ctx)
    assert {states[h] for h in hosts} == {"verified"}
    return run_id


def dashboard_shows_the_night(win, wave) -> None:
    """The Overview dashboard: the first wave's hosts verified, the rest assessed."""
    overview = win.show_screen("overview")
    board = overview.dashboard
    overview.tabs.setCurrentWidget(board)
    rows = {r.wave_id: r for r in board.waves_model.rows}
    hosts = wave_host_count(win, wave.id)
    assert rows[wave.id].counts["verified"] == hosts == rows[wave.id].total
    others = [r for w, r in rows.items() if w != wave.id]
    assert others and all(r.counts["assessed"] == r.total for r in others)
    name, bar, _extra = board.phase_rows["assess"]
    assert bar.value() >= 2


def print_reports(win, dialogs, tmp: Path, wave, project_path: Path) -> None:
    screen = win.show_screen("runbooks")
    screen.show_wave(wave.id)
    # the customer's copy in Chinese: switch the language at run time, every screen follows
    win.lang_combo.setCurrentIndex(win.lang_combo.findData("zh_CN"))
    win.lang_combo.activated.emit(win.lang_combo.currentIndex())
    assert screen.print_button.text() != "Print runbook (PDF)…"
    runbook_pdf = tmp / "runbook.pdf"
    dialogs.queue("save_file", str(runbook_pdf))
    screen.print_button.click()
    win.jobs.wait()
    win.language.set_language("en")
    cutover_pdf = tmp / "cutover.pdf"
    dialogs.queue("save_file", str(cutover_pdf))
    screen.export("cutover", "pdf")  # no button yet: the screen's own export path
    win.jobs.wait()
    assert not dialogs.errors, dialogs.errors
    plan_pdf = tmp / "plan.pdf"
    assert hmfield(["report", str(project_path), "--kind", "plan", "-o", str(plan_pdf)]) == 0
    for pdf in (runbook_pdf, cutover_pdf, plan_pdf):
        assert pdf.exists(), pdf
        assert all(f.embedded for f in pdf_fonts(pdf)), pdf
    text = pdf_text(runbook_pdf)
    assert "华东数据中心迁移" in text and "vm-" in text
    assert "割接" in text and "王建国" in text  # Chinese step titles, the gate's decider
    assert "139 0000 2002" in text  # participants with their phone numbers
    assert "业务验证失败且 30 分钟内无法修复" in text  # the rollback triggers on the cover
    cut = pdf_text(cutover_pdf)
    assert "已提前书面通知" in cut and "王建国" in cut  # the skip reason, the gate decider
    assert "completed" in cut
    plan = pdf_text(plan_pdf)
    assert "华东数据中心迁移" in plan and "vm-9" in plan
    # the signed plan quotes the overridden verdict (vm-9), not the engine's "unknown"; the
    # other 8 are unknown: this export's vHost has no ESX Version column (read by hand), so
    # the ESXi version the agentless rules need is a missing fact, asked for by name
    assert "支持 1，有条件支持 0，不支持 0，待确认 8" in plan

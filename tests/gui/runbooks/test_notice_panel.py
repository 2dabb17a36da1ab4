"""The notices tab: generated from the wave, edited, approved by a named person, copied to
the clipboard as the same plain text the CLI prints; and the live screen in zh and en."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

from PySide6.QtGui import QGuiApplication

from hmfield.core.runbooks.notices import NoticeService
from hmfield.core.runbooks.service import RunbookService


def test_notice_panel_edit_approve_copy(open_screen, demo_path, fake_dialogs):
    screen = open_screen("runbooks", demo_path)
    ctx = screen.screen_ctx.session.ctx
    panel = screen.notice_panel
    assert screen.tabs.tabText(3) == "Notices"
    # the demo's cut-over wave published approved notices; the next wave has none yet
    assert panel.view.approved and "王建国" in panel.status_label.text()
    waves = [screen.wave_combo.itemData(i) for i in range(screen.wave_combo.count())]
    later = next(w for w in waves if not NoticeService(ctx).get(w, "stop_business").saved)
    screen.show_wave(later)
    assert screen.wave_id == later and not panel.view.approved
    assert "Generated draft" in panel.status_label.text()
    assert "停业务通知" in panel.text_zh.toPlainText()
    assert "Asia/Shanghai, UTC+08:00" in panel.text_en.toPlainText()
    panel.approve_button.click()
    assert "who approves" in panel.message.text() and not panel.view.approved
    panel.text_zh.setPlainText(panel.text_zh.toPlainText() + "\n请各部门转告。")
    boss = next(i for i in range(panel.approver.count()) if panel.approver.itemText(i) == "王建国")
    panel.approver.setCurrentIndex(boss)
    panel.approve_button.click()  # saves the edit first, then approves what it reads now
    assert panel.view.approved and panel.view.edited and "王建国" in panel.status_label.text()
    assert "请各部门转告" in NoticeService(ctx).get(screen.wave_id, "stop_business").text_zh
    panel.tabs.setCurrentIndex(1)
    panel.copy_button.click()
    copied = QGuiApplication.clipboard().text()
    assert copied == NoticeService(ctx).text(screen.wave_id, "stop_business", "en")
    assert copied.splitlines()[-1].startswith("Approved by 王建国")
    # editing again withdraws the approval
    panel.text_en.setPlainText(panel.text_en.toPlainText() + "\nThanks.")
    panel.save_button.click()
    assert not panel.view.approved and "not approved" in panel.status_label.text()
    panel.kind_combo.setCurrentIndex(1)
    panel.load()
    assert "业务恢复通知" in panel.text_zh.toPlainText()
    assert not fake_dialogs.errors


def test_live_screen_in_both_languages(open_screen, demo_path, tmp_path):
    """The live run of the demo wave, drawn in zh and en: units on the time left, the zone
    named, on track at the start; the grabs are kept when HM_SHOTS names a folder."""
    from hmfield.core.clock import FixedClock
    from hmfield.core.runbooks.runs import RunService
    from hmfield.gui.shell.app import language_manager

    screen = open_screen("runbooks", demo_path)
    ctx = screen.screen_ctx.session.ctx
    runbook = RunbookService(ctx).for_wave(screen.wave_id)
    wave = RunbookService(ctx).wave(screen.wave_id)
    clock = FixedClock(wave.cutover_start)
    runs = RunService(ctx)
    run = runs.start(runbook.id, "live")
    boss = next(pid for pid, name in screen.people.items() if name == "王建国")
    ctx.clock, screen.live.clock = clock, clock  # the night runs on the injected clock
    runs.finish_step(run.id, "participants")
    clock.advance(timedelta(minutes=9))
    runs.finish_step(run.id, "notice")  # the demo's notice went out two days before
    clock.advance(timedelta(minutes=4))
    runs.decide_gate(run.id, "window", "go", boss)
    stops = [x.key for x in runs.steps(run.id) if x.key.startswith("stop:")]
    runs.start_step(run.id, stops[0])
    clock.advance(timedelta(minutes=3))
    screen.live.set_run(run.id, screen.people)
    screen.tabs.setCurrentIndex(2)
    screen.resize(1500, 950)
    out = Path(os.environ.get("HM_SHOTS") or tmp_path)
    for lang, left, track in (("zh_CN", "剩余", "按计划进行"), ("en", "min left", "ON TRACK")):
        language_manager(screen.screen_ctx.session and QGuiApplication.instance()).set_language(
            lang
        )
        screen.live.tick()
        assert left in screen.live.left_label.text(), screen.live.left_label.text()
        assert "Asia/Shanghai" in screen.live.end_caption.text()
        assert track in screen.live.state_label.text()
        path = out / f"live-{lang}.png"
        assert screen.grab().save(str(path)) and path.stat().st_size > 10_000
    language_manager(QGuiApplication.instance()).set_language("en")
    # roll back from the open gate: the screen stays on the run and lists the branch
    screen.live.set_run(run.id, screen.people)
    screen.live.rollback_button.click()
    screen.live.rollback_reason.setText("核心交易验证失败")
    screen.live.rollback_person.setCurrentIndex(screen.live.rollback_person.findData(boss))
    screen.live.rollback_confirm.click()
    assert screen.live.run_id == run.id and screen.live.snapshot.rolling_back
    assert screen.run_combo.currentData() == run.id
    assert screen.grab().save(str(out / "live-rollback-en.png"))


def test_step_titles_keep_the_room_at_1280x800(open_screen, demo_path, qtbot):
    """At 1280x800 (the screen beside the navigation) the step title is the widest column:
    the bill sample's runbook once showed '参与人员…' in 75 px beside a 210 px criteria column
    whose whole text is the tooltip anyway."""
    screen = open_screen("runbooks", demo_path)
    screen.resize(1040, 700)
    screen.show()
    qtbot.waitUntil(lambda: screen.step_model.rowCount() > 0)
    view, model = screen.step_view, screen.step_model
    keys = [c.key for c in model.columns]
    title = next(i for i, k in enumerate(keys) if k.startswith("title_"))
    header = view.horizontalHeader()
    widths = [header.sectionSize(i) for i in range(len(keys))]
    assert widths[title] == max(widths) and widths[title] >= 250, dict(
        zip(keys, widths, strict=True)
    )

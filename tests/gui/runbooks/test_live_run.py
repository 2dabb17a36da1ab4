"""The live cutover screen driven with qtbot and an injected clock: start, done, a gate with a
named decision, skip needs a reason, overrun turns red, rollback; 10,000 ticks leak nothing.
And the runbooks screen's models under qtmodeltester."""

from __future__ import annotations

import gc
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QApplication

from hmfield.core.clock import FixedClock
from hmfield.core.context import Actor
from hmfield.core.model.inventory import BusinessSystem, Host
from hmfield.core.model.plan import Wave
from hmfield.core.model.runbook import Runbook
from hmfield.core.project.people import PeopleService
from hmfield.core.project.service import NewProject, create_project
from hmfield.core.runbooks.drill_runs import DrillRunService
from hmfield.core.runbooks.notices import NoticeService
from hmfield.core.runbooks.runs import RunService
from hmfield.core.runbooks.service import RunbookService
from hmfield.gui.models.runbook_models import LIVE_COLUMNS

START = datetime(2026, 11, 28, 14, 0, tzinfo=UTC)


@pytest.fixture
def live(tmp_path, hm_app, qtbot):
    from hmfield.gui.runbooks.live_run import LiveRunWidget

    clock = FixedClock(START - timedelta(minutes=5))
    ctx = create_project(
        tmp_path / "l.hmfield",
        NewProject(name="现场"),
        clock=clock,
        actor=Actor("a" * 32, "李敏", "d" * 32),
    )
    people = PeopleService(ctx)
    boss = people.add("王建国", roles=["customer"])
    people.add("李敏", roles=["msp"])
    with ctx.write() as uow:
        wave = uow.rec.create(
            Wave(name="W1", cutover_start=START, cutover_end=START + timedelta(hours=3, minutes=30))
        )
        system = uow.rec.create(BusinessSystem(name="核心", wave_id=wave.id))
        uow.rec.create(Host(name="db01", wave_id=wave.id, business_system_id=system.id))
    runbook = RunbookService(ctx).generate(wave.id).runbook
    run = RunService(ctx).start(runbook.id, "live")
    widget = LiveRunWidget(ctx, clock)
    qtbot.addWidget(widget)
    widget.show()
    widget.set_run(run.id, {p.id: p.name for p in people.list()})
    yield widget, clock, run, boss
    widget.timer.stop()
    ctx.store.close()


def ready_keys(widget) -> list[str]:
    from hmfield.gui.models.runbook_models import KEY_ROLE

    proxy = widget.ready_proxy
    return [proxy.data(proxy.index(r, 0), KEY_ROLE) for r in range(proxy.rowCount())]


def test_start_done_gate_skip_overrun_and_rollback(live, qtbot):
    widget, clock, run, boss = live
    assert widget.timer.isActive()
    assert ready_keys(widget) == ["participants"]
    assert widget.state_label.text() == "ON TRACK"
    # Space starts, Enter finishes (timestamped by the injected clock)
    widget.ready_view.setFocus()
    qtbot.keyClick(widget.ready_view, Qt.Key.Key_Space)
    assert widget.snapshot.step("participants").status == "running"
    clock.advance(timedelta(minutes=5))
    qtbot.keyClick(widget.ready_view, Qt.Key.Key_Return)
    step = widget.snapshot.step("participants")
    assert step.status == "done" and step.ended_at == START
    # skip needs a reason (the notice check comes before the GO gate that requires it)
    assert ready_keys(widget) == ["notice"]
    widget.skip_button.click()
    assert "reason" in widget.message.text() and widget.snapshot.step("notice").status == "pending"
    widget.skip_reason.setText("已提前通知")
    widget.skip_button.click()
    assert widget.snapshot.step("notice").skip_reason == "已提前通知"
    # a gate: no Done, go/no-go needs who decided, asked inline
    assert ready_keys(widget) == ["window"]
    assert widget.gate_frame.isVisible() and not widget.done_button.isEnabled()
    widget.go_button.click()
    assert "who took" in widget.message.text()
    assert widget.snapshot.step("window").status == "pending"
    widget.gate_person.setCurrentIndex(widget.gate_person.findData(boss.id))
    widget.go_button.click()
    gate = widget.snapshot.step("window")
    assert gate.status == "done" and gate.decided_by_id == boss.id and gate.gate_decision == "go"
    assert widget.gate_person.currentData() == ""  # the next gate asks again who decides
    # variance shows per step; overrunning the window turns the state red
    clock.advance(timedelta(hours=4))
    widget.timer.timeout.emit()
    assert widget.state_label.text() == "OVER THE WINDOW"
    assert "#c62828" in widget.state_label.styleSheet()
    assert widget.left_label.text() == "0 h 30 min over"
    col = LIVE_COLUMNS.index("variance")
    texts = [widget.model.data(widget.model.index(r, col)) for r in range(widget.model.rowCount())]
    assert any(t.startswith("+") for t in texts)
    # rollback: plan and stage-eight checklist beside it, reason and person inline
    widget.rollback_button.click()
    assert widget.rollback_frame.isVisible()
    assert "Stage eight" in widget.items_label.text() and "10." in widget.items_label.text()
    widget.rollback_confirm.click()
    assert "needs the trigger" in widget.message.text()
    widget.rollback_reason.setText("业务验证失败")
    widget.rollback_person.setCurrentIndex(widget.rollback_person.findData(boss.id))
    widget.rollback_confirm.click()
    # the screen stays on this run, now rolling back: the branch's steps are what is left
    assert widget.run_id == run.id and widget.snapshot.run.status == "running"
    assert widget.state_label.text().startswith("ROLLING BACK") and widget.timer.isActive()
    assert ready_keys(widget) == ["rollback:1"]
    titles = [widget.model.data(widget.model.index(r, 1)) for r in range(10)]
    assert all(t.startswith("↩") for t in titles) and "triggers" in titles[0]
    assert all(s.status in ("done", "skipped") for s in widget.snapshot.path)
    assert (
        "[In progress]" in widget.items_label.text()
        and "in_progress" not in widget.items_label.text()
    )
    assert not widget.rollback_button.isEnabled()  # one rollback per run
    # work through the branch: the gate of the formal decision asks who decided
    with qtbot.waitSignal(widget.ended, timeout=1000):
        for key in [f"rollback:{n}" for n in range(1, 11)]:
            widget.ready_view.selectRow(0)
            assert widget.selected_key() == key
            if widget.snapshot.step(key).type == "gate":
                widget.gate_person.setCurrentIndex(widget.gate_person.findData(boss.id))
                widget.go_button.click()
            else:
                widget.done_button.click()
    assert widget.snapshot.run.status == "rolled_back" and widget.run_id == run.id
    assert widget.state_label.text() == "ROLLED BACK" and not widget.timer.isActive()
    assert QApplication.activeModalWidget() is None  # nothing modal ever blocked the clock


def test_on_track_at_the_start_and_time_left_with_units(live):
    widget, clock, run, boss = live
    clock.set(START)  # second 0 of the window, nothing done, every variance 0
    widget.tick()
    assert widget.state_label.text() == "ON TRACK"
    assert widget.forecast.slip_minutes == 0
    assert widget.left_label.text() == "3 h 30 min left"
    clock.advance(timedelta(minutes=54, seconds=50))
    widget.tick()
    assert widget.left_label.text() == "2 h 35 min left"
    assert widget.end_caption.text() == "Forecast end (Asia/Shanghai)"


def test_changed_by_column_shows_who_and_when(live):
    widget, clock, run, boss = live
    widget.ready_view.selectRow(0)
    widget.done_button.click()
    by = LIVE_COLUMNS.index("by")
    row = next(
        r for r in range(widget.model.rowCount()) if widget.model.steps[r].key == "participants"
    )
    text = widget.model.data(widget.model.index(row, by))
    local = (START - timedelta(minutes=5)).astimezone(ZoneInfo("Asia/Shanghai")).strftime("%H:%M")
    assert text == f"李敏 {local}"
    assert "Asia/Shanghai" in widget.model.headerData(by, Qt.Orientation.Horizontal)


def test_rollback_after_the_point_of_no_return_needs_the_box(live):
    widget, clock, run, boss = live
    runs = RunService(widget.ctx)
    with widget.ctx.read() as s:
        wave_id = s.get(Runbook, run.runbook_id).wave_id
    NoticeService(widget.ctx).approve(wave_id, "stop_business", boss.id)  # published first
    for key in [s.key for s in widget.snapshot.path]:
        step = runs.snapshot(run.id).step(key)
        if step.point_of_no_return:
            runs.finish_step(run.id, key)
            break
        if step.type == "gate":
            runs.decide_gate(run.id, key, "go", boss.id)
        else:
            runs.finish_step(run.id, key)
    widget.refresh()
    widget.rollback_button.click()
    assert widget.after_no_return.isVisible()
    widget.rollback_reason.setText("数据比对不一致")
    widget.rollback_person.setCurrentIndex(widget.rollback_person.findData(boss.id))
    widget.rollback_confirm.click()
    assert "point of no return" in widget.message.text() and not widget.snapshot.rolling_back
    widget.after_no_return.setChecked(True)
    widget.rollback_confirm.click()
    assert widget.snapshot.rolling_back and widget.snapshot.rollback.after_no_return


def test_ten_thousand_ticks_leak_nothing(live):
    widget, clock, run, boss = live
    for _ in range(200):  # warm up caches
        clock.advance(timedelta(seconds=1))
        widget.tick()
    gc.collect()
    children = len(widget.findChildren(QObject))
    objects = len(gc.get_objects())
    for _ in range(10_000):
        clock.advance(timedelta(seconds=1))
        widget.tick()
    gc.collect()
    assert len(widget.findChildren(QObject)) == children
    assert len(gc.get_objects()) - objects < 200
    shanghai = clock.now().astimezone(ZoneInfo("Asia/Shanghai"))
    assert widget.clock_label.text() == shanghai.strftime("%H:%M:%S")


def test_runbooks_screen_models_and_edits(open_screen, demo_path, qtmodeltester, fake_dialogs):
    screen = open_screen("runbooks", demo_path)
    ctx = screen.screen_ctx.session.ctx
    with_runbook = next(  # the wave the demo drilled, rehearsed and cut over
        screen.wave_combo.itemData(i)
        for i in range(screen.wave_combo.count())
        if RunbookService(ctx).for_wave(screen.wave_combo.itemData(i))
        and DrillRunService(ctx).drills(screen.wave_combo.itemData(i))
    )
    screen.show_wave(with_runbook)
    for model in (
        screen.step_model,
        screen.result_model,
        screen.finding_model,
        screen.live.model,
        screen.live.ready_proxy,
    ):
        qtmodeltester.check(model)
    assert screen.step_model.rowCount() > 10 and screen.result_model.rowCount() > 0
    assert screen.finding_model.rowCount() == 2 and screen.live.snapshot is not None
    # inline edit of minutes on a generated step; its title is not editable
    model = screen.step_model
    row = next(i for i, p in enumerate(model.rows) if p.step.key.startswith("sync:"))
    minutes = [c.key for c in model.columns].index("planned_minutes")
    assert model.setData(model.index(row, minutes), 45)
    assert not model.flags(model.index(row, 1)) & Qt.ItemFlag.ItemIsEditable
    assert any(p.step.planned_minutes == 45 for p in model.rows)
    # the engineer's own step: added inline, title editable, removable
    before = model.rowCount()
    screen.new_step.setText("通知监控值班")
    screen.add_step()
    assert model.rowCount() == before + 1
    mine = next(i for i, p in enumerate(model.rows) if p.step.custom)
    assert model.flags(model.index(mine, 1)) & Qt.ItemFlag.ItemIsEditable
    assert not fake_dialogs.errors


def test_drill_results_of_the_selected_hosts_at_once(open_screen, demo_path, fake_dialogs):
    from hmfield.core.audit.service import AuditService
    from hmfield.core.runbooks.drill_runs import DrillRunService

    screen = open_screen("runbooks", demo_path)
    ctx = screen.screen_ctx.session.ctx
    waves = [screen.wave_combo.itemData(i) for i in range(screen.wave_combo.count())]
    for wave_id in [w for w in waves if w and not DrillRunService(ctx).drills(w)]:
        screen.show_wave(wave_id)
        screen.start_drill_button.click()  # a wave with hosts and no drill yet
        if DrillRunService(ctx).drills(wave_id):
            break
    fake_dialogs.errors.clear()
    rows = screen.result_model.rows
    assert len(rows) >= 2 and all(r.launched_at is None for r in rows)
    view = screen.result_view
    view.clearSelection()
    screen.bulk_buttons["launched"].click()  # nothing selected: said so, nothing changed
    assert all(r.launched_at is None for r in screen.result_model.rows)
    assert fake_dialogs.errors and "Select the hosts" in fake_dialogs.errors[-1][1]
    view.selectRow(0)
    view.selectionModel().select(
        view.model().index(1, 0),
        view.selectionModel().SelectionFlag.Select | view.selectionModel().SelectionFlag.Rows,
    )
    before = len(AuditService(ctx).events(entity="drill_host_result"))
    screen.bulk_buttons["launched"].click()
    screen.bulk_buttons["boot_ok"].click()
    done = [r for r in screen.result_model.rows if r.launched_at and r.boot_verified]
    assert len(done) == 2
    assert len(AuditService(ctx).events(entity="drill_host_result")) >= before + 4


def test_unknown_minutes_on_the_runbooks_screen(open_screen, demo_path):
    """The demo's Kubernetes cluster has no size: its copy in W01's window shows "unknown"
    (not 0), the length says "at least ... 1 steps unknown"; once the engineer types the
    minutes, the step is known and the length is a plain figure."""
    screen = open_screen("runbooks", demo_path)
    w01 = screen.wave_combo.itemData(screen.wave_combo.findText("W01"))
    screen.show_wave(w01)
    if screen.runbook_id is None:  # the demo's W01 has a preview only: save it to edit it
        screen.generate_button.click()
    assert screen.runbook_id is not None
    model = screen.step_model
    col = [c.key for c in model.columns].index("planned_minutes")
    unknown = [i for i, p in enumerate(model.rows) if p.step.duration_unknown]
    assert len(unknown) == 1 and model.rows[unknown[0]].step.key.startswith("copy:")
    assert model.index(unknown[0], col).data() == "unknown"
    text = screen.length_label.text()
    assert text.startswith("Planned length: at least ") and text.endswith(", 1 step unknown")
    key = model.rows[unknown[0]].step.key
    assert model.setData(model.index(unknown[0], col), 30)
    row = next(i for i, p in enumerate(model.rows) if p.step.key == key)
    assert model.index(row, col).data() == "30" and not model.rows[row].step.duration_unknown
    assert "at least" not in screen.length_label.text()
    # known now: the length and, the runbook holding for the point of no return, its parts
    assert screen.length_label.text().endswith(" min hold until the point of no return")
    assert screen.length_label.text() == "Planned length: " + screen.runbooks.view_for_wave(
        screen.wave_id
    ).length_text("en")


def test_runbooks_screen_reads_again_only_after_a_change(open_screen, demo_path, monkeypatch):
    """A visit re-generated the wave's runbook view every time (0.7 s at a 500-host wave,
    and twice on the first visit); now only after a change, here or elsewhere."""
    screen = open_screen("runbooks", demo_path)
    ctx = screen.screen_ctx.session.ctx
    reads = []
    real = screen.runbooks.view_for_wave
    monkeypatch.setattr(screen.runbooks, "view_for_wave", lambda w: reads.append(w) or real(w))
    screen.activated()
    assert reads == []
    wave = screen.wave_id
    book = RunbookService(ctx).for_wave(wave) or RunbookService(ctx).generate(wave).runbook
    RunbookService(ctx).add_step(book.id, "通知监控值班")  # written elsewhere
    screen.activated()
    assert reads == [wave] and any(
        p.step.title_zh == "通知监控值班" for p in screen.step_model.rows
    )


def test_a_large_projects_runbook_view_is_read_off_the_gui_thread(
    window, demo_path, monkeypatch, qtbot
):
    """Above the large-project threshold (here 0) the wave's runbook view is read through
    the job helper; a wave chosen while one is read gets its own steps, never the other's."""
    import threading

    from hmfield.gui.common import jobs as jobs_module

    monkeypatch.setattr(jobs_module, "BACKGROUND_ABOVE", 0)
    assert window.open_project(demo_path)
    qtbot.waitUntil(lambda: not window.jobs.busy, timeout=20000)
    from thread_spy import thread_names

    threads = thread_names(monkeypatch, RunbookService, "view_for_wave")
    screen = window.show_screen("runbooks")
    qtbot.waitUntil(lambda: screen.step_model.rowCount() > 0, timeout=20000)
    assert threads and threading.main_thread().name not in threads
    first = screen.wave_id
    other = next(
        screen.wave_combo.itemData(i)
        for i in range(screen.wave_combo.count())
        if screen.wave_combo.itemData(i) != first
    )
    screen.show_wave(other)
    screen.show_wave(first)  # while the other is read
    screen.show_wave(other)
    qtbot.waitUntil(lambda: not window.jobs.busy, timeout=20000)
    qtbot.waitUntil(lambda: screen.step_model.rowCount() > 0, timeout=20000)
    expected = RunbookService(window.session.ctx).view_for_wave(other)
    keys = [p.step.key for p in screen.step_model.rows]
    assert sorted(keys) == sorted(p.step.key for p in [*expected.steps, *expected.branch])
    assert screen.wave_id == other

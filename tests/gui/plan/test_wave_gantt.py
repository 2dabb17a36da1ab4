"""The wave Gantt on the Waves screen: bars from the transfer calendar, hover shows the
numbers, dragging a cutover bar moves the stored window through WaveService, Ctrl+Z puts it
back."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication

from hmfield.core.plan.timing import fmt_duration
from hmfield.core.plan.waves import WaveService


def _screen(window, demo_path):
    assert window.open_project(demo_path)
    screen = window.screens["waves"]
    screen.tabs.setCurrentIndex(0)
    screen.resize(1280, 800)
    screen.show()
    return screen


def _centre(gantt, bar) -> QPoint:
    return gantt.bar_rect(bar).center().toPoint()


def test_hover_shows_the_bar_numbers(window, demo_path, qtbot):
    screen = _screen(window, demo_path)
    gantt = screen.gantt
    qtbot.waitExposed(gantt)
    cal = screen.gantt.calendar
    wave = next(w for w in cal.waves if w.hosts)
    bar = next(b for b in gantt.bars if b.wave_id == wave.wave_id and b.kind == "full_sync")
    pos = _centre(gantt, bar)
    QApplication.sendEvent(gantt, QHelpEvent(QEvent.Type.ToolTip, pos, gantt.mapToGlobal(pos)))
    tip = gantt.last_tip
    assert tip.startswith(f"{wave.name} · Full sync")
    assert fmt_duration(wave.full_sync_min, "en") in tip
    assert f"{wave.hosts} hosts" in tip and "Asia/Shanghai" in tip
    cut = next(b for b in gantt.bars if b.wave_id == wave.wave_id and b.kind == "cutover")
    pos = _centre(gantt, cut)
    QApplication.sendEvent(gantt, QHelpEvent(QEvent.Type.ToolTip, pos, gantt.mapToGlobal(pos)))
    assert "Runbook plans " + fmt_duration(wave.cutover_min, "en") in gantt.last_tip


def test_drag_moves_the_cutover_window_and_undo_restores_it(window, demo_path, qtbot):
    screen = _screen(window, demo_path)
    gantt = screen.gantt
    qtbot.waitExposed(gantt)
    bar = next(b for b in gantt.bars if b.kind == "cutover")
    before = WaveService(screen.planning.ctx).get(bar.wave_id)
    start = _centre(gantt, bar)
    one_day = 24 * 60 * gantt._px_per_min()
    end = start + QPoint(int(round(one_day)), 0)
    qtbot.mousePress(gantt, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(gantt, end)
    qtbot.mouseRelease(gantt, Qt.MouseButton.LeftButton, pos=end)
    after = WaveService(screen.planning.ctx).get(bar.wave_id)
    moved = after.cutover_start - before.cutover_start
    assert abs(moved - timedelta(days=1)) <= timedelta(minutes=60)
    assert moved.total_seconds() % (15 * 60) == 0  # snapped to 15 minutes
    assert after.cutover_end - after.cutover_start == before.cutover_end - before.cutover_start
    # the Gantt redraws from the stored window
    again = next(b for b in gantt.bars if b.wave_id == bar.wave_id and b.kind == "cutover")
    assert again.start == after.cutover_start
    screen.undo_stack.undo()
    restored = WaveService(screen.planning.ctx).get(bar.wave_id)
    assert restored.cutover_start == before.cutover_start
    assert restored.cutover_end == before.cutover_end
    # a click without moving changes nothing
    assert screen.undo_stack.count() == 1
    cut = next(b for b in gantt.bars if b.kind == "cutover")
    qtbot.mouseClick(gantt, Qt.MouseButton.LeftButton, pos=_centre(gantt, cut))
    assert screen.undo_stack.index() == 0
    assert gantt.bar_at(QPointF(1, 1)) is None

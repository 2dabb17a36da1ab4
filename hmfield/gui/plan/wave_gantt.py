"""The waves on a time axis: full sync, drill, cutover and observation per wave, from the
transfer calendar (core/plan/calendar.py). Hover a bar for its numbers; drag a cutover bar
sideways to move the window (snapped to 15 minutes), which the Waves screen turns into an
undoable service call (:class:`CutoverWindowCommand`).

Legible without colour: each kind has its own pattern and the legend names them; a late
full sync is marked with "!" and the word late.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPainter, QPen
from PySide6.QtWidgets import QToolTip, QWidget

from hmfield.core.plan.calendar import TransferCalendar
from hmfield.core.plan.timing import fmt_duration, fmt_local, zone
from hmfield.gui.common.i18n import counted
from hmfield.gui.common.labels import observation_left
from hmfield.gui.common.undo import ServiceCommand

KINDS = ("full_sync", "drill", "cutover", "observation")
SNAP_MIN = 15
ROW_H, LABEL_W, AXIS_H, LEGEND_H = 26, 64, 20, 20
PATTERNS = {
    "full_sync": (Qt.BrushStyle.BDiagPattern, QColor(70, 110, 160)),
    "drill": (Qt.BrushStyle.Dense5Pattern, QColor(120, 120, 40)),
    "cutover": (Qt.BrushStyle.SolidPattern, QColor(40, 40, 40)),
    "observation": (Qt.BrushStyle.CrossPattern, QColor(110, 110, 110)),
}


@dataclass(frozen=True)
class GanttBar:
    wave_id: str
    row: int
    kind: str
    start: datetime
    end: datetime
    tip: str


class WaveGantt(QWidget):
    cutoverMoved = Signal(str, object, object)  # wave id, new start, new end (aware)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setMouseTracking(True)
        self.setMinimumHeight(AXIS_H + LEGEND_H + ROW_H * 2)
        self.calendar: TransferCalendar | None = None
        self.bars: list[GanttBar] = []
        self.rows: list[tuple[str, bool]] = []  # wave name, late
        self.lang = "en"
        self.t0: datetime | None = None
        self.t1: datetime | None = None
        self._drag: tuple[GanttBar, float] | None = None
        self._drag_dx = 0.0
        self.last_tip = ""
        self.observation: dict = {}  # wave id -> ObservationWindow (core/operate/periods.py)
        self.now: datetime | None = None
        self.labels: dict[str, str] = {}  # wave id -> countdown text drawn on its bar

    # -- data -----------------------------------------------------------------------------
    def names(self) -> dict[str, str]:
        return {
            "full_sync": self.tr("Full sync"),
            "drill": self.tr("Drill"),
            "cutover": self.tr("Cutover"),
            "observation": self.tr("Observation"),
        }

    def set_observation(self, windows, now: datetime | None) -> None:
        """The real observation periods (a live cutover's end + its days): they replace the
        planned bar of their wave and carry the countdown; call before ``set_calendar``."""
        self.observation = {w.wave_id: w for w in windows}
        self.now = now

    def _observation(self, w, tz: str, names: dict[str, str]) -> tuple[object, object, str]:
        """The observation span of calendar wave ``w``, its state text and countdown."""
        real = self.observation.get(w.wave_id)
        if real is None or real.start is None or self.now is None:
            return w.cutover_end, w.observation_end, ""
        state = real.state(self.now)
        if state == "observing":
            text = observation_left(real, self.now)
        elif state == "accepted":
            text = self.tr("accepted")
        else:
            text = self.tr("observation ended")
        return real.start, real.end, text

    def set_calendar(self, calendar: TransferCalendar | None, lang: str) -> None:
        self.calendar, self.lang = calendar, lang
        self.bars, self.rows, self.labels = [], [], {}
        if calendar is None:
            self.update()
            return
        tz = calendar.timezone
        names = self.names()
        for row, w in enumerate(calendar.waves):
            self.rows.append((w.name, bool(w.late)))
            obs_start, obs_end, countdown = self._observation(w, tz, names)
            if countdown:
                self.labels[w.wave_id] = countdown
            spans = {
                "full_sync": (w.full_start, w.full_end),
                "drill": (w.drill_start, w.drill_end),
                "cutover": (w.cutover_start, w.cutover_end),
                "observation": (obs_start, obs_end),
            }
            for kind, (a, b) in spans.items():
                if a is None or b is None or b <= a:
                    continue
                lines = [
                    f"{w.name} · {names[kind]}",
                    f"{fmt_local(a, tz, named=False)} → {fmt_local(b, tz)}",
                    self.tr("Length: %1").replace(
                        "%1", fmt_duration((b - a).total_seconds() / 60, lang)
                    ),
                ]
                if kind == "full_sync":
                    lines.append(
                        counted(
                            self.tr("%1 hosts, %2 GiB")
                            .replace("%1", str(w.hosts))
                            .replace("%2", f"{w.data_mib / 1024:,.0f}")
                        )
                    )
                    if w.late:
                        lines.append(self.tr("Late: ends after the window starts"))
                if kind == "observation" and countdown:
                    lines.append(countdown)
                if kind == "cutover":
                    lines.append(
                        self.tr("Runbook plans %1").replace("%1", fmt_duration(w.cutover_min, lang))
                    )
                self.bars.append(GanttBar(w.wave_id, row, kind, a, b, "\n".join(lines)))
        times = [t for b in self.bars for t in (b.start, b.end)]
        self.t0 = min(times, default=None)
        self.t1 = max(times, default=None)
        self.setMinimumHeight(AXIS_H + LEGEND_H + ROW_H * max(len(self.rows), 2) + 4)
        self.update()

    # -- geometry -------------------------------------------------------------------------
    def _span_min(self) -> float:
        return max((self.t1 - self.t0).total_seconds() / 60, 1.0)

    def _px_per_min(self) -> float:
        return max(self.width() - LABEL_W - 8, 10) / self._span_min()

    def x_of(self, t: datetime) -> float:
        return LABEL_W + (t - self.t0).total_seconds() / 60 * self._px_per_min()

    def bar_rect(self, bar: GanttBar) -> QRectF:
        top = LEGEND_H + AXIS_H + bar.row * ROW_H
        inset = {"full_sync": 3, "drill": 7, "cutover": 5, "observation": 9}[bar.kind]
        x0, x1 = self.x_of(bar.start), self.x_of(bar.end)
        return QRectF(x0, top + inset, max(x1 - x0, 3.0), ROW_H - 2 * inset)

    def bar_at(self, pos: QPointF) -> GanttBar | None:
        # drawn last = on top: cutover before the wider full-sync bar
        order = {"cutover": 0, "drill": 1, "observation": 2, "full_sync": 3}
        for bar in sorted(self.bars, key=lambda b: order[b.kind]):
            if self.bar_rect(bar).adjusted(-2, -2, 2, 2).contains(pos):
                return bar
        return None

    # -- painting -------------------------------------------------------------------------
    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        p.fillRect(self.rect(), self.palette().base())
        pen = QPen(self.palette().text().color())
        p.setPen(pen)
        if not self.bars:
            p.drawText(
                self.rect(),
                Qt.AlignmentFlag.AlignCenter,
                self.tr("No schedule yet: set a network plan, a sync start and wave windows"),
            )
            return
        self._legend(p)
        self._axis(p)
        for row, (name, late) in enumerate(self.rows):
            top = LEGEND_H + AXIS_H + row * ROW_H
            label = f"{name} !" if late else name
            p.setPen(pen)
            p.drawText(QRectF(2, top, LABEL_W - 4, ROW_H), Qt.AlignmentFlag.AlignVCenter, label)
        for bar in self.bars:
            rect = self.bar_rect(bar)
            if self._drag and self._drag[0] is bar:
                rect.translate(self._drag_dx, 0)
            style, color = PATTERNS[bar.kind]
            p.setPen(QPen(color.darker(130), 1))
            p.setBrush(QBrush(color, style))
            p.drawRect(rect)
            if bar.kind == "observation" and bar.wave_id in self.labels:
                p.setPen(self.palette().text().color())
                p.drawText(
                    QRectF(rect.right() + 4, rect.top() - 6, 220, rect.height() + 12),
                    Qt.AlignmentFlag.AlignVCenter,
                    self.labels[bar.wave_id],
                )
            if bar.kind == "full_sync" and self.rows[bar.row][1]:
                p.setPen(QPen(QColor(200, 0, 0), 2))
                p.drawText(
                    rect.adjusted(2, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter, self.tr("late")
                )
        self._now_line(p)
        p.end()

    def _now_line(self, p: QPainter) -> None:
        """A dashed line at the present moment, when it falls on the axis."""
        if self.now is None or not (self.t0 <= self.now <= self.t1):
            return
        x = self.x_of(self.now)
        p.setPen(QPen(QColor(200, 0, 0), 1, Qt.PenStyle.DashLine))
        p.drawLine(
            QPointF(x, LEGEND_H + AXIS_H - 4),
            QPointF(x, LEGEND_H + AXIS_H + ROW_H * len(self.rows)),
        )
        p.drawText(QPointF(x + 2, LEGEND_H + AXIS_H + 10), self.tr("now"))

    def _legend(self, p: QPainter) -> None:
        x = LABEL_W
        for kind, name in self.names().items():
            style, color = PATTERNS[kind]
            p.setPen(QPen(color.darker(130), 1))
            p.setBrush(QBrush(color, style))
            p.drawRect(QRectF(x, 5, 22, 10))
            p.setPen(self.palette().text().color())
            p.drawText(QPointF(x + 26, 15), name)
            x += 34 + p.fontMetrics().horizontalAdvance(name)
        zone_name = self.calendar.timezone if self.calendar else "UTC"
        p.drawText(QPointF(x + 10, 15), self.tr("Times in %1").replace("%1", zone_name))

    def _axis(self, p: QPainter) -> None:
        tz = zone(self.calendar.timezone if self.calendar else "UTC")
        span_days = self._span_min() / 1440
        step = max(1, int(span_days / max((self.width() - LABEL_W) / 70, 1)) + 1)
        day = self.t0.astimezone(tz).replace(hour=0, minute=0, second=0, microsecond=0)
        grid = QPen(QColor(200, 200, 200), 1, Qt.PenStyle.DotLine)
        bottom = LEGEND_H + AXIS_H + ROW_H * len(self.rows)
        while day <= self.t1:
            x = self.x_of(day)
            if x >= LABEL_W:
                p.setPen(grid)
                p.drawLine(QPointF(x, LEGEND_H + AXIS_H - 4), QPointF(x, bottom))
                p.setPen(self.palette().text().color())
                p.drawText(QPointF(x + 2, LEGEND_H + AXIS_H - 6), f"{day:%m-%d}")
            day += timedelta(days=step)

    # -- interaction ----------------------------------------------------------------------
    def event(self, event) -> bool:
        if event.type() == event.Type.ToolTip:
            bar = self.bar_at(QPointF(event.pos()))
            if bar is None:
                QToolTip.hideText()
                self.last_tip = ""
            else:
                self.last_tip = bar.tip
                QToolTip.showText(event.globalPos(), bar.tip, self)
            return True
        return super().event(event)

    def mousePressEvent(self, event) -> None:
        bar = self.bar_at(event.position())
        if event.button() == Qt.MouseButton.LeftButton and bar and bar.kind == "cutover":
            self._drag = (bar, event.position().x())
            self._drag_dx = 0.0
            self.setCursor(Qt.CursorShape.SizeHorCursor)
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:
        if self._drag:
            self._drag_dx = event.position().x() - self._drag[1]
            self.update()
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        if self._drag:
            bar, x0 = self._drag
            self._drag = None
            self.unsetCursor()
            minutes = (event.position().x() - x0) / self._px_per_min()
            snapped = round(minutes / SNAP_MIN) * SNAP_MIN
            if snapped:
                delta = timedelta(minutes=snapped)
                self.cutoverMoved.emit(bar.wave_id, bar.start + delta, bar.end + delta)
            self.update()
        super().mouseReleaseEvent(event)


class CutoverWindowCommand(ServiceCommand):
    """Move a wave's cutover window (one ``WaveService.update``); undo puts it back."""

    def __init__(self, waves, wave_id: str, old, new, text: str, on_error, after) -> None:
        super().__init__(text, on_error)
        self.waves, self.wave_id, self.old, self.new, self.after = waves, wave_id, old, new, after

    def _set(self, window) -> None:
        self.waves.update(self.wave_id, cutover_start=window[0], cutover_end=window[1])
        self.after()

    def apply(self) -> None:
        self._set(self.new)

    def revert(self) -> None:
        self._set(self.old)

"""The wave Gantt for print: one row per wave on a time axis in the plan's zone, from the
transfer calendar (``PlanRecord.calendar``, core/plan/calendar.py).

Legible in black and white: full sync hatched, drill dotted, cutover solid black, observation
a light grid; a late full sync carries "!" after the wave name and the word "late" on its
bar. The legend is in the note above the drawing; text comes from
``resources/reports/plan_gantt.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from reportlab.graphics.shapes import Drawing, Group, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from hmfield.core.plan.calendar import TransferCalendar
from hmfield.core.plan.timing import fmt_duration, fmt_local, zone
from hmfield.core.reports.blocks import heading, para, report_styles
from hmfield.core.reports.fonts import FONT_NAME, register_fonts
from hmfield.core.reports.labels import labels
from hmfield.paths import resource_path

ROW_H, LABEL_W, AXIS_H, FONT = 16.0, 46 * mm, 12.0, 6.0
INSET = {"full_sync": 2.0, "drill": 4.5, "cutover": 3.5, "observation": 5.5}


def gantt_labels(lang: str):
    return labels(lang, path=resource_path("reports", "plan_gantt.yaml"))


def _hatch(g: Group, x: float, y: float, w: float, h: float, kind: str) -> None:
    """Patterns drawn as lines, clipped by hand to the bar."""
    grey = colors.Color(0.35, 0.35, 0.35)
    if kind == "full_sync":  # diagonal hatch
        step = 3.0
        k = -h
        while k < w:
            x0, x1 = max(k, 0.0), min(k + h, w)
            if x1 > x0:
                g.add(
                    Line(
                        x + x0,
                        y + (x0 - k),
                        x + x1,
                        y + (x1 - k),
                        strokeColor=grey,
                        strokeWidth=0.4,
                    )
                )
            k += step
    elif kind == "drill":  # dots
        yy = y + h / 2
        xx = x + 1.0
        while xx < x + w - 0.5:
            g.add(Rect(xx, yy - 0.4, 0.8, 0.8, fillColor=colors.black, strokeColor=None))
            xx += 2.2
    elif kind == "observation":  # light grid
        xx = x
        while xx < x + w:
            g.add(Line(xx, y, xx, y + h, strokeColor=colors.Color(0.6, 0.6, 0.6), strokeWidth=0.3))
            xx += 3.0


def observation_span(w, real, now: datetime | None, lab) -> tuple[datetime, datetime, str]:
    """A wave's observation bar: the real period once its live cutover ended (with the
    countdown, or ended / accepted), else the planned one (no text)."""
    if real is None or real.start is None or now is None:
        return w.cutover_end, w.observation_end, ""
    state = real.state(now)
    if state == "observing":
        days, hours, minutes = real.left_parts(now)
        return real.start, real.end, lab("obs_left", days=days, hours=hours, minutes=minutes)
    return real.start, real.end, lab["obs_accepted" if state == "accepted" else "obs_ended"]


Span = tuple[int, str, datetime, datetime]  # row, bar kind, start, end


@dataclass(frozen=True)
class _Axis:
    """The time axis: minutes from ``t0`` scaled to the drawing's width right of the labels."""

    t0: datetime
    t1: datetime
    width: float
    top: float

    @property
    def minutes(self) -> float:
        return max((self.t1 - self.t0).total_seconds() / 60, 1.0)

    def x_of(self, t: datetime) -> float:
        scale = (self.width - LABEL_W - 4) / self.minutes
        return LABEL_W + (t - self.t0).total_seconds() / 60 * scale


def draw_gantt(
    cal: TransferCalendar,
    lang: str,
    width: float,
    observation=(),
    now: datetime | None = None,
) -> Drawing:
    """``observation``: the real periods (operate.periods.ObservationWindow) replacing the
    planned bars, with the countdown counted from ``now`` and a line at ``now``."""
    register_fonts()
    lab = gantt_labels(lang)
    rows = cal.waves
    spans, texts = _spans(rows, {o.wave_id: o for o in observation}, now, lab)
    height = AXIS_H + ROW_H * len(rows) + 4
    d = Drawing(width, height)
    axis = _Axis(min(s[2] for s in spans), max(s[3] for s in spans), width, height - AXIS_H)
    _day_lines(d, axis, zone(cal.timezone))
    _row_labels(d, rows, axis, lab, lang)
    _bars(d, spans, rows, texts, axis, lab)
    if now is not None and axis.t0 <= now <= axis.t1:
        x = axis.x_of(now)
        top = axis.top
        d.add(Line(x, 2, x, top, strokeColor=colors.black, strokeWidth=0.6, strokeDashArray=[2, 1]))
        d.add(String(x + 1, 3, lab["now"], fontName=FONT_NAME, fontSize=FONT - 1))
    return d


def _spans(rows, real, now, lab) -> tuple[list[Span], dict[int, str]]:
    """Each wave's bars (full sync, drill, cutover, observation) that have a length, and the
    observation's countdown text per row."""
    spans: list[Span] = []
    texts: dict[int, str] = {}
    for i, w in enumerate(rows):
        obs_start, obs_end, texts[i] = observation_span(w, real.get(w.wave_id), now, lab)
        for kind, a, b in (
            ("full_sync", w.full_start, w.full_end),
            ("drill", w.drill_start, w.drill_end),
            ("cutover", w.cutover_start, w.cutover_end),
            ("observation", obs_start, obs_end),
        ):
            if a is not None and b is not None and b > a:
                spans.append((i, kind, a, b))
    return spans, texts


def _day_lines(d: Drawing, axis: _Axis, tz) -> None:
    """A dotted line and the date at local midnights, spaced so the dates do not overlap."""
    step = max(1, int(axis.minutes / 1440 / max((axis.width - LABEL_W) / 40, 1)) + 1)
    day = axis.t0.astimezone(tz).replace(hour=0, minute=0, second=0, microsecond=0)
    grey = colors.Color(0.8, 0.8, 0.8)
    while day <= axis.t1:
        x = axis.x_of(day)
        if x >= LABEL_W:
            d.add(
                Line(x, 2, x, axis.top, strokeColor=grey, strokeWidth=0.3, strokeDashArray=[1, 2])
            )
            d.add(String(x + 1, axis.top + 3, f"{day:%m-%d}", fontName=FONT_NAME, fontSize=FONT))
        day += timedelta(days=step)


def _row_labels(d: Drawing, rows, axis: _Axis, lab, lang: str) -> None:
    """Each wave's name ("!" when its full sync is late), hosts and full sync time, and the
    row's rule."""
    grey = colors.Color(0.85, 0.85, 0.85)
    for i, w in enumerate(rows):
        y = axis.top - (i + 1) * ROW_H
        name = f"{w.name} !" if w.late else w.name
        d.add(String(2, y + ROW_H / 2 + 1, name, fontName=FONT_NAME, fontSize=FONT + 1))
        hint = lab("row_hint", hosts=w.hosts, full=fmt_duration(w.full_sync_min, lang))
        d.add(String(2, y + 2, hint, fontName=FONT_NAME, fontSize=FONT - 1))
        d.add(Line(LABEL_W, y, axis.width, y, strokeColor=grey, strokeWidth=0.3))


def _bars(d: Drawing, spans: list[Span], rows, texts, axis: _Axis, lab) -> None:
    """The bars (cutover solid, the others patterned), "late" after a late full sync and the
    observation's countdown after its bar (before it near the right edge)."""
    for i, kind, a, b in spans:
        y = axis.top - (i + 1) * ROW_H + INSET[kind]
        h = ROW_H - 2 * INSET[kind]
        x0 = axis.x_of(a)
        w_ = max(axis.x_of(b) - x0, 1.2)
        solid = kind == "cutover"
        g = Group()
        fill = colors.black if solid else colors.white
        g.add(Rect(x0, y, w_, h, fillColor=fill, strokeColor=colors.black, strokeWidth=0.5))
        if not solid:
            _hatch(g, x0, y, w_, h, kind)
        d.add(g)
        if kind == "full_sync" and rows[i].late:
            d.add(String(x0 + w_ + 2, y + 1, lab["late"], fontName=FONT_NAME, fontSize=FONT))
        if kind == "observation" and texts.get(i):
            right = x0 + w_ + 2
            anchor = "start" if right < axis.width - 40 else "end"
            d.add(String(right if anchor == "start" else x0 - 2, y + 1, texts[i],
                         fontName=FONT_NAME, fontSize=FONT, textAnchor=anchor))  # fmt: skip


def gantt_section(
    cal: TransferCalendar | None,
    lang: str,
    width: float,
    observation=(),
    now: datetime | None = None,
) -> list[Flowable]:
    """Heading, legend note and the drawing (or a line saying what is missing)."""
    lab = gantt_labels(lang)
    story: list[Flowable] = [heading(lab["heading"], 1)]
    if cal is None or not cal.waves or not any(w.full_start for w in cal.waves):
        return [*story, para(lab["none"])]
    start = fmt_local(cal.start, cal.timezone, named=False)
    story += [
        para(lab("note", start=start, tz=cal.timezone), report_styles().small),
        Spacer(1, 2 * mm),
        draw_gantt(cal, lang, width, observation, now),
    ]
    return story

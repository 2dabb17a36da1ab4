"""The cutover report after a run: summary, planned-versus-actual timeline, variances, gate
decisions, skips and deviations with their reasons, the rollback if any, and sign-off.

The timeline is drawn with reportlab graphics, one row per step: the plan as an outline,
what really happened as a solid bar under it, a skipped step as a cross. Black, white and
grey only, so it survives a black-and-white printer. The title says which run it is (正式割接
报告 for the live run, 割接演练报告 for a rehearsal); the window and the planned column come
from the plan; every step is listed, deviations marked. A wave without a run has no report:
asking for one is an error that says so.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Spacer

from hmfield.core.errors import HmError
from hmfield.core.progress import NULL_PROGRESS, Progress
from hmfield.core.reports.blocks import heading, para, report_styles, signoff_block
from hmfield.core.reports.document import GREY_RULE, build_pdf, frame_width, widths_for
from hmfield.core.reports.fonts import FONT_NAME, register_fonts
from hmfield.core.reports.labels import labels as base_labels
from hmfield.core.reports.runbook_pdf import (
    check_printable,
    report_context,
    result_text,
    runbook_signers,
    step_title,
)
from hmfield.core.reports.runbook_text import (
    full_time,
    hhmm,
    landscape_cover,
    rlabels,
    signed,
    step_ranges,
)
from hmfield.core.reports.tables import data_table
from hmfield.core.runbooks.paper import PaperStep, RunbookPaper

ROW_H = 11.0
ROWS_PER_CHART = 34
LABEL_W = 70 * mm
VARIANCE_SHOWN = 5.0  # minutes: smaller differences are noise on a cutover night
DARK = colors.Color(0.25, 0.25, 0.25)


def _fit(text: str, size: float, width: float) -> str:
    if stringWidth(text, FONT_NAME, size) <= width:
        return text
    while text and stringWidth(text + "…", FONT_NAME, size) > width:
        text = text[:-1]
    return text + "…"


def _times(paper: RunbookPaper) -> list[dt.datetime]:
    times = [paper.window_start, paper.window_end]
    for s in paper.steps:
        times += [s.planned_start, s.actual_start, s.actual_end]
        if s.planned_start is not None:
            times.append(s.planned_start + dt.timedelta(minutes=s.planned_minutes))
    return [t for t in times if t is not None]


def _span(paper: RunbookPaper) -> tuple[dt.datetime, dt.datetime]:
    times = _times(paper)
    return min(times), max(times)


def _tick_minutes(span_min: float) -> int:
    for step in (15, 30, 60, 120, 240, 480):
        if span_min / step <= 12:
            return step
    return 720


def timeline_charts(paper: RunbookPaper, lang: str) -> list[Flowable]:
    """Planned-versus-actual bars: one flowable that fills each page with as many step rows
    as fit (at most ``ROWS_PER_CHART`` per drawing) and carries on on the next page."""
    register_fonts()
    if _times(paper) == []:  # no window, nothing planned or done: no time axis to draw
        return []
    return [_Timeline(paper, lang, 0, len(paper.steps)), Spacer(1, 3 * mm)]


class _Timeline(Flowable):
    """Rows ``start:stop`` of the timeline; splits at a page end into drawings that fit."""

    def __init__(self, paper: RunbookPaper, lang: str, start: int, stop: int) -> None:
        super().__init__()
        self.paper, self.lang, self.start, self.stop = paper, lang, start, stop

    def wrap(self, availWidth: float, availHeight: float):  # noqa: N803
        self.width = frame_width(landscape=True)
        self.height = ROW_H * (self.stop - self.start) + 18
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float):  # noqa: N803
        fit = min(int((availHeight - 18) // ROW_H), ROWS_PER_CHART)
        if fit < 6:
            return []
        cut = self.start + fit
        parts: list[Flowable] = [
            _drawing(self.paper, self.lang, self.paper.steps[self.start : cut])
        ]
        if cut < self.stop:
            parts.append(_Timeline(self.paper, self.lang, cut, self.stop))
        return parts

    def draw(self) -> None:
        d = _drawing(self.paper, self.lang, self.paper.steps[self.start : self.stop])
        d.drawOn(self.canv, 0, 0)


def _drawing(paper: RunbookPaper, lang: str, chunk: list[PaperStep]) -> Drawing:
    lab = rlabels(lang)
    t0, t1 = _span(paper)
    total = max((t1 - t0).total_seconds() / 60.0, 1.0)
    width = frame_width(landscape=True)
    plot_w = width - LABEL_W - 4
    tick = _tick_minutes(total)

    def x(t: dt.datetime) -> float:
        return LABEL_W + plot_w * ((t - t0).total_seconds() / 60.0) / total

    height = ROW_H * len(chunk) + 18
    d = Drawing(width, height)
    d.initialFontName = FONT_NAME  # else the renderer selects an unembedded Helvetica
    axis_y = height - 12
    # time axis on top: ticks at round local times
    first = t0.astimezone(_zone(paper.tz)).replace(second=0, microsecond=0)
    first -= dt.timedelta(minutes=first.minute % tick)
    t = first
    while t <= t1:
        if t >= t0:
            xx = x(t)
            d.add(Line(xx, 0, xx, axis_y, strokeColor=GREY_RULE, strokeWidth=0.3))
            d.add(String(xx, axis_y + 3, hhmm(t, paper.tz), fontName=FONT_NAME, fontSize=6.5, textAnchor="middle"))  # fmt: skip
        t += dt.timedelta(minutes=tick)
    if paper.window_end is not None and t0 <= paper.window_end <= t1:
        xe = x(paper.window_end)
        d.add(Line(xe, 0, xe, axis_y, strokeColor=colors.black, strokeWidth=1, strokeDashArray=[3, 2]))  # fmt: skip
    for i, s in enumerate(chunk):
        y = axis_y - ROW_H * (i + 1)
        label = _fit(f"{s.number} {step_title(s, lang, lab)}", 7, LABEL_W - 4)
        d.add(String(0, y + 3, label, fontName=FONT_NAME, fontSize=7))
        _bars(d, s, x, y)
    return d


def _bars(d: Drawing, s: PaperStep, x, y: float) -> None:
    if s.planned_start is not None:
        p0 = x(s.planned_start)
        p1 = x(s.planned_start + dt.timedelta(minutes=s.planned_minutes))
        d.add(Rect(p0, y + 5.5, max(p1 - p0, 1.2), 4, fillColor=colors.white, strokeColor=colors.black, strokeWidth=0.6))  # fmt: skip
    if s.status == "skipped":
        at = s.actual_end or s.planned_start
        if at is not None:
            c = x(at)
            d.add(Line(c - 3, y + 1, c + 3, y + 5, strokeColor=colors.black, strokeWidth=0.8))
            d.add(Line(c - 3, y + 5, c + 3, y + 1, strokeColor=colors.black, strokeWidth=0.8))
        return
    end = s.actual_end
    begin = s.actual_start
    if end is not None and begin is None:  # one-click done: planned length up to the click
        begin = end - dt.timedelta(minutes=s.planned_minutes)
    if begin is not None and end is not None:
        a0, a1 = x(begin), x(end)
        d.add(Rect(a0, y + 1, max(a1 - a0, 1.2), 4, fillColor=DARK, strokeColor=DARK, strokeWidth=0.3))  # fmt: skip


def _zone(tz: str):
    from zoneinfo import ZoneInfo

    return ZoneInfo(tz)


def is_deviation(s: PaperStep) -> bool:
    """A step that did not go as planned: skipped, noted, or off by VARIANCE_SHOWN or more."""
    values = (s.start_variance, s.duration_variance, s.end_variance)
    return (
        s.status == "skipped"
        or bool(s.deviation_note)
        or any(v is not None and abs(v) >= VARIANCE_SHOWN for v in values)
    )


def variance_rows(paper: RunbookPaper, lang: str, plan: RunbookPaper | None = None):
    """Every step of the run, none dropped: planned start from the plan, actual times,
    variances, result; a deviation is marked in the last column."""
    lab = rlabels(lang)
    planned = {s.key: s.planned_start for s in (plan or paper).steps}
    day = _spans_days(plan or paper)
    rows = []
    for s in paper.steps:
        rows.append(
            [
                s.number,
                step_title(s, lang, lab),
                hhmm(planned.get(s.key, s.planned_start), paper.tz, day),
                hhmm(s.actual_start, paper.tz, True),
                hhmm(s.actual_end, paper.tz, True),
                signed(s.start_variance),
                signed(s.duration_variance),
                signed(s.end_variance),
                result_text(s, lab),
                base_labels(lang)["answer_yes"] if is_deviation(s) else "",
            ]
        )
    return rows


def _spans_days(paper: RunbookPaper) -> bool:
    a, b = paper.window_start, paper.window_end
    return bool(a and b and hhmm(a, paper.tz, True)[:5] != hhmm(b, paper.tz, True)[:5])


def report_title(paper: RunbookPaper, lang: str) -> str:
    """正式割接报告 for the live run, 割接演练报告 for a rehearsal: never one for the other."""
    if paper.run is not None and paper.run.kind == "live":
        return base_labels(lang)["report_cutover"]
    return rlabels(lang)["report_rehearsal"]


def _window_text(paper: RunbookPaper, lab) -> str:
    if not (paper.window_start and paper.window_end):
        return lab["no_window"]
    minutes = round((paper.window_end - paper.window_start).total_seconds() / 60)
    return lab(
        "window_value",
        start=full_time(paper.window_start, paper.tz),
        end=full_time(paper.window_end, paper.tz),
        minutes=minutes,
    )


def cutover_story(paper: RunbookPaper, rctx, plan: RunbookPaper | None = None) -> list[Flowable]:
    """``paper`` is the run (its planned starts aligned to the run start, as the live
    forecast computes them); ``plan`` is the runbook as planned (window, planned starts)."""
    lab = rlabels(rctx.lang)
    plan = plan or paper
    story = _cover_and_summary(paper, rctx, plan, lab)
    story += [heading(lab["timeline"], 0), para(lab["timeline_legend"], report_styles().small)]
    story += timeline_charts(paper, rctx.lang)
    story += _steps_vs_plan(paper, rctx, plan, lab)
    story += _gate_decisions(paper, rctx, lab)
    story += _skips_and_deviations(paper, rctx, lab)
    story += _rollback(paper, lab)
    signers = runbook_signers(paper.participants, rctx.lang)
    story += [Spacer(1, 4 * mm), signoff_block(rctx, signers, width=frame_width(True) * 0.8)]
    return story


def _cover_and_summary(paper: RunbookPaper, rctx, plan: RunbookPaper, lab) -> list[Flowable]:
    """The cover (window, kind, when it was held, status) and the summary: times, slip, the
    steps that deviated."""
    lang, base, run, tz = rctx.lang, rctx.labels, paper.run, paper.tz
    summary = lab(
        "run_summary",
        kind=lab[f"run_{run.kind}"],
        start=full_time(run.started_at, tz),
        end=full_time(run.ended_at, tz) or "—",
        status=lab[f"run_{run.status}"],
        planned=full_time(run.planned_end, tz),
        slip=signed(run.slip_minutes),
    )
    deviations = [s for s in paper.steps if is_deviation(s)]
    rows = [
        (lab["window"], _window_text(plan, lab)),
        (lab["run_kind"], lab[f"run_{run.kind}"]),
        (
            lab["run_held"],
            f"{full_time(run.started_at, tz)} — {full_time(run.ended_at, tz) or '…'}",
        ),
        (base["status"], lab[f"run_{run.status}"]),
    ]
    story: list[Flowable] = [*landscape_cover(rctx, report_title(paper, lang), rows)]
    story += [heading(base["summary"], 0), para(summary)]
    if run.kind != "live":
        story.append(para(lab["rehearsal_note"], report_styles().small))
    story.append(
        para(
            lab(
                "deviation_summary",
                total=len(paper.steps),
                count=len(deviations),
                steps=step_ranges(", ".join(str(s.number) for s in deviations)) or "—",
                minutes=round(VARIANCE_SHOWN),
            )
        )
    )
    return story


def _steps_vs_plan(paper: RunbookPaper, rctx, plan: RunbookPaper, lab) -> list[Flowable]:
    base = rctx.labels
    headers = [
        base["number"], base["step"], rctx.timed(lab["planned_start"]),
        rctx.timed(lab["actual_start"]), rctx.timed(lab["actual_end"]), lab["start_variance"],
        lab["duration_variance"], lab["end_variance"], base["result"], lab["deviation_mark"],
    ]  # fmt: skip
    vrows = variance_rows(paper, rctx.lang, plan)
    align = [None, None, "center", "center", "center", "right", "right", "right", None, "center"]
    widths = widths_for([4, 30, 8, 8, 8, 6, 6, 6, 10, 5], True)
    return [heading(lab["steps_vs_plan"], 0), data_table(headers, vrows, widths, align=align)]


def _gate_decisions(paper: RunbookPaper, rctx, lab) -> list[Flowable]:
    base, lang = rctx.labels, rctx.lang
    story: list[Flowable] = [heading(lab["gate_decisions"], 0)]
    gates = [s for s in paper.steps if s.gate_decision]
    if not gates:
        return [*story, para(lab["none_recorded"])]
    headers = [base["number"], base["step"], lab["decision"], lab["decided_by"], rctx.timed(lab["decided_at"])]  # fmt: skip
    grows = [[s.number, s.title(lang), lab.get(f"decision_{s.gate_decision}", s.gate_decision.replace("_", "-").upper()), s.decided_by, full_time(s.decided_at, paper.tz)] for s in gates]  # fmt: skip
    return [*story, data_table(headers, grows, widths_for([3, 30, 6, 8, 10], True))]


def _skips_and_deviations(paper: RunbookPaper, rctx, lab) -> list[Flowable]:
    base, lang = rctx.labels, rctx.lang
    story: list[Flowable] = [heading(lab["skips_deviations"], 0)]
    srows = []
    for s in paper.steps:
        if s.status == "skipped":
            srows.append([s.number, s.title(lang), lab["kind_skip"], s.skip_reason or "—"])
        if s.deviation_note:
            srows.append([s.number, s.title(lang), lab["kind_deviation"], s.deviation_note])
    if not srows:
        return [*story, para(lab["none_recorded"])]
    headers = [base["number"], base["step"], lab["type"], lab["reason"]]  # fmt: skip
    return [*story, data_table(headers, srows, widths_for([3, 26, 6, 25], True))]


def _rollback(paper: RunbookPaper, lab) -> list[Flowable]:
    story: list[Flowable] = [heading(lab["rollback"], 0)]
    if not paper.run.rollback:
        return [*story, para(lab["no_rollback"])]
    at, who, reason = paper.run.rollback
    line = lab("rollback_line", at=full_time(at, paper.tz), who=who or "?", reason=reason)
    return [*story, para(line)]


def no_run_message(wave_name: str) -> str:
    return (
        f"wave {wave_name} has no run yet (neither a rehearsal nor the live cutover): there "
        f"is no cutover report to print. Print the runbook instead (--kind runbook)."
    )


def build_cutover_pdf(
    path: str | os.PathLike[str],
    paper: RunbookPaper,
    lang: str = "zh",
    printed_at: dt.datetime | None = None,
    progress: Progress = NULL_PROGRESS,
    plan: RunbookPaper | None = None,
) -> Path:
    """The report of ``paper.run`` (live or rehearsal), ``plan`` giving the planned window
    and starts. A wave without a run has no such report: HmError says so."""
    if paper.run is None:
        raise HmError(no_run_message(paper.wave_name))
    check_printable(paper)
    rctx = report_context(paper, lang, printed_at or dt.datetime.now(dt.UTC))
    story = cutover_story(paper, rctx, plan)
    title = report_title(paper, lang)
    return build_pdf(path, rctx, story, landscape=True, progress=progress, title=title)

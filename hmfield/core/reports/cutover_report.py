"""The cutover report after a run: summary, planned-versus-actual timeline, variances, gate
decisions, skips and deviations with their reasons, the rollback if any, and sign-off.

The timeline is drawn with reportlab graphics, one row per step: the plan as an outline,
what really happened as a solid bar under it, a skipped step as a cross. Black, white and
grey only, so it survives a black-and-white printer. A wave without a run prints the blank
runbook paper instead (see :func:`build_cutover_pdf`).
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

from hmfield.core.progress import NULL_PROGRESS, Progress
from hmfield.core.reports.blocks import Signer, heading, para, report_styles, signoff_block
from hmfield.core.reports.document import GREY_RULE, build_pdf, frame_width, widths_for
from hmfield.core.reports.fonts import FONT_NAME, register_fonts
from hmfield.core.reports.runbook_pdf import build_runbook_pdf, report_context, step_title
from hmfield.core.reports.runbook_text import (
    full_time,
    hhmm,
    landscape_cover,
    rlabels,
    roles_text,
    signed,
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


def _span(paper: RunbookPaper) -> tuple[dt.datetime, dt.datetime]:
    times = [paper.window_start, paper.window_end]
    for s in paper.steps:
        times += [s.planned_start, s.actual_start, s.actual_end]
        if s.planned_start is not None:
            times.append(s.planned_start + dt.timedelta(minutes=s.planned_minutes))
    times = [t for t in times if t is not None]
    return min(times), max(times)


def _tick_minutes(span_min: float) -> int:
    for step in (15, 30, 60, 120, 240, 480):
        if span_min / step <= 12:
            return step
    return 720


def timeline_charts(paper: RunbookPaper, lang: str) -> list[Flowable]:
    """Planned-versus-actual bars, split into page-sized drawings of ``ROWS_PER_CHART``."""
    register_fonts()
    lab = rlabels(lang)
    t0, t1 = _span(paper)
    total = max((t1 - t0).total_seconds() / 60.0, 1.0)
    width = frame_width(landscape=True)
    plot_w = width - LABEL_W - 4
    tick = _tick_minutes(total)

    def x(t: dt.datetime) -> float:
        return LABEL_W + plot_w * ((t - t0).total_seconds() / 60.0) / total

    charts: list[Flowable] = []
    for start in range(0, len(paper.steps), ROWS_PER_CHART):
        chunk = paper.steps[start : start + ROWS_PER_CHART]
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
        if paper.window_end is not None:
            xe = x(paper.window_end)
            d.add(Line(xe, 0, xe, axis_y, strokeColor=colors.black, strokeWidth=1, strokeDashArray=[3, 2]))  # fmt: skip
        for i, s in enumerate(chunk):
            y = axis_y - ROW_H * (i + 1)
            label = _fit(f"{s.number} {step_title(s, lang, lab)}", 7, LABEL_W - 4)
            d.add(String(0, y + 3, label, fontName=FONT_NAME, fontSize=7))
            _bars(d, s, x, y)
        charts += [d, Spacer(1, 3 * mm)]
    return charts


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


def variance_rows(paper: RunbookPaper, lang: str) -> list[list[object]]:
    lab = rlabels(lang)
    rows = []
    for s in paper.steps:
        values = (s.start_variance, s.duration_variance, s.end_variance)
        if s.status in ("done", "running") and any(
            v is not None and abs(v) >= VARIANCE_SHOWN for v in values
        ):
            rows.append(
                [
                    s.number,
                    step_title(s, lang, lab),
                    hhmm(s.planned_start, paper.tz),
                    hhmm(s.actual_start, paper.tz),
                    hhmm(s.actual_end, paper.tz),
                    signed(s.start_variance),
                    signed(s.duration_variance),
                    signed(s.end_variance),
                ]
            )
    return rows


def cutover_story(paper: RunbookPaper, rctx) -> list[Flowable]:
    lang = rctx.lang
    lab, base = rlabels(lang), rctx.labels
    run = paper.run
    small = report_styles().small
    summary = lab(
        "run_summary",
        kind=lab[f"run_{run.kind}"],
        start=full_time(run.started_at, paper.tz),
        end=full_time(run.ended_at, paper.tz) or "—",
        status=lab[f"run_{run.status}"],
        planned=full_time(run.planned_end, paper.tz),
        slip=signed(run.slip_minutes),
    )
    rows = [(lab["window"], f"{full_time(paper.window_start, paper.tz)} — {full_time(paper.window_end, paper.tz)}")]  # fmt: skip
    story: list[Flowable] = [*landscape_cover(rctx, base["report_cutover"], rows)]
    story += [heading(base["summary"], 0), para(summary)]
    story += [heading(lab["timeline"], 0), para(lab["timeline_legend"], small)]
    story += timeline_charts(paper, lang)
    story.append(heading(lab["variances"], 0))
    vrows = variance_rows(paper, lang)
    if vrows:
        headers = [base["number"], base["step"], lab["planned_start"], lab["actual_start"], lab["actual_end"], lab["start_variance"], lab["duration_variance"], lab["end_variance"]]  # fmt: skip
        story.append(data_table(headers, vrows, widths_for([3, 30, 6, 6, 6, 7, 7, 7], True), align=[None, None, "center", "center", "center", "right", "right", "right"]))  # fmt: skip
    else:
        story.append(para(lab["no_variance"]))
    story.append(heading(lab["gate_decisions"], 0))
    gates = [s for s in paper.steps if s.gate_decision]
    if gates:
        headers = [base["number"], base["step"], lab["decision"], lab["decided_by"], lab["decided_at"]]  # fmt: skip
        grows = [[s.number, s.title(lang), s.gate_decision.replace("_", "-").upper(), s.decided_by, full_time(s.decided_at, paper.tz)] for s in gates]  # fmt: skip
        story.append(data_table(headers, grows, widths_for([3, 30, 6, 8, 10], True)))
    else:
        story.append(para(lab["none_recorded"]))
    story.append(heading(lab["skips_deviations"], 0))
    srows = []
    for s in paper.steps:
        if s.status == "skipped" and s.skip_reason:
            srows.append([s.number, s.title(lang), lab["kind_skip"], s.skip_reason])
        if s.deviation_note:
            srows.append([s.number, s.title(lang), lab["kind_deviation"], s.deviation_note])
    if srows:
        headers = [base["number"], base["step"], lab["type"], lab["reason"]]  # fmt: skip
        story.append(data_table(headers, srows, widths_for([3, 26, 6, 25], True)))
    else:
        story.append(para(lab["none_recorded"]))
    story.append(heading(lab["rollback"], 0))
    if run.rollback:
        at, who, reason = run.rollback
        story.append(para(lab("rollback_line", at=full_time(at, paper.tz), who=who or "?", reason=reason)))  # fmt: skip
    else:
        story.append(para(lab["no_rollback"]))
    signers = [Signer(roles_text(lab, p.roles), p.name, p.organisation) for p in paper.participants if {"customer", "msp"} & set(p.roles)]  # fmt: skip
    story += [Spacer(1, 4 * mm), signoff_block(rctx, signers, width=frame_width(True) * 0.8)]
    return story


def build_cutover_pdf(
    path: str | os.PathLike[str],
    paper: RunbookPaper,
    lang: str = "zh",
    printed_at: dt.datetime | None = None,
    progress: Progress = NULL_PROGRESS,
) -> Path:
    """The cutover report of ``paper.run``; without a run, the blank runbook paper."""
    if paper.run is None:
        return build_runbook_pdf(path, paper, lang, printed_at, progress)
    rctx = report_context(paper, lang, printed_at or dt.datetime.now(dt.UTC))
    story = cutover_story(paper, rctx)
    title = rctx.labels["report_cutover"]
    return build_pdf(path, rctx, story, landscape=True, progress=progress, title=title)

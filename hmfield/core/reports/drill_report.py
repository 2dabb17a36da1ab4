"""The drill report (seed stage six): per host, launched, boot verified, business check,
evidence and clean-up; then the findings with owner and whether they must be fixed before
the cutover; sign-off. Without a recorded drill it prints the blank form for the pen.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from hmfield.core.progress import NULL_PROGRESS, Progress
from hmfield.core.reports.blocks import heading, para, report_styles, signoff_block
from hmfield.core.reports.document import build_pdf, frame_width, widths_for
from hmfield.core.reports.labels import labels as base_labels
from hmfield.core.reports.runbook_pdf import report_context, runbook_signers
from hmfield.core.reports.runbook_text import full_time, hhmm, landscape_cover, rlabels
from hmfield.core.reports.tables import data_table
from hmfield.core.runbooks.paper import DrillPaper

RESULT_WEIGHTS = [5, 3, 4, 3, 10, 5, 3]


def result_rows(paper: DrillPaper, lang: str) -> list[list[object]]:
    lab, base = rlabels(lang), base_labels(lang)
    rows = []
    for host, r in paper.results:
        if r is None:
            rows.append([host, "", "", "", "", "", ""])
            continue
        booted = (
            f"{base['answer_yes']} {hhmm(r.boot_verified_at, paper.tz)}"
            if r.boot_verified
            else base["answer_no"]
        )
        rows.append(
            [
                host,
                hhmm(r.launched_at, paper.tz, True),
                booted,
                lab[f"biz_{r.business_result}"],
                r.comment,
                r.evidence,
                hhmm(r.cleaned_up_at, paper.tz, True),
            ]
        )
    return rows


DRILL_SIGNING_ROLES = ("msp", "customer", "app_user")
"""Seed stage six: MSP launches and verifies boot, the customer (and the application's
users) verify the business."""


def drill_story(paper: DrillPaper, rctx, participants=()) -> list[Flowable]:
    lab = rlabels(rctx.lang)
    story = _cover_and_summary(paper, rctx, lab)
    story += _results(paper, rctx, lab)
    story += _findings(paper, rctx, lab)
    signers = runbook_signers(participants, rctx.lang, DRILL_SIGNING_ROLES)
    story += [Spacer(1, 4 * mm), signoff_block(rctx, signers, width=frame_width(True) * 0.8)]
    return story


def _cover_and_summary(paper: DrillPaper, rctx, lab) -> list[Flowable]:
    """The cover (scope, start, end) and the counts: hosts, booted, passed, failed; before
    the drill, a line saying none was held."""
    base, drill = rctx.labels, paper.drill
    rows = [(lab["drill_scope"], paper.scope)]
    if drill is not None:
        rows += [
            (base["start"], full_time(drill.started_at, paper.tz)),
            (base["end"], full_time(drill.ended_at, paper.tz) or "—"),
        ]
    story: list[Flowable] = [*landscape_cover(rctx, base["report_drill"], rows)]
    if drill is None:
        return [*story, para(lab["no_drill"])]
    results = [r for _, r in paper.results if r is not None]
    summary = lab(
        "drill_summary",
        hosts=len(results),
        booted=sum(r.boot_verified for r in results),
        passed=sum(r.business_result == "pass" for r in results),
        failed=sum(r.business_result == "fail" for r in results),
    )
    return [*story, para(summary)]


def _results(paper: DrillPaper, rctx, lab) -> list[Flowable]:
    """One row per host; before the drill its columns are left for the pen."""
    base = rctx.labels
    headers = [
        base["host"],
        rctx.timed(lab["launched_at"]),
        rctx.timed(lab["boot_verified"]),
        lab["business_result"],
        lab["comment"],
        lab["evidence"],
        rctx.timed(lab["cleaned_up_at"]),
    ]
    pen = (1, 2, 3, 4, 5, 6) if paper.drill is None else ()
    rows = result_rows(paper, rctx.lang)
    return [
        heading(lab["drill_results"], 0),
        data_table(headers, rows, widths_for(RESULT_WEIGHTS, True), pen_columns=pen),
    ]


def _findings(paper: DrillPaper, rctx, lab) -> list[Flowable]:
    """The findings; before the drill, six empty rows for the pen."""
    base = rctx.labels
    story: list[Flowable] = [heading(lab["findings"], 0)]
    fheaders = [lab["finding"], base["host"], base["owner"], lab["must_fix"], base["status"]]
    widths = widths_for([12, 4, 3, 3, 2], True)
    if paper.findings:
        frows = [
            [
                f.title + (f"\n{f.notes}" if f.notes else ""),
                host,
                owner,
                base["answer_yes"] if f.must_fix_before_cutover else base["answer_no"],
                lab[f"fnd_{f.status}"],
            ]
            for f, host, owner in paper.findings
        ]
        return [*story, data_table(fheaders, frows, widths)]
    if paper.drill is None:
        blank = [[""] * 5 for _ in range(6)]
        return [*story, data_table(fheaders, blank, widths, pen_columns=(0, 1, 2, 3, 4))]
    return [*story, para(lab["none_recorded"], report_styles().body)]


def build_drill_pdf(
    path: str | os.PathLike[str],
    paper: DrillPaper,
    lang: str = "zh",
    printed_at: dt.datetime | None = None,
    progress: Progress = NULL_PROGRESS,
    participants=(),
) -> Path:
    """``participants``: the project's people (``paper.participants``); the sign-off names
    them by role."""
    rctx = report_context(paper, lang, printed_at or dt.datetime.now(dt.UTC))
    title = rctx.labels["report_drill"]
    story = drill_story(paper, rctx, participants)
    return build_pdf(path, rctx, story, landscape=True, progress=progress, title=title)

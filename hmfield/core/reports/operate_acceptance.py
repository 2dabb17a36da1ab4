"""The final acceptance report (迁移完成验收): every wave with its observation period, checks,
open incidents, bill difference and sign-off, every business system's sign-off, what still
blocks the project's acceptance, the hand-over statement and the sign-off lines. Reads the
same data as the stability reports (``core.operate.paper.final_paper``)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from hmfield.core.operate.paper import FinalAcceptancePaper
from hmfield.core.operate.texts import words
from hmfield.core.progress import NULL_PROGRESS, Progress
from hmfield.core.reports.blocks import heading, para, report_styles, signoff_block
from hmfield.core.reports.document import ReportContext, build_pdf, frame_width, widths_for
from hmfield.core.reports.runbook_text import full_time, landscape_cover
from hmfield.core.reports.stability_report import (
    incident_block,
    olabels,
    period_text,
    review_block,
    signed_money,
    signers_of,
)
from hmfield.core.reports.tables import data_table


def final_story(paper: FinalAcceptancePaper, rctx: ReportContext) -> list[Flowable]:
    lang = rctx.lang
    w, lab = words(lang), olabels(lang)
    styles = report_styles()
    project = paper.readiness
    state = (
        w("signed", name=project.signoff.signed_by_name, date=project.signoff.signed_on)
        if project.signoff
        else lab["not_accepted"]
    )
    rows = [(lab["project_state"], state)]
    if paper.archive is not None:
        at = full_time(paper.archive.archived_at, paper.tz)
        rows.append((lab["archive"], f"{paper.archive.location} ({at})"))
    story: list[Flowable] = [*landscape_cover(rctx, lab["report_final"], rows)]
    story += [heading(lab["waves"], 0), wave_table(paper, lang)]
    story += [heading(lab["systems"], 0), system_table(paper, lang)]
    story += review_block([r for p in paper.waves for r in (p.readiness, *p.system_readiness)], w)
    incidents = [i for p in paper.waves for i in p.incidents]
    story += incident_block(incidents, paper.tz, lang)
    story.append(heading(w["scope_project"], 0))
    if not project.ready and not project.accepted:
        story.append(para(lab["not_ready_note"]))
        for text in project.blocker_texts(w):
            story.append(para(f"• {text}", styles.small))
        story.append(Spacer(1, 3 * mm))
    signoff = signoff_block(rctx, signers_of(paper, lang), width=frame_width(True) * 0.8)
    story.append(KeepTogether([para(lab["statement"]), Spacer(1, 4 * mm), signoff]))
    return story


def wave_table(paper: FinalAcceptancePaper, lang: str) -> Flowable:
    w, lab = words(lang), olabels(lang)
    rows = []
    for p in paper.waves:
        c = p.outcome_counts()
        bill = p.bills[-1] if p.bills else None
        signed = p.readiness.signoff
        rows.append(
            [
                p.wave_name,
                period_text(p.window, paper.tz, w),
                p.window.status_text(paper.now, w),
                f"{c['passed']}/{c['attention']}/{c['failed']}/{c['waived']}",
                p.open_incidents,
                signed_money(bill.difference, bill.difference_pct, bill.currency) if bill else "",
                w("signed", name=signed.signed_by_name, date=signed.signed_on) if signed else "",
            ]
        )
    headers = [
        lab["wave"], w["period"], lab["status"], lab["check_counts"], lab["open_incidents"],
        lab["bill_difference"], lab["accepted_by"],
    ]  # fmt: skip
    align = [None, None, None, "center", "right", "right", None]
    return data_table(headers, rows, widths_for([4, 10, 7, 6, 4, 6, 7], True), align=align)


def system_table(paper: FinalAcceptancePaper, lang: str) -> Flowable:
    w, lab = words(lang), olabels(lang)
    rows = []
    for p in paper.waves:
        for r in p.system_readiness:
            signed = r.signoff
            rows.append(
                [
                    p.wave_name,
                    r.name,
                    w("signed", name=signed.signed_by_name, date=signed.signed_on)
                    if signed
                    else "",
                    "" if signed else "; ".join(r.blocker_texts(w)),
                ]
            )
    if not rows:
        return para(lab["none"])
    headers = [lab["wave"], lab["system"], lab["accepted_by"], lab["blockers"]]
    return data_table(headers, rows, widths_for([4, 6, 7, 16], True))


def build_final_acceptance_pdf(
    path: str | os.PathLike[str],
    paper: FinalAcceptancePaper,
    lang: str = "zh",
    printed_at: dt.datetime | None = None,
    progress: Progress = NULL_PROGRESS,
) -> Path:
    rctx = ReportContext(
        paper.project_name, paper.customer, lang, printed_at or paper.now, paper.tz
    )
    title = olabels(lang)["report_final"]
    story = final_story(paper, rctx)
    return build_pdf(path, rctx, story, landscape=True, progress=progress, title=title)

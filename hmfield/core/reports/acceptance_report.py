"""The acceptance report (operate phase): stability observations after the cutover, which
hosts are accepted, and a sign-off block with the named people and their roles."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from hmfield.core.progress import NULL_PROGRESS, Progress
from hmfield.core.reports.blocks import Signer, heading, para, signoff_block
from hmfield.core.reports.document import build_pdf, frame_width, widths_for
from hmfield.core.reports.runbook_pdf import report_context
from hmfield.core.reports.runbook_text import full_time, landscape_cover, rlabels, roles_text
from hmfield.core.reports.tables import data_table
from hmfield.core.runbooks.paper import AcceptancePaper


def basis_text(basis, tz: str, lang: str) -> str:
    """Which run the report reads (the cutover report's run) and what that means for it."""
    lab = rlabels(lang)
    if basis is None:
        return lab["basis_none"]
    text = lab(
        "basis_run",
        kind=lab[f"run_{basis.kind}"],
        start=full_time(basis.started_at, tz) or "—",
        status=lab[f"run_{basis.status}"],
    )
    if basis.kind != "live":
        text += lab["basis_not_live"]
    return text


def acceptance_story(paper: AcceptancePaper, rctx, basis=None) -> list[Flowable]:
    lang = rctx.lang
    lab, base = rlabels(lang), rctx.labels
    accepted = sum(1 for h in paper.hosts if h[3])
    cut = sum(1 for h in paper.hosts if h[1])
    rows = [(lab["basis"], basis_text(basis, paper.tz, lang))]
    story: list[Flowable] = [*landscape_cover(rctx, base["report_acceptance"], rows)]
    story += [
        heading(base["summary"], 0),
        para(basis_text(basis, paper.tz, lang)),
        para(lab("acceptance_summary", total=len(paper.hosts), accepted=accepted, cut=cut)),
        heading(lab["stability"], 0),
    ]
    if paper.observations:
        headers = [rctx.timed(lab["observed_at"]), lab["subject"], lab["metric"], base["notes"], base["result"]]  # fmt: skip
        rows = [
            [full_time(at, paper.tz), subject, metric, note, lab["ok"] if ok else lab["not_ok"]]
            for at, subject, metric, note, ok in paper.observations
        ]
        story.append(data_table(headers, rows, widths_for([4, 4, 4, 10, 2], True)))
    else:
        story.append(para(lab["none_recorded"]))
    yes, no = base["answer_yes"], base["answer_no"]
    headers = [base["host"], lab["cut_over"], lab["problems"], lab["accepted"]]
    rows = [
        [name, yes if cut else no, problems or "", yes if ok else no]
        for name, cut, problems, ok in paper.hosts
    ]
    story += [
        heading(lab["hosts_accepted"], 0),
        data_table(
            headers, rows, widths_for([8, 3, 3, 3], True), align=[None, "center", "right", "center"]
        ),
    ]
    signers = [Signer(roles_text(lab, p.roles), p.name, p.organisation) for p in paper.signers]
    signers = signers or [Signer(base["approved_by"])]
    story += [Spacer(1, 4 * mm), signoff_block(rctx, signers, width=frame_width(True) * 0.8)]
    return story


def build_acceptance_pdf(
    path: str | os.PathLike[str],
    paper: AcceptancePaper,
    lang: str = "zh",
    printed_at: dt.datetime | None = None,
    progress: Progress = NULL_PROGRESS,
    basis=None,
) -> Path:
    """``basis``: the run the report reads (a Run or RunInfo: kind, status, started_at)."""
    rctx = report_context(paper, lang, printed_at or dt.datetime.now(dt.UTC))
    title = rctx.labels["report_acceptance"]
    story = acceptance_story(paper, rctx, basis)
    return build_pdf(path, rctx, story, landscape=True, progress=progress, title=title)

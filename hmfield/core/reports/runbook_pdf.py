"""The printable cutover runbook: the paper the night runs on and everyone signs.

A4 landscape. Cover: project, wave, window, point of no return, rollback triggers and who
decides; then participants with roles and phone numbers, open must-fix drill findings, and
the step table (#, step, executor, owner, after, planned start, minutes, actual start, actual
end, result, signature). Printed before the run, the actual/result/signature columns are
blank with tall ruled rows for the pen; printed after a run they carry what happened.
Meaning never relies on colour: gates, milestones and the point of no return are marked in
words, the critical path with a star.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from hmfield.core.progress import NULL_PROGRESS, Progress
from hmfield.core.reports.blocks import heading, para, report_styles
from hmfield.core.reports.document import ReportContext, build_pdf, widths_for
from hmfield.core.reports.labels import Labels
from hmfield.core.reports.labels import labels as base_labels
from hmfield.core.reports.runbook_text import (
    full_time,
    hhmm,
    landscape_cover,
    minutes_text,
    rlabels,
    role_text,
    roles_text,
)
from hmfield.core.reports.tables import data_table
from hmfield.core.runbooks.paper import PaperStep, RunbookPaper

STEP_WEIGHTS = [4, 44, 8, 8, 6, 8, 5, 8, 8, 11, 10]
PEN_COLUMNS = (7, 8, 9, 10)  # actual start, actual end, result, signature
SIGNATURE_COLUMN = 10


def report_context(paper, lang: str, printed_at: dt.datetime) -> ReportContext:
    """Project, wave, print time and zone for every page; the wave under the cover title."""
    base = base_labels(lang)
    sep = "：" if lang == "zh" else ": "
    return ReportContext(
        paper.project_name,
        paper.customer,
        lang,
        printed_at,
        paper.tz,
        subtitle=f"{base['wave']}{sep}{paper.wave_name}",
        wave=paper.wave_name,
    )


def step_title(step: PaperStep, lang: str, lab: Labels) -> str:
    marks = ""
    if step.type in ("gate", "milestone", "validation"):
        marks += lab[f"type_{step.type}"]
    if step.point_of_no_return:
        marks += lab["pnr_mark"]
    return marks + step.title(lang)


def result_text(step: PaperStep, lab: Labels) -> str:
    if step.status is None:
        return ""
    if step.gate_decision:
        text = lab(f"res_{step.gate_decision}", who=step.decided_by or "?")
        return text if step.status == "done" else f"{text} {lab['res_running']}"
    if step.status == "skipped":
        return lab("res_skipped", reason=step.skip_reason)
    return lab[f"res_{step.status}"]


def step_headers(lang: str) -> list[str]:
    lab, base = rlabels(lang), base_labels(lang)
    return [
        base["number"],
        base["step"],
        lab["executor_role"],
        base["owner"],
        lab["predecessors"],
        lab["planned_start"],
        lab["minutes"],
        lab["actual_start"],
        lab["actual_end"],
        base["result"],
        lab["signature"],
    ]


def step_rows(paper: RunbookPaper, lang: str) -> list[list[object]]:
    lab = rlabels(lang)
    tz = paper.tz
    day = bool(
        paper.window_start
        and paper.window_end
        and hhmm(paper.window_start, tz, True)[:5] != hhmm(paper.window_end, tz, True)[:5]
    )
    rows = []
    for s in paper.steps:
        rows.append(
            [
                f"{lab['critical_mark'] if s.critical else ''}{s.number}",
                step_title(s, lang, lab),
                role_text(lab, s.executor_role),
                s.owner,
                s.predecessors,
                hhmm(s.planned_start, tz, with_date=day),
                minutes_text(s.planned_minutes),
                hhmm(s.actual_start, tz),
                hhmm(s.actual_end, tz),
                result_text(s, lab),
                "",
            ]
        )
    return rows


def step_table(paper: RunbookPaper, lang: str, progress: Progress = NULL_PROGRESS) -> Flowable:
    pen = PEN_COLUMNS if paper.run is None else (SIGNATURE_COLUMN,)
    return data_table(
        step_headers(lang),
        step_rows(paper, lang),
        widths_for(STEP_WEIGHTS, landscape=True),
        pen_columns=pen,
        align=[None, None, None, None, None, "center", "right", "center", "center"],
        progress=progress,
    )


def cover_rows(paper: RunbookPaper, lang: str) -> list[tuple[str, str]]:
    lab = rlabels(lang)
    tz = paper.tz
    if paper.window_start and paper.window_end:
        minutes = round((paper.window_end - paper.window_start).total_seconds() / 60)
        window = lab(
            "window_value",
            start=full_time(paper.window_start, tz),
            end=full_time(paper.window_end, tz),
            minutes=minutes,
        )
    else:
        window = lab["no_window"]
    pnr = lab["not_in_plan"]
    if paper.point_of_no_return:
        number, zh, en = paper.point_of_no_return.split("|", 2)
        pnr = lab("pnr_step", number=number, title=zh if lang == "zh" else en)
    return [
        (lab["window"], window),
        (lab["runbook_version"], str(paper.version)),
        (lab["point_of_no_return"], pnr),
        (lab["rollback_triggers"], paper.rollback_triggers or lab["not_in_plan"]),
        (lab["rollback_decision"], paper.rollback_deciders or lab["not_in_plan"]),
    ]


def participants_block(paper: RunbookPaper, lang: str) -> list[Flowable]:
    lab, base = rlabels(lang), base_labels(lang)
    headers = [base["name"], base["role"], base["organisation"], lab["phone"]]
    rows = [[p.name, roles_text(lab, p.roles), p.organisation, p.phone] for p in paper.participants]
    return [
        heading(lab["participants"], 0),
        data_table(headers, rows, widths_for([3, 4, 5, 3], landscape=True), font_size=9),
    ]


def findings_block(paper: RunbookPaper, lang: str) -> list[Flowable]:
    lab, base = rlabels(lang), base_labels(lang)
    out: list[Flowable] = [heading(lab["open_findings"], 0)]
    if not paper.open_findings:
        return [*out, para(lab["no_open_findings"])]
    headers = [lab["finding"], base["host"], base["owner"]]
    rows = [list(f) for f in paper.open_findings]
    return [*out, data_table(headers, rows, widths_for([8, 3, 3], landscape=True), font_size=9)]


def runbook_story(paper: RunbookPaper, rctx: ReportContext, progress: Progress) -> list[Flowable]:
    lang = rctx.lang
    lab = rlabels(lang)
    note = lab["blank_note"]
    if paper.run is not None:
        note = lab(
            "run_note",
            kind=lab[f"run_{paper.run.kind}"],
            status=lab[f"run_{paper.run.status}"],
        )
    story: list[Flowable] = [
        *landscape_cover(rctx, rctx.labels["report_runbook"], cover_rows(paper, lang))
    ]
    story += [para(note, report_styles().small), Spacer(1, 2 * mm)]
    story += participants_block(paper, lang)
    story += findings_block(paper, lang)
    story += [
        heading(lab["steps"], 0),
        para(lab["critical_note"], report_styles().small),
        Spacer(1, 2 * mm),
        step_table(paper, lang, progress),
    ]
    return story


def build_runbook_pdf(
    path: str | os.PathLike[str],
    paper: RunbookPaper,
    lang: str = "zh",
    printed_at: dt.datetime | None = None,
    progress: Progress = NULL_PROGRESS,
) -> Path:
    """Write the runbook PDF (blank pen columns when ``paper.run`` is None)."""
    rctx = report_context(paper, lang, printed_at or dt.datetime.now(dt.UTC))
    story = runbook_story(paper, rctx, progress)
    title = rctx.labels["report_runbook"]
    return build_pdf(path, rctx, story, landscape=True, progress=progress, title=title)

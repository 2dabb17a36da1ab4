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
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, Spacer

from hmfield.core.errors import HmError
from hmfield.core.progress import NULL_PROGRESS, Progress
from hmfield.core.reports.blocks import Signer, heading, para, report_styles, signoff_block
from hmfield.core.reports.document import (
    ReportContext,
    build_pdf,
    frame_width,
    time_header,
    widths_for,
)
from hmfield.core.reports.fonts import register_fonts
from hmfield.core.reports.labels import Labels
from hmfield.core.reports.labels import labels as base_labels
from hmfield.core.reports.runbook_text import (
    full_time,
    hhmm,
    landscape_cover,
    minutes_text,
    predecessors_text,
    rlabels,
    role_text,
    roles_text,
)
from hmfield.core.reports.tables import CELL_PAD_X, data_table
from hmfield.core.runbooks.paper import PaperStep, RunbookPaper
from hmfield.core.runbooks.titles import step_minutes_text

STEP_WEIGHTS = [4, 38, 8, 8, 8, 9, 5, 8, 8, 13, 10]
PEN_COLUMNS = (7, 8, 9, 10)  # actual start, actual end, result, signature
SIGNATURE_COLUMN = 10
TIME_COLUMNS = (5, 7, 8)
MAX_PRINTED_STEPS = 10_000
"""A runbook longer than this (about 500 A4 pages) is refused before any layout work:
nobody runs a night from it; split the wave or use the workbook."""


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
    """The title with its marks in words ("【决策】", "[GO/NO-GO] "): any step type that has a
    ``type_<code>`` label gets it, so new kinds print without a code change."""
    marks = ""
    if step.type != "task":
        marks += lab.get(f"type_{step.type}", "")
    if step.point_of_no_return:
        marks += lab["pnr_mark"]
    if marks and lang != "zh":
        marks += " "
    return marks + step.title(lang)


def result_text(step: PaperStep, lab: Labels) -> str:
    if step.status is None:
        return ""
    if step.gate_decision:
        text = lab(f"res_{step.gate_decision}", who=step.decided_by or "?")
        return text if step.status == "done" else f"{text} {lab['res_running']}"
    if step.status == "skipped":
        return lab("res_skipped", reason=skip_reason_text(step.skip_reason, lab))
    return lab[f"res_{step.status}"]


def skip_reason_text(reason: str, lab: Labels) -> str:
    """A skip reason as written, except the two the run writes itself (in English, as
    data): they print in the document's language."""
    from hmfield.core.runbooks.runs import NOT_NEEDED

    if reason == NOT_NEEDED:
        return lab["skip_not_needed"]
    if reason.startswith("rollback: "):
        return lab("skip_rollback", reason=reason[len("rollback: ") :])
    return reason


def step_headers(lang: str, zone: str | None = None) -> list[str]:
    """Column headers; time columns name ``zone`` (the paper's zone) when given."""
    lab, base = rlabels(lang), base_labels(lang)
    headers = [
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
    if zone:
        for c in TIME_COLUMNS:
            headers[c] = time_header(headers[c], zone)
    return headers


def _who_when(who: str, at, tz: str, lab: Labels, key: str, day: bool = True) -> str:
    return lab(key, who=who, at=hhmm(at, tz, with_date=day)).strip() if who else ""


def step_cell(s: PaperStep, lang: str, lab: Labels, tz: str) -> str:
    """The step cell: the title with its marks, then (one line each) a gate's go/no-go
    criteria, a rollback step's check question, and who changed the planned step by hand."""
    lines = [step_title(s, lang, lab)]
    if s.criteria(lang):
        lines.append(s.criteria(lang))
    if s.check(lang):
        lines.append(lab("check_line", text=s.check(lang)))
    changed = _who_when(s.changed_by, s.changed_at, tz, lab, "changed_line")
    if changed:
        lines.append(changed)
    return "\n".join(lines)


def result_cell(s: PaperStep, lab: Labels, tz: str) -> str:
    """What happened, then who last changed the step's status and when."""
    text = result_text(s, lab)
    who = _who_when(s.status_by, s.status_at, tz, lab, "status_line", day=False)
    return f"{text}\n{who}" if text and who else text


def _spans_days(paper: RunbookPaper) -> bool:
    tz = paper.tz
    return bool(
        paper.window_start
        and paper.window_end
        and hhmm(paper.window_start, tz, True)[:5] != hhmm(paper.window_end, tz, True)[:5]
    )


def step_rows(
    paper: RunbookPaper, lang: str, steps: list[PaperStep] | None = None
) -> list[list[object]]:
    """One row per step; ``steps`` default the cutover path. A rollback step's planned start
    is its minutes after entry (the branch has no clock until a no-go enters it)."""
    lab = rlabels(lang)
    tz = paper.tz
    day = _spans_days(paper)
    rows = []
    for s in paper.steps if steps is None else steps:
        if s.branch and s.after_entry_minutes is not None and s.actual_start is None:
            start = lab("after_entry", minutes=minutes_text(s.after_entry_minutes))
        else:
            start = hhmm(s.planned_start, tz, with_date=day)
        rows.append(
            [
                f"{lab['critical_mark'] if s.critical else ''}{s.number}",
                step_cell(s, lang, lab, tz),
                role_text(lab, s.executor_role),
                s.owner,
                predecessors_text(s.predecessors, lab),
                start,
                step_minutes_text(s.planned_minutes, s.duration_unknown, lang),
                hhmm(s.actual_start, tz),
                hhmm(s.actual_end, tz),
                result_cell(s, lab, tz),
                "",
            ]
        )
    return rows


def step_widths(rows: list[list[object]], font_size: float = 8.0) -> list[float]:
    """Column widths: the number column as wide as its widest "★1234" (never wraps), the
    rest shared by STEP_WEIGHTS."""
    font = register_fonts()
    widest = max((stringWidth(str(r[0]), font, font_size) for r in rows), default=0.0)
    first = max(widest + 2 * CELL_PAD_X + 1.5, widths_for(STEP_WEIGHTS, landscape=True)[0])
    rest = frame_width(landscape=True) - first
    total = float(sum(STEP_WEIGHTS[1:]))
    return [first, *(rest * w / total for w in STEP_WEIGHTS[1:])]


def step_table(
    paper: RunbookPaper,
    lang: str,
    progress: Progress = NULL_PROGRESS,
    steps: list[PaperStep] | None = None,
) -> Flowable:
    rows = step_rows(paper, lang, steps)
    ran = paper.run is not None and any(s.status for s in (paper.steps if steps is None else steps))
    pen = (SIGNATURE_COLUMN,) if ran else PEN_COLUMNS
    return data_table(
        step_headers(lang, paper.tz),
        rows,
        step_widths(rows),
        pen_columns=pen,
        align=[None, None, None, None, None, "center", "right", "center", "center"],
        progress=progress,
    )


def branch_block(paper: RunbookPaper, lang: str) -> list[Flowable]:
    """The rollback branch (seed stage eight): how it is entered, then its steps with the
    seed's check question under each, pen columns for the night it is needed."""
    if not paper.rollback_branch:
        return []
    lab = rlabels(lang)
    out: list[Flowable] = [
        heading(lab["rollback_branch"], 0),
        para(lab["rollback_branch_note"], report_styles().small),
    ]
    rb = paper.run.rollback if paper.run else None
    if rb is not None:
        at, who, reason = rb
        entered = lab(
            "rollback_entered", at=full_time(at, paper.tz), gate=paper.run.entered_from or "?",
            who=who or "?", reason=reason or "—",
        )  # fmt: skip
        out.append(para(entered))
    return [*out, Spacer(1, 2 * mm), step_table(paper, lang, steps=paper.rollback_branch)]


def escalation_block(paper: RunbookPaper, lang: str) -> list[Flowable]:
    """Who is called at which level, with the phone, and when to call them."""
    if not paper.escalation:
        return []
    lab, base = rlabels(lang), base_labels(lang)
    headers = [
        lab["escalation_level"], base["role"], base["name"], base["organisation"],
        lab["phone"], lab["escalation_when"],
    ]  # fmt: skip
    rows = [
        [lab("level_value", level=e.level), role_text(lab, e.role), e.name, e.organisation,
         e.phone, e.when(lang)]
        for e in paper.escalation
    ]  # fmt: skip
    widths = widths_for([2, 4, 3, 5, 4, 12], landscape=True)
    return [heading(lab["escalation"], 0), data_table(headers, rows, widths, font_size=9)]


def plan_notices_block(paper: RunbookPaper, lang: str) -> list[Flowable]:
    """What the lead must know about the plan behind the runbook (late point of no return,
    steps changed since the plan...), before the steps."""
    if not paper.notices:
        return []
    lab = rlabels(lang)
    out: list[Flowable] = [heading(lab["plan_notices"], 0)]
    return out + [para(f"• {n.get(lang) or n.get('zh', '')}") for n in paper.notices]


def announcements_block(paper: RunbookPaper, lang: str) -> list[Flowable]:
    """The stop-business and business-resumed notices as they are published, each with its
    approval line (the seed's stage seven item 3: written, approved, then published)."""
    if not paper.announcements:
        return []
    lab = rlabels(lang)
    styles = report_styles()
    out: list[Flowable] = [
        heading(lab["announcements"], 0),
        para(lab["announcements_note"], styles.small),
    ]
    for i, a in enumerate(paper.announcements):
        if i:  # between notices only: a space after the last one, the document's end, could
            out.append(Spacer(1, 3 * mm))  # fall onto a page of its own and print it blank
        out.append(heading(lab[f"notice_{a.kind}"], 1))
        out += [para(line) for line in a.lines(lang) if line.strip()]
    return out


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
        (lab["planned_length"], paper.length_text(lang)),
        (lab["runbook_version"], str(paper.version)),
        (lab["point_of_no_return"], pnr),
        (lab["rollback_triggers"], paper.rollback_triggers or lab["not_in_plan"]),
        (lab["rollback_decision"], paper.rollback_deciders or lab["not_in_plan"]),
    ]


def participants_block(paper: RunbookPaper, lang: str) -> list[Flowable]:
    lab, base = rlabels(lang), base_labels(lang)
    headers = [base["name"], base["role"], base["organisation"], lab["phone"]]
    rows = [[p.name, roles_text(lab, p.roles), p.organisation, p.phone] for p in paper.participants]
    out: list[Flowable] = [heading(lab["participants"], 0)]
    widths = widths_for([3, 4, 5, 3], landscape=True)
    if not rows:  # nobody named yet: ruled lines tall enough to write them in by hand
        out.append(para(lab["no_participants"], report_styles().small))
        blank = [["", "", "", ""] for _ in range(BLANK_PARTICIPANT_ROWS)]
        out.append(data_table(headers, blank, widths, font_size=9, pen_columns=(0, 1, 2, 3)))
        return out
    out.append(data_table(headers, rows, widths, font_size=9))
    return out


BLANK_PARTICIPANT_ROWS = 6  # the customer, MSP and OneProCloud leads, operator, users


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
    story += escalation_block(paper, lang)
    story += findings_block(paper, lang)
    story += plan_notices_block(paper, lang)
    story += [
        CondPageBreak(60 * mm),
        heading(lab["steps"], 0),
        para(lab["critical_note"] + " " + lab["predecessors_note"], report_styles().small),
        Spacer(1, 2 * mm),
        step_table(paper, lang, progress),
        Spacer(1, 4 * mm),
        CondPageBreak(70 * mm),
        *branch_block(paper, lang),
        Spacer(1, 4 * mm),
        signoff_block(
            rctx,
            runbook_signers(paper.participants, lang),
            title=lab["closing_sign_off"],
            width=frame_width(True) * 0.8,
        ),
        CondPageBreak(90 * mm),
        *announcements_block(paper, lang),
    ]
    return story


SIGNING_ROLES = ("customer", "msp", "oneprocloud")


def runbook_signers(
    participants, lang: str, roles: tuple[str, ...] = SIGNING_ROLES
) -> list[Signer]:
    """Who signs: the named people of the project holding each of ``roles`` (every one of
    them, by name), a blank line for a role nobody holds yet."""
    lab = rlabels(lang)
    out: list[Signer] = []
    for role in roles:
        people = [p for p in participants if role in p.roles]
        out += [Signer(role_text(lab, role), p.name, p.organisation) for p in people]
        if not people:
            out.append(Signer(role_text(lab, role)))
    return out


def check_printable(paper: RunbookPaper) -> None:
    """Refuse, before any layout work, a runbook too long for one printed document."""
    if len(paper.steps) > MAX_PRINTED_STEPS:
        raise HmError(oversized_message(paper.wave_name, len(paper.steps)))


def oversized_message(wave_name: str, steps: int) -> str:
    return (
        f"wave {wave_name} has {steps:,} runbook steps; a printed runbook holds at most "
        f"{MAX_PRINTED_STEPS:,} (about 500 pages), so nothing was printed. Split the wave "
        f"into smaller waves (by business system or move group), or write the .xlsx instead."
    )


def build_runbook_pdf(
    path: str | os.PathLike[str],
    paper: RunbookPaper,
    lang: str = "zh",
    printed_at: dt.datetime | None = None,
    progress: Progress = NULL_PROGRESS,
) -> Path:
    """Write the runbook PDF (blank pen columns when ``paper.run`` is None)."""
    check_printable(paper)
    rctx = report_context(paper, lang, printed_at or dt.datetime.now(dt.UTC))
    story = runbook_story(paper, rctx, progress)
    title = rctx.labels["report_runbook"]
    return build_pdf(path, rctx, story, landscape=True, progress=progress, title=title)

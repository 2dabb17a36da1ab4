"""The runbook, a run, a drill and an acceptance as Excel: what engineers forward by mail,
open in WPS and print.

Runbook workbook: sheet one is the runbook as paper (plan with planned starts, then actual
start, actual end, result and signature: blank before the live run, filled after it), a
drop-down on the result column; with a run, sheet two holds the run: status, actual times,
variances, gate decisions, skip reasons and deviations. Drill workbook: per-host results and
findings. Acceptance workbook: the run it reads, observations and hosts accepted. Headers are
bilingual; times are in the plan's zone, named in every time column's header (Excel has no
zones); every sheet prints on A4 with project, wave and page x of y.
"""

from __future__ import annotations

import os
from pathlib import Path
from zoneinfo import ZoneInfo

from hmfield.core.progress import NULL_PROGRESS, Progress
from hmfield.core.reports.document import time_header
from hmfield.core.reports.labels import Labels
from hmfield.core.reports.labels import labels as base_labels
from hmfield.core.reports.runbook_pdf import SIGNING_ROLES, result_cell, result_text, step_cell
from hmfield.core.reports.runbook_text import rlabels, role_text, step_ranges
from hmfield.core.runbooks.paper import AcceptancePaper, DrillPaper, RunbookPaper
from hmfield.core.runbooks.titles import step_minutes_text
from hmfield.core.workbook import (
    SheetColumn,
    SheetPaper,
    new_workbook,
    save_workbook,
    write_sheet,
)

TIME_KEYS = {
    "planned_start", "actual_start", "actual_end", "decided_at", "launched_at",
    "cleaned_up_at", "observed_at", "boot_verified_at", "status_at", "changed_at",
}  # fmt: skip
WRAP_KEYS = {
    "title_zh", "title_en", "step", "predecessors", "comment", "finding", "notes", "deviation",
    "result", "host", "criteria", "check", "notice_text", "escalation_when",
}  # fmt: skip
NUMBER_FORMATS = {"minutes": "0", "variance": "+0.0;-0.0;0", "count": "0"}


def _cols(specs, zone: str) -> list[SheetColumn]:
    """Columns from (key, labels, width[, choices, format]) tuples; zh and en headers both
    come from the YAML, time columns name ``zone``."""
    out = []
    for key, lab, width, *more in specs:
        zh = lab[key] if lab.lang == "zh" else lab.other(key)
        en = lab[key] if lab.lang == "en" else lab.other(key)
        if key in TIME_KEYS:
            zh, en = time_header(zh, zone), time_header(en, zone)
        choices = more[0] if more else ()
        fmt = more[1] if len(more) > 1 else None
        wrap = key in WRAP_KEYS
        out.append(SheetColumn(key, zh, en, width, choices=choices, number_format=fmt, wrap=wrap))
    return out


def type_word(lab: Labels, code: str) -> str:
    """A step type as a word (``steptype_*`` labels); an unknown type prints as "other"."""
    return lab.get(f"steptype_{code}") or lab["steptype_other"]


def result_choices(lab: Labels) -> list[str]:
    """What the pen writes in the result column (offered as a drop-down)."""
    return [lab[k] for k in ("res_done", "res_pending", "res_running", "result_failed")] + [
        lab["skipped_word"]
    ]


def _paper(paper, lang: str, title: str, print_columns: int | None = None) -> SheetPaper:
    return SheetPaper(paper.project_name, paper.wave_name, title, lang, print_columns=print_columns)


def _plan_columns(lab: Labels, base: Labels, lang: str, tz: str) -> list[SheetColumn]:
    """The runbook sheet's columns: the printed ones first (PRINTED_COLUMNS), then the data
    a workbook user filters on (stream, branch, criteria, who changed what and when)."""
    yes, no = base["answer_yes"], base["answer_no"]
    title_key, other_key = ("title_zh", "title_en") if lang == "zh" else ("title_en", "title_zh")
    return _cols(
        [
            ("number", base, 6, (), "0"),
            (title_key, lab, 44),
            ("type", lab, 8),
            ("executor_role", lab, 10),
            ("owner", base, 9),
            ("predecessors", lab, 10),
            ("planned_start", lab, 15),
            ("minutes", lab, 7, (), "General"),
            ("point_of_no_return", lab, 8, (yes, no)),
            ("actual_start", lab, 15),
            ("actual_end", lab, 15),
            ("result", base, 16, result_choices(lab)),
            ("signature", lab, 12),
            ("key", lab, 16),
            (other_key, lab, 44),
            ("stream", lab, 10),
            ("criteria", lab, 40),
            ("check", lab, 30),
            ("status_by", lab, 12),
            ("status_at", lab, 15),
            ("changed_by", lab, 12),
            ("changed_at", lab, 15),
        ],
        tz,
    )


PRINTED_COLUMNS = 13


def _plan_rows(steps, lab: Labels, base: Labels, lang: str, tz: str, planned, live: bool):
    yes, no = base["answer_yes"], base["answer_no"]
    other = "en" if lang == "zh" else "zh"
    rows = []
    for s in steps:
        start = planned.get(s.key, s.planned_start)
        if s.branch and s.after_entry_minutes is not None and not (live and s.actual_start):
            start = lab("after_entry", minutes=f"{s.after_entry_minutes:g}")
        rows.append(
            [
                s.number, step_cell(s, lang, lab, tz), type_word(lab, s.type),
                role_text(lab, s.executor_role), s.owner, step_ranges(s.predecessors),
                start, _minutes_cell(s, lang), yes if s.point_of_no_return else no,
                s.actual_start if live else None, s.actual_end if live else None,
                result_cell(s, lab, tz) if live else None, None,
                s.key, s.title(other), stream_word(lab, s.stream), s.criteria(lang),
                s.check(lang), s.status_by if live else None, s.status_at if live else None,
                s.changed_by or None, s.changed_at,
            ]
        )  # fmt: skip
    return rows


def _minutes_cell(s, lang: str):
    """The planned minutes as a number, or the word "unknown"/"未知" (never a made-up 0)."""
    if s.duration_unknown:
        return step_minutes_text(s.planned_minutes, True, lang)
    return round(s.planned_minutes, 1)


def stream_word(lab: Labels, code: str) -> str:
    """A step's work stream as a word (``stream_*`` labels); unknown prints as "other"."""
    return lab.get(f"stream_{code}") or lab["steptype_other"] if code else ""


def write_runbook_xlsx(
    path: str | os.PathLike[str],
    paper: RunbookPaper,
    lang: str = "zh",
    progress: Progress = NULL_PROGRESS,
    plan: RunbookPaper | None = None,
) -> Path:
    """``paper`` carries the run's actuals (or none); ``plan`` the planned starts and window
    (default: ``paper``). Sheets: the runbook, the rollback branch, the run (with a run),
    escalation, the two notices and the sign-off."""
    lab, base = rlabels(lang), base_labels(lang)
    tz = ZoneInfo(paper.tz)
    plan = plan or paper
    planned = {s.key: s.planned_start for s in [*plan.steps, *plan.rollback_branch]}
    wb = new_workbook()
    plan_cols = _plan_columns(lab, base, lang, paper.tz)
    live = paper.run is not None and paper.run.kind == "live"
    rows = _plan_rows(paper.steps, lab, base, lang, paper.tz, planned, live)
    if rows:  # the total under the steps: "at least N min, K steps unknown" when it is so
        sep = "：" if lang == "zh" else ": "
        total = plan.length_text(lang)
        rows.append([None, f"{lab['planned_length']}{sep}{total}"] + [None] * (len(rows[0]) - 2))
    title = f"{base['report_runbook']} · {paper.wave_name}"
    write_sheet(
        wb, lab["sheet_runbook"], plan_cols, rows, lang=lang, tz=tz, progress=progress,
        paper=_paper(paper, lang, title, print_columns=PRINTED_COLUMNS),
    )  # fmt: skip
    if paper.rollback_branch:
        branch_rows = _plan_rows(paper.rollback_branch, lab, base, lang, paper.tz, planned, live)
        write_sheet(
            wb, lab["branch_rollback"], plan_cols, branch_rows, lang=lang, tz=tz,
            paper=_paper(paper, lang, lab["rollback_branch"], print_columns=PRINTED_COLUMNS),
        )  # fmt: skip
    if paper.run is not None:
        _run_sheet(wb, paper, lab, base, lang, tz, planned, progress)
    sheet_paper = _paper(paper, lang, title)
    _escalation_sheet(wb, paper, lab, base, lang, sheet_paper)
    _notices_sheet(wb, paper, lab, base, lang, sheet_paper)
    _signoff_sheet(wb, paper.participants, SIGNING_ROLES, lang, sheet_paper)
    return save_workbook(wb, path)


def _run_sheet(wb, paper: RunbookPaper, lab, base, lang: str, tz, planned, progress) -> None:
    run_cols = _cols(
        [
            ("number", base, 7, (), "0"),
            ("step", base, 46),
            ("status", base, 10),
            ("planned_start", lab, 17),
            ("actual_start", lab, 17),
            ("actual_end", lab, 17),
            ("start_variance", lab, 10, (), NUMBER_FORMATS["variance"]),
            ("duration_variance", lab, 10, (), NUMBER_FORMATS["variance"]),
            ("end_variance", lab, 10, (), NUMBER_FORMATS["variance"]),
            ("result", base, 22),
            ("decided_at", lab, 17),
            ("deviation", lab, 30),
            ("status_by", lab, 12),
            ("status_at", lab, 17),
        ],
        paper.tz,
    )
    run_rows = [
        [
            s.number, s.title(lang), lab.get(f"stepstatus_{s.status}", ""),
            planned.get(s.key, s.planned_start), s.actual_start, s.actual_end,
            _round(s.start_variance), _round(s.duration_variance), _round(s.end_variance),
            result_text(s, lab), s.decided_at, s.deviation_note, s.status_by, s.status_at,
        ]
        for s in [*paper.steps, *paper.rollback_branch]
    ]  # fmt: skip
    kind = lab[f"run_{paper.run.kind}"]
    write_sheet(
        wb, lab["sheet_run"], run_cols, run_rows, lang=lang, tz=tz, progress=progress,
        paper=_paper(paper, lang, f"{kind} · {paper.wave_name}"),
    )  # fmt: skip


def _escalation_sheet(wb, paper: RunbookPaper, lab, base, lang: str, sheet_paper) -> None:
    cols = _cols(
        [
            ("escalation_level", lab, 7),
            ("role", base, 14),
            ("name", base, 12),
            ("organisation", base, 18),
            ("phone", lab, 16),
            ("escalation_when", lab, 50),
        ],
        paper.tz,
    )
    rows = [
        [lab("level_value", level=e.level), role_text(lab, e.role), e.name, e.organisation,
         e.phone, e.when(lang)]
        for e in paper.escalation
    ]  # fmt: skip
    write_sheet(wb, lab["sheet_escalation"], cols, rows, lang=lang, paper=sheet_paper)


def _notices_sheet(wb, paper: RunbookPaper, lab, base, lang: str, sheet_paper) -> None:
    """The stop-business and business-resumed notices, one row each, the text to copy."""
    if not paper.announcements:
        return
    yes, no = base["answer_yes"], base["answer_no"]
    cols = _cols(
        [("notice_kind", lab, 16), ("notice_text", lab, 90), ("approved_word", lab, 10, (yes, no))],
        paper.tz,
    )
    rows = [
        [lab[f"notice_{a.kind}"], "\n".join(a.lines(lang)), yes if a.approved else no]
        for a in paper.announcements
    ]
    write_sheet(wb, lab["sheet_notices"], cols, rows, lang=lang, paper=sheet_paper)


def write_drill_xlsx(
    path: str | os.PathLike[str],
    paper: DrillPaper,
    lang: str = "zh",
    progress: Progress = NULL_PROGRESS,
    participants=(),
) -> Path:
    """Per-host drill results (blank rows for the pen before a drill) and the findings."""
    lab, base = rlabels(lang), base_labels(lang)
    tz = ZoneInfo(paper.tz)
    yes, no = base["answer_yes"], base["answer_no"]
    biz = [lab[f"biz_{k}"] for k in ("pass", "fail", "not_tested")]
    cols = _cols(
        [
            ("host", base, 22),
            ("launched_at", lab, 17),
            ("boot_verified", lab, 10, (yes, no)),
            ("boot_verified_at", lab, 17),
            ("business_result", lab, 12, biz),
            ("comment", lab, 36),
            ("evidence", lab, 24),
            ("cleaned_up_at", lab, 17),
            ("signature", lab, 12),
        ],
        paper.tz,
    )
    rows = []
    for host, r in paper.results:
        if r is None:
            rows.append([host, None, None, None, None, None, None, None, None])
            continue
        rows.append(
            [
                host, r.launched_at, yes if r.boot_verified else no, r.boot_verified_at,
                lab[f"biz_{r.business_result}"], r.comment, r.evidence, r.cleaned_up_at, None,
            ]
        )  # fmt: skip
    wb = new_workbook()
    title = f"{base['report_drill']} · {paper.scope}"
    sheet_paper = _paper(paper, lang, title)
    write_sheet(wb, lab["sheet_drill"], cols, rows, lang=lang, tz=tz, progress=progress, paper=sheet_paper)  # fmt: skip
    statuses = [lab[f"fnd_{k}"] for k in ("open", "fixed", "accepted")]
    fcols = _cols(
        [
            ("finding", lab, 50),
            ("host", base, 20),
            ("owner", base, 12),
            ("must_fix", lab, 12, (yes, no)),
            ("status", base, 10, statuses),
        ],
        paper.tz,
    )
    frows = [
        [
            f.title + (f"\n{f.notes}" if f.notes else ""), host, owner,
            yes if f.must_fix_before_cutover else no, lab[f"fnd_{f.status}"],
        ]
        for f, host, owner in paper.findings
    ]  # fmt: skip
    write_sheet(wb, lab["findings"], fcols, frows, lang=lang, tz=tz, paper=sheet_paper)
    _signoff_sheet(wb, participants, ("msp", "customer", "app_user"), lang, sheet_paper)
    return save_workbook(wb, path)


def write_acceptance_xlsx(
    path: str | os.PathLike[str],
    paper: AcceptancePaper,
    lang: str = "zh",
    progress: Progress = NULL_PROGRESS,
    basis=None,
) -> Path:
    """The run it reads (as the PDF says it), stability observations, hosts accepted."""
    from hmfield.core.reports.acceptance_report import basis_text

    lab, base = rlabels(lang), base_labels(lang)
    tz = ZoneInfo(paper.tz)
    yes, no = base["answer_yes"], base["answer_no"]
    wb = new_workbook()
    sheet_paper = _paper(paper, lang, f"{base['report_acceptance']} · {paper.wave_name}")
    hcols = _cols(
        [
            ("host", base, 24),
            ("cut_over", lab, 10, (yes, no)),
            ("problems", lab, 10, (), "0"),
            ("accepted", lab, 10, (yes, no)),
            ("signature", lab, 12),
        ],
        paper.tz,
    )
    hrows = [
        [name, yes if cut else no, problems, yes if ok else no, None]
        for name, cut, problems, ok in paper.hosts
    ]
    hrows.append([basis_text(basis, paper.tz, lang), None, None, None, None])
    write_sheet(wb, lab["hosts_accepted"], hcols, hrows, lang=lang, tz=tz, progress=progress, paper=sheet_paper)  # fmt: skip
    ocols = _cols(
        [
            ("observed_at", lab, 17),
            ("subject", lab, 22),
            ("metric", lab, 18),
            ("notes", base, 40),
            ("result", base, 10, (lab["ok"], lab["not_ok"])),
        ],
        paper.tz,
    )
    orows = [
        [at, subject, metric, note, lab["ok"] if ok else lab["not_ok"]]
        for at, subject, metric, note, ok in paper.observations
    ]
    write_sheet(wb, lab["stability"], ocols, orows, lang=lang, tz=tz, paper=sheet_paper)
    _signoff_sheet(wb, paper.signers, ("customer", "msp", "app_user", "app_operator"), lang, sheet_paper)  # fmt: skip
    return save_workbook(wb, path)


def _signoff_sheet(wb, participants, roles, lang: str, sheet_paper: SheetPaper) -> None:
    """Role, organisation, name, signature, date: the workbook's sign-off, named."""
    from hmfield.core.reports.runbook_pdf import runbook_signers

    base = base_labels(lang)
    cols = _cols(
        [
            ("role", base, 16),
            ("organisation", base, 20),
            ("name", base, 14),
            ("signature", base, 24),
            ("date", base, 14),
        ],
        "",
    )
    rows = [[s.role, s.organisation, s.name, None, None] for s in runbook_signers(participants, lang, roles)]  # fmt: skip
    ws = write_sheet(wb, base["sign_off"], cols, rows, lang=lang, paper=sheet_paper)
    for r in range(3, ws.max_row + 1):
        ws.row_dimensions[r].height = 36


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)

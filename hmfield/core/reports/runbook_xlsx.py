"""The runbook and a run as Excel: what engineers forward by mail and open in WPS.

Sheet one is the runbook (plan with planned starts); with a run, sheet two holds the run:
status, actual times, variances, gate decisions, skip reasons and deviations. Headers are
bilingual; times are shown in the plan's zone (Excel has none).
"""

from __future__ import annotations

import os
from pathlib import Path
from zoneinfo import ZoneInfo

from hmfield.core.progress import NULL_PROGRESS, Progress
from hmfield.core.reports.labels import labels as base_labels
from hmfield.core.reports.runbook_pdf import result_text
from hmfield.core.reports.runbook_text import rlabels
from hmfield.core.runbooks.paper import RunbookPaper
from hmfield.core.workbook import SheetColumn, new_workbook, save_workbook, write_sheet


def _cols(specs) -> list[SheetColumn]:
    """Columns from (key, labels) pairs; zh and en headers both come from the YAML."""
    out = []
    for key, lab, width in specs:
        zh = lab[key] if lab.lang == "zh" else lab.other(key)
        en = lab[key] if lab.lang == "en" else lab.other(key)
        out.append(SheetColumn(key, zh, en, width))
    return out


def write_runbook_xlsx(
    path: str | os.PathLike[str],
    paper: RunbookPaper,
    lang: str = "zh",
    progress: Progress = NULL_PROGRESS,
) -> Path:
    lab, base = rlabels(lang), base_labels(lang)
    tz = ZoneInfo(paper.tz)
    wb = new_workbook()
    plan_cols = _cols(
        [
            ("number", base, 6),
            ("key", lab, 18),
            ("title_zh", lab, 50),
            ("title_en", lab, 50),
            ("type", lab, 10),
            ("stream", lab, 12),
            ("executor_role", lab, 12),
            ("owner", base, 10),
            ("predecessors", lab, 10),
            ("planned_start", lab, 16),
            ("minutes", lab, 8),
            ("point_of_no_return", lab, 8),
        ]
    )
    yes, no = base["answer_yes"], base["answer_no"]
    rows = [
        [
            s.number, s.key, s.title_zh, s.title_en, s.type, "", s.executor_role, s.owner,
            s.predecessors, s.planned_start, s.planned_minutes, yes if s.point_of_no_return else no,
        ]
        for s in paper.steps
    ]  # fmt: skip
    write_sheet(wb, lab["sheet_runbook"], plan_cols, rows, lang=lang, tz=tz, progress=progress)
    if paper.run is not None:
        run_cols = _cols(
            [
                ("number", base, 6),
                ("step", base, 50),
                ("status", base, 10),
                ("planned_start", lab, 16),
                ("actual_start", lab, 16),
                ("actual_end", lab, 16),
                ("start_variance", lab, 10),
                ("duration_variance", lab, 10),
                ("end_variance", lab, 10),
                ("result", base, 24),
                ("decided_at", lab, 16),
                ("deviation", lab, 30),
            ]
        )
        run_rows = [
            [
                s.number, s.title(lang), s.status, s.planned_start, s.actual_start, s.actual_end,
                _round(s.start_variance), _round(s.duration_variance), _round(s.end_variance),
                result_text(s, lab), s.decided_at, s.deviation_note,
            ]
            for s in paper.steps
        ]  # fmt: skip
        write_sheet(wb, lab["sheet_run"], run_cols, run_rows, lang=lang, tz=tz, progress=progress)
    return save_workbook(wb, path)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)

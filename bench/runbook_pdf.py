"""Benchmark: the printable runbook of a 500-step wave, and the live forecast for 500 steps.

1. ``build_runbook_pdf`` (cover, participants, findings, the step table with blank pen
   columns, the closing sign-off, page furniture) beside bare reportlab drawing the same
   step cells (a LongTable of exactly the strings our table prints, lines already broken
   by the typesetter, with the same row heights, same font, A4 landscape) in the same run.
   Goal: at most 1.3x.
2. The live screen's per-tick work: ``LiveSnapshot.forecast`` on a mid-run 500-step run.
   Goal: < 20 ms.

The last line prints the PDF ratio ours/bare.
Run: ``.venv/bin/python bench/runbook_pdf.py [repeats]``
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.platypus import BaseDocTemplate, Frame, LongTable, PageTemplate, TableStyle

from hmfield.core.model.runbook import Run, RunStep
from hmfield.core.reports.document import MARGIN_BOTTOM, MARGIN_TOP, MARGIN_X
from hmfield.core.reports.fonts import FONT_NAME, register_fonts
from hmfield.core.reports.runbook_pdf import build_runbook_pdf, step_table
from hmfield.core.runbooks import compile_runbook, generate_runbook, plan_schedule
from hmfield.core.runbooks.paper import PaperStep, Participant, RunbookPaper
from hmfield.core.runbooks.runs import LiveSnapshot
from hmfield.core.runbooks.service import spec_row, step_spec

T0 = datetime(2026, 12, 19, 14, 0, tzinfo=UTC)


def specs():
    """21 systems x ~7 hosts: 8 fixed + 2 x 21 per system + 3 x 150 per host = 500 steps."""
    systems = [f"核心系统{s:02d}" for s in range(21)]
    hosts = [(f"h{i:03d}", f"app-srv-{i:03d}", systems[i % 21]) for i in range(150)]
    minutes = {k: {"sync": 20 + (i * 7) % 60} for i, (k, _, _) in enumerate(hosts)}
    people = {"msp": "李敏", "customer": "王建国", "app_operator": "陈涛", "app_user": "赵丽"}
    return generate_runbook("W01", hosts, systems, people, {"host_minutes": minutes})


def paper(steps) -> RunbookPaper:
    plan = plan_schedule(steps, T0)
    number = {s.key: s.number for s in steps}
    rows = [
        PaperStep(
            s.number, s.key, s.title["zh"], s.title["en"], s.executor_role, s.owner,
            ", ".join(str(number[p]) for p in s.predecessors), plan[s.key][0],
            s.planned_minutes, str(s.type), s.point_of_no_return, s.number % 5 == 0,
        )
        for s in steps
    ]  # fmt: skip
    people = [Participant("王建国", ("customer",), "华东商业银行", "138 0000 1001")]
    return RunbookPaper(
        "基准项目", "客户", "W01", "Asia/Shanghai", T0, T0 + timedelta(hours=8), 1, people,
        "核心交易验证失败", "王建国", "", [], rows,
    )  # fmt: skip


def bare(path: Path, headers, rows, heights, widths) -> None:
    """The same cells with reportlab alone (the floor any runbook table can reach): the
    strings our table prints, rows as tall as ours, no cover, no page furniture."""
    table = LongTable(
        [headers, *rows],
        colWidths=widths,
        rowHeights=heights,
        repeatRows=1,
    )
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT_NAME, 8, 10.4),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("GRID", (0, 0), (-1, -1), 0.4, "black"),
            ]
        )
    )
    size = landscape(A4)
    doc = BaseDocTemplate(str(path), pagesize=size)
    frame = Frame(MARGIN_X, MARGIN_BOTTOM, size[0] - 2 * MARGIN_X,
                  size[1] - MARGIN_TOP - MARGIN_BOTTOM, 0, 0, 0, 0)  # fmt: skip
    doc.addPageTemplates([PageTemplate(frames=[frame], pagesize=size)])
    doc.build([table])


def forecast_ms(steps, calls: int = 200) -> float:
    """Median ms of one live-screen forecast on a mid-run snapshot (states already built)."""
    plan = plan_schedule(steps, T0)
    now = T0 + timedelta(hours=3)
    rows = []
    for i, s in enumerate(steps):
        start, end = plan[s.key]
        late = timedelta(minutes=i % 4)
        row = RunStep(run_id="r", **spec_row(s))
        if end + late <= now:
            row.status, row.started_at, row.ended_at = "done", start + late, end + late
        elif start + late <= now:
            row.status, row.started_at = "running", start + late
        rows.append(row)
    run = Run(runbook_id="b", window_start=T0, window_end=T0 + timedelta(hours=8))
    compiled = compile_runbook([step_spec(r) for r in rows])
    snap = LiveSnapshot(run, rows, compiled, T0, T0 + timedelta(hours=8))
    times = []
    for k in range(calls):
        t = time.perf_counter()
        snap.forecast(now + timedelta(seconds=k))
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main() -> None:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    register_fonts()
    steps = specs()
    assert len(steps) >= 500, len(steps)  # the generator adds per-group and rollback steps
    p = paper(steps)
    cells = step_table(p, "zh")  # what our table prints, cell by cell
    headers, rows = cells.header, cells.rows
    heights = [cells.header_height, *cells.heights]
    best_bare = best_ours = float("inf")
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(repeats):
            t = time.perf_counter()
            bare(Path(tmp) / "bare.pdf", headers, rows, heights, cells.col_widths)
            best_bare = min(best_bare, time.perf_counter() - t)
            t = time.perf_counter()
            build_runbook_pdf(Path(tmp) / "ours.pdf", p, "zh", T0)
            best_ours = min(best_ours, time.perf_counter() - t)
    ms = forecast_ms(steps)
    print(f"steps={len(steps)} repeats={repeats} (best of)")
    print(f"bare reportlab table : {best_bare:.3f} s")
    print(f"hmfield runbook PDF  : {best_ours:.3f} s (cover, participants, pen columns)")
    print(f"live forecast 500 steps: {ms:.2f} ms median (goal < 20 ms)")
    print(f"ratio ours/bare: {best_ours / best_bare:.2f}")


if __name__ == "__main__":
    main()

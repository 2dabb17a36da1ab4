"""The migration plan as an Excel workbook: the same content as the PDF, one sheet per table,
bilingual headers (report language first), safe against formula injection (shared xlsx helper).
"""

from __future__ import annotations

import os
from pathlib import Path

from hmfield.core.context import ServiceContext
from hmfield.core.progress import NULL_PROGRESS, Progress
from hmfield.core.reports.labels import Labels
from hmfield.core.reports.plan_content import PlanContent, ReportTable, gather
from hmfield.core.workbook import SheetColumn, new_workbook, save_workbook, write_sheet


def _columns(keys: list[str], lab: Labels, other: Labels) -> list[SheetColumn]:
    zh, en = (lab, other) if lab.lang == "zh" else (other, lab)
    return [SheetColumn(f"c{i}", zh[k], en[k]) for i, k in enumerate(keys)]


def plan_workbook(content: PlanContent, other: Labels, progress: Progress = NULL_PROGRESS):
    lab = content.lab
    wb = new_workbook()

    def sheet(name: str, keys: list[str], table: ReportTable | list) -> None:
        rows = table.rows if isinstance(table, ReportTable) else table
        write_sheet(
            wb, lab[name], _columns(keys, lab, other), rows, lang=lab.lang, progress=progress
        )

    sheet(
        "sheet_hosts",
        ["host", "ip", "os", "system", "platform", "verdict", "mode", "alternative", "wave"],
        content.hosts,
    )
    sheet(
        "sheet_objects",
        ["object", "kind", "size_gib", "system", "tool", "plan", "status"],
        content.objects,
    )
    sheet(
        "sheet_deps",
        ["dep_from", "dep_to", "kind", "port", "criticality", "wave", "wave", "check"],
        content.deps,
    )
    sheet(
        "sheet_waves",
        [
            "wave",
            "order",
            "hosts",
            "systems",
            "data_gib",
            "drill_window",
            "cutover_window",
            "status",
        ],
        content.waves,
    )
    windows = [*content.windows.rows]
    for name, lines in content.window_lines:
        windows += [[name, "", "", "", "", "", line] for line in lines]
    sheet(
        "sheet_windows",
        ["wave", "hosts", "cutover_window", "window_min", "needed_min", "slack_pct", "feasibility"],
        windows,
    )
    sheet("sheet_findings", ["severity", "message"], content.order_findings)
    sheet(
        "sheet_risks",
        ["risk", "category", "likelihood", "impact", "score", "mitigation", "owner", "status"],
        content.risks,
    )
    rollback = [[name, k, v] for name, pairs in content.rollbacks for k, v in pairs]
    sheet("sheet_rollback", ["wave", "field", "value"], rollback)
    sheet(
        "sheet_drills",
        ["system", "scope", "method", "verification", "planned_date"],
        content.drills,
    )
    network = [[k, v] for k, v in content.network] + [
        [lab["s4_bandwidth"], line] for line in content.bandwidth_lines
    ]
    network += [
        [f"{lab['wave']} {r[0]}", f"{r[1]} / {r[2]} GiB / {r[3]} h"]
        for r in content.sync_table.rows
    ]
    sheet("sheet_network", ["field", "value"], network)
    sheet("sheet_proxies", ["platform", "agentless_hosts", "proxies_needed"], content.proxies)
    return wb


def build_plan_xlsx(
    ctx: ServiceContext,
    path: str | os.PathLike[str],
    lang: str = "zh",
    progress: Progress = NULL_PROGRESS,
) -> Path:
    from hmfield.core.reports.plan_content import plan_labels

    content = gather(ctx, lang, progress)
    other = plan_labels("en" if lang == "zh" else "zh")
    return save_workbook(plan_workbook(content, other, progress), path)

"""The migration plan as an Excel workbook: the same content as the PDF, one sheet per table,
bilingual headers (report language first), safe against formula injection (shared xlsx helper).
Figures are numbers (sortable, summable), status columns offer their words as a drop-down,
and every sheet prints on A4 with the project and page x of y.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from hmfield.core.context import ServiceContext
from hmfield.core.progress import NULL_PROGRESS, Progress
from hmfield.core.reports.labels import Labels
from hmfield.core.reports.plan.plan_content import WAVE_COLUMNS, PlanContent, ReportTable, gather
from hmfield.core.reports.plan.plan_sections import plan_signers
from hmfield.core.workbook import SheetColumn, SheetPaper, new_workbook, save_workbook, write_sheet

NUMBER_KEYS = {
    "order": "0", "hosts": "#,##0", "size_gib": "#,##0.0", "data_gib": "#,##0.0",
    "window_min": "#,##0", "needed_min": "#,##0", "slack_pct": "0.0", "likelihood": "0",
    "impact": "0", "score": "0", "agentless_hosts": "#,##0", "proxies_needed": "#,##0",
    "full_sync_h": "#,##0.0", "criticality": "0",
}  # fmt: skip
STATUS_PREFIXES = {"status": ("wavestatus_", "riskstatus_", "objstatus_")}


def as_number(text: object) -> object:
    """``"3,629.4"`` -> 3629.4, ``"11"`` -> 11; anything else unchanged (blank stays blank)."""
    if not isinstance(text, str):
        return text
    raw = text.replace(",", "").replace(" ", "").rstrip("%")
    try:
        value = float(raw)
    except ValueError:
        return text if text else None
    return int(value) if value.is_integer() and "." not in raw else value


def _columns(keys: list[str], lab: Labels, other: Labels, choices=None) -> list[SheetColumn]:
    zh, en = (lab, other) if lab.lang == "zh" else (other, lab)
    return [
        SheetColumn(
            f"c{i}", zh[k], en[k], choices=(choices or {}).get(k, ()),
            number_format=NUMBER_KEYS.get(k),
        )
        for i, k in enumerate(keys)
    ]  # fmt: skip


def _status_words(lab: Labels, prefix: str) -> list[str]:
    return [lab[k] for k in lab if k.startswith(prefix)]


class _Sheets:
    """Writes one plan table as a sheet of the workbook: figures as numbers, a status
    column's words as its drop-down, the report's paper set-up."""

    def __init__(self, content: PlanContent, other: Labels, progress: Progress):
        self.lab, self.other, self.progress = content.lab, other, progress
        self.wb = new_workbook()
        self.paper = SheetPaper(content.project_name, "", self.lab["title"], self.lab.lang)

    def __call__(self, name: str, keys: list[str], table: ReportTable | list, status: str = ""):
        lab = self.lab
        rows = table.rows if isinstance(table, ReportTable) else table
        numeric = [i for i, k in enumerate(keys) if k in NUMBER_KEYS]
        if numeric:
            rows = [[as_number(v) if i in numeric else v for i, v in enumerate(r)] for r in rows]
        choices = {"status": _status_words(lab, status)} if status else None
        write_sheet(
            self.wb, lab[name], _columns(keys, lab, self.other, choices), rows, lang=lab.lang,
            progress=self.progress, paper=self.paper,
        )  # fmt: skip


def plan_workbook(content: PlanContent, other: Labels, progress: Progress = NULL_PROGRESS):
    sheets = _Sheets(content, other, progress)
    for part in (_scope_sheets, _wave_sheets, _risk_sheets, _resource_sheets, _signoff_sheet):
        part(sheets, content)
    return sheets.wb


def _scope_sheets(sheet: _Sheets, content: PlanContent) -> None:
    """What moves: hosts, other objects, what stays, what needs more, the dependencies."""
    sheet(
        "sheet_hosts",
        ["host", "ip", "os", "system", "platform", "verdict", "mode", "alternative", "wave"],
        content.hosts,
    )
    sheet(
        "sheet_objects",
        ["object", "kind", "size_gib", "system", "tool", "plan", "status"],
        content.objects,
        "objstatus_",
    )
    if content.out_of_scope is not None:
        keys = ["host", "system", "data_gib", "scope_reason", "scope_note"]
        sheet("sheet_out_of_scope", keys, content.out_of_scope)
    if content.needs is not None:
        sheet("sheet_needs", ["host", "verdict", "needs_what", "alternative"], content.needs)
    sheet(
        "sheet_deps",
        ["dep_from", "dep_to", "kind", "port", "criticality", "wave", "wave", "check"],
        content.deps,
    )


def _wave_sheets(sheet: _Sheets, content: PlanContent) -> None:
    """The waves, their cutover windows against the time needed, the order findings."""
    sheet("sheet_waves", list(WAVE_COLUMNS), content.waves, "wavestatus_")
    windows = [*content.windows.rows]
    for name, lines in content.window_lines:
        windows += [[name, "", "", "", "", "", line] for line in lines]
    sheet(
        "sheet_windows",
        ["wave", "hosts", "cutover_window", "window_min", "needed_min", "slack_pct", "feasibility"],
        windows,
    )
    findings = content.order_findings
    if content.policy_line:  # the policy the waves were proposed with, first
        findings = replace(findings, rows=[["", content.policy_line], *findings.rows])
    sheet("sheet_findings", ["severity", "message"], findings)


def _risk_sheets(sheet: _Sheets, content: PlanContent) -> None:
    """Risks, each wave's rollback plan, the drills."""
    sheet(
        "sheet_risks",
        ["risk", "category", "likelihood", "impact", "score", "mitigation", "owner", "status"],
        content.risks,
        "riskstatus_",
    )
    rollback = [[name, k, v] for name, pairs in content.rollbacks for k, v in pairs]
    sheet("sheet_rollback", ["wave", "field", "value"], rollback)
    sheet(
        "sheet_drills",
        ["system", "scope", "method", "verification", "planned_date"],
        content.drills,
    )


def _resource_sheets(sheet: _Sheets, content: PlanContent) -> None:
    """Network and bandwidth, proxies, target components, stage readiness, network access."""
    lab = content.lab
    network = [[k, v] for k, v in content.network] + [
        [lab["s4_bandwidth"], line] for line in content.bandwidth_lines
    ]
    network += [
        [f"{lab['wave']} {r[0]}", f"{r[1]} / {r[2]} GiB / {r[3]} h"]
        for r in content.sync_table.rows
    ]
    sheet("sheet_network", ["field", "value"], network)
    sheet("sheet_proxies", ["platform", "agentless_hosts", "proxies_needed"], content.proxies)
    if content.components is not None:
        rows = [*content.components.rows]
        rows += [[lab["s4_components"], "", line, ""] for line in content.component_lines]
        sheet("sheet_components", ["component", "count", "spec", "fact_source"], rows)
    if content.readiness is not None:
        keys = ["stage", "items_done", "items_running", "state", "blocked_items"]
        sheet("sheet_readiness", keys, content.readiness)
    if content.access is not None:
        keys = ["net_from", "net_to", "purpose", "port", "applies", "fact_source"]
        sheet("sheet_access", keys, content.access)


def _signoff_sheet(sheet: _Sheets, content: PlanContent) -> None:
    """Who signs the plan, with rows tall enough for a signature."""
    signers = plan_signers(content.participants, content.lang)
    sign_rows = [[s.role, s.organisation, s.name, None, None] for s in signers]
    sheet("sheet_signoff", ["role", "organisation", "name", "signature", "date"], sign_rows)
    ws = sheet.wb[content.lab["sheet_signoff"]]
    for r in range(3, ws.max_row + 1):
        ws.row_dimensions[r].height = 36


def build_plan_xlsx(
    ctx: ServiceContext,
    path: str | os.PathLike[str],
    lang: str = "zh",
    progress: Progress = NULL_PROGRESS,
) -> Path:
    from hmfield.core.reports.plan.plan_content import plan_labels

    content = gather(ctx, lang, progress)
    other = plan_labels("en" if lang == "zh" else "zh")
    return save_workbook(plan_workbook(content, other, progress), path)

"""Every printout the app offers, in one place for the CLI (``hmfield report``) and the
Reports screen: which formats, which options, and one function that writes it."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from hmfield.core.context import ServiceContext
from hmfield.core.errors import HmError
from hmfield.core.progress import NULL_PROGRESS, Progress


@dataclass(frozen=True)
class ReportKind:
    code: str
    label_zh: str
    label_en: str
    formats: tuple[str, ...]  # suffixes without the dot
    needs_wave: bool = False
    checklist_options: bool = False  # --phase / --scenario

    def label(self, lang: str) -> str:
        return self.label_zh if lang.startswith("zh") else self.label_en


KINDS: dict[str, ReportKind] = {
    k.code: k
    for k in (
        ReportKind("plan", "迁移方案", "Migration plan", ("pdf", "xlsx")),
        ReportKind("checklist", "检查表", "Checklists", ("pdf", "xlsx"), checklist_options=True),
        ReportKind("runbook", "割接执行手册", "Cutover runbook", ("pdf", "xlsx"), needs_wave=True),
        ReportKind("drill", "演练报告", "Drill report", ("pdf", "xlsx"), needs_wave=True),
        ReportKind("cutover", "割接报告", "Cutover report", ("pdf", "xlsx"), needs_wave=True),
        ReportKind("acceptance", "验收报告", "Acceptance report", ("pdf", "xlsx"), needs_wave=True),
        ReportKind("stability", "稳定性观察报告", "Stability report", ("pdf",), needs_wave=True),
        ReportKind("final_acceptance", "迁移完成验收报告", "Final acceptance report", ("pdf",)),
    )
}


def write_report(
    ctx: ServiceContext,
    kind: str,
    output: str | os.PathLike[str],
    *,
    lang: str = "zh",
    wave: str | None = None,
    phase: str | None = None,
    scenario: str | None = None,
    progress: Progress = NULL_PROGRESS,
) -> Path:
    """Write report ``kind`` to ``output`` (.pdf or .xlsx) and return the path."""
    spec = KINDS.get(kind)
    if spec is None:
        raise HmError(f"unknown report kind '{kind}'; use one of {', '.join(KINDS)}")
    suffix = Path(output).suffix.lower().lstrip(".")
    if suffix not in spec.formats:
        raise HmError(
            f"the {kind} report is written as {' or '.join('.' + f for f in spec.formats)}; "
            f"name the output accordingly"
        )
    if kind == "plan":
        from hmfield.core.reports.plan.plan_report import write_plan_report

        return write_plan_report(ctx, output, lang=lang, progress=progress)
    if kind == "checklist":
        from zoneinfo import ZoneInfo

        from hmfield.core.runbooks.paper import report_tz

        zone = ZoneInfo(report_tz(ctx))  # the project's zone, like the plan and runbooks
        if suffix == "xlsx":
            if phase or scenario:
                raise HmError("the Excel checklist holds every item; phase/scenario are for PDF")
            from hmfield.core.reports.checklist_xlsx import checklist_xlsx

            return checklist_xlsx(ctx, output, lang=lang, tz=zone, progress=progress)
        from hmfield.core.reports.checklist_pdf import checklist_pdf

        return checklist_pdf(
            ctx, output, phase=phase, scenario=scenario, lang=lang, tz=zone, progress=progress
        )
    if kind in ("stability", "final_acceptance"):
        from hmfield.core.reports.stability_report import write_operate_report

        return write_operate_report(ctx, kind, output, lang=lang, wave=wave, progress=progress)
    from hmfield.core.reports.runbook_reports import write_runbook_report

    return write_runbook_report(ctx, kind, wave, output, lang, progress)

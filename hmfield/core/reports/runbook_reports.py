"""One entry for the runbook family of printouts (CLI ``hmfield report`` and the GUI).

Kinds: ``runbook`` (blank pen columns before any run, actuals after), ``cutover`` (the
report of the live run, else the latest rehearsal; refused without a run), ``drill``
and ``acceptance``. ``.xlsx`` output is offered for runbook and cutover.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from hmfield.core.context import ServiceContext
from hmfield.core.errors import HmError
from hmfield.core.progress import NULL_PROGRESS, Progress
from hmfield.core.runbooks.paper import (
    acceptance_paper,
    drill_paper,
    latest_run,
    report_run,
    runbook_paper,
)
from hmfield.core.runbooks.service import RunbookService

KINDS = ("runbook", "cutover", "drill", "acceptance")


def pick_wave(ctx: ServiceContext, ref: str | None):
    """The wave named by ``ref`` (order number, name or id); without one, the only wave."""
    svc = RunbookService(ctx)
    if ref:
        return svc.wave(ref)
    waves = svc.waves()
    if len(waves) == 1:
        return waves[0]
    names = ", ".join(f"{w.order + 1} {w.name}" for w in waves) or "none yet (plan them first)"
    raise HmError(f"name the wave with --wave; the waves are: {names}")


def write_runbook_report(
    ctx: ServiceContext,
    kind: str,
    wave_ref: str | None,
    output: str | os.PathLike[str],
    lang: str = "zh",
    progress: Progress = NULL_PROGRESS,
    printed_at: dt.datetime | None = None,
) -> Path:
    if kind not in KINDS:
        raise HmError(f"unknown report kind '{kind}'; use one of {', '.join(KINDS)}")
    out = Path(output)
    xlsx = out.suffix.lower() == ".xlsx"
    if xlsx and kind not in ("runbook", "cutover"):
        raise HmError(f"the {kind} report is a PDF; name the output .pdf")
    wave = pick_wave(ctx, wave_ref)
    printed = printed_at or ctx.clock.now()
    if kind in ("runbook", "cutover"):
        run = report_run(ctx, wave) if kind == "cutover" else _finished_run(ctx, wave)
        paper = runbook_paper(ctx, wave, run)
        if xlsx:
            from hmfield.core.reports.runbook_xlsx import write_runbook_xlsx

            return write_runbook_xlsx(out, paper, lang, progress)
        if kind == "cutover":
            from hmfield.core.reports.cutover_report import build_cutover_pdf

            return build_cutover_pdf(out, paper, lang, printed, progress)
        from hmfield.core.reports.runbook_pdf import build_runbook_pdf

        return build_runbook_pdf(out, paper, lang, printed, progress)
    if kind == "drill":
        from hmfield.core.reports.drill_report import build_drill_pdf

        return build_drill_pdf(out, drill_paper(ctx, wave), lang, printed, progress)
    from hmfield.core.reports.acceptance_report import build_acceptance_pdf

    return build_acceptance_pdf(out, acceptance_paper(ctx, wave), lang, printed, progress)


def _finished_run(ctx: ServiceContext, wave):
    """The runbook printout carries actuals only from a live run (rehearsals stay blank)."""
    run = latest_run(ctx, wave)
    return run if run is not None and run.kind == "live" else None

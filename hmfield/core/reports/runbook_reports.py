"""One entry for the runbook family of printouts (CLI ``hmfield report`` and the GUI).

Kinds: ``runbook`` (blank pen columns before any run, actuals after the live run),
``cutover`` (the report of the live run, else the latest rehearsal, titled as what it is;
a wave without any run is refused with a message), ``drill`` and ``acceptance`` (which
names the run it reads). Every kind is offered as .pdf and .xlsx.
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
    participants,
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
    wave = pick_wave(ctx, wave_ref)
    printed = printed_at or ctx.clock.now()
    if kind in ("runbook", "cutover"):
        if not xlsx:
            refuse_oversized(ctx, wave)
        run = report_run(ctx, wave) if kind == "cutover" else _finished_run(ctx, wave)
        paper = runbook_paper(ctx, wave, run)
        plan = runbook_paper(ctx, wave, None) if run is not None else paper
        if xlsx:
            from hmfield.core.reports.runbook_xlsx import write_runbook_xlsx

            return write_runbook_xlsx(out, paper, lang, progress, plan=plan)
        if kind == "cutover":
            from hmfield.core.reports.cutover_report import build_cutover_pdf

            return build_cutover_pdf(out, paper, lang, printed, progress, plan=plan)
        from hmfield.core.reports.runbook_pdf import build_runbook_pdf

        return build_runbook_pdf(out, paper, lang, printed, progress)
    if kind == "drill":
        drill = drill_paper(ctx, wave)
        if xlsx:
            from hmfield.core.reports.runbook_xlsx import write_drill_xlsx

            return write_drill_xlsx(out, drill, lang, progress, participants(ctx))
        from hmfield.core.reports.drill_report import build_drill_pdf

        return build_drill_pdf(out, drill, lang, printed, progress, participants(ctx))
    acceptance = acceptance_paper(ctx, wave)
    basis = run_basis(ctx, wave)
    if xlsx:
        from hmfield.core.reports.runbook_xlsx import write_acceptance_xlsx

        return write_acceptance_xlsx(out, acceptance, lang, progress, basis=basis)
    from hmfield.core.reports.acceptance_report import build_acceptance_pdf

    return build_acceptance_pdf(out, acceptance, lang, printed, progress, basis=basis)


def refuse_oversized(ctx: ServiceContext, wave) -> None:
    """Before any work: a saved runbook longer than one printed document can hold is refused
    with the message the printer would give (an unsaved one is checked before layout)."""
    from hmfield.core.reports.runbook_pdf import MAX_PRINTED_STEPS, oversized_message

    svc = RunbookService(ctx)
    runbook = svc.for_wave(wave.id)
    if runbook is None:
        return
    count = len(svc.steps(runbook.id))
    if count > MAX_PRINTED_STEPS:
        raise HmError(oversized_message(wave.name or f"#{wave.order + 1}", count))


def run_basis(ctx: ServiceContext, wave):
    """The run the acceptance report reads, as the cutover report would pick it: the live
    run, else the latest rehearsal (then nothing is cut over and the report says why)."""
    return latest_run(ctx, wave)


def _finished_run(ctx: ServiceContext, wave):
    """The runbook printout carries actuals only from a live run (rehearsals stay blank)."""
    run = latest_run(ctx, wave)
    return run if run is not None and run.kind == "live" else None

"""What the Waves screen shows, read in one go: plain data, so that at 10,000 hosts it is read
on the job helper's thread while the window keeps painting, and kept across visits.

Why its own module: the screen used to read the plan inputs three times per refresh (its own
list, the calendar, the live warnings) and on every visit; one read feeds all three, and the
change stamp read first tells a later visit whether anything changed since.
"""

from __future__ import annotations

from dataclasses import dataclass

from hmfield.core.operate.periods import ObservationService
from hmfield.core.plan.calendar import TransferCalendar, read_calendar
from hmfield.core.plan.figures import wave_feasibility
from hmfield.core.plan.inputs import PlanInputs
from hmfield.core.plan.messages import preload as preload_messages
from hmfield.core.plan.timing import plan_timing
from hmfield.core.progress import NULL_PROGRESS, Progress
from hmfield.core.project.status import change_stamp
from hmfield.gui.models.plan_models import WaveRow

__all__ = ["WavesData", "empty_inputs", "gather_waves"]


@dataclass
class WavesData:
    stamp: int  # change_stamp before the read: any later change makes the data stale
    inputs: PlanInputs
    rows: list[WaveRow]
    calendar: TransferCalendar
    findings: list  # PlanFinding: the live warnings of the stored plan
    windows: list  # ObservationWindow per wave with a cutover: the Gantt's observation bars


def gather_waves(planning, progress: Progress = NULL_PROGRESS) -> WavesData:
    """Read the plan once and compute the wave list, the calendar and the warnings."""
    ctx = planning.ctx
    stamp = change_stamp(ctx)
    progress.report(0, 4, "reading the plan")
    inputs = planning.inputs()
    progress.check()
    counts: dict[str, int] = {}
    for h in inputs.hosts.values():
        if h.wave_id:
            counts[h.wave_id] = counts.get(h.wave_id, 0) + 1
    progress.report(1, 4, "checking the waves")
    windows = ObservationService(ctx).windows()
    days = {x.wave_id: x.days for x in windows}
    timing = plan_timing(inputs)  # every wave timed once: the rows and the calendar
    rows = [
        WaveRow(w, counts.get(w.id, 0), wave_feasibility(inputs, w, timing), days.get(w.id))
        for w in inputs.waves
    ]
    progress.check()
    progress.report(2, 4, "building the transfer calendar")
    calendar = read_calendar(ctx, inputs, timing)
    progress.check()
    progress.report(3, 4, "checking dependencies across waves")
    findings = planning.check_assignment(inputs=inputs) if inputs.waves else []
    preload_messages()  # the screen words the findings and the window check on the GUI thread
    progress.report(4, 4, "")
    return WavesData(stamp, inputs, rows, calendar, findings, windows)


def empty_inputs(planning) -> PlanInputs:
    """Plan inputs with nothing but the settings (one row read): what a large project's screen
    holds until the job helper brings the real ones."""
    return PlanInputs(
        hosts={},
        objects={},
        systems={},
        waves=[],
        dependencies=[],
        nodes=[],
        edges=[],
        names={},
        node_type={},
        settings=planning.settings(),
        network=None,
    )

"""Cutover runbooks, pure scheduling core (no database, no Qt).

``schedule``: steps and the planned schedule; ``critical_path``: longest chain and slack;
``forecast``: live state, ready steps and the forecast end; ``generate``: the seed's stage
seven (cutover) and stage eight (rollback) as runbooks.
"""

from hmfield.core.runbooks.critical_path import CriticalPath, critical_path
from hmfield.core.runbooks.forecast import (
    Forecast,
    ForecastStatus,
    StepState,
    StepStatus,
    StepVariance,
    forecast,
    ready_steps,
)
from hmfield.core.runbooks.generate import (
    RunbookOptions,
    generate_rollback_runbook,
    generate_runbook,
)
from hmfield.core.runbooks.schedule import (
    CompiledRunbook,
    RunbookError,
    StepSpec,
    StepType,
    compile_runbook,
    plan_schedule,
)

__all__ = [
    "CompiledRunbook",
    "CriticalPath",
    "Forecast",
    "ForecastStatus",
    "RunbookError",
    "RunbookOptions",
    "StepSpec",
    "StepState",
    "StepStatus",
    "StepType",
    "StepVariance",
    "compile_runbook",
    "critical_path",
    "forecast",
    "generate_rollback_runbook",
    "generate_runbook",
    "plan_schedule",
    "ready_steps",
]

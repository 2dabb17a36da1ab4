"""The plan as recorded, read in one go for the documents that print it (the migration plan
PDF and workbook): the planning inputs, the project and its people, every host's verdict
(computed and effective), the risk register, the rollback plans per wave and the drill plans.

Why here and not in the report: reports word what the features return and run no SQL of
their own; one read keeps the PDF and the workbook on the same snapshot.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import select

from hmfield.core.assess.views import effective_verdicts, overrides, stored_verdicts
from hmfield.core.context import ServiceContext
from hmfield.core.model.plan import DrillPlan, Risk, RollbackPlan
from hmfield.core.model.project import Person, Project
from hmfield.core.plan.calendar import TransferCalendar, transfer_calendar
from hmfield.core.plan.inputs import PlanInputs, load_plan_inputs
from hmfield.core.plan.timing import PlanTiming, plan_timing


@dataclass(frozen=True)
class PlanRecord:
    inputs: PlanInputs
    project: Project | None
    people: dict[str, str]  # person id -> name
    verdicts: dict[str, dict]  # host id -> the engine's verdict row, with its reasons
    effective: dict[str, tuple]  # host id -> (code, ...) with a person's override winning
    decided: dict[str, tuple[str, str]]  # host id -> (reason, who) of a verdict override
    risks: list[Risk]  # highest score first
    rollbacks: dict[str, RollbackPlan]  # wave id -> plan
    drills: list[DrillPlan]
    # time, computed once from the inputs above (core/plan/timing.py, core/plan/calendar.py):
    # per-host and per-wave minutes and the transfer calendar every plan document prints
    timing: PlanTiming | None = None
    calendar: TransferCalendar | None = None


def read_plan_record(ctx: ServiceContext) -> PlanRecord:
    with ctx.read() as s:
        risks = s.exec(select(Risk).where(Risk.deleted.is_(False)))
        inputs = load_plan_inputs(s)
        project = s.exec(select(Project)).first()
        timing = plan_timing(inputs)
        return PlanRecord(
            inputs=inputs,
            project=project,
            people={p.id: p.name for p in s.exec(select(Person))},
            verdicts=stored_verdicts(s),
            effective=effective_verdicts(s),
            decided=_decided(s),
            risks=sorted(risks, key=lambda r: -r.score),
            rollbacks={
                r.wave_id: r
                for r in s.exec(select(RollbackPlan).where(RollbackPlan.deleted.is_(False)))
            },
            drills=list(s.exec(select(DrillPlan).where(DrillPlan.deleted.is_(False)))),
            timing=timing,
            calendar=transfer_calendar(inputs, project.planned_start if project else None, timing),
        )


def _decided(session) -> dict[str, tuple[str, str]]:
    """host id -> (the reason a person gave for its verdict override, their name)."""
    names = {p.id: p.name for p in session.exec(select(Person))}
    return {
        hid: (o.reason, names.get(o.changed_by or "", ""))
        for hid, o in overrides(session).items()
        if o.reason.strip()
    }

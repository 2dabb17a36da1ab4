"""The program office's portfolio: every project of the office database at a glance.

Every figure comes from the feature services a laptop uses on the same project (checklist
progress, verdict summary, host lifecycles, the plan check's wave feasibility, merge conflicts,
incidents), run on the project's schema, read-only. A project is one site (one data centre).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field

from sqlmodel import select

from hmfield.core.assess.verdicts import AssessmentService
from hmfield.core.checklists.lifecycle import host_lifecycles
from hmfield.core.checklists.progress import ChecklistProgressService
from hmfield.core.model.base import to_jsonable
from hmfield.core.model.project import Project
from hmfield.core.model.sync import SyncImport
from hmfield.core.office.database import OfficeProject
from hmfield.core.office.service import OfficeService
from hmfield.core.operate.incidents import IncidentService
from hmfield.core.plan.service import PlanningService
from hmfield.core.sync.service import SyncService


@dataclass(frozen=True)
class PhaseLine:
    phase: str
    done: int
    applicable: int
    blocked: int


@dataclass(frozen=True)
class WaveLine:
    name: str
    order: int
    hosts: int
    drill_start: str | None
    drill_end: str | None
    cutover_start: str | None
    cutover_end: str | None
    status: str
    feasibility: str  # ok | tight | over | unknown (no window) ...


@dataclass(frozen=True)
class BundleLine:
    """The last bundle received from one engineer."""

    person: str
    device: str
    made_at: str
    received_at: str | None
    age_hours: float | None  # since it was made (the field's news is this old)


@dataclass(frozen=True)
class ProjectLine:
    project_id: str
    name: str
    customer: str
    site: str
    hosts: int
    verdicts: dict[str, int]
    lifecycle: dict[str, int]
    phases: list[PhaseLine]
    waves: list[WaveLine]
    open_conflicts: int
    open_incidents: int
    bundles: list[BundleLine] = field(default_factory=list)


def portfolio(office: OfficeService) -> list[ProjectLine]:
    return [project_line(office, p) for p in office.db.projects()]


def portfolio_json(lines: list[ProjectLine]) -> dict:
    return {"projects": [asdict(line) for line in lines]}


def project_line(office: OfficeService, project: OfficeProject) -> ProjectLine:
    ctx = office.context(project, readonly=True)
    try:
        with ctx.read() as s:
            row = s.get(Project, project.project_id)
            imports = list(s.exec(select(SyncImport)))
        summary = AssessmentService(ctx).summary()
        states = Counter(host_lifecycles(ctx).values())
        phases = [
            PhaseLine(str(getattr(p.phase, "value", p.phase)), p.done, p.applicable, p.blocked)
            for p in ChecklistProgressService(ctx).progress()
        ]
        waves = [_wave(f) for f in PlanningService(ctx).check().feasibility]
        conflicts = len(SyncService(ctx).conflicts())
        incidents = len(IncidentService(ctx).incidents(open_only=True))
    finally:
        ctx.store.close()
    now = office.clock.now()
    return ProjectLine(
        project.project_id,
        row.name if row else project.name,
        row.customer if row else "",
        project.name,
        summary["total"],
        dict(summary["verdicts"]),
        dict(states),
        phases,
        waves,
        conflicts,
        incidents,
        _last_bundles(imports, now),
    )


def _wave(f) -> WaveLine:
    w = f.wave
    return WaveLine(
        w.name,
        w.order,
        f.hosts,
        to_jsonable(w.drill_start),
        to_jsonable(w.drill_end),
        to_jsonable(w.cutover_start),
        to_jsonable(w.cutover_end),
        w.status,
        f.status,
    )


def _last_bundles(imports: list[SyncImport], now) -> list[BundleLine]:
    from datetime import datetime

    last: dict[str, SyncImport] = {}
    for imp in imports:
        key = imp.source_person or imp.source_device
        if key not in last or (imp.created_at or "") > (last[key].created_at or ""):
            last[key] = imp
    out = []
    for key, imp in sorted(last.items()):
        age = None
        try:
            made = datetime.fromisoformat(imp.created_at)
            age = round((now - made).total_seconds() / 3600, 1)
        except (TypeError, ValueError):
            pass
        out.append(
            BundleLine(key, imp.source_device, imp.created_at, to_jsonable(imp.imported_at), age)
        )
    return out

"""One read of the operate phase for everyone who shows it: the Operate screen, the CLI, the
stability report of a wave and the final acceptance report all take these objects, so a
figure (a countdown, a bill difference, a blocker) is computed in one place."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from hmfield.core.context import ServiceContext
from hmfield.core.model.archive import ProjectArchive
from hmfield.core.model.plan import Wave
from hmfield.core.model.project import Person, Project
from hmfield.core.operate.archive import current_archive
from hmfield.core.operate.checks import CheckView, wave_bills, wave_checks
from hmfield.core.operate.figures import BillLine
from hmfield.core.operate.incidents import IncidentView, incidents_of
from hmfield.core.operate.periods import ObservationWindow, read_windows, waves
from hmfield.core.operate.refs import reading_once, wave_of, wave_systems
from hmfield.core.operate.signoff import (
    Readiness,
    project_readiness,
    report_tz_of,
    system_readiness,
    wave_readiness,
)

SIGNER_ROLES = ("customer", "msp")


@dataclass(frozen=True)
class WaveOperatePaper:
    project_name: str
    customer: str
    tz: str
    now: datetime
    window: ObservationWindow
    systems: list[ObservationWindow]
    checks: list[CheckView]
    incidents: list[IncidentView]
    bills: list[BillLine]
    readiness: Readiness
    system_readiness: list[Readiness]
    signers: list[Person]

    @property
    def wave_name(self) -> str:
        return self.window.wave_name

    @property
    def open_incidents(self) -> int:
        return sum(1 for i in self.incidents if i.is_open)

    def outcome_counts(self) -> dict[str, int]:
        counts = dict.fromkeys(("passed", "attention", "failed", "waived", "not_tested"), 0)
        for c in self.checks:
            counts[c.outcome] += 1
        return counts


@dataclass(frozen=True)
class FinalAcceptancePaper:
    project_name: str
    customer: str
    tz: str
    now: datetime
    waves: list[WaveOperatePaper]
    readiness: Readiness
    signers: list[Person]
    archive: ProjectArchive | None


def _project(s: Session, ctx: ServiceContext) -> Project | None:
    return s.get(Project, ctx.store.project_id)


def _signers(s: Session) -> list[Person]:
    people = s.exec(select(Person).where(Person.deleted == False).order_by(Person.created_at))  # noqa: E712
    return [p for p in people if any(r in SIGNER_ROLES for r in (p.roles or []))]


def _wave_paper(s: Session, project: Project | None, wave: Wave, now: datetime):
    windows = read_windows(s, wave, systems=True)
    systems = wave_systems(s, wave.id)
    return WaveOperatePaper(
        project.name if project else "",
        project.customer if project else "",
        report_tz_of(s),
        now,
        windows[0],
        windows[1:],
        wave_checks(s, wave.id),
        incidents_of(s, wave.id),
        wave_bills(s, wave),
        wave_readiness(s, wave, now),
        [system_readiness(s, wave, b, now) for b in systems],
        _signers(s),
    )


def wave_paper(ctx: ServiceContext, wave_ref: str, now: datetime | None = None):
    now = now or ctx.clock.now()
    with ctx.read() as s, reading_once(s):
        return _wave_paper(s, _project(s, ctx), wave_of(s, wave_ref), now)


def final_paper(ctx: ServiceContext, now: datetime | None = None) -> FinalAcceptancePaper:
    now = now or ctx.clock.now()
    with ctx.read() as s, reading_once(s):
        project = _project(s, ctx)
        papers = [_wave_paper(s, project, w, now) for w in waves(s)]
        return FinalAcceptancePaper(
            project.name if project else "",
            project.customer if project else "",
            report_tz_of(s),
            now,
            papers,
            project_readiness(s),
            _signers(s),
            current_archive(s),
        )


@dataclass(frozen=True)
class OperateCounts:
    """What the dashboard and the navigation say of the operate phase."""

    observing: int
    awaiting: int  # observation ended, not accepted yet
    accepted: int
    waves: int
    checks: int
    failed_checks: int
    open_incidents: int
    project_accepted: bool
    archived: bool
    countdowns: tuple[ObservationWindow, ...] = ()  # the waves in observation, in wave order
    now: datetime | None = None
    tz: str = "Asia/Shanghai"


def operate_counts(ctx: ServiceContext) -> OperateCounts:
    now = ctx.clock.now()
    with ctx.read() as s:
        all_waves = waves(s)
        windows = [read_windows(s, w)[0] for w in all_waves]
        states = [w.state(now) for w in windows]
        tz = report_tz_of(s)
        checks = [c for w in all_waves for c in wave_checks(s, w.id)]
        incidents = incidents_of(s)
        project = project_readiness(s)
        archived = current_archive(s) is not None
    return OperateCounts(
        states.count("observing"),
        states.count("ended"),
        states.count("accepted"),
        len(all_waves),
        len(checks),
        sum(1 for c in checks if c.outcome == "failed"),
        sum(1 for i in incidents if i.is_open),
        project.accepted,
        archived,
        tuple(w for w, state in zip(windows, states, strict=True) if state == "observing"),
        now,
        tz,
    )

"""The program office's portfolio: every project of the office database at a glance.

The figures come from aggregate statements (``core.office.counts``) run for every project on
one connection in one read-only snapshot: the CLI (``office status``) and the portfolio screen
both read :func:`portfolio`. Each project's line is the one its last import stored
(``core.office.figures``, :func:`keep_figures`) when that is still current, else it is worked
out by the aggregates in the same snapshot. Window feasibility needs the planner's per-host timing, which no
aggregate gives: :func:`project_waves` works it out for one project (``office status URL
PROJECT``, and the portfolio's wave table of the chosen project). A project is one site (one
data centre).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from hmfield.core.assess.facts import current_ruleset
from hmfield.core.assess.verdicts import AssessmentService, reassess_hosts
from hmfield.core.checklists.item_records import shipped_templates
from hmfield.core.clock import to_utc
from hmfield.core.context import ServiceContext
from hmfield.core.model.base import to_jsonable
from hmfield.core.office import counts, figures
from hmfield.core.office.database import OfficeProject

if TYPE_CHECKING:
    from hmfield.core.office.service import OfficeService


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
    feasibility: str | None  # green | amber | red | unknown (no window); None: not worked out


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


READERS = 3  # connections reading projects at once (the server works on several cores)


def portfolio(office: OfficeService, *, stored: bool = True) -> list[ProjectLine]:
    """Every project's line, read in one snapshot of the office database: the stored lines
    still current (unless not ``stored``), the others worked out by up to ``READERS``
    connections sharing the snapshot (those projects dealt out among them)."""
    now = office.clock.now()
    templates = shipped_templates()
    version = current_ruleset().version
    kept: dict[str, dict] = {}

    def readers(conn, projects) -> int:
        if stored:
            kept.update(figures.stored(conn, figures.figures_key(version, templates)))
        return min(READERS, sum(p.project_id.lower() not in kept for p in projects)) - 1

    with office.db.snapshot(readers) as (projects, conns):
        todo = [p for p in projects if p.project_id.lower() not in kept]

        def share(k: int) -> list[ProjectLine]:
            return [
                project_line(counts.On(conns[k], p.schema), p, now, templates, version)
                for p in todo[k :: len(conns)]
            ]

        if len(conns) == 1:
            parts = [share(0)]
        else:
            with ThreadPoolExecutor(len(conns)) as pool:
                parts = list(pool.map(share, range(len(conns))))
    lines = {line.project_id: line for part in parts for line in part}
    for p in projects:
        if p.project_id.lower() in kept:  # stored under the schema's (lower-case) id
            lines[p.project_id] = line_from_json(kept[p.project_id.lower()], p, now)
    return [lines[p.project_id] for p in projects]


def portfolio_json(lines: list[ProjectLine]) -> dict:
    return {"projects": [asdict(line) for line in lines]}


def line_json(line: ProjectLine) -> dict:
    """The line as stored: no site (the catalogue's name, read with it) and no ages (the
    reader's clock's)."""
    out = asdict(line)
    out.pop("site")
    for b in out["bundles"]:
        b.pop("age_hours")
    return out


def line_from_json(doc: dict, project: OfficeProject, now) -> ProjectLine:
    return ProjectLine(
        **{k: v for k, v in doc.items() if k not in ("phases", "waves", "bundles")},
        site=project.name,
        phases=[PhaseLine(**p) for p in doc["phases"]],
        waves=[WaveLine(**w) for w in doc["waves"]],
        bundles=[
            _bundle(*(b[k] for k in ("person", "device", "made_at", "received_at")), now)
            for b in doc["bundles"]
        ],  # fmt: skip
    )


def keep_figures(ctx: ServiceContext, project: OfficeProject) -> None:
    """In one transaction under the project's lock: the project's figures worked out and
    stored (:func:`store_figures`)."""
    archived = ctx.archived()
    with ctx.write(archived_ok=True) as uow:
        store_figures(uow, project, rejudge=not archived)


def store_figures(uow, project: OfficeProject, *, rejudge: bool = True) -> None:
    """In the caller's transaction (the last thing it writes): the trigger that forgets the
    figures on every table of the schema, the stale verdicts judged again and written
    (``rejudge``; an archived project's are judged in memory), and the project's line
    stored."""
    templates = shipped_templates()
    version = current_ruleset().version
    conn = uow.session.connection()
    figures.ensure_triggers(conn, project.schema)
    if rejudge:
        reassess_hosts(uow, None)
    uow.session.flush()
    line = project_line(counts.On(conn, project.schema), project, None, templates, version)
    at = to_utc(uow.rec.now).isoformat(timespec="seconds")
    figures.store(conn, project.project_id, figures.figures_key(version, templates),
                  line_json(line), at)  # fmt: skip


def figures_current(conn, project: OfficeProject) -> bool:
    """The project's stored line was worked out by this hmfield's rules and templates."""
    key = figures.figures_key(current_ruleset().version, shipped_templates())
    return figures.stored_key(conn, project.project_id) == key


def project_line(on: counts.On, project: OfficeProject, now, templates, version) -> ProjectLine:
    facts = counts.project_facts(on, project.project_id)
    groups = counts.host_groups(on, version, templates)
    verdicts = counts.verdict_counts(groups)
    if verdicts.stale:
        with Session(bind=on.search_path()) as session:
            verdicts = counts.judge_stale(session, verdicts, version)
    row = facts.project
    return ProjectLine(
        project.project_id,
        row.name if row else project.name,
        row.customer if row else "",
        project.name,
        verdicts.hosts,
        {v: verdicts.verdicts.get(v, 0) for v in AssessmentService.VERDICTS},
        counts.lifecycle_counts(groups, facts.checklist, templates),
        [
            PhaseLine(str(getattr(p.phase, "value", p.phase)), p.done, p.applicable, p.blocked)
            for p in counts.phase_counts(facts, templates)
        ],  # fmt: skip
        [_wave(*r) for r in counts.wave_rows(on, groups)],
        facts.open_conflicts,
        facts.open_incidents,
        [_bundle(*r, now) for r in counts.last_bundles(on)],
    )


def project_waves(office: OfficeService, project: OfficeProject) -> list[WaveLine]:
    """One project's waves with their window feasibility, by the planner (as ``plan check``)."""
    from hmfield.core.plan.service import PlanningService

    ctx = office.context(project, readonly=True)
    try:
        feasibility = PlanningService(ctx).check().feasibility
    finally:
        ctx.store.close()
    return [
        replace(
            _wave(
                f.wave.name,
                f.wave.order,
                f.wave.drill_start,
                f.wave.drill_end,
                f.wave.cutover_start,
                f.wave.cutover_end,
                f.wave.status,
                f.hosts,
            ),
            feasibility=f.status,
        )  # fmt: skip
        for f in feasibility
    ]


def _wave(name, order, drill_start, drill_end, cutover_start, cutover_end, status, hosts):
    return WaveLine(
        name, order, hosts, to_jsonable(drill_start), to_jsonable(drill_end),
        to_jsonable(cutover_start), to_jsonable(cutover_end), status, None,
    )  # fmt: skip


def _bundle(person, device, made_at, received_at, now) -> BundleLine:
    age = None
    try:  # (no clock: no age)
        made = datetime.fromisoformat(made_at)
        age = round((now - made).total_seconds() / 3600, 1)
    except (TypeError, ValueError):
        pass
    return BundleLine(person, device, made_at, to_jsonable(received_at), age)

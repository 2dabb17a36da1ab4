"""The portfolio's aggregate figures (core/office/counts) equal the figures the feature services
work out record by record, on a small office of three projects: two demo projects (verdicts,
overrides, waves with windows, checklists, host tasks, an incident) and a field project with
a conflict, then edited in the office (rollback, failed drill, hosts out of scope and deleted,
verdicts gone stale or missing). ``office status --json`` is the same function's output."""

from __future__ import annotations

import contextlib
import io
import json
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import delete, update
from sqlmodel import select

from hmfield.cli.app import run
from hmfield.core.assess.facts import current_ruleset
from hmfield.core.assess.verdicts import AssessmentService
from hmfield.core.checklists.host_tasks import HostTaskService
from hmfield.core.checklists.lifecycle import host_lifecycles
from hmfield.core.checklists.progress import ChecklistProgressService
from hmfield.core.clock import FixedClock
from hmfield.core.context import Actor
from hmfield.core.demo.build import write_demo
from hmfield.core.inventory.service import InventoryService
from hmfield.core.model.assess import HostVerdict
from hmfield.core.model.base import to_jsonable
from hmfield.core.model.inventory import Host
from hmfield.core.model.project import Project
from hmfield.core.model.sync import SyncImport
from hmfield.core.office import counts
from hmfield.core.office.database import OfficeDb
from hmfield.core.office.portfolio import (
    figures_current,
    portfolio,
    portfolio_json,
    project_waves,
)
from hmfield.core.office.service import OfficeService
from hmfield.core.operate.incidents import IncidentService
from hmfield.core.plan.scope import ScopeService, scope_reasons
from hmfield.core.plan.service import PlanningService
from hmfield.core.project.service import NewProject, create_project, open_project
from hmfield.core.sync.service import SyncService, import_as_new_project, open_payload

T0 = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
OFFICE = Actor("c" * 32, "项目办", "f" * 32)
ENGINEERS = [Actor("a" * 32, "李敏", "1" * 32), Actor("b" * 32, "王建国", "2" * 32)]


def clock(at: datetime) -> FixedClock:
    return FixedClock(at, step=timedelta(seconds=1))


def bundle(path, actor, out, at):
    ctx = open_project(path, actor=actor, clock=clock(at))
    try:
        return SyncService(ctx).export_bundle(out).path
    finally:
        ctx.store.close()


def field_sites(tmp_path):
    """Two demo projects and a small field project that two engineers edited apart (one
    conflict): their bundles."""
    out = []
    for n, (hosts, seed) in enumerate(((40, 7), (25, 3))):
        path = tmp_path / f"demo{n}.hmfield"
        write_demo(path, hosts=hosts, seed=seed, clock=clock(T0), actor=ENGINEERS[n])
        out.append(bundle(path, ENGINEERS[n], tmp_path / f"demo{n}.hmbundle", T0 + timedelta(1)))
    path = tmp_path / "site.hmfield"
    ctx = create_project(path, NewProject(name="数据中心三"), clock=clock(T0), actor=ENGINEERS[0])
    try:
        with ctx.write() as uow:
            ids = uow.rec.bulk_create(Host, [{"name": f"srv{i}"} for i in range(6)])
    finally:
        ctx.store.close()
    first = bundle(path, ENGINEERS[0], tmp_path / "site-a.hmbundle", T0 + timedelta(hours=2))
    other = tmp_path / "site-b.hmfield"
    other.write_bytes(path.read_bytes())
    for where, actor, hours in ((path, ENGINEERS[0], 3), (other, ENGINEERS[1], 4)):
        ctx = open_project(where, actor=actor, clock=clock(T0 + timedelta(hours=hours)))
        try:
            with ctx.write() as uow:
                uow.rec.update(uow.session.get(Host, ids[0]), {"notes": actor.name})
        finally:
            ctx.store.close()
    out += [first, bundle(path, ENGINEERS[0], tmp_path / "site-a2.hmbundle", T0 + timedelta(1)),
            bundle(other, ENGINEERS[1], tmp_path / "site-b.hmbundle", T0 + timedelta(2))]  # fmt: skip
    return out


def office_edits(office: OfficeService, project) -> None:
    """What the program office did to a project since: a rollback and a failed drill, hosts
    out of scope and deleted, verdicts of an older rule set and missing ones."""
    ctx = office.context(project)
    try:
        tasks = HostTaskService(ctx)
        hosts = [r.host_id for r in tasks.host_tasks("migrate.s6.2")]
        tasks.set_host_status("migrate.s8.5", hosts[:1], "done")
        tasks.set_host_status("migrate.s6.2", hosts[1:3], "blocked", "drill VM did not boot")
        ScopeService(ctx).set_scope(hosts[3:5], False, scope_reasons()[0])
        InventoryService(ctx).delete(hosts[5:6])
        hv = HostVerdict.__table__
        with ctx.write() as uow:
            conn = uow.session.connection()
            conn.execute(update(hv).where(hv.c.host_id.in_(hosts[6:9]))
                         .values(ruleset_version="0-old", verdict="supported"))  # fmt: skip
            conn.execute(delete(hv).where(hv.c.host_id.in_(hosts[9:11])))
    finally:
        ctx.store.close()


def built_office(url, folder):
    at = T0 + timedelta(days=3)
    db = OfficeDb(url, clock(at))
    svc = OfficeService(db, OFFICE, clock(at))
    svc.init()
    for path in field_sites(folder):
        svc.import_bundle(path)
    edited = next(p for p in db.projects() if p.name.startswith("华东"))
    office_edits(svc, edited)
    svc.edited_id = edited.project_id  # the tests tell it from the other demo by its id
    return svc


@pytest.fixture
def office(office_url, tmp_path):
    """An office of its own, for a test that changes it."""
    svc = built_office(office_url, tmp_path)
    yield svc
    svc.db.close()


@pytest.fixture(scope="module")
def shared_office(module_office_url, tmp_path_factory):
    """One office for the tests that only read it (building one takes seconds)."""
    svc = built_office(module_office_url, tmp_path_factory.mktemp("office"))
    yield svc
    svc.db.close()


def per_record(office: OfficeService, project) -> dict:
    """The figures as the feature services work them out, one record at a time."""
    ctx = office.context(project, readonly=True)
    try:
        with ctx.read() as s:
            row = s.get(Project, project.project_id)
            imports = list(s.exec(select(SyncImport)))
        summary = AssessmentService(ctx).summary()
        feasibility = PlanningService(ctx).check().feasibility
        figures = {
            "name": row.name,
            "customer": row.customer,
            "hosts": summary["total"],
            "verdicts": summary["verdicts"],
            "lifecycle": dict(Counter(host_lifecycles(ctx).values())),
            "phases": [
                (p.phase.value, p.done, p.applicable, p.blocked)
                for p in ChecklistProgressService(ctx).progress()
            ],  # fmt: skip
            "waves": [
                (
                    f.wave.name,
                    f.wave.order,
                    f.hosts,
                    to_jsonable(f.wave.drill_start),
                    to_jsonable(f.wave.drill_end),
                    to_jsonable(f.wave.cutover_start),
                    to_jsonable(f.wave.cutover_end),
                    f.wave.status,
                    f.status,
                )
                for f in feasibility
            ],  # fmt: skip
            "open_conflicts": len(SyncService(ctx).conflicts()),
            "open_incidents": len(IncidentService(ctx).incidents(open_only=True)),
        }
    finally:
        ctx.store.close()
    last: dict[str, SyncImport] = {}
    for imp in imports:
        key = imp.source_person or imp.source_device
        if key not in last or imp.created_at > last[key].created_at:
            last[key] = imp
    figures["bundles"] = [(k, i.source_device, i.created_at, to_jsonable(i.imported_at))
                          for k, i in sorted(last.items())]  # fmt: skip
    return figures


def aggregate(line, waves) -> dict:
    return {
        "name": line.name,
        "customer": line.customer,
        "hosts": line.hosts,
        "verdicts": line.verdicts,
        "lifecycle": line.lifecycle,
        "phases": [(p.phase, p.done, p.applicable, p.blocked) for p in line.phases],
        "waves": [
            (
                w.name,
                w.order,
                w.hosts,
                w.drill_start,
                w.drill_end,
                w.cutover_start,
                w.cutover_end,
                w.status,
                f.feasibility,
            )
            for w, f in zip(line.waves, waves, strict=True)
        ],  # fmt: skip
        "open_conflicts": line.open_conflicts,
        "open_incidents": line.open_incidents,
        "bundles": [(b.person, b.device, b.made_at, b.received_at) for b in line.bundles],
    }


def kept_lines(office) -> set[str]:
    """The projects whose stored portfolio line is current."""
    with office.db.connect() as conn:
        return {p.project_id for p in office.db.projects_on(conn) if figures_current(conn, p)}


def equal_to_per_record(office, lines) -> None:
    projects = {p.project_id: p for p in office.db.projects()}
    assert len(lines) == 3
    for line in lines:
        project = projects[line.project_id]
        waves = project_waves(office, project)
        assert [w.feasibility for w in line.waves] == [None] * len(line.waves)
        assert aggregate(line, waves) == per_record(office, project), line.name


def ageless(lines):  # the age is the clock's, which moves on every reading
    return [replace(line, bundles=[replace(b, age_hours=None) for b in line.bundles])
            for line in lines]  # fmt: skip


def test_aggregate_figures_equal_the_per_record_ones(office, tmp_path):
    """Both readings of the portfolio: the lines the imports stored and the aggregates; the
    office's edits since (services and plain SQL) made the edited project's stored line go,
    an export, edit on a laptop and re-import stores it again, equal to the per-record
    figures every time."""
    everyone = {p.project_id for p in office.db.projects()}
    assert kept_lines(office) == everyone - {office.edited_id}  # the edits forgot its line
    lines = portfolio(office)
    equal_to_per_record(office, lines)
    assert ageless(lines) == ageless(portfolio(office, stored=False))
    # the edited project handed out, edited on a laptop, merged back: its line stored again
    edited_project = next(p for p in office.db.projects() if p.project_id == office.edited_id)
    out = office.export(office.edited_id, tmp_path / "out.hmbundle").path
    payload = open_payload(out)
    try:
        laptop = tmp_path / "laptop.hmfield"
        import_as_new_project(payload, laptop, actor=ENGINEERS[1])
    finally:
        payload.close()
    ctx = open_project(laptop, actor=ENGINEERS[1], clock=clock(T0 + timedelta(days=4)))
    try:
        hosts = [r.id for r in InventoryService(ctx).rows() if r.wave_id and r.in_scope][:2]
        ScopeService(ctx).set_scope(hosts, False, scope_reasons()[0])
        back = SyncService(ctx).export_bundle(tmp_path / "back.hmbundle").path
    finally:
        ctx.store.close()
    assert office.import_bundle(back).changed
    assert kept_lines(office) == everyone
    lines = portfolio(office)
    equal_to_per_record(office, lines)
    assert ageless(lines) == ageless(portfolio(office, stored=False))
    assert edited_project.project_id in {line.project_id for line in lines}
    edited = next(line for line in lines if line.project_id == office.edited_id)
    # the edits reached the figures (no figure equal only because it is empty)
    assert {"rolled_back", "drill_failed", "assessed"} <= set(edited.lifecycle)
    assert sum(1 for v in edited.verdicts.values() if v) >= 2
    assert any(w.cutover_start for w in edited.waves) and edited.open_incidents >= 1
    site = next(line for line in lines if line.name == "数据中心三")
    assert site.open_conflicts == 1 and len(site.bundles) == 2


def test_only_stale_verdicts_are_judged_in_memory(shared_office):
    """The hosts the Assess screen judges again (stored verdict missing or stale, no
    overriding one) are the ones the aggregate leaves to the rules engine: in the edited
    project at least the three of an older rule set and the two missing ones."""
    version = current_ruleset().version
    found = {}
    with shared_office.db.connect() as conn, conn.begin():
        for p in shared_office.db.projects_on(conn):
            groups = counts.host_groups(counts.On(conn, p.schema), version)
            found[p.project_id] = counts.verdict_counts(groups).stale
    for p in shared_office.db.projects():
        ctx = shared_office.context(p, readonly=True)
        try:
            hosts = AssessmentService(ctx).hosts()
        finally:
            ctx.store.close()
        judged = sum(1 for h in hosts if h.stale and not (h.override and h.override.verdict))
        assert found[p.project_id] == judged, p.name
    assert found[shared_office.edited_id] >= 5


def test_office_status_json_is_the_portfolio(shared_office, module_office_url):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert run(["office", "status", module_office_url, "--json"]) == 0
    shown = json.loads(out.getvalue())
    expected = json.loads(json.dumps(portfolio_json(portfolio(shared_office)), ensure_ascii=False))
    for doc in (shown, expected):  # the age is the reader's clock's
        for project in doc["projects"]:
            for b in project["bundles"]:
                b.pop("age_hours")
    assert shown == expected


def test_init_gives_every_project_the_office_indexes(shared_office):
    with shared_office.db.connect() as conn:
        for project in shared_office.db.projects_on(conn):
            names = set(
                conn.exec_driver_sql(
                    "SELECT indexname FROM pg_indexes WHERE schemaname = %s", (project.schema,)
                ).scalars()
            )
            assert {i.name for i in counts.OFFICE_INDEXES} <= names


def test_catalogue_stamps_come_from_the_injected_clock(shared_office):
    at = T0 + timedelta(days=3)  # the fixture's office clock, far from the real time
    with shared_office.db.connect() as conn:
        made = conn.exec_driver_sql("SELECT created_at FROM public.hmfield_office").scalar()
        stamps = [datetime.fromisoformat(p.created_at) for p in shared_office.db.projects_on(conn)]
    for stamp in [datetime.fromisoformat(made), *stamps]:
        assert at <= stamp < at + timedelta(hours=1)


def test_a_server_that_exports_no_snapshot_is_read_on_one_connection(shared_office, monkeypatch):
    """(A server may refuse ``pg_export_snapshot``: the portfolio is then read by the first
    connection alone, with the same figures.)"""
    from sqlalchemy.engine import Connection

    shared = ageless(portfolio(shared_office))
    real = Connection.exec_driver_sql

    def refusing(self, sql, *args, **kwargs):
        if "pg_export_snapshot" in sql:
            sql = "SELECT no_such_function()"  # fails, spoiling the transaction as a refusal
        return real(self, sql, *args, **kwargs)

    monkeypatch.setattr(Connection, "exec_driver_sql", refusing)
    with shared_office.db.snapshot(lambda _conn, projects: len(projects)) as (projects, conns):
        assert len(projects) == 3 and len(conns) == 1
    assert ageless(portfolio(shared_office)) == shared

"""Seed a PostgreSQL office database with N projects of M hosts each, quickly.

The first project is made the way an office gets one: a field project built through the CLI
(new, the RVTools import of bench/import_rvtools.py, plan waves --apply), then some weeks of
work through the services (cutover windows for the first waves, per-host checklist tasks done
up to cut-over for the first hosts, a failed drill, an incident), exported as a bundle and
merged by ``OfficeService.import_bundle``. The other N-1 projects are server-side copies of
it (``INSERT ... SELECT`` per table, SQLAlchemy Core, into a schema made by
``OfficeDb.create_project``), each with its own project id and name: seconds per project
instead of a 10 s import. Copies keep the template's audit events, so ``office verify``
is not meant for them; ``office status`` reads them as it reads any project. The tables are
vacuumed and analysed at the end (as autovacuum does soon after a big import).

    uv run python bench/office_seed.py URL [--projects 50] [--hosts 10000]

``URL`` is an office database (``hmfield office init`` is run on it); omit it to print the
seeding time on a throwaway cluster (see bench/office_status.py).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hmfield.core.errors import HmError

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

CACHE = Path(tempfile.gettempdir()) / "hmfield-bench-office"
os.environ.setdefault("HMFIELD_DATA_DIR", str(CACHE / "data"))
os.environ.setdefault("HMFIELD_CONFIG_DIR", str(CACHE / "config"))

# the CLI steps stamp records with the real time; the work after them, the export and the
# office's import follow it (a verdict computed before its host's change would be stale)
NOW = datetime.now(UTC)
START = NOW.replace(hour=20, minute=0, second=0, microsecond=0) + timedelta(days=7)  # cutover 1


def bench_actor():
    from hmfield.core.context import Actor

    return Actor("b" * 32, "bench", "d" * 32)


def field_project(hosts: int) -> Path:
    """The template project (cached): the CLI's import and waves, then work on it."""
    from import_rvtools import generate

    CACHE.mkdir(exist_ok=True)
    project = CACHE / f"office-{hosts}.hmfield"
    if project.exists():
        return project
    xlsx = CACHE / f"rvtools-{hosts}.xlsx"
    if not xlsx.exists():
        generate(xlsx, hosts)
    part = project.with_suffix(".part.hmfield")
    part.unlink(missing_ok=True)
    run = [sys.executable, "-m", "hmfield"]
    for args in (
        ["new", str(part), "--name", f"bench {hosts}", "--scenario", "mixed-automated"],
        ["import", str(part), str(xlsx)],
        ["plan", "waves", str(part), "--max-hosts", "500", "--apply"],
    ):
        subprocess.run([*run, *args, "--by", "bench"], check=True, capture_output=True)
    weeks_of_work(part)
    part.replace(project)
    return project


def weeks_of_work(path: Path) -> None:
    from hmfield.core.checklists.host_tasks import HostTaskService
    from hmfield.core.clock import FixedClock
    from hmfield.core.operate.incidents import IncidentService
    from hmfield.core.plan.waves import WaveService
    from hmfield.core.project.service import open_project

    clock = FixedClock(NOW + timedelta(hours=1), step=timedelta(seconds=1))
    ctx = open_project(path, actor=bench_actor(), clock=clock)
    try:
        waves = WaveService(ctx).list()
        for n, wave in enumerate(waves[:10]):
            start = START + timedelta(days=7 * n)
            WaveService(ctx).update(
                wave.id, cutover_start=start, cutover_end=start + timedelta(hours=8)
            )
        agentless(ctx)
        tasks = HostTaskService(ctx)
        steps = {"registered": 0.3, "configured": 0.2, "full_synced": 0.1, "cut_over": 0.05}
        for template_id, hosts, share in applying(tasks, steps):
            tasks.set_host_status(template_id, hosts[: int(len(hosts) * share)], "done")
        for template_id, hosts, _share in applying(tasks, {"drill_passed": 0}):
            tasks.set_host_status(template_id, hosts[:20], "blocked", "drill VM did not boot")
        IncidentService(ctx).add("login slow after cutover", wave=waves[0].id, severity="minor")
    finally:
        ctx.store.close()


def agentless(ctx) -> None:
    """The engineer decides the migration mode (the RVTools export lacks the ESXi version, so
    the rules leave every host unknown): agentless, every 50th host excluded; verdicts redone
    in the same transaction, as the inventory does."""
    from sqlmodel import select

    from hmfield.core.assess.verdicts import reassess_hosts
    from hmfield.core.model.inventory import Host

    with ctx.write() as uow:
        ids = sorted(uow.session.exec(select(Host.id).where(Host.deleted.is_(False))))
        changes = [(h, {"migration_mode": (None, "exclude" if n % 50 == 0 else "agentless")})
                   for n, h in enumerate(ids)]  # fmt: skip
        uow.rec.bulk_update(Host, changes)
        reassess_hosts(uow, ids)


def applying(tasks, shares: dict[str, float]) -> list[tuple[str, list[str], float]]:
    """(per-host template, its hosts, share): the first template of each lifecycle state in
    ``shares`` that applies to the project and has hosts."""
    out, seen = [], set()
    for t in tasks.templates.items:
        state = t.lifecycle.value if t.per_host and t.lifecycle else None
        if state not in shares or state in seen:
            continue
        try:
            hosts = [r.host_id for r in tasks.host_tasks(t.id)]
        except HmError:  # not for this project's scenario
            continue
        if hosts:
            seen.add(state)
            out.append((t.id, hosts, shares[state]))
    return out


def template_bundle(hosts: int) -> Path:
    from hmfield.core.clock import FixedClock
    from hmfield.core.project.service import open_project
    from hmfield.core.sync.service import SyncService

    out = CACHE / f"office-{hosts}.hmbundle"
    if out.exists():
        return out
    clock = FixedClock(NOW + timedelta(hours=2), step=timedelta(seconds=1))
    ctx = open_project(field_project(hosts), actor=bench_actor(), clock=clock)
    try:
        part = SyncService(ctx).export_bundle(out.with_suffix(".part.hmbundle")).path
    finally:
        ctx.store.close()
    Path(part).replace(out)
    return out


def copy_project(db, source, n: int) -> None:
    """A copy of ``source`` as a new project (its own id, name and schema), server-side."""
    from sqlalchemy import MetaData, insert, select, update
    from sqlmodel import SQLModel

    from hmfield.core.model import load_all
    from hmfield.core.model.project import Project
    from hmfield.core.store.dialect import defer_constraints

    load_all()
    pid = uuid.uuid5(uuid.NAMESPACE_OID, f"bench-office/{n}").hex
    writer, reader = db.project_engines(pid)
    try:
        with writer.begin() as conn:
            db.create_project(conn, pid, f"site {n:02d}", uuid.uuid4().hex)
            defer_constraints(conn)
            theirs = MetaData()
            for table in SQLModel.metadata.sorted_tables:  # ours: the search_path's schema
                there = table.to_metadata(theirs, schema=source.schema)
                conn.execute(insert(table).from_select(list(table.c.keys()), select(there)))
            project = Project.__table__
            conn.execute(
                update(project)
                .where(project.c.id == source.project_id)
                .values(id=pid, name=f"site {n:02d}")
            )
    finally:
        writer.dispose()
        reader.dispose()


def vacuum(url: str) -> None:
    """VACUUM ANALYZE (what autovacuum does soon after big imports): fresh statistics and
    the visibility map that lets the office's covering indexes answer alone."""
    import psycopg

    from hmfield.core.office.url import office_url

    dsn = office_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")


def seed(url: str, projects: int, hosts: int) -> dict[str, float]:
    """Seed the office at ``url`` (made an office database first); seconds per step."""
    from hmfield.core.clock import FixedClock
    from hmfield.core.office.database import OfficeDb
    from hmfield.core.office.service import OfficeService

    timings = {}
    t = time.perf_counter()
    bundle = template_bundle(hosts)
    timings["template project and bundle (cached)"] = time.perf_counter() - t
    clock = FixedClock(NOW + timedelta(hours=3), step=timedelta(milliseconds=1))
    with OfficeDb(url, clock) as db:
        office = OfficeService(db, bench_actor(), clock)
        office.init()
        t = time.perf_counter()
        first = office.import_bundle(bundle)
        timings["office import of the first project"] = time.perf_counter() - t
        source = db.project(first.project_id)
        t = time.perf_counter()
        for n in range(1, projects):
            copy_project(db, source, n)
        timings[f"{projects - 1} server-side copies"] = time.perf_counter() - t
        # the copies came in by SQL, not by an import: ``init`` stores their portfolio
        # lines, as after an upgrade (an import stores its project's line itself)
        t = time.perf_counter()
        office.init()
        timings["portfolio lines of the copies stored (office init)"] = time.perf_counter() - t
    t = time.perf_counter()
    vacuum(url)
    timings["vacuum analyze"] = time.perf_counter() - t
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", metavar="URL", nargs="?")
    parser.add_argument("--projects", type=int, default=50)
    parser.add_argument("--hosts", type=int, default=10_000)
    args = parser.parse_args()
    from office_status import throwaway_office

    with throwaway_office(args.url) as url:
        for step, seconds in seed(url, args.projects, args.hosts).items():
            print(f"{step}: {seconds:.1f} s")


if __name__ == "__main__":
    main()

"""Benchmark: ``hmfield office status URL --json`` on an office of 50 projects x 10,000 hosts,
beside the bare minimum a portfolio costs: one ``SELECT count(*)`` of the hosts per project
schema on one connection. Goal: status under 1 s. The last line printed is the ratio.

Without URL a throwaway PostgreSQL cluster is started (tests/pg_cluster.py: the binaries of
Debian's postgresql, as the postgres user when run as root, a free loopback port) and
stopped at the end; the office is seeded by bench/office_seed.py. With URL (an empty
database, or one this bench seeded before) the office there is used.

    uv run python bench/office_status.py [URL] [--projects 50] [--hosts 10000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import office_seed  # noqa: E402  (sets the bench's data and config folders)


@contextlib.contextmanager
def throwaway_office(url: str | None) -> Iterator[str]:
    """``url`` itself, or a fresh database on a cluster started (and stopped) for the run."""
    if url:
        yield url
        return
    import psycopg
    from pg_cluster import Cluster, binaries

    bindir = binaries()
    if bindir is None:
        sys.exit("no PostgreSQL binaries (apt-get install postgresql) and no URL given")
    cluster = Cluster(bindir)
    try:
        admin = cluster.start()
        name = f"office_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        yield admin.rsplit("/", 1)[0] + f"/{name}"
    finally:
        cluster.stop()


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def status_json(url: str) -> str:
    from hmfield.cli.app import run

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        if run(["office", "status", url, "--json"]) != 0:
            raise SystemExit("office status failed")
    return out.getvalue()


def aggregates(url: str) -> int:
    """The portfolio worked out by the aggregates, as when no project had a stored line."""
    from hmfield.core.office.database import OfficeDb
    from hmfield.core.office.portfolio import portfolio
    from hmfield.core.office.service import OfficeService

    with OfficeDb(url) as db:
        return len(portfolio(OfficeService(db, office_seed.bench_actor()), stored=False))


def stored_lines(url: str) -> int:
    """How many projects have a current stored line (the rest are read by the aggregates)."""
    from hmfield.core.office.database import OfficeDb
    from hmfield.core.office.portfolio import figures_current

    with OfficeDb(url) as db, db.connect() as conn:
        return sum(figures_current(conn, p) for p in db.projects_on(conn))


def bare_counts(url: str) -> int:
    """One connection, the catalogue, then ``SELECT count(*) FROM host`` per project schema."""
    from sqlalchemy import func, select

    from hmfield.core.model.inventory import Host
    from hmfield.core.office.database import OfficeDb

    total = 0
    with OfficeDb(url) as db, db.connect() as conn:
        for project in db.projects_on(conn):
            options = {"schema_translate_map": {None: project.schema}}
            stmt = select(func.count()).select_from(Host.__table__)
            total += conn.execute(stmt, execution_options=options).scalar_one()
    return total


def one_project_per_record(url: str) -> float:
    """What one project cost before the aggregates: its figures from the feature services."""
    from collections import Counter

    from hmfield.core.assess.verdicts import AssessmentService
    from hmfield.core.checklists.lifecycle import host_lifecycles
    from hmfield.core.checklists.progress import ChecklistProgressService
    from hmfield.core.office.database import OfficeDb
    from hmfield.core.office.service import OfficeService

    with OfficeDb(url) as db:
        office = OfficeService(db, office_seed.bench_actor())
        ctx = office.context(db.projects()[0], readonly=True)
        start = time.perf_counter()
        try:
            AssessmentService(ctx).summary()
            Counter(host_lifecycles(ctx).values())
            ChecklistProgressService(ctx).progress()
        finally:
            ctx.store.close()
        return time.perf_counter() - start


def seeded(url: str, projects: int, hosts: int) -> bool:
    from hmfield.core.errors import HmError
    from hmfield.core.office.database import OfficeDb

    try:
        with OfficeDb(url) as db:
            found = len(db.projects())
    except HmError:
        return False
    return found >= projects and bare_counts(url) >= projects * (hosts - hosts // 100)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", metavar="URL", nargs="?")
    parser.add_argument("--projects", type=int, default=50)
    parser.add_argument("--hosts", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with throwaway_office(args.url) as url:
        if not seeded(url, args.projects, args.hosts):
            print(f"seeding {args.projects} projects x {args.hosts} hosts ...", flush=True)
            for step, seconds in office_seed.seed(url, args.projects, args.hosts).items():
                print(f"  {step}: {seconds:.1f} s", flush=True)
        hosts = bare_counts(url)
        status_json(url)  # warm: imports, compiled statements, server caches
        status = best(lambda: status_json(url), args.repeat)
        bare = best(lambda: bare_counts(url), args.repeat)
        kept = stored_lines(url)
        without = best(lambda: aggregates(url), min(args.repeat, 3))
        cmd = [sys.executable, "-m", "hmfield", "office", "status", url, "--json"]
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        whole = time.perf_counter() - start
        before = one_project_per_record(url)
        print(f"office: {args.projects} projects, {hosts:,} hosts")
        print(f"projects with a current stored portfolio line: {kept} of {args.projects}")
        print(f"office status --json (in process, best of {args.repeat}): {status * 1000:.0f} ms")
        print(f"  the same portfolio by the aggregates alone: {without * 1000:.0f} ms")
        print(f"  as a command, Python start-up included: {whole * 1000:.0f} ms")
        print(
            f"  one project's verdicts, lifecycle and progress per record: {before * 1000:.0f} ms"
        )
        print(f"bare: count(*) of host per project schema: {bare * 1000:.0f} ms")
        print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} "
              "(other work shares the cores: figures are upper bounds)")  # fmt: skip
        print(f"ratio status / bare: {status / bare:.1f}")


if __name__ == "__main__":
    main()

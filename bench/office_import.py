"""Benchmark: 20 bundle imports into one office at once (separate importer processes, as
five engineers' ``hmfield office import`` at the same time), beside the same 20 imported one
after another into a second office; then the final-state check: both offices hold the same
records, audit events and overridden values kept as conflicts (which later value overrode
each one is recorded as the bundles arrived, so that pairing may differ). Throughput is
bundles and events merged per second. The last line printed is the ratio parallel /
sequential wall time.

Five field projects (``--hosts`` each, made by one engineer and copied to three more); every
engineer edits their own slice of hosts and one host everybody edits (a conflict), and exports
a bundle: 5 x 4 = 20 bundles, the first of each project creating it in the office.

    uv run python bench/office_import.py [SERVER_URL] [--hosts 2000] [--workers 20]

``SERVER_URL``: a PostgreSQL server where the bench may create (and drop) two databases;
omit it for a throwaway cluster (tests/pg_cluster.py).
"""

from __future__ import annotations

import argparse
import contextlib
import multiprocessing
import os
import random
import shutil
import sys
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import office_seed  # noqa: E402  (sets the bench's data and config folders)

PROJECTS, ENGINEERS = 5, 4
T0 = datetime.now(UTC)
NAMES = ("李敏", "王建国", "陈涛", "赵丽")


def actor(n: int):
    from hmfield.core.context import Actor

    return Actor(f"{n + 1:x}" * 32, NAMES[n], f"{n + 10:x}" * 16)


def bundles(folder: Path, hosts: int) -> list[Path]:
    """The 20 bundles (five projects x four engineers)."""
    from hmfield.core.clock import FixedClock
    from hmfield.core.model.inventory import Host
    from hmfield.core.project.service import NewProject, create_project, open_project
    from hmfield.core.sync.service import SyncService

    out = []
    for p in range(PROJECTS):
        base = folder / f"site{p}.hmfield"
        ctx = create_project(base, NewProject(name=f"数据中心{p + 1}", customer="银行"),
                             clock=FixedClock(T0), actor=actor(0))  # fmt: skip
        try:
            with ctx.write() as uow:
                rows = [{"name": f"dc{p}-srv{i:05d}", "cpu_cores": 2, "memory_mib": 4096,
                         "ips": [f"10.{p}.{i // 250}.{i % 250}"]} for i in range(hosts)]  # fmt: skip
                ids = uow.rec.bulk_create(Host, rows)
        finally:
            ctx.store.close()
        for e in range(ENGINEERS):
            copy = folder / f"site{p}-{e}.hmfield"
            shutil.copy(base, copy)
            at = T0 + timedelta(hours=1 + e)
            ctx = open_project(copy, actor=actor(e), clock=FixedClock(at, timedelta(seconds=1)))
            try:
                mine = ids[e::ENGINEERS][: max(1, hosts // 10)] + ids[:1]  # ids[0]: everybody
                with ctx.write() as uow:
                    for hid in mine:
                        uow.rec.update(uow.session.get(Host, hid), {"notes": f"{NAMES[e]} {at}"})
                made = SyncService(ctx).export_bundle(folder / f"site{p}-{e}.hmbundle").path
            finally:
                ctx.store.close()
            out.append(Path(made))
    return out


def _warm(_n: int) -> None:
    time.sleep(0.3)  # every worker started and its imports done before the clock starts


def _start() -> None:
    import hmfield.core.office.service  # noqa: F401


def import_one(job: tuple[str, str]):
    from hmfield.core.office.database import OfficeDb
    from hmfield.core.office.service import OfficeService

    url, bundle = job
    with OfficeDb(url) as db:
        r = OfficeService(db, actor(0)).import_bundle(bundle)
    return r.created, r.new_events, r.conflicts


def state(url: str) -> dict:
    """Per project: every record (as bundles carry it), the event ids and the values the
    conflicts kept."""
    from sqlalchemy import select

    from hmfield.core.model.audit import AuditEvent
    from hmfield.core.model.sync import MergeConflict
    from hmfield.core.office.database import OfficeDb
    from hmfield.core.office.service import OfficeService
    from hmfield.core.sync.bundle.payload import catalog, row_json

    out = {}
    with OfficeDb(url) as db:
        office = OfficeService(db, actor(0))
        for project in db.projects():
            ctx = office.context(project, readonly=True)
            try:
                with ctx.read() as s:
                    conn = s.connection()
                    records = {name: sorted(
                        (row_json(m.__table__, r) for r in
                         conn.execute(select(m.__table__)).mappings()), key=lambda r: r["id"])
                        for name, m in catalog().records.items()}  # fmt: skip
                    events = set(conn.execute(select(AuditEvent.__table__.c.id)).scalars())
                    mc = MergeConflict.__table__
                    # the overridden values: which later value overrode each one depends on
                    # the order the bundles arrived in (a conflict is kept pairwise)
                    cols = (mc.c.entity, mc.c.entity_id, mc.c.field, mc.c.other_value)
                    conflicts = sorted(tuple(r) for r in conn.execute(select(*cols)))
            finally:
                ctx.store.close()
            out[project.project_id] = (records, events, conflicts)
    return out


def differences(a: dict, b: dict) -> None:
    """What differs between the two offices (printed when the check fails)."""
    for pid in sorted(set(a) | set(b)):
        if pid not in a or pid not in b:
            print(f"project {pid[:8]}: only in one office")
            continue
        (ra, ea, ca), (rb, eb, cb) = a[pid], b[pid]
        for table in ra:
            rows_a = {r["id"]: r for r in ra[table]}
            rows_b = {r["id"]: r for r in rb[table]}
            for rid in sorted(set(rows_a) | set(rows_b)):
                x, y = rows_a.get(rid), rows_b.get(rid)
                if x != y:
                    fields = sorted(k for k in (x or y) if (x or {}).get(k) != (y or {}).get(k))
                    print(f"project {pid[:8]} {table} {rid[:8]}: {fields}: "
                          f"{[(x or {}).get(f) for f in fields]} / {[(y or {}).get(f) for f in fields]}")  # fmt: skip
        if ea != eb:
            print(f"project {pid[:8]}: events {len(ea - eb)} / {len(eb - ea)} only on one side")
        if ca != cb:
            print(f"project {pid[:8]}: conflicts {ca} / {cb}")


@contextlib.contextmanager
def two_offices(server: str | None) -> Iterator[tuple[str, str]]:
    import psycopg
    from office_status import throwaway_office

    with throwaway_office(server) as url:
        admin = url.rsplit("/", 1)[0] + "/postgres"
        names = [f"imports_{uuid.uuid4().hex[:8]}" for _ in range(2)]
        with psycopg.connect(admin, autocommit=True) as conn:
            for name in names:
                conn.execute(f'CREATE DATABASE "{name}"')
        try:
            yield tuple(url.rsplit("/", 1)[0] + f"/{n}" for n in names)
        finally:
            with psycopg.connect(admin, autocommit=True) as conn:
                for name in names:
                    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    from hmfield.core.office.database import OfficeDb
    from hmfield.core.office.service import OfficeService

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("server", metavar="SERVER_URL", nargs="?")
    parser.add_argument("--hosts", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=20)
    args = parser.parse_args()
    folder = office_seed.CACHE / f"imports-{uuid.uuid4().hex[:6]}"
    folder.mkdir(parents=True)
    try:
        made = bundles(folder, args.hosts)
        with two_offices(args.server) as (parallel, serial):
            for url in (parallel, serial):
                with OfficeDb(url) as db:
                    OfficeService(db, actor(0)).init()
            ctx = multiprocessing.get_context("spawn")
            with ctx.Pool(args.workers, initializer=_start) as pool:
                pool.map(_warm, range(args.workers), chunksize=1)
                start = time.perf_counter()
                results = pool.map(import_one, [(parallel, str(b)) for b in made], chunksize=1)
                wall_parallel = time.perf_counter() - start
            order = list(made)
            random.Random(7).shuffle(order)
            start = time.perf_counter()
            for b in order:
                import_one((serial, str(b)))
            wall_serial = time.perf_counter() - start
            a, b = state(parallel), state(serial)
            same = a == b
            if not same:
                differences(a, b)
        events = sum(r[1] for r in results)
        print(f"{len(made)} bundles of {PROJECTS} projects x {args.hosts} hosts, "
              f"{events:,} events, {sum(r[2] for r in results)} conflicts kept")  # fmt: skip
        print(
            f"parallel ({args.workers} importer processes): {wall_parallel:.1f} s, "
            f"{len(made) / wall_parallel:.2f} bundles/s, {events / wall_parallel:,.0f} events/s"
        )
        print(
            f"one after another (shuffled): {wall_serial:.1f} s, "
            f"{len(made) / wall_serial:.2f} bundles/s, {events / wall_serial:,.0f} events/s"
        )
        print(f"final state equal to one after another: {'yes' if same else 'NO'}")
        print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} "
              "(other work shares the cores: figures are upper bounds)")  # fmt: skip
        print(f"ratio parallel / sequential: {wall_parallel / wall_serial:.2f}")
        if not same:
            sys.exit(1)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()

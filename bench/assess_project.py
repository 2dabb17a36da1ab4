"""Benchmark: re-assess 10,000 hosts stored in a project file (load from SQLite, judge, upsert
``host_verdict``) beside the bare rules engine on the same records already in memory.

The ratio (ours / bare engine) is printed last: it is the cost of reading hosts, disks,
partitions and NICs from the project and writing the verdicts. Goal: 10,000 hosts < 0.5 s.
Run: ``.venv/bin/python bench/assess_project.py [N]``
"""

from __future__ import annotations

import gc
import sys
import tempfile
import time
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import insert

sys.path.insert(0, str(Path(__file__).resolve().parent))
from assess import make_hosts  # noqa: E402 - the rules bench's host generator

from hmfield.core.assess.facts import current_ruleset  # noqa: E402
from hmfield.core.assess.rules import assess  # noqa: E402
from hmfield.core.assess.verdicts import reassess_hosts  # noqa: E402
from hmfield.core.clock import FixedClock  # noqa: E402
from hmfield.core.context import Actor  # noqa: E402
from hmfield.core.model.base import new_id  # noqa: E402
from hmfield.core.model.inventory import Disk, Host, Nic, Partition  # noqa: E402
from hmfield.core.project.service import NewProject, create_project  # noqa: E402

_NOT_COLUMNS = {"disks", "partitions", "nics", "source_file", "sheet", "row", "host_id",
                "is_srm_placeholder", "business_system"}  # fmt: skip


def store(ctx, records) -> None:
    """Set-up only: the hosts go in with plain Core inserts (the import path is another bench)."""
    hosts, disks, parts, nics = [], [], [], []
    for rec in records:
        hid = new_id()
        row = {k: v for k, v in asdict(rec).items() if k not in _NOT_COLUMNS}
        hosts.append({**row, "id": hid, "notes": row.get("notes") or ""})
        disks += [{**asdict(d), "host_id": hid} for d in rec.disks]
        parts += [{**asdict(p), "host_id": hid} for p in rec.partitions]
        nics += [{**asdict(n), "host_id": hid} for n in rec.nics]
    with ctx.write() as uow:
        stamp = {"created_at": uow.rec.now, "updated_at": uow.rec.now}
        for model, rows in ((Host, hosts), (Disk, disks), (Partition, parts), (Nic, nics)):
            if rows:
                uow.session.execute(insert(model), [{**r, **stamp} for r in rows])


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    records = make_hosts(n)
    folder = Path(tempfile.mkdtemp(prefix="hm-assess-bench-"))
    ctx = create_project(
        folder / "bench.hmfield",
        NewProject(name="bench"),
        clock=FixedClock(datetime(2026, 11, 26, tzinfo=UTC)),
        actor=Actor("b" * 32, "bench", "d" * 32),
    )
    try:
        store(ctx, records)
        ruleset = current_ruleset()
        best_ours = best_bare = cpu_ours = cpu_bare = float("inf")
        for _ in range(5):
            t0, c0 = time.perf_counter(), time.process_time()
            with ctx.write() as uow:
                count = reassess_hosts(uow)
            best_ours = min(best_ours, time.perf_counter() - t0)
            cpu_ours = min(cpu_ours, time.process_time() - c0)
            gc.disable()  # the same advantage reassess_hosts gives itself
            t0, c0 = time.perf_counter(), time.process_time()
            results = [assess(h, ruleset) for h in records]
            best_bare = min(best_bare, time.perf_counter() - t0)
            cpu_bare = min(cpu_bare, time.process_time() - c0)
            gc.enable()
        assert count == len(results) == n
    finally:
        ctx.store.close()
    print(f"hosts: {n}, rules {ruleset.version}")
    print(f"bare rules engine on in-memory records: {best_bare:.3f} s (CPU {cpu_bare:.3f} s)")
    print(
        f"reassess_hosts (load + judge + upsert, one transaction): {best_ours:.3f} s "
        f"(CPU {cpu_ours:.3f} s)"
    )
    print(f"goal: {n} hosts < 0.5 s -> {'met' if best_ours < 0.5 else 'NOT met'}")
    # CPU time: stable on a shared machine (wall time swings with other processes)
    print(f"ratio reassess/bare engine (CPU time): {cpu_ours / cpu_bare:.2f}x")


if __name__ == "__main__":
    main()

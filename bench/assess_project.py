"""Benchmark: re-assess 10,000 hosts stored in a project file (load from SQLite, judge, upsert
``host_verdict``) beside the bare rules engine on the same records already in memory.

Two figures: after a rules change every verdict is stale (read hosts, disks, partitions and
NICs from the project, judge, write the verdicts); with nothing changed only the staleness
check runs (unchanged hosts keep their verdicts). Goal: 10,000 hosts <= 0.5 s and <= 1.5x
the bare engine. The ratio after a rules change is printed last.
Run: ``.venv/bin/python bench/assess_project.py [N]``
"""

from __future__ import annotations

import atexit
import gc
import shutil
import sys
import tempfile
import time
from dataclasses import asdict
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from sqlalchemy import insert, update

sys.path.insert(0, str(Path(__file__).resolve().parent))
from assess import make_hosts  # noqa: E402 - the rules bench's host generator

from hmfield.core.assess.facts import current_ruleset  # noqa: E402
from hmfield.core.assess.rules import assess  # noqa: E402
from hmfield.core.assess.verdicts import reassess_hosts  # noqa: E402
from hmfield.core.clock import FixedClock  # noqa: E402
from hmfield.core.context import Actor  # noqa: E402
from hmfield.core.model.assess import HostVerdict  # noqa: E402
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


def _judge_all(records, ruleset, out: list) -> None:
    out.extend(assess(h, ruleset) for h in records)


def _timed(fn) -> tuple[float, float]:
    t0, c0 = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - t0, time.process_time() - c0


def measure(n: int = 10_000, repeat: int = 5) -> dict:
    """Best wall and CPU times of: re-assessing every stored host after a rules change (all
    verdicts stale: load + judge + upsert), re-assessing with nothing changed (staleness
    check only), and the bare engine on the same records in memory."""
    records = make_hosts(n)
    folder = Path(tempfile.mkdtemp(prefix="hm-assess-bench-"))
    atexit.register(shutil.rmtree, folder, True)
    ctx = create_project(
        folder / "bench.hmfield",
        NewProject(name="bench"),
        clock=FixedClock(datetime(2026, 11, 26, tzinfo=UTC)),
        actor=Actor("b" * 32, "bench", "d" * 32),
    )
    counts: list[int] = []

    def reassess() -> None:
        with ctx.write() as uow:
            counts.append(reassess_hosts(uow))

    try:
        store(ctx, records)
        ruleset = current_ruleset()
        full, same, bare = [], [], []
        for _ in range(repeat):
            with ctx.write() as uow:  # as after a new rules version: every verdict stale
                uow.session.execute(update(HostVerdict).values(ruleset_version="old"))
            full.append(_timed(reassess))
            same.append(_timed(reassess))
            gc.disable()  # the same advantage reassess_hosts gives itself
            results: list = []
            bare.append(_timed(partial(_judge_all, records, ruleset, results)))
            gc.enable()
            assert len(results) == n
        assert set(counts) == {n}
    finally:
        ctx.store.close()
    best = {k: (min(w for w, _ in v), min(c for _, c in v))
            for k, v in (("full", full), ("same", same), ("bare", bare))}  # fmt: skip
    return {"hosts": n, "rules": ruleset.version, **best}


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    m = measure(n)
    (bare, bare_cpu), (full, full_cpu), (same, same_cpu) = m["bare"], m["full"], m["same"]
    print(f"hosts: {n}, rules {m['rules']}")
    print(f"bare rules engine on in-memory records: {bare:.3f} s (CPU {bare_cpu:.3f} s)")
    print(
        f"reassess_hosts after a rules change (load + judge + upsert, one transaction): "
        f"{full:.3f} s (CPU {full_cpu:.3f} s)"
    )
    print(f"reassess_hosts with nothing changed: {same:.3f} s (CPU {same_cpu:.3f} s)")
    print(f"goal: {n} hosts <= 0.5 s -> after a rules change "
          f"{'met' if full <= 0.5 else 'NOT met'}; nothing changed "
          f"{'met' if same <= 0.5 else 'NOT met'}")  # fmt: skip
    # CPU time: stable on a shared machine (wall time swings with other processes)
    print(f"ratio nothing changed / bare engine (CPU time): {same_cpu / bare_cpu:.2f}x")
    print(f"ratio after a rules change / bare engine (CPU time): {full_cpu / bare_cpu:.2f}x")


if __name__ == "__main__":
    main()

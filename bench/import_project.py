"""Benchmark: the whole user path of importing a 10,000-VM RVTools export into a new project
(``hmfield import`` in a fresh process: module imports, parse, preview, backup, write, audit,
assess), beside a bare python-calamine read of every cell of the same file, same run.
Also prints the import's peak memory (max RSS of the child process, goal <= 250 MiB) and
the CPU times (steadier than wall time on a shared machine). Medians of ``--repeat`` runs.
Then the floor under any import: the rows the last run stored, written again with bare
sqlite3 executemany into an emptied copy of its project (with and without the audit events);
the bare read plus that write, over the bare read, is the least ratio storing them can reach
when parse and write do not overlap.
The last line printed is the wall-time ratio (goal <= 1.5).

    uv run python bench/import_project.py [--vms 10000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import atexit
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from import_rvtools import cached_export  # noqa: E402

BARE = """
import sys, time
t = time.perf_counter()
import python_calamine as pc
wb = pc.CalamineWorkbook.from_path(sys.argv[1])
cells = 0
for name in wb.sheet_names:
    cells += sum(len(r) for r in wb.get_sheet_by_name(name).to_python())
print(cells)
"""


CPU: list[float] = []  # CPU time (user + system) of the last child run


def run(args: list[str], env: dict) -> tuple[float, float, str]:
    """Wall time, peak RSS (MiB) and stdout of one child process (its CPU time in CPU)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    before, cpu = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
    start = time.perf_counter()
    out = subprocess.run(args, capture_output=True, text=True, env=env)
    took = time.perf_counter() - start
    if out.returncode:
        raise SystemExit(out.stderr)
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU[:] = [usage.ru_utime + usage.ru_stime - cpu]
    return took, max(usage.ru_maxrss, before) / 1024, out.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vms", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    path = cached_export(args.vms)
    print(f"file: {path} ({path.stat().st_size / 1e6:.1f} MB)")
    work = Path(tempfile.mkdtemp(prefix="hmfield-bench-import-"))
    atexit.register(shutil.rmtree, work, True)  # each run's project is ~160 MB
    env = dict(os.environ, HMFIELD_DATA_DIR=str(work / "d"), HMFIELD_CONFIG_DIR=str(work / "c"))
    py = sys.executable
    bare, ours, peaks, bare_cpu, ours_cpu, readers, alone = [], [], [], [], [], [], []
    for n in range(args.repeat):
        t, _, _ = run([py, "-c", BARE, str(path)], env)
        bare.append(t)
        bare_cpu.append(CPU[0])
        proj = work / f"p{n}.hmfield"
        run([py, "-m", "hmfield", "new", str(proj), "--name", "bench", "--by", "bench"], env)
        # maxrss of RUSAGE_CHILDREN is the max over all children: measure the import alone
        cmd = [py, "-c", "import resource, runpy, sys; sys.argv = sys.argv[1:];"
               " code = 0\ntry: runpy.run_module('hmfield', run_name='__main__')\n"
               "except SystemExit as e: code = e.code\n"
               "me = resource.getrusage(resource.RUSAGE_SELF)\n"
               "print('peak', me.ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,"
               " me.ru_utime + me.ru_stime); sys.exit(code)",
               "hmfield", "import", str(proj), str(path), "--by", "bench"]  # fmt: skip
        t, _, out = run(cmd, env)
        ours.append(t)
        ours_cpu.append(CPU[0])
        last = out.strip().splitlines()[-1].split()
        peaks.append(int(last[1]) / 1024)
        readers.append(int(last[2]) / 1024)  # the side-sheet reader (prefetch), if forked
        alone.append(float(last[3]))  # CPU time of the import process without its reader
        print(
            f"run {n + 1}: bare {bare[-1]:.2f}s (CPU {bare_cpu[-1]:.2f}s), import {t:.2f}s"
            f" (CPU {ours_cpu[-1]:.2f}s, main process {alone[-1]:.2f}s), peak {peaks[-1]:.0f} MiB"
            f" (side-sheet reader {readers[-1]:.0f} MiB)"
        )
        print("  " + out.strip().splitlines()[0])
    b, o = statistics.median(bare), statistics.median(ours)
    bc, oc = statistics.median(bare_cpu), statistics.median(ours_cpu)
    print(f"bare calamine read (process): {b:.2f}s; hmfield import (process): {o:.2f}s (medians)")
    print(f"CPU time: bare {bc:.2f}s; import {oc:.2f}s; ratio {oc / bc:.2f}")
    ac = statistics.median(alone)
    print(
        f"CPU time of the import's main process alone (its critical path on an idle machine):"
        f" {ac:.2f}s; ratio {ac / bc:.2f}"
    )
    print(
        f"peak memory of the import: {max(peaks):.0f} MiB (goal <= 250); its side-sheet"
        f" reader process (parse only; its CPU time is in the import's): {max(readers):.0f} MiB"
    )
    last = work / f"p{args.repeat - 1}.hmfield"
    rows, written = bare_write(last, work / "floor.hmfield")
    _, without = bare_write(last, work / "floor.hmfield", events=False)
    print(
        f"bare SQLite write of the rows the import stored ({rows:,} rows, executemany, one"
        f" transaction, same schema): {written:.2f}s, {without:.2f}s without the audit events;"
        f" floor (bare read + bare write) / bare read: {(b + written) / b:.2f}"
        f" ({(b + without) / b:.2f} without the events)"
    )
    print(f"ratio import / bare read: {o / b:.2f} (goal <= 1.5)")


FLOOR_TABLES = ("host", "disk", "partition", "nic", "host_verdict")


def bare_write(project: Path, scratch: Path, events: bool = True) -> tuple[int, float]:
    """The floor under any import: the rows the import stored (hosts, children, verdicts and,
    with ``events``, the audit events), already in SQLite's types, written again with plain
    sqlite3 executemany into an emptied copy of the same project (same schema and indexes,
    WAL, synchronous=NORMAL as the store): (rows, seconds)."""
    import sqlite3

    tables = (*FLOOR_TABLES, "audit_event") if events else FLOOR_TABLES
    con = sqlite3.connect(project)
    data = {t: con.execute(f"SELECT * FROM {t}").fetchall() for t in tables}  # noqa: S608
    con.close()
    shutil.copyfile(project, scratch)
    out = sqlite3.connect(scratch, isolation_level=None)
    out.execute("PRAGMA journal_mode=WAL")
    out.execute("PRAGMA synchronous=NORMAL")
    for t in tables:
        out.execute(f"DELETE FROM {t}")  # noqa: S608
    out.execute("VACUUM")
    start = time.perf_counter()
    out.execute("BEGIN")
    for t, rows in data.items():
        if rows:
            marks = ",".join("?" * len(rows[0]))
            out.executemany(f"INSERT INTO {t} VALUES ({marks})", rows)  # noqa: S608
    out.execute("COMMIT")
    took = time.perf_counter() - start
    out.close()
    for path in scratch.parent.glob(scratch.name + "*"):
        path.unlink()
    return sum(len(rows) for rows in data.values()), took


if __name__ == "__main__":
    main()

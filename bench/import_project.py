"""Benchmark: the whole user path of importing a 10,000-VM RVTools export into a new project
(``hmfield import`` in a fresh process: module imports, parse, preview, backup, write, audit,
assess), beside a bare python-calamine read of every cell of the same file, same run.
Also prints the import's peak memory (max RSS of the child process, goal <= 250 MiB) and
the CPU times (steadier than wall time on a shared machine). Medians of ``--repeat`` runs.
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

from import_rvtools import generate  # noqa: E402

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
    cache = Path(tempfile.gettempdir()) / "hmfield-bench"
    cache.mkdir(exist_ok=True)
    path = cache / f"rvtools-{args.vms}.xlsx"
    if not path.exists():
        generate(path, args.vms)
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
    print(f"ratio import / bare read: {o / b:.2f} (goal <= 1.5)")


if __name__ == "__main__":
    main()

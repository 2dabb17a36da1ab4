"""Benchmark: the app's import of a 10,000-VM RVTools export (what the Import button runs in its
job thread: ``ImportService.preview(parallel=True)`` then ``apply``), in a fresh process, with
the spawned side-sheet reader and with it turned off (``HMFIELD_SIDE_READER=off``), beside a
bare python-calamine read of every cell of the same file, same run. Medians of ``--repeat``
runs, alternated. The last line printed is the ratio of the app's import to the bare read.

    uv run python bench/import_app.py [--vms 10000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import atexit
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from import_project import BARE  # noqa: E402
from import_rvtools import cached_export  # noqa: E402

# the app's path, in a job thread as in the app (no Qt needed for the core services)
APP = """
import sys, threading, time
from pathlib import Path

def main():
    from hmfield.core.context import Actor
    from hmfield.core.inventory.importing import ImportService
    from hmfield.core.project.service import open_project

    ctx = open_project(Path(sys.argv[1]), actor=Actor("b" * 32, "bench", "d" * 32))
    out = {}

    def job():
        t = time.perf_counter()
        preview = ImportService(ctx).preview(Path(sys.argv[2]), parallel=True)
        out["read"] = time.perf_counter() - t
        ImportService(ctx).apply(preview)
        out["all"] = time.perf_counter() - t

    worker = threading.Thread(target=job)
    worker.start()
    worker.join()
    ctx.store.close()
    print(f"read {out['read']:.3f} all {out['all']:.3f}")

if __name__ == "__main__":
    main()
"""


def _run(args: list[str], env: dict) -> tuple[float, str]:
    start = time.perf_counter()
    out = subprocess.run(args, capture_output=True, text=True, env=env)
    took = time.perf_counter() - start
    if out.returncode:
        raise SystemExit(out.stderr)
    return took, out.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vms", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    path = cached_export(args.vms)
    print(f"file: {path} ({path.stat().st_size / 1e6:.1f} MB)")
    work = Path(tempfile.mkdtemp(prefix="hmfield-bench-app-import-"))
    atexit.register(shutil.rmtree, work, True)
    env = dict(os.environ, HMFIELD_DATA_DIR=str(work / "d"), HMFIELD_CONFIG_DIR=str(work / "c"))
    script = work / "app_import.py"  # a file: the spawned reader re-imports it, guarded
    script.write_text(APP)
    py = sys.executable
    bare: list[float] = []
    got: dict[str, list[tuple[float, float]]] = {"with": [], "off": []}
    for n in range(args.repeat):
        bare.append(_run([py, "-c", BARE, str(path)], env)[0])
        for mode in ("with", "off"):
            proj = work / f"{mode}{n}.hmfield"
            _run([py, "-m", "hmfield", "new", str(proj), "--name", "b", "--by", "bench"], env)
            run_env = dict(env, HMFIELD_SIDE_READER="" if mode == "with" else "off")
            took, out = _run([py, str(script), str(proj), str(path)], run_env)
            words = out.split()
            got[mode].append((float(words[1]), took))
            print(f"run {n + 1} {mode:>4} reader: read {words[1]} s, process {took:.2f} s")
    b = statistics.median(bare)
    read_with = statistics.median(r for r, _ in got["with"])
    read_off = statistics.median(r for r, _ in got["off"])
    app_with = statistics.median(t for _, t in got["with"])
    app_off = statistics.median(t for _, t in got["off"])
    print(f"bare calamine read (process): {b:.2f}s")
    print(
        f"app import read step: {read_with:.2f}s with the spawned reader, {read_off:.2f}s without"
    )
    print(
        f"app import (process, with the spawned reader): {app_with:.2f}s;"
        f" without it: {app_off:.2f}s (medians)"
    )
    print(f"ratio app import / bare read: {app_with / b:.2f} (goal <= 1.5)")


if __name__ == "__main__":
    main()

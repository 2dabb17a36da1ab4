"""Benchmark (issue 19, "Scale"): 50,000 hosts and 150,000 dependencies as a supported size.
The whole user path through the CLI, each step in its own process as the engineer runs it:
new project, RVTools import (assess included), dependency import, assessment listing,
wave proposal applied, a filter, opening the project (info), the plan PDF, the first wave's
runbook saved and printed, a bundle export, and the bundle opened as a new project (the
program office's path). The same path is run at 10,000 hosts / 30,000 dependencies in the
same run; each step's 50k/10k ratio is printed beside the linear goal (<= 5.5x) with its
peak memory (max RSS of the step's process), the whole path's ratio last.

    uv run python bench/scale.py [--small 10000] [--large 50000]

The RVTools files come from bench/import_rvtools.py's generator (cached in the temp folder,
shared with bench/import_project.py). Dependencies: three per host, inside groups of ten
consecutive VMs, written as our dependency CSV.
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from import_rvtools import generate  # noqa: E402

STEPS = (
    "import",
    "deps import",
    "assess list",
    "plan waves",
    "filter",
    "open (info)",
    "plan PDF",
    "runbook save",
    "runbook PDF",
    "bundle export",
    "bundle as new",
)
PEAK: dict[str, float] = {}
PEAKS: dict[
    int, dict[str, float]
] = {}  # hosts -> step -> peak MiB  # step -> peak memory (MiB) of its process, for the last run

# the step's own peak memory: VmHWM of its process (Linux keeps ru_maxrss across execve, so a
# child started by this bench would report this bench's size); ru_maxrss where there is none
_MEASURED = (
    "import resource, runpy, sys; sys.argv = sys.argv[1:]; code = 0\n"
    "try: runpy.run_module('hmfield', run_name='__main__')\n"
    "except SystemExit as e: code = e.code\n"
    "try: kib = next(int(l.split()[1]) for l in open('/proc/self/status')"
    " if l.startswith('VmHWM:'))\n"
    "except (OSError, StopIteration): kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
    "sys.stderr.write('peak %d\\n' % kib)\n"
    "sys.exit(code)"
)


def vm_names(path: Path) -> list[str]:
    import python_calamine as pc

    rows = pc.CalamineWorkbook.from_path(str(path)).get_sheet_by_name("vInfo").to_python()
    col = list(rows[0]).index("VM")
    return [str(r[col]) for r in rows[1:] if r[col]]


def write_deps(path: Path, names: list[str]) -> int:
    """Three dependencies per host, inside its group of ten (calls, databases, shares)."""
    kinds = (("call", 8080, "tcp"), ("database", 3306, "tcp"), ("shared_file", 2049, "nfs"))
    count = 0
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["from", "to", "kind", "port", "protocol", "criticality", "notes"])
        for g in range(0, len(names) - 9, 10):
            group = names[g : g + 10]
            for i, name in enumerate(group):
                for n, offset in enumerate((1, 3, 7)):
                    kind, port, proto = kinds[(i + n) % 3]
                    out.writerow([name, group[(i + offset) % 10], kind, port, proto, 1 + n, ""])
                    count += 1
    return count


def run(cmd: list[str], env: dict, step: str = "") -> float:
    """Wall seconds of one step; its process's peak memory into PEAK[step]."""
    if step and cmd[1:3] == ["-m", "hmfield"]:
        cmd = [cmd[0], "-c", _MEASURED, "hmfield", *cmd[3:]]
    start = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True, env=env)
    took = time.perf_counter() - start
    if out.returncode not in (0, 1):  # plan waves/check exit 1 on findings: still finished
        raise SystemExit(f"{' '.join(cmd[2:5])} failed ({out.returncode}):\n{out.stderr[-2000:]}")
    peaks = [line.split()[1] for line in out.stderr.splitlines() if line.startswith("peak ")]
    if step and peaks:
        PEAK[step] = int(peaks[-1]) / 1024
    return took


def path_at(vms: int, work: Path, env: dict) -> dict[str, float]:
    cache = Path(tempfile.gettempdir()) / "hmfield-bench"
    cache.mkdir(exist_ok=True)
    rv = cache / f"rvtools-{vms}.xlsx"
    if not rv.exists():
        generate(rv, vms)
    names = vm_names(rv)
    deps = work / f"deps-{vms}.csv"
    edges = write_deps(deps, names)
    proj = str(work / f"scale-{vms}.hmfield")
    hm = [sys.executable, "-m", "hmfield"]
    run([*hm, "new", proj, "--name", f"scale {vms}", "--by", "bench"], env)
    out = str(work / f"plan-{vms}")
    steps = {
        "import": ["import", proj, str(rv), "--by", "bench"],
        "deps import": ["deps", "import", proj, str(deps), "--by", "bench"],
        "assess list": ["assess", "list", proj, "--json"],
        "plan waves": ["plan", "waves", proj, "--max-hosts", "500", "--apply", "--by", "bench"],
        "filter": ["host", "list", proj, "--where", "platform=vmware", "--json"],
        "open (info)": ["info", proj],
        "plan PDF": ["report", proj, "--kind", "plan", "-o", out + ".pdf"],
        "runbook save": ["runbook", "save", proj, "--wave", "1", "--by", "bench"],
        "runbook PDF": ["report", proj, "--kind", "runbook", "--wave", "1", "-o", out + "-rb.pdf"],
        "bundle export": ["bundle", "export", proj, out + ".hmbundle", "--by", "bench"],
        "bundle as new": [
            "bundle", "import", out + ".hmbundle", "--into", out + "-copy.hmfield", "--by", "bench",
        ],
    }  # fmt: skip
    figures, peaks = {}, {}
    for step, args in steps.items():
        figures[step] = run([*hm, *args], env, step)
        peaks[step] = PEAK.get(step, 0.0)
    PEAKS[vms] = peaks
    print(f"{vms:,} hosts, {edges:,} dependencies: " + ", ".join(
        f"{k} {v:.1f}s" for k, v in figures.items()
    ), flush=True)  # fmt: skip
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--large", type=int, default=50_000)
    args = parser.parse_args()
    # the projects and PDFs (gigabytes at 50k) go when the bench ends
    with tempfile.TemporaryDirectory(prefix="hmfield-bench-scale-") as tmp:
        work = Path(tmp)
        env = dict(os.environ, HMFIELD_DATA_DIR=str(work / "d"), HMFIELD_CONFIG_DIR=str(work / "c"))
        small = path_at(args.small, work, env)
        large = path_at(args.large, work, env)
    print(
        f"{'step':<15}{args.small:>10,}{args.large:>10,}{'ratio':>8}  {'goal <= 5.5x':<13}"
        f"{'peak MiB':>9}{'':>7}"
    )
    ps, pl = PEAKS[args.small], PEAKS[args.large]
    for step in STEPS:
        ratio = large[step] / small[step]
        ok = "met" if ratio <= 5.5 else "NOT met"
        print(
            f"{step:<15}{small[step]:>9.1f}s{large[step]:>9.1f}s{ratio:>7.2f}x  {ok:<13}"
            f"{ps[step]:>8.0f} /{pl[step]:>6.0f}"
        )
    total_s, total_l = sum(small.values()), sum(large.values())
    print(f"whole path {args.large:,} / {args.small:,}: {total_l:.0f}s / {total_s:.0f}s")
    print(f"ratio whole path large/small: {total_l / total_s:.2f} (goal <= 5.5)")


if __name__ == "__main__":
    main()

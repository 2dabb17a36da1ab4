"""Run the issue-19 benches and print one table: one row per figure, with what is measured,
hmfield's figure, the bare baseline measured in the same run, the ratio, the goal, and
whether it is met. Each bench runs in its own process exactly as when run alone
(``uv run python bench/<name>.py``); this script only reads the lines they print.

    uv run python bench/run_all.py [--only import,assess,...] [--skip screens,...] [--scale]

``--scale`` adds the 50,000-host import beside the 10,000-host one (linear: <= 5.5x; the
50k file is generated once and cached, which takes a few minutes the first time).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent


@dataclass
class Figure:
    what: str
    ours: float | None
    bare: float | None
    unit: str  # "s", "MiB", "ms"
    goal: str  # as the issue states it
    ok: bool | None  # None: the bench printed nothing to judge by

    @property
    def ratio(self) -> float | None:
        if self.ours is None or not self.bare:
            return None
        return self.ours / self.bare


def _num(pattern: str, text: str) -> float | None:
    m = re.search(pattern, text)
    return float(m.group(1)) if m else None


def _le(value: float | None, limit: float) -> bool | None:
    return None if value is None else value <= limit


def parse_import(out: str) -> list[Figure]:
    bare = _num(r"bare calamine read \(process\): ([\d.]+)s", out)
    ours = _num(r"hmfield import \(process\): ([\d.]+)s", out)
    cpu_bare = _num(r"CPU time: bare ([\d.]+)s", out)
    cpu_ours = _num(r"CPU time: bare [\d.]+s; import ([\d.]+)s", out)
    peak = _num(r"peak memory of the import: ([\d.]+) MiB", out)
    # the floor: the bare read plus a bare SQLite write of the rows the import stored
    written = _num(r"bare SQLite write of the rows the import stored .*?: ([\d.]+)s", out)
    without = _num(r"bare SQLite write of the rows .*?, ([\d.]+)s without the audit", out)
    ratio = ours / bare if ours and bare else None
    cpu_ratio = cpu_ours / cpu_bare if cpu_ours and cpu_bare else None
    return [
        Figure("10k RVTools import into a project (CLI, wall) / bare calamine read",
               ours, bare, "s", "<= 1.5x", _le(ratio, 1.5)),
        Figure("10k RVTools import (CPU time) / bare calamine read (CPU time)",
               cpu_ours, cpu_bare, "s", "<= 1.5x", _le(cpu_ratio, 1.5)),
        Figure("peak memory, 10k import", peak, None, "MiB", "<= 250 MiB", _le(peak, 250)),
        Figure("floor: bare read + bare SQLite write of the stored rows / bare read",
               bare + written if bare and written else None, bare, "s", "-", None),
        Figure("floor without the audit events / bare read",
               bare + without if bare and without else None, bare, "s", "-", None),
    ]  # fmt: skip


def parse_app_import(out: str) -> list[Figure]:
    bare = _num(r"bare calamine read \(process\): ([\d.]+)s", out)
    ours = _num(r"app import \(process, with the spawned reader\): ([\d.]+)s", out)
    off = _num(r"without it: ([\d.]+)s", out)
    ratio = ours / bare if ours and bare else None
    return [
        Figure("10k RVTools import in the app (job thread) / bare calamine read",
               ours, bare, "s", "<= 1.5x", _le(ratio, 1.5)),
        Figure("the same without the spawned side-sheet reader / bare read",
               off, bare, "s", "-", None),
    ]  # fmt: skip


def parse_assess(out: str) -> list[Figure]:
    bare = _num(r"bare rules engine on in-memory records: [\d.]+ s \(CPU ([\d.]+) s\)", out)
    full_wall = _num(r"after a rules change \(load.*?\): ([\d.]+) s", out)
    full = _num(r"after a rules change \(load.*?\): [\d.]+ s \(CPU ([\d.]+) s\)", out)
    same_wall = _num(r"with nothing changed: ([\d.]+) s", out)
    same = _num(r"with nothing changed: [\d.]+ s \(CPU ([\d.]+) s\)", out)

    def ok(wall, cpu):
        if wall is None or cpu is None or not bare:
            return None
        return wall <= 0.5 and cpu / bare <= 1.5

    return [
        Figure("assess 10k stored hosts, nothing changed (CPU) / bare engine",
               same, bare, "s", "<= 1.5x and <= 0.5 s", ok(same_wall, same)),
        Figure("assess 10k stored hosts after a rules change (CPU) / bare engine",
               full, bare, "s", "<= 1.5x and <= 0.5 s", ok(full_wall, full)),
    ]  # fmt: skip


def parse_startup(out: str) -> list[Figure]:
    bare = _num(r"bare PySide6 window: ([\d.]+) s", out)
    first = _num(r"hmfield first window shown: ([\d.]+) s", out)
    demo = _num(r"hmfield with demo project open: ([\d.]+) s", out)
    big = _num(r"10,000-host project open and interactive: ([\d.]+) s", out)
    filled = _num(r"10,000-host project, first screen with all its figures: ([\d.]+) s", out)
    stall = _num(r"longest GUI stall while the 10,000-host project opened: (\d+) ms", out)
    return [
        Figure("first window shown / bare PySide6 window", first, bare, "s", "<= 2x",
               _le(first / bare if first and bare else None, 2)),
        Figure("demo project open / bare PySide6 window", demo, bare, "s", "-", None),
        Figure("10k-host project open and interactive / bare window", big, bare, "s", "<= 6x",
               _le(big / bare if big and bare else None, 6)),
        Figure("10k-host project, first screen with all its figures", filled, bare, "s", "-",
               None),
        Figure("longest GUI stall while the 10k-host project opens", stall, None, "ms",
               "< 200 ms", _le(stall, 199.999)),
    ]  # fmt: skip


def parse_screens(out: str) -> list[Figure]:
    bare = _num(r"bare QTableView of 10,000 x 8 items: GUI stall (\d+) ms", out)
    shown = _num(r"inventory \(first\): shown in ([\d.]+) s", out)
    first = _num(r"inventory \(first\): shown in [\d.]+ s, filled in ([\d.]+) s", out)
    again = _num(r"inventory \(again\): shown in [\d.]+ s, filled in ([\d.]+) s", out)
    stall_first = _num(r"longest stall, first visits: (\d+) ms", out)
    stall_again = _num(r"longest stall, second visits: (\d+) ms", out)
    peak = _num(r"peak memory of the GUI with 10,000 hosts: ([\d.]+) MiB", out)
    return [
        Figure("Inventory screen at 10k, first open (rows shown)", shown, None, "s", "<= 0.3 s",
               _le(shown, 0.3)),
        Figure("Inventory screen at 10k, first open (every row loaded)", first, None, "s", "-",
               None),
        Figure("Inventory screen at 10k, second visit (filled)", again, None, "s", "<= 50 ms",
               _le(again, 0.05)),
        Figure("longest GUI stall, first visits / bare QTableView", stall_first, bare, "ms",
               "< 200 ms", _le(stall_first, 199.999)),
        Figure("longest GUI stall, second visits", stall_again, None, "ms", "< 50 ms",
               _le(stall_again, 49.999)),
        Figure("peak memory, GUI with 10k hosts", peak, None, "MiB", "<= 250 MiB",
               _le(peak, 250)),
    ]  # fmt: skip


def parse_bundle(out: str) -> list[Figure]:
    export = _num(r"export \(read project \+ write \+ verify\): ([\d.]+) s", out)
    bare_write = _num(r"bare container write: ([\d.]+) s", out)
    imp = _num(r"import \(verify \+ preview [\d.]+ s \+ merge\): ([\d.]+) s", out)
    bare_read = _num(r"bare container read: ([\d.]+) s", out)
    ours = export + imp if export is not None and imp is not None else None
    bare = bare_write + bare_read if bare_write is not None and bare_read is not None else None
    ratio = ours / bare if ours and bare else None
    return [Figure("bundle export + import / bare container write + read", ours, bare, "s",
                   "<= 1.5x", _le(ratio, 1.5))]  # fmt: skip


@dataclass
class Bench:
    name: str
    argv: list[str]
    parse: Callable[[str], list[Figure]]


BENCHES = [
    Bench("import", ["import_project.py", "--repeat", "3"], parse_import),
    Bench("app-import", ["import_app.py", "--repeat", "3"], parse_app_import),
    Bench("assess", ["assess_project.py"], parse_assess),
    Bench("startup", ["startup.py"], parse_startup),
    Bench("screens", ["screens_10k.py"], parse_screens),
    Bench("bundle", ["bundle.py"], parse_bundle),
]


def run_bench(argv: list[str]) -> tuple[str, float, int]:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, str(HERE / argv[0]), *argv[1:]],
                          capture_output=True, text=True)  # fmt: skip
    if done.returncode:
        sys.stderr.write(f"{argv[0]} failed:\n{done.stderr[-2000:]}\n")
    return done.stdout, time.perf_counter() - start, done.returncode


def scale_figure(out10: str, out50: str) -> Figure:
    ten = _num(r"hmfield import \(process\): ([\d.]+)s", out10)
    fifty = _num(r"hmfield import \(process\): ([\d.]+)s", out50)
    ratio = fifty / ten if fifty and ten else None
    return Figure("50k hosts import / 10k hosts import", fifty, ten, "s", "<= 5.5x (linear)",
                  _le(ratio, 5.5))  # fmt: skip


def _cell(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    return f"{value:.0f} {unit}" if unit in ("MiB", "ms") else f"{value:.3f} {unit}"


def print_table(figures: list[Figure]) -> None:
    head = ("figure", "hmfield", "bare", "ratio", "goal", "met")
    rows = [
        (f.what, _cell(f.ours, f.unit), _cell(f.bare, f.unit),
         "-" if f.ratio is None else f"{f.ratio:.2f}x", f.goal,
         "?" if f.ok is None else "yes" if f.ok else "NO")
        for f in figures
    ]  # fmt: skip
    widths = [max(len(r[i]) for r in (head, *rows)) for i in range(len(head))]
    line = " | ".join(f"{{:<{w}}}" for w in widths)
    print(line.format(*head))
    print("-+-".join("-" * w for w in widths))
    for r in rows:
        print(line.format(*r))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="comma-separated bench names")
    parser.add_argument("--skip", default="", help="comma-separated bench names")
    parser.add_argument("--scale", action="store_true", help="add the 50k import figure")
    args = parser.parse_args()
    only = {n for n in args.only.split(",") if n}
    skip = {n for n in args.skip.split(",") if n}
    figures: list[Figure] = []
    outputs: dict[str, str] = {}
    for bench in BENCHES:
        if (only and bench.name not in only) or bench.name in skip:
            continue
        out, took, _code = run_bench(bench.argv)
        outputs[bench.name] = out
        print(f"ran {bench.name} in {took:.0f} s", file=sys.stderr)
        figures.extend(bench.parse(out))
    if args.scale:
        ten = outputs.get("import") or run_bench(["import_project.py", "--repeat", "3"])[0]
        fifty, took, _code = run_bench(["import_project.py", "--vms", "50000", "--repeat", "3"])
        print(f"ran import at 50k in {took:.0f} s", file=sys.stderr)
        figures.append(scale_figure(ten, fifty))
        for f in parse_import(fifty):
            if f.unit == "MiB":  # the issue sets no memory goal at 50k: shown, not judged
                figures.append(Figure("peak memory, 50k import", f.ours, None, "MiB", "-", None))
    print_table(figures)


if __name__ == "__main__":
    main()

"""Benchmark: the inventory with 10,000 hosts (3 disks, 3 partitions, 2 NICs each).

Measures, in one run:
- open the project + ``InventoryService.rows()`` (goal < 0.5 s);
- template export beside a bare openpyxl write-only workbook of the same cells (goal 1.3x);
- template import (``parse_file``) beside a bare python-calamine read of the same file
  (goal 1.5x); preview + apply of a re-import with 3 changed cells is printed too;
- peak memory (VmHWM, else ru_maxrss) of a fresh process with the project open (goal 250 MiB).
The last line is the key ratios.

    .venv/bin/python bench/inventory.py [--hosts 10000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import atexit
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HMFIELD_DATA_DIR", tempfile.mkdtemp(prefix="hm-bench-data-"))
os.environ.setdefault("HMFIELD_CONFIG_DIR", tempfile.mkdtemp(prefix="hm-bench-cfg-"))

import openpyxl  # noqa: E402
import python_calamine as pc  # noqa: E402

from hmfield.core.context import Actor  # noqa: E402
from hmfield.core.inventory.formats.registry import parse_file  # noqa: E402
from hmfield.core.inventory.importing import ImportService  # noqa: E402
from hmfield.core.inventory.service import InventoryService  # noqa: E402
from hmfield.core.inventory.template_export import export_inventory, template_rows  # noqa: E402
from hmfield.core.inventory.template_layout import FIELD_ORDER, HOSTS_SHEET  # noqa: E402
from hmfield.core.model.records import (  # noqa: E402
    DiskRecord,
    HostRecord,
    NicRecord,
    ParsedInventory,
    PartitionRecord,
)
from hmfield.core.project.service import NewProject, create_project, open_project  # noqa: E402

ACTOR = Actor("b" * 32, "bench", "e" * 32)
SYSTEMS = ["核心账务", "网上银行", "信贷管理", "数据仓库", "OA办公", "监控平台"]
OSES = [
    ("linux", "CentOS", "7.9"),
    ("windows", "Windows Server", "2019"),
    ("linux", "Kylin", "V10"),
]


def host(i: int, rng: random.Random) -> HostRecord:
    fam, os_name, ver = OSES[i % len(OSES)]
    ip = f"10.{i // 65536}.{(i // 256) % 256}.{i % 256}"
    return HostRecord(
        name=f"host-{i:05d}",
        hostname=f"host-{i:05d}.bank.local",
        ips=[ip],
        macs=[f"00:50:56:{i // 65536:02x}:{(i // 256) % 256:02x}:{i % 256:02x}"],
        platform="vmware",
        datacenter="DC1",
        cluster=f"CL{i % 12}",
        power_state="on",
        os_family=fam,
        os_name=os_name,
        os_version=ver,
        arch="x86_64",
        boot="bios",
        cpu_cores=rng.choice([2, 4, 8, 16]),
        memory_mib=float(rng.choice([4, 8, 16, 32]) * 1024),
        disk_total_mib=307200.0,
        disk_used_mib=float(rng.randrange(20000, 300000)),
        vm_uuid=f"4201{i:028x}",
        business_system=SYSTEMS[i % len(SYSTEMS)],
        role=rng.choice(["web", "app", "db"]),
        environment="prod",
        notes="=formula-like note" if i % 500 == 0 else "",
        disks=[DiskRecord(f"Hard disk {d}", 102400.0, thin=True) for d in (1, 2, 3)],
        partitions=[
            PartitionRecord(m, "xfs", 102400.0, 51200.0, 50.0) for m in ("/", "/data", "/log")
        ],
        nics=[NicRecord(f"eth{n}", None, [ip] if n == 0 else [], "VLAN100") for n in (0, 1)],
    )


def best(fn, repeat: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), out


def make_project(path: Path, n: int) -> None:
    rng = random.Random(1)
    ctx = create_project(path, NewProject(name="bench"), actor=ACTOR)
    try:
        svc = ImportService(ctx)
        t0 = time.perf_counter()
        pv = svc.preview_parsed(ParsedInventory("bench", [host(i, rng) for i in range(n)]))
        svc.apply(pv, backup=False)
        print(
            f"first import of {n} hosts (preview+apply, audited): {time.perf_counter() - t0:.2f} s"
        )
    finally:
        ctx.store.close()


def bare_write(path: Path, rows: list[list]) -> None:
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Hosts")
    ws.append(["k", *FIELD_ORDER])
    ws.append(["k", *FIELD_ORDER])
    for r in rows:
        ws.append(r)
    wb.save(path)


def bare_read(path: Path) -> int:
    wb = pc.CalamineWorkbook.from_path(str(path))
    n = 0
    for name in wb.sheet_names:
        n += len(wb.get_sheet_by_name(name).to_python())
    wb.close()
    return n


def peak_mib() -> float:
    """Peak resident memory of this process. VmHWM, because ru_maxrss survives fork+exec on
    Linux (a child started by this big bench process would report the parent's peak)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def open_only(path: Path) -> None:
    """Child process: open the project and fill the rows; print time and peak memory."""
    t0 = time.perf_counter()
    ctx = open_project(path, actor=ACTOR)
    rows = InventoryService(ctx).rows()
    seconds = time.perf_counter() - t0
    rss = peak_mib()
    ctx.store.close()
    print(json.dumps({"seconds": seconds, "maxrss_mib": rss, "rows": len(rows)}))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--open-only", metavar="PROJECT", help=argparse.SUPPRESS)
    ap.add_argument("--hosts", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    if args.open_only:
        open_only(Path(args.open_only))
        return
    work = Path(tempfile.mkdtemp(prefix="hm-bench-inv-"))
    atexit.register(shutil.rmtree, work, True)
    project = work / "bench.hmfield"
    make_project(project, args.hosts)

    # a fresh process, as the app starts: its peak memory is the project's, not the bench's
    runs = [
        json.loads(
            subprocess.run(
                [sys.executable, __file__, "--open-only", str(project)],
                capture_output=True, text=True, check=True,
            ).stdout
        )
        for _ in range(args.repeat)
    ]  # fmt: skip
    t_open = min(r["seconds"] for r in runs)
    rss = max(r["maxrss_mib"] for r in runs)
    print(f"open + rows() for {runs[0]['rows']} hosts: {t_open * 1000:.0f} ms (goal < 500 ms)")
    print(f"peak memory with the project open: {rss:.0f} MiB (goal <= 250 MiB)")
    ctx = open_project(project, actor=ACTOR)
    rows = InventoryService(ctx).rows()

    out = work / "inv.xlsx"
    t_export, _ = best(lambda: export_inventory(rows, out), args.repeat)
    cells = template_rows(rows)
    t_bare_w, _ = best(
        lambda: bare_write(work / "bare.xlsx", [list(r) for r in cells]), args.repeat
    )
    r_export = t_export / t_bare_w
    print(f"template export: {t_export:.2f} s, bare openpyxl write-only: {t_bare_w:.2f} s")

    t_parse, inv = best(lambda: parse_file(out, "template"), args.repeat)
    t_bare_r, _ = best(lambda: bare_read(out), args.repeat)
    r_import = t_parse / t_bare_r
    print(f"template import (parse): {t_parse:.2f} s, bare calamine read: {t_bare_r:.2f} s")

    wb = openpyxl.load_workbook(out)
    ws = wb[HOSTS_SHEET]
    for r, f, v in ((3, "cpu_cores", 64), (4, "environment", "test"), (5, "os_version", "8.8")):
        ws.cell(row=r, column=FIELD_ORDER.index(f) + 2, value=v)
    wb.save(out)
    svc = ImportService(ctx)
    t0 = time.perf_counter()
    pv = svc.preview(out)
    t_pv = time.perf_counter() - t0
    t0 = time.perf_counter()
    res = svc.apply(pv, backup=False)
    t_apply = time.perf_counter() - t0
    print(
        f"re-import with 3 changed cells: preview {t_pv:.2f} s ({pv.counts()['updated']} updated),"
        f" apply {t_apply:.2f} s ({res.updated} written)"
    )
    ctx.store.close()
    print(f"ratios: export {r_export:.2f}x (goal 1.3), import {r_import:.2f}x (goal 1.5)")


if __name__ == "__main__":
    main()

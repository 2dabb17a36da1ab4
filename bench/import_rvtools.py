"""Benchmark: import of a 10,000-VM RVTools export beside a bare python-calamine read.

Generates a realistic export once (vInfo with the usual ~80 columns, vDisk, vPartition,
vNetwork, vMetaData; openpyxl write_only) and caches it in the temp dir. Then times
``parse_file`` end to end and a bare calamine read of every sheet of the same file, best of
``--repeat`` runs each. Goal: ratio at most 1.5. The last line printed is the ratio.

    .venv/bin/python bench/import_rvtools.py [--vms 10000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import tempfile
import time
from pathlib import Path

import openpyxl
import python_calamine as pc

from hmfield.core.inventory.formats.registry import parse_file

OS_PAIRS = [
    ("Microsoft Windows Server 2019 (64-bit)", "Microsoft Windows Server 2019 Datacenter"),
    ("Microsoft Windows Server 2016 or later (64-bit)", "Microsoft Windows Server 2016 Standard"),
    ("CentOS 7 (64-bit)", "CentOS Linux release 7.9.2009 (Core)"),
    ("Red Hat Enterprise Linux 8 (64-bit)", "Red Hat Enterprise Linux 8.6 (Ootpa)"),
    ("Ubuntu Linux (64-bit)", "Ubuntu 20.04.6 LTS"),
    ("Other 3.x or later Linux (64-bit)", ""),
    ("CentOS 7 (64-bit)", "Red Hat Enterprise Linux 7.9"),
]
VINFO_HEAD = [
    "VM",
    "Powerstate",
    "Template",
    "SRM Placeholder",
    "Config status",
    "DNS Name",
    "Connection state",
    "Guest state",
    "Heartbeat",
    "Consolidation Needed",
    "PowerOn",
    "Suspended To Memory",
    "Suspend time",
    "Creation date",
    "Change Version",
    "CPUs",
    "Memory",
    "Active Memory",
    "NICs",
    "Disks",
    "Total disk capacity MiB",
    "Fixed Passthru HotPlug",
    "min Required EVC Mode Key",
    "Latency Sensitivity",
    "Op Notification Timeout",
    "EnableUUID",
    "CBT",
    "Primary IP Address",
    "Network #1",
    "Network #2",
    "Network #3",
    "Network #4",
    "Num Monitors",
    "Video Ram KiB",
    "Resource pool",
    "Folder ID",
    "Folder",
    "vApp",
    "DAS protection",
    "FT State",
    "FT Latency",
    "FT Bandwidth",
    "FT Sec. Latency",
    "Provisioned MiB",
    "In Use MiB",
    "Unshared MiB",
    "HA Restart Priority",
    "HA Isolation Response",
    "HA VM Monitoring",
    "Cluster rule(s)",
    "Cluster rule name(s)",
    "Boot Required",
    "Boot delay",
    "Boot retry delay",
    "Boot retry enabled",
    "Boot BIOS setup",
    "Reboot PowerOff",
    "EFI Secure boot",
    "Firmware",
    "HW version",
    "HW upgrade status",
    "HW upgrade policy",
    "HW target",
    "Path",
    "Log directory",
    "Snapshot directory",
    "Suspend directory",
    "Annotation",
    "backup_policy",
    "owner",
    "Datacenter",
    "Cluster",
    "Host",
    "OS according to the configuration file",
    "OS according to the VMware Tools",
    "Customization Info",
    "Guest Detailed Data",
    "VM ID",
    "SMBIOS UUID",
    "VM UUID",
    "VI SDK Server type",
    "VI SDK API Version",
    "VI SDK Server",
    "VI SDK UUID",
]


def _vinfo_row(i: int, rnd: random.Random, os_pair: tuple[str, str]) -> list:
    name = f"vm-{i:05d}"
    disks = 2
    template = "True" if i % 500 == 0 else "False"
    values = {
        "VM": name,
        "Powerstate": rnd.choice(["poweredOn", "poweredOn", "poweredOff"]),
        "Template": template,
        "SRM Placeholder": "False",
        "DNS Name": f"{name}.corp.example",
        "Creation date": dt.datetime(2023, 1, 1) + dt.timedelta(minutes=i),
        "CPUs": rnd.choice([2, 4, 8]),
        "Memory": rnd.choice([4096, 8192, 16384]),
        "NICs": 1,
        "Disks": disks,
        "Total disk capacity MiB": 163840,
        "CBT": rnd.choice(["True", "False"]),
        "Primary IP Address": f"10.{i // 65536}.{i // 256 % 256}.{i % 256}",
        "Network #1": "VM Network",
        "Provisioned MiB": 172032,
        "In Use MiB": 90000 + i,
        "Firmware": rnd.choice(["bios", "efi"]),
        "HW version": rnd.choice([13, 14, 19]),
        "Path": f"[ds01] {name}/{name}.vmx",
        "Annotation": "owner: app team" if i % 7 == 0 else "",
        "backup_policy": "daily",
        "owner": f"team-{i % 40}",
        "Datacenter": "DC1",
        "Cluster": f"cl-{i % 20}",
        "Host": f"esx{i % 200:03d}.corp.example",
        "OS according to the configuration file": os_pair[0],
        "OS according to the VMware Tools": os_pair[1],
        "VM ID": f"vm-{100000 + i}",
        "SMBIOS UUID": f"4200{i:04x}-0000-0000-0000-{i:012x}",
        "VM UUID": f"5000{i:04x}-0000-0000-0000-{i:012x}",
        "VI SDK Server type": "VMware vCenter Server 7.0.3 build-21477706",
        "VI SDK Server": "vc01.corp.example",
    }
    return [values.get(h, "") for h in VINFO_HEAD]


def generate(path: Path, vms: int) -> None:
    rnd = random.Random(42)
    wb = openpyxl.Workbook(write_only=True)
    vinfo, vdisk = wb.create_sheet("vInfo"), wb.create_sheet("vDisk")
    vpart, vnet = wb.create_sheet("vPartition"), wb.create_sheet("vNetwork")
    meta = wb.create_sheet("vMetaData")
    vinfo.append(VINFO_HEAD)
    vdisk.append(
        ["VM", "Powerstate", "Template", "Disk", "Capacity MiB", "Raw", "Disk Mode", "Thin"]
        + ["Sharing mode", "Controller", "Annotation", "Datacenter", "Cluster", "Host"]
        + ["OS according to the configuration file", "VM ID", "VM UUID"]
    )
    vpart.append(
        ["VM", "Powerstate", "Template", "Disk", "Capacity MiB", "Consumed MiB", "Free MiB"]
        + ["Free %", "Annotation", "Datacenter", "Cluster", "Host", "VM ID", "VM UUID"]
    )
    vnet.append(
        ["VM", "Powerstate", "Template", "NIC label", "Adapter", "Network", "Switch"]
        + ["Connected", "Starts Connected", "Mac Address", "Type", "IPv4 Address"]
        + ["IPv6 Address", "Direct Path IO", "Datacenter", "Cluster", "Host", "VM ID", "VM UUID"]
    )
    for i in range(vms):
        os_pair = OS_PAIRS[i % len(OS_PAIRS)]
        row = _vinfo_row(i, rnd, os_pair)
        vinfo.append(row)
        name, power, uuid = row[0], row[1], row[VINFO_HEAD.index("VM UUID")]
        tail = ["DC1", f"cl-{i % 20}", f"esx{i % 200:03d}", f"vm-{100000 + i}", uuid]
        for d, cap in enumerate((61440, 102400)):
            vdisk.append(
                [name, power, "False", f"Hard disk {d + 1}", cap, "False", "persistent"]
                + ["True", "sharingNone", "VMware paravirtual SCSI", "", *tail[:3], os_pair[0]]
                + tail[3:]
            )
        windows = os_pair[0].startswith("Microsoft")
        for mount, cap in (
            (("C:\\", 61440), ("D:\\", 102400))
            if windows
            else (("/", 51200), ("/boot", 1024), ("/data", 102400))
        ):
            used = cap * rnd.random()
            vpart.append(
                [name, power, "False", mount, cap, used, cap - used, 100 * (cap - used) / cap]
                + ["", *tail]
            )
        ips = row[VINFO_HEAD.index("Primary IP Address")]
        if i % 3 == 0:
            ips += f", 192.168.{i // 256 % 256}.{i % 256}"
        vnet.append(
            [name, power, "False", "Network adapter 1", "Vmxnet3", "VM Network", "vSwitch0"]
            + ["True", "True", f"00:50:56:{i >> 16 & 255:02x}:{i >> 8 & 255:02x}:{i & 255:02x}"]
            + ["vmxnet3", ips, "", "False", *tail]
        )
    meta.append(["RVTools major version", "RVTools version", "xlsx creation datetime", "Server"])
    meta.append([4, "4.6.1.0", dt.datetime(2024, 5, 1, 10, 0), "vc01.corp.example"])
    tmp = path.with_suffix(".part")
    wb.save(tmp)
    tmp.replace(path)


def bare_read(path: Path) -> int:
    wb = pc.CalamineWorkbook.from_path(str(path))
    cells = 0
    for name in wb.sheet_names:
        rows = wb.get_sheet_by_name(name).to_python()
        cells += sum(len(r) for r in rows)
    wb.close()
    return cells


def best_of(repeat: int, fn) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def cached_export(vms: int) -> Path:
    """The generated ``vms``-VM export, made once and kept in the temp dir for every bench."""
    cache = Path(tempfile.gettempdir()) / "hmfield-bench"
    cache.mkdir(exist_ok=True)
    path = cache / f"rvtools-{vms}.xlsx"
    if not path.exists():
        start = time.perf_counter()
        generate(path, vms)
        print(f"generated {path} in {time.perf_counter() - start:.1f}s")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vms", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    path = cached_export(args.vms)
    print(f"file: {path} ({path.stat().st_size / 1e6:.1f} MB)")
    t_bare, cells = best_of(args.repeat, lambda: bare_read(path))
    t_ours, inv = best_of(args.repeat, lambda: parse_file(path))
    print(f"bare calamine read of all sheets: {t_bare:.3f}s ({cells} cells)")
    print(
        f"parse_file: {t_ours:.3f}s ({len(inv.hosts)} hosts, skipped {inv.skipped},"
        f" {len(inv.notes)} notes, {len(inv.problems)} problems)"
    )
    print(f"ratio parse_file / bare read: {t_ours / t_bare:.2f} (goal <= 1.5)")


if __name__ == "__main__":
    main()

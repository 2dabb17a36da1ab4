"""Benchmark: assess 10,000 generated hosts against the bundled rules.

Prints our time beside a bare loop that only reads the attributes the rules look at (host
fields, every disk and partition), and the ratio last. Target: assessing under 0.5 s in total.
Run: ``.venv/bin/python bench/assess.py [N]``
"""

from __future__ import annotations

import random
import sys
import time

from hmfield.core.assess.rules import assess, default_ruleset, summarise
from hmfield.core.model.records import DiskRecord, HostRecord, PartitionRecord

HOST_FIELDS = (
    "platform", "platform_version", "os_family", "os_name", "os_version", "os_config", "os_tools",
    "arch", "kernel", "boot", "secure_boot", "hw_version", "power_state", "is_template",
    "is_srm_placeholder", "tools_status", "passthrough_devices", "bitlocker", "code_page", "extra",
)  # fmt: skip
DISK_FIELDS = ("capacity_mib", "raw_rdm", "rdm_mode", "shared", "independent", "controller")
PART_FIELDS = (
    "mount",
    "filesystem",
    "capacity_mib",
    "used_mib",
    "free_pct",
    "lvm_thin",
    "encrypted",
    "mounted",
)

PLATFORMS = [
    ("vmware", "7.0.3"), ("vmware", "6.7"), ("vmware", "5.1"), ("vmware", "4.1"), ("physical", None),
    ("openstack", "Queens"), ("fusioncompute", "8.6.0"), ("aws", None), ("oracle_cloud", None),
    ("hcs", "8.3.0"), ("kvm", None), ("huawei_cloud", None),
]  # fmt: skip
OSES = [
    ("linux", "CentOS", "7.9", "3.10.0-1160.el7.x86_64"), ("linux", "Ubuntu", "22.04", "5.15.0-91-generic"),
    ("linux", "Ubuntu", "20.04", "5.15.0-1051-aws"), ("linux", "SLES", "12 SP5", "4.12.14-122"),
    ("linux", "Oracle Linux", "8.9", "5.15.0-200.el8uek"), ("linux", "Debian", "12", "6.1.0"),
    ("windows", "Windows Server", "2019", None), ("windows", "Windows", "10 Enterprise", None),
    ("windows", "Windows Server", "2008 R2", None), (None, None, None, None),
]  # fmt: skip


def make_hosts(n: int, seed: int = 7) -> list[HostRecord]:
    """Varied but reproducible hosts: mixed platforms, OSes, disks and partitions."""
    rnd = random.Random(seed)
    hosts = []
    for i in range(n):
        platform, pversion = rnd.choice(PLATFORMS)
        family, name, version, kernel = rnd.choice(OSES)
        windows = family == "windows"
        disks = [
            DiskRecord(
                name=f"disk{d}",
                capacity_mib=rnd.choice([40960, 102400, 3_000_000]),
                shared=rnd.random() < 0.02,
                independent=rnd.random() < 0.02,
                raw_rdm=rnd.random() < 0.02,
                rdm_mode=rnd.choice(["physical", "virtual", None]),
                controller=rnd.choice(["SCSI", "IDE", "NVMe"]),
            )
            for d in range(rnd.randint(1, 4))
        ]
        parts = [
            PartitionRecord(
                mount=("C:" if windows else "/")
                if p == 0
                else (f"{chr(68 + p)}:" if windows else f"/data{p}"),
                filesystem=("NTFS" if windows else rnd.choice(["xfs", "ext4", "ext4", "btrfs"])),
                capacity_mib=102400,
                used_mib=rnd.uniform(10000, 102300),
                mounted=True,
            )
            for p in range(rnd.randint(0, 3))
        ]
        hosts.append(
            HostRecord(
                name=f"vm{i:05d}",
                platform=platform,
                platform_version=pversion,
                os_family=family,
                os_name=name,
                os_version=version,
                kernel=kernel,
                arch=rnd.choice(["x86_64", "x86_64", "x86_64", None, "aarch64"]),
                hw_version=rnd.choice([4, 6, 8, 14, 19, None]),
                power_state=rnd.choice(["on", "on", "on", "off"]),
                boot=rnd.choice(["bios", "uefi"]),
                code_page=rnd.choice(["437", "936", "1252", None]) if windows else None,
                bitlocker=rnd.random() < 0.05 if windows else None,
                is_template=rnd.random() < 0.01,
                tools_status=rnd.choice(["running", "toolsNotRunning", None]),
                extra={"object_kind": "mysql"} if rnd.random() < 0.01 else {},
                disks=disks,
                partitions=parts,
            )
        )
    return hosts


def bare(hosts: list[HostRecord]) -> int:
    """The floor: read every attribute the rules read, do nothing else."""
    seen = 0
    for host in hosts:
        for name in HOST_FIELDS:
            if getattr(host, name) is not None:
                seen += 1
        for disk in host.disks:
            for name in DISK_FIELDS:
                if getattr(disk, name) is not None:
                    seen += 1
        for part in host.partitions:
            for name in PART_FIELDS:
                if getattr(part, name) is not None:
                    seen += 1
    return seen


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    hosts = make_hosts(n)
    t0 = time.perf_counter()
    ruleset = default_ruleset()
    load = time.perf_counter() - t0
    best_ours = best_bare = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        results = [assess(h, ruleset) for h in hosts]
        best_ours = min(best_ours, time.perf_counter() - t0)
        t0 = time.perf_counter()
        bare(hosts)
        best_bare = min(best_bare, time.perf_counter() - t0)
    summary = summarise(results, hosts, ruleset)
    print(
        f"rules: {len(ruleset.rules)} in {len(ruleset.files)} files, load+compile {load * 1000:.1f} ms"
    )
    print(f"verdicts: {summary['verdicts']}")
    print(f"modes: {summary['modes']}; sync proxies: {summary['sync_proxies_total']}")
    print(
        f"assess {n} hosts: {best_ours:.3f} s ({best_ours / n * 1e6:.1f} us/host), target < 0.5 s"
    )
    print(f"bare attribute loop: {best_bare:.3f} s")
    print(f"ratio assess/bare: {best_ours / best_bare:.1f}x")


if __name__ == "__main__":
    main()

"""OneProCloud Prophet collector report (analysis_report.csv): Chinese headers, nested cells.

Why the unit repair: the collector labels memory and disk totals "(GB)" but writes MB-scale
numbers on VMware rows (8192.00) and for disk totals. Taking them at face value would plan a
VM with 8 TB of memory, so the importer detects the scale and says what it assumed.
"""

from __future__ import annotations

import re
from pathlib import Path

from hmfield.core.inventory.formats import _os
from hmfield.core.inventory.formats._common import (
    Cells,
    boot_code,
    is_ip,
    is_ipv4,
    is_mac,
    new_host,
    norm_mac,
    note_duplicates,
    platform_code,
    split_list,
    tick,
)
from hmfield.core.inventory.formats._nested import split_items
from hmfield.core.inventory.formats.aliases import build_aliases, match_columns
from hmfield.core.inventory.formats.credentials import drop_secrets
from hmfield.core.inventory.formats.detect import Peek, count_of, has_all
from hmfield.core.inventory.formats.readers import cell_bool, cell_float, read_first_table
from hmfield.core.model.enums import Platform
from hmfield.core.model.records import (
    DiskRecord,
    HostRecord,
    NicRecord,
    ParsedInventory,
    PartitionRecord,
)
from hmfield.core.progress import NULL_PROGRESS, Progress

FORMAT_ID = "prophet"
LABEL_ZH = "Prophet 采集报告 (analysis_report.csv)"
LABEL_EN = "Prophet collector report (analysis_report.csv)"
EXPECT = "CSV with 平台类型, 主机名, 操作系统类型 ..."

COLUMNS = build_aliases(
    {
        "platform": ["平台类型"],
        "hostname": ["主机名"],
        "vm_name": ["VMware主机名"],
        "ip": ["IP"],
        "mac": ["Mac"],
        "os_type": ["操作系统类型"],
        "os_version": ["操作系统版本"],
        "os_bits": ["操作系统位数"],
        "kernel": ["操作系统内核版本"],
        "boot": ["启动方式"],
        "cpu_model": ["CPU"],
        "cores": ["CPU核数"],
        "memory": ["总内存(GB)", "总内存"],
        "disk_total": ["磁盘总容量(GB)", "磁盘总容量"],
        "disks": ["磁盘信息"],
        "partitions": ["分区信息"],
        "nics": ["网卡信息"],
        "virt_type": ["虚拟化类型"],
        "virt_version": ["虚拟化版本"],
        "esxi": ["ESXi服务器"],
        "cbt": ["是否支持CBT"],
    }
)
_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
MEM_MB_VM = 1024.0  # "GB" above this on a VM row: MB-scale
MEM_MB_ANY = 4096.0  # "GB" above this on any row: MB-scale
DISK_MB = 16384.0  # disk total "GB" above this: MB-scale


def sniff(peek: Peek) -> bool:
    keys = peek.header
    return (
        has_all(keys, "平台类型", "主机名")
        or count_of(keys, "操作系统类型", "磁盘信息", "网卡信息", "启动方式") >= 2
    )


def parse(path: Path, progress: Progress = NULL_PROGRESS) -> ParsedInventory:
    inv = ParsedInventory(format=FORMAT_ID)
    table = read_first_table(path)
    drop_secrets(table, inv)
    cols = match_columns(table.header, COLUMNS, required=["hostname"], file=table.file)
    c = Cells(inv, table, cols)
    mem_raw: list[tuple[HostRecord, float]] = []
    disk_mb: list[str] = []
    total = len(table.rows)
    for done, (row_no, row) in enumerate(table.rows, 1):
        tick(progress, done, total, f"{table.file}: {done}/{total}")
        name = c.str(row, "hostname") or c.str(row, "vm_name") or c.str(row, "ip")
        if not name:
            c.problem(row_no, "hostname", "no host name or IP; row not imported")
            inv.skip("no_name", "", table.sheet, row_no)
            continue
        h = new_host(table, row_no, name)
        h.hostname = c.str(row, "hostname")
        if vm_name := c.str(row, "vm_name"):
            h.extra["vmware_name"] = vm_name
        _platform(c, h, row, row_no)
        h.ips = [ip for ip in split_list(c.str(row, "ip"), ", ;") if is_ip(ip)]
        h.macs = [norm_mac(m) for m in split_list(c.str(row, "mac"), ", ;") if is_mac(m)]
        _set_os(h, c.str(row, "os_type"), c.str(row, "os_version"), c.str(row, "os_bits"))
        h.kernel = c.str(row, "kernel")
        h.boot = boot_code(c.str(row, "boot"))
        h.cpu_cores = c.int(row, row_no, "cores")
        if cpu := c.str(row, "cpu_model"):
            h.extra["cpu_model"] = cpu
        h.cbt = c.bool(row, row_no, "cbt")
        if (mem := c.float(row, row_no, "memory")) is not None:
            mem_raw.append((h, mem))
        if _disks(c, h, row, row_no):
            disk_mb.append(h.name)
        h.partitions = [_partition(f) for f in split_items(c.str(row, "partitions"), _is_num)]
        h.nics = [_nic(f, h.ips) for f in split_items(c.str(row, "nics"), is_mac)]
        for nic in h.nics:
            if nic.mac and nic.mac not in h.macs:
                h.macs.append(nic.mac)
        inv.hosts.append(h)
    _memory(inv, mem_raw)
    if disk_mb:
        shown = ", ".join(disk_mb[:5]) + (" ..." if len(disk_mb) > 5 else "")
        inv.notes.append(
            f"磁盘总容量(GB) and 磁盘信息: {len(disk_mb)} host(s) carry MB-scale sizes (equal to"
            f" the disk sum or above {DISK_MB:g}); read as MiB: {shown}"
        )
    note_duplicates(inv)
    return inv


def _is_num(text: str) -> bool:
    return bool(_NUMBER.match(text))


def _platform(c: Cells, h: HostRecord, row: list, row_no: int) -> None:
    text = c.str(row, "platform")
    h.platform = platform_code(text)
    if h.platform is None and text:
        h.platform = Platform.OTHER.value
        c.problem(row_no, "platform", f"unknown platform {text!r}; recorded as other")
    virt = c.str(row, "virt_type")
    if h.platform is None and virt:
        h.platform = platform_code(virt)
    h.platform_version = c.str(row, "virt_version")
    h.hypervisor_host = c.str(row, "esxi")


def _set_os(h: HostRecord, os_type: str | None, version: str | None, bits: str | None) -> None:
    """Type + version as one string; VMware rows repeat the full guest name in both."""
    if os_type and version and os_type.casefold() in version.casefold():
        text = version
    else:
        text = " ".join(p for p in (os_type, version) if p) or None
    info = _os.parse_os(text)
    h.os_family, h.os_name, h.os_version = info.family, info.name, info.version
    h.arch = _os.parse_arch(bits) or info.arch
    h.os_config = text


def _memory(inv: ParsedInventory, values: list[tuple[HostRecord, float]]) -> None:
    """Decide per row whether 总内存(GB) is GB or MB-scale, and say so once per case."""
    vm_mb = any(v > MEM_MB_VM for h, v in values if h.platform != Platform.PHYSICAL.value)
    repaired: list[str] = []
    for h, v in values:
        is_vm = h.platform not in (None, Platform.PHYSICAL.value)
        if v > MEM_MB_ANY or (is_vm and vm_mb):
            h.memory_mib = v
            repaired.append(f"{h.name} ({v:g})")
        else:
            h.memory_mib = v * 1024.0
    if repaired:
        shown = ", ".join(repaired[:5]) + (" ..." if len(repaired) > 5 else "")
        inv.notes.append(
            f"总内存(GB): {len(repaired)} host(s) carry MB-scale values (the collector writes MB"
            f" on VMware rows); read as MiB: {shown}"
        )


def _disks(c: Cells, h: HostRecord, row: list, row_no: int) -> bool:
    """Disk total and disk sizes share one scale; MB-scale when it matches the sum or is huge.

    Returns True when the row was read as MB-scale."""
    items = split_items(c.str(row, "disks"), _is_num)
    sizes = [cell_float(f[1]) if len(f) > 1 else None for f in items]
    total = c.float(row, row_no, "disk_total")
    known = [s for s in sizes if s is not None]
    scale = 1024.0  # GB as labelled
    if total is not None:
        summed = sum(known)
        if (known and abs(total - summed) <= 0.01 * max(total, 1.0)) or total > DISK_MB:
            scale = 1.0
        h.disk_total_mib = total * scale
    elif known and max(known) > DISK_MB:
        scale = 1.0
    for fields, size in zip(items, sizes, strict=True):
        h.disks.append(
            DiskRecord(
                name=fields[0],
                capacity_mib=size * scale if size is not None else None,
            )
        )
    return scale == 1.0


def _partition(f: list[str]) -> PartitionRecord:
    """``device|size_bytes|used_bytes|used_ratio|fstype`` -> MiB and free %."""

    def num(i: int) -> float | None:
        try:
            return cell_float(f[i]) if len(f) > i else None
        except ValueError:
            return None

    size, used, ratio = num(1), num(2), num(3)
    device = f[0]
    return PartitionRecord(
        mount=device,
        filesystem=f[4] if len(f) > 4 and f[4] else None,
        capacity_mib=size / 1048576 if size is not None else None,
        used_mib=used / 1048576 if used is not None else None,
        free_pct=(100.0 - ratio * 100 if ratio <= 1 else 100.0 - ratio)
        if ratio is not None
        else None,
        lvm=True if device.startswith("/dev/mapper/") and "-" in device else None,
        mounted=True,
    )


def _nic(f: list[str], host_ips: list[str]) -> NicRecord:
    """Linux layout ``name|mac|up|mtu|speed|ipv4|netmask|network|broadcast|gw|ipv6``;
    other layouts: keep the addresses that are also the host's IPs."""
    nic = NicRecord(name=f[0], mac=norm_mac(f[1]) if len(f) > 1 else None)
    linux = len(f) >= 6 and _bool(f[2]) is not None
    if linux:
        ipv6 = f[-1] if len(f) >= 10 and ":" in f[-1] else ""  # the gateway is optional
        nic.ips = [x for x in (f[5], ipv6) if x and is_ip(x)]
    else:
        nic.ips = [x for x in f[2:] if is_ipv4(x) and x in host_ips]
    return nic


def _bool(text: str) -> bool | None:
    try:
        return cell_bool(text)
    except ValueError:
        return None

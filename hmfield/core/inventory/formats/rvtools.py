"""RVTools export (.xlsx): vInfo (one row per VM) enriched from vDisk, vPartition, vNetwork.

Why the care: RVTools versions rename columns (``MB`` -> ``MiB``), drop or add columns
(``Primary IP Address``, ``VM UUID``, ``Firmware``), let custom attributes push columns around,
and carry templates and SRM placeholders that are not servers to migrate.
"""

from __future__ import annotations

import re
from pathlib import Path

from hmfield.core.errors import InputError
from hmfield.core.inventory.formats import _os
from hmfield.core.inventory.formats._common import (
    Cells,
    add_unique,
    boot_code,
    new_host,
    norm_mac,
    note_duplicates,
    power_code,
    split_list,
    tick,
)
from hmfield.core.inventory.formats.aliases import build_aliases, match_columns
from hmfield.core.inventory.formats.detect import Peek, count_of, has_all
from hmfield.core.inventory.formats.readers import (
    SheetTable,
    cell_date,
    cell_str,
    find_sheet,
    is_workbook,
    open_workbook,
    read_csv,
    read_sheet,
)
from hmfield.core.model.enums import Platform
from hmfield.core.model.records import (
    DiskRecord,
    HostRecord,
    NicRecord,
    ParsedInventory,
    PartitionRecord,
)
from hmfield.core.progress import NULL_PROGRESS, Progress

FORMAT_ID = "rvtools"
LABEL_ZH = "RVTools 导出 (.xlsx)"
LABEL_EN = "RVTools export (.xlsx)"
EXPECT = "a workbook with a vInfo sheet"

_KEY = {"vm": ["VM", "VM Name"], "vm_uuid": ["VM UUID"], "template": ["Template"]}
_KEY["srm"] = ["SRM Placeholder"]
VINFO = build_aliases(
    _KEY
    | {
        "power": ["Powerstate", "Power state"],
        "dns": ["DNS Name"],
        "cpus": ["CPUs", "Num CPU"],
        "memory": ["Memory", "Memory MiB"],
        "disk_total": ["Total disk capacity MiB"],
        "in_use": ["In Use MiB"],
        "ip": ["Primary IP Address"],
        "firmware": ["Firmware"],
        "secure_boot": ["EFI Secure boot"],
        "hw": ["HW version", "Hardware version"],
        "cbt": ["CBT"],
        "annotation": ["Annotation"],
        "datacenter": ["Datacenter"],
        "cluster": ["Cluster"],
        "host": ["Host"],
        "os_config": ["OS according to the configuration file", "OS"],
        "os_tools": ["OS according to the VMware Tools"],
        "vm_id": ["VM ID"],
        "bios_uuid": ["SMBIOS UUID", "BIOS UUID"],
        "sdk_server": ["VI SDK Server"],
        "sdk_type": ["VI SDK Server type"],
        "created": ["Creation date"],
        "folder": ["Folder"],
    }
)
VDISK = build_aliases(
    _KEY
    | {
        "disk": ["Disk"],
        "capacity": ["Capacity MiB"],
        "thin": ["Thin"],
        "raw": ["Raw"],
        "raw_mode": ["Raw Comp. Mode", "Raw Com. Mode"],
        "disk_mode": ["Disk Mode"],
        "sharing": ["Sharing mode"],
        "controller": ["Controller"],
    }
)
VPART = build_aliases(
    _KEY
    | {
        "disk": ["Disk"],
        "capacity": ["Capacity MiB"],
        "consumed": ["Consumed MiB"],
        "free_pct": ["Free %"],
    }
)
VNET = build_aliases(
    _KEY
    | {
        "nic": ["NIC label", "Adapter label"],
        "mac": ["Mac Address"],
        "ipv4": ["IPv4 Address", "IP Address"],
        "ipv6": ["IPv6 Address"],
        "network": ["Network", "Portgroup"],
    }
)
_HW = re.compile(r"(\d+)")


def sniff(peek: Peek) -> bool:
    if peek.workbook:
        return "vinfo" in peek.sheet_names
    return (
        has_all(peek.header, "vm", "powerstate")
        and count_of(peek.header, "os according to the configuration file", "cpus", "memory") >= 2
    )


def parse(path: Path, progress: Progress = NULL_PROGRESS) -> ParsedInventory:
    inv = ParsedInventory(format=FORMAT_ID)
    if not is_workbook(path):  # RVTools CLI can export each tab as CSV: vInfo only
        _read_vinfo(inv, read_csv(path), progress)
        note_duplicates(inv)
        return inv
    wb, check = open_workbook(path)
    try:
        names = wb.sheet_names
        vinfo_name = find_sheet(names, "vInfo")
        if vinfo_name is None:
            raise InputError(
                f"no vInfo sheet (found: {', '.join(names)[:200]}); export all tabs from RVTools",
                file=path.name,
            )
        hosts = _read_vinfo(inv, read_sheet(wb, path.name, vinfo_name, check), progress)
        index = _Index(hosts)
        for sheet, fn in (("vDisk", _read_vdisk), ("vPartition", _read_vpart)):
            if name := find_sheet(names, sheet):
                fn(inv, read_sheet(wb, path.name, name, check), index, progress)
        if name := find_sheet(names, "vNetwork"):
            _read_vnet(inv, read_sheet(wb, path.name, name, check), index, progress)
        else:
            inv.notes.append("no vNetwork sheet: only the Primary IP Address column gives IPs")
        if name := find_sheet(names, "vMetaData"):
            _read_meta(inv, read_sheet(wb, path.name, name, check))
    finally:
        wb.close()
    for host in hosts:
        if host.disk_total_mib is None and host.disks:
            caps = [d.capacity_mib for d in host.disks]
            if all(c is not None for c in caps):
                host.disk_total_mib = float(sum(caps))  # type: ignore[arg-type]
    note_duplicates(inv)
    return inv


class _Index:
    """Find the vInfo host for a row of another sheet: by VM UUID when both have it."""

    def __init__(self, hosts: list[HostRecord]) -> None:
        self.by_uuid = {h.vm_uuid: h for h in hosts if h.vm_uuid}
        self.by_name: dict[str, HostRecord] = {}
        for h in hosts:
            self.by_name.setdefault(h.name, h)

    def find(self, cells: Cells, row: list) -> HostRecord | None:
        if self.by_uuid and (uuid := cells.str(row, "vm_uuid")):
            found = self.by_uuid.get(uuid)
            if found is not None:
                return found
        name = cells.str(row, "vm")
        return self.by_name.get(name) if name else None


def _read_vinfo(inv: ParsedInventory, table: SheetTable, progress: Progress) -> list[HostRecord]:
    cols = match_columns(table.header, VINFO, required=["vm"], file=table.file, sheet=table.sheet)
    c = Cells(inv, table, cols)
    custom = _custom_columns(table.header, cols)
    total = len(table.rows)
    for done, (row_no, row) in enumerate(table.rows, 1):
        tick(progress, done, total, f"{table.sheet or table.file}: {done}/{total}")
        name = c.str(row, "vm")
        if not name:
            c.problem(row_no, "vm", "no VM name; row not imported")
            continue
        if c.bool(row, row_no, "template"):
            inv.skipped["template"] = inv.skipped.get("template", 0) + 1
            continue
        if c.bool(row, row_no, "srm"):
            inv.skipped["srm_placeholder"] = inv.skipped.get("srm_placeholder", 0) + 1
            continue
        h = new_host(table, row_no, name)
        h.platform = Platform.VMWARE.value
        h.is_template, h.is_srm_placeholder = False, False
        h.power_state = power_code(c.str(row, "power"))
        h.hostname = c.str(row, "dns")
        h.cpu_cores = c.int(row, row_no, "cpus")
        h.memory_mib = c.float(row, row_no, "memory")
        h.disk_total_mib = c.float(row, row_no, "disk_total")
        h.disk_used_mib = c.float(row, row_no, "in_use")
        h.ips = split_list(c.str(row, "ip"), ", ;")
        h.boot = boot_code(c.str(row, "firmware"))
        h.secure_boot = c.bool(row, row_no, "secure_boot")
        if hw := c.str(row, "hw"):
            h.hw_version = int(m.group(1)) if (m := _HW.search(hw)) else None
        h.cbt = c.bool(row, row_no, "cbt")
        h.notes = c.str(row, "annotation")
        h.datacenter = c.str(row, "datacenter")
        h.cluster = c.str(row, "cluster")
        h.hypervisor_host = c.str(row, "host")
        h.vm_id = c.str(row, "vm_id")
        h.vm_uuid = c.str(row, "vm_uuid")
        h.bios_uuid = c.str(row, "bios_uuid")
        h.platform_version = c.str(row, "sdk_type")
        _set_os(inv, h, c.str(row, "os_config"), c.str(row, "os_tools"))
        for key, col in (("vcenter", "sdk_server"), ("folder", "folder")):
            if value := c.str(row, col):
                h.extra[key] = value
        if created := cell_date(c.cols.get(row, "created")):  # 1969/1970 = unknown
            h.extra["created"] = created.isoformat()
        for idx, header in custom:
            if value := cell_str(row[idx]):
                h.extra[header] = value
        inv.hosts.append(h)
    return inv.hosts


def _custom_columns(header: list[str], cols) -> list[tuple[int, str]]:
    """Custom-attribute columns: unknown headers between Annotation and Datacenter."""
    lo, hi = cols.index.get("annotation"), cols.index.get("datacenter")
    if lo is None or hi is None or hi <= lo:
        return []
    return [(i, h) for i, h in cols.unknown if lo < i < hi]


def _set_os(inv: ParsedInventory, h: HostRecord, config: str | None, tools: str | None) -> None:
    h.os_config, h.os_tools = config, tools
    cfg, tls = _os.parse_os(config), _os.parse_os(tools)
    info = _os.merge(tls, cfg) if tools else cfg
    h.os_family, h.os_name, h.os_version, h.arch = info.family, info.name, info.version, info.arch
    if tools and config and _os.disagree(cfg, tls):
        inv.notes.append(
            f"{h.name}: the OS columns disagree (configuration file: {config!r}, VMware Tools:"
            f" {tools!r}); using the VMware Tools value"
        )


def _read_vdisk(inv: ParsedInventory, table: SheetTable, index: _Index, progress: Progress) -> None:
    cols = match_columns(table.header, VDISK, required=["vm"], file=table.file, sheet=table.sheet)
    c = Cells(inv, table, cols)
    total = len(table.rows)
    for done, (row_no, row) in enumerate(table.rows, 1):
        tick(progress, done, total, f"{table.sheet}: {done}/{total}")
        if (h := index.find(c, row)) is None:
            continue  # templates, placeholders, VMs missing from vInfo
        raw = c.bool(row, row_no, "raw")
        mode = (c.str(row, "raw_mode") or "").casefold()
        disk_mode = (c.str(row, "disk_mode") or "").casefold()
        sharing = (c.str(row, "sharing") or "").casefold()
        h.disks.append(
            DiskRecord(
                name=c.str(row, "disk") or "",
                capacity_mib=c.float(row, row_no, "capacity"),
                thin=c.bool(row, row_no, "thin"),
                raw_rdm=raw,
                rdm_mode=("physical" if "phys" in mode else "virtual" if "virt" in mode else None)
                if raw
                else None,
                shared=("multiwriter" in sharing) if sharing else None,
                independent=disk_mode.startswith("independent") if disk_mode else None,
                controller=c.str(row, "controller"),
            )
        )


def _read_vpart(inv: ParsedInventory, table: SheetTable, index: _Index, progress: Progress) -> None:
    cols = match_columns(table.header, VPART, required=["vm"], file=table.file, sheet=table.sheet)
    c = Cells(inv, table, cols)
    total = len(table.rows)
    for done, (row_no, row) in enumerate(table.rows, 1):
        tick(progress, done, total, f"{table.sheet}: {done}/{total}")
        if (h := index.find(c, row)) is None:
            continue
        h.partitions.append(
            PartitionRecord(
                mount=c.str(row, "disk") or "",
                capacity_mib=c.float(row, row_no, "capacity"),
                used_mib=c.float(row, row_no, "consumed"),
                free_pct=c.float(row, row_no, "free_pct"),
                mounted=True,  # RVTools lists what the guest reports as mounted
            )
        )


def _read_vnet(inv: ParsedInventory, table: SheetTable, index: _Index, progress: Progress) -> None:
    cols = match_columns(table.header, VNET, required=["vm"], file=table.file, sheet=table.sheet)
    c = Cells(inv, table, cols)
    total = len(table.rows)
    for done, (_row_no, row) in enumerate(table.rows, 1):
        tick(progress, done, total, f"{table.sheet}: {done}/{total}")
        if (h := index.find(c, row)) is None:
            continue
        ips = split_list(c.str(row, "ipv4"), ", ;") + split_list(c.str(row, "ipv6"), ", ;")
        mac = c.str(row, "mac")
        nic = NicRecord(name=c.str(row, "nic") or "", ips=ips, network=c.str(row, "network"))
        nic.mac = norm_mac(mac) if mac else None
        h.nics.append(nic)
        add_unique(h.ips, ips)  # older exports lack vInfo "Primary IP Address"
        if nic.mac:
            add_unique(h.macs, [nic.mac])


def _read_meta(inv: ParsedInventory, table: SheetTable) -> None:
    lookup = build_aliases(
        {"version": ["RVTools version"], "created": ["xlsx creation datetime"], "server": []}
    )
    cols = match_columns(table.header, lookup)
    if not table.rows or "version" not in cols:
        return
    row = table.rows[0][1]
    parts = [f"RVTools {cell_str(cols.get(row, 'version'))} export"]
    if server := cell_str(cols.get(row, "server")):
        parts.append(f"of {server}")
    if created := cell_str(cols.get(row, "created")):
        parts.append(f"written {created}")
    inv.notes.append(" ".join(parts))

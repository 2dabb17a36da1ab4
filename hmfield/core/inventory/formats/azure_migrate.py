"""Azure Migrate: the CSV import template (discovery without an appliance) and the workbooks
written by Azure Migrate Export (see :mod:`azure_migrate_export`).

Why its own module: ``*`` marks required columns, older templates write ``(in MB)`` without
the ``*``, and disks come as ``Disk N size (In GB)`` columns (N up to 8) instead of rows.
"""

from __future__ import annotations

from pathlib import Path

from hmfield.core.inventory.formats import _os, azure_migrate_export
from hmfield.core.inventory.formats._common import (
    Cells,
    boot_code,
    is_ip,
    is_mac,
    new_host,
    norm_mac,
    note_duplicates,
    platform_code,
    split_list,
    tick,
)
from hmfield.core.inventory.formats.aliases import build_aliases, match_columns
from hmfield.core.inventory.formats.credentials import drop_secrets
from hmfield.core.inventory.formats.detect import Peek, count_of
from hmfield.core.inventory.formats.readers import is_workbook, open_workbook, read_first_table
from hmfield.core.model.enums import Platform
from hmfield.core.model.records import DiskRecord, ParsedInventory
from hmfield.core.progress import NULL_PROGRESS, Progress

FORMAT_ID = "azure-migrate"
LABEL_ZH = "Azure Migrate 导入模板 (CSV) 或 Azure Migrate Export 工作簿"
LABEL_EN = "Azure Migrate import template (CSV) or Azure Migrate Export workbook"
EXPECT = (
    "CSV with *Server name, *Cores, *Memory (In MB), *OS name ..., or an Azure Migrate Export"
    " workbook with a Discovery_Report or All_VM_IaaS_Server_Rehost_Perf sheet"
)
MAX_DISKS = 8

COLUMNS = build_aliases(
    {
        "name": ["Server name"],
        "ips": ["IP addresses", "IP address"],
        "macs": ["MAC addresses", "MAC address"],
        "fqdn": ["FQDN"],
        "cores": ["Cores"],
        "memory": ["Memory (In MB)"],
        "os_name": ["OS name"],
        "os_version": ["OS version"],
        "os_arch": ["OS architecture"],
        "server_type": ["Server type"],
        "hypervisor": ["Hypervisor"],
        "cpu_util": ["CPU utilization percentage"],
        "mem_util": ["Memory utilization percentage"],
        "boot": ["Boot type"],
        "storage_used": ["Storage in use (In GB)"],
    }
    | {f"disk{n}": [f"Disk {n} size (In GB)"] for n in range(1, MAX_DISKS + 1)}
)


def sniff(peek: Peek) -> bool:
    if peek.workbook and azure_migrate_export.is_export(peek.sheet_names):
        return True
    keys = peek.header
    return "server name" in keys and count_of(keys, "cores", "memory mib", "os name") >= 2


def parse(path: Path, progress: Progress = NULL_PROGRESS) -> ParsedInventory:
    inv = ParsedInventory(format=FORMAT_ID)
    if is_workbook(path):
        wb, _ = open_workbook(path)
        try:
            names = [n.strip().casefold() for n in wb.sheet_names]
        finally:
            wb.close()
        if azure_migrate_export.is_export(names):
            azure_migrate_export.parse_workbook(path, inv, progress)
            return inv
    table = read_first_table(path)
    drop_secrets(table, inv)
    cols = match_columns(table.header, COLUMNS, required=["name"], file=table.file)
    c = Cells(inv, table, cols)
    total = len(table.rows)
    for done, (row_no, row) in enumerate(table.rows, 1):
        tick(progress, done, total, f"{table.file}: {done}/{total}")
        name = c.str(row, "name")
        if not name:
            c.problem(row_no, "name", "no server name; row not imported")
            inv.skip("no_name", "", table.sheet, row_no)
            continue
        h = new_host(table, row_no, name)
        h.hostname = c.str(row, "fqdn")
        h.ips = [ip for ip in split_list(c.str(row, "ips"), ",; ") if is_ip(ip)]
        h.macs = [norm_mac(m) for m in split_list(c.str(row, "macs"), ",; ") if is_mac(m)]
        h.cpu_cores = c.int(row, row_no, "cores")
        h.memory_mib = c.float(row, row_no, "memory")
        os_text = " ".join(p for p in (c.str(row, "os_name"), c.str(row, "os_version")) if p)
        info = _os.parse_os(os_text)
        h.os_config = os_text or None
        h.os_family, h.os_name, h.os_version = info.family, info.name, info.version
        h.arch = _os.parse_arch(c.str(row, "os_arch")) or info.arch
        h.boot = boot_code(c.str(row, "boot"))
        hypervisor, server_type = c.str(row, "hypervisor"), c.str(row, "server_type")
        h.platform = platform_code(hypervisor) or platform_code(server_type)
        if h.platform is None and (hypervisor or server_type):
            h.platform = Platform.OTHER.value
        used_gb = c.float(row, row_no, "storage_used")
        h.disk_used_mib = used_gb * 1024.0 if used_gb is not None else None
        for n in range(1, MAX_DISKS + 1):
            size_gb = c.float(row, row_no, f"disk{n}")
            if size_gb is not None:
                h.disks.append(DiskRecord(name=f"Disk {n}", capacity_mib=size_gb * 1024.0))
        if h.disks:
            h.disk_total_mib = sum(d.capacity_mib or 0.0 for d in h.disks)
        for key, col in (("cpu_util_pct", "cpu_util"), ("mem_util_pct", "mem_util")):
            if value := c.str(row, col):
                h.extra[key] = value
        inv.hosts.append(h)
    note_duplicates(inv)
    return inv

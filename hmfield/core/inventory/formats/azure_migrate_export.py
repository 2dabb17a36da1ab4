"""Azure Migrate Export (AME) workbooks: the discovery report and the assessment core report.

Why its own module: AME writes workbooks, not the CSV import template. The discovery report
has one machine sheet (``Discovery_Report``); the assessment core report has sixteen sheets in
which the same machine appears many times (per SQL instance, per web app, per strategy), so
only its machine list (``All_VM_IaaS_Server_Rehost_Perf``) is read. Cells carry their own
conventions: ``[a,b];[c];`` address lists (one bracket group per NIC), ``-1`` for "not
collected", ``Power Stats`` ON/OFF, ``Storage (in GB)`` as fractional GiB, and ``VM Host``,
which on a VMware site is the vCenter's address, not an ESXi host.

The format is offered as "Azure Migrate": :mod:`azure_migrate` hands workbooks with these
sheets to :func:`parse_workbook`.
"""

from __future__ import annotations

import re
from pathlib import Path

from hmfield.core.inventory.formats import _os
from hmfield.core.inventory.formats._common import (
    Cells,
    boot_code,
    env_code,
    is_ip,
    is_ipv4,
    is_mac,
    new_host,
    norm_mac,
    note_duplicates,
    power_code,
    tick,
)
from hmfield.core.inventory.formats.aliases import build_aliases, match_columns
from hmfield.core.inventory.formats.credentials import drop_secrets
from hmfield.core.inventory.formats.readers import (
    SheetTable,
    find_sheet,
    open_workbook,
    read_sheet,
)
from hmfield.core.model.enums import Platform
from hmfield.core.model.records import DiskRecord, HostRecord, NicRecord, ParsedInventory
from hmfield.core.progress import NULL_PROGRESS, Progress

DISCOVERY_SHEET = "Discovery_Report"
MACHINE_SHEET = "All_VM_IaaS_Server_Rehost_Perf"
# Older or narrower assessment runs may lack the all-machines sheet: then the per-workload
# server sheets are read and machines merged by Machine ID (or name).
SERVER_SHEETS = (
    "VM_IaaS_Server_Rehost_Perf",
    "SQL_IaaS_Server_Rehost_Perf",
    "WebApp_IaaS_Server_Rehost_Perf",
    "VM_IaaS_Server_Rehost_As-is",
    "SQL_IaaS_Server_Rehost_As-is",
    "WebApp_IaaS_Server_Rehost_As-is",
)
_SIGN_SHEETS = frozenset(s.casefold() for s in (DISCOVERY_SHEET, MACHINE_SHEET, *SERVER_SHEETS))

COLUMNS = build_aliases(
    {
        "name": ["Machine Name"],
        "environment": ["Environment"],
        "os": ["Operating System"],
        "cores": ["Cores"],
        "memory": ["Memory (in MB)"],
        "disk_count": ["Total Disks", "Number of Disks"],  # case-folded: also "Number Of Disks"
        "ips": ["IP Addresses"],
        "macs": ["MAC Addresses"],
        "nic_count": ["Total Network Adapters", "Network Adapters"],
        "boot": ["Boot Type"],
        "power": ["Power Stats", "Power State", "Power Status"],
        "storage": ["Storage (in GB)"],
        "vm_host": ["VM Host"],
        "disk_names": ["Disk Names"],
        "readiness": ["Azure VM Readiness"],
        "warnings": ["Azure VM Readiness - Warnings"],
        "vm_size": ["Recommended VM Size"],
        "support": ["Support Status"],
        "cpu_util": ["CPU Utilization (in %)"],
        "mem_util": ["Memory Utilization (in %)"],
        "group": ["Group Name"],
        "machine_id": ["Machine ID"],
        "software_count": ["Software Inventory Count"],
        "sql_count": ["SQL Discovery Server Count"],
        "sql_present": ["Is SQL Service Present"],
        "webapp_count": ["Web Applications Count"],
    }
)
# ARM path of a discovered machine: .../providers/microsoft.offazure/<kind>sites/<site>/machines/<id>
_SITE = re.compile(r"/microsoft\.offazure/(\w+?)sites/[^/]+/machines/([^/]+)", re.IGNORECASE)
_SITE_PLATFORM = {"vmware": Platform.VMWARE.value, "hyperv": Platform.HYPERV.value}
# A VMware machine id starts with the vCenter's address, dots written as dashes.
_ID_VCENTER = re.compile(r"^(\d{1,3}(?:-\d{1,3}){3})-")
_GROUP = re.compile(r"\[([^\]]*)\]")
_COUNTS = {
    "software_count": "software_count",
    "sql_count": "sql_server_count",
    "webapp_count": "web_app_count",
}
_EXTRA = {
    "readiness": "azure_readiness",
    "warnings": "azure_readiness_warnings",
    "vm_size": "azure_vm_size",
    "support": "os_support_status",
    "cpu_util": "cpu_util_pct",
    "mem_util": "mem_util_pct",
    "group": "azure_group",
    "machine_id": "azure_machine_id",
}
VCENTER_TAG = "vcenter-appliance"


def is_export(sheet_names: list[str]) -> bool:
    """True when the (case-folded) sheet names are those of an AME workbook."""
    return any(n in _SIGN_SHEETS for n in sheet_names)


def parse_workbook(path: Path, inv: ParsedInventory, progress: Progress = NULL_PROGRESS) -> None:
    """Read the machine sheet(s) of an AME workbook into ``inv``."""
    wb, check = open_workbook(path)
    try:
        names = wb.sheet_names
        machine = find_sheet(names, DISCOVERY_SHEET) or find_sheet(names, MACHINE_SHEET)
        if machine:
            chosen = [machine]
        else:
            chosen = [s for want in SERVER_SHEETS if (s := find_sheet(names, want))]
        tables = [read_sheet(wb, path.name, s, check) for s in chosen]
    finally:
        wb.close()
    seen: dict[str, HostRecord] = {}
    for table in tables:
        _read_table(table, inv, progress, seen)
    if len(tables) > 1:
        inv.notes.append(
            f"no {MACHINE_SHEET} sheet: machines read from {', '.join(t.sheet or '' for t in tables)}"
            " and merged by Machine ID"
        )
    elif tables and tables[0].sheet != DISCOVERY_SHEET:
        others = len(names) - 1
        inv.notes.append(
            f"machines read from sheet {tables[0].sheet} only; the {others} other sheets"
            " (costs, SQL instances, web apps, per-strategy copies of the same machines) are"
            " not host lists"
        )
    _flag_vcenter(inv)
    note_duplicates(inv)


def _read_table(
    table: SheetTable, inv: ParsedInventory, progress: Progress, seen: dict[str, HostRecord]
) -> None:
    drop_secrets(table, inv)
    cols = match_columns(
        table.header, COLUMNS, required=["name"], file=table.file, sheet=table.sheet
    )
    c = Cells(inv, table, cols)
    total = len(table.rows)
    for done, (row_no, row) in enumerate(table.rows, 1):
        tick(progress, done, total, f"{table.file} {table.sheet}: {done}/{total}")
        name = c.str(row, "name")
        if not name:
            c.problem(row_no, "name", "no machine name; row not imported")
            inv.skip("no_name", "", table.sheet, row_no)
            continue
        machine_id = c.str(row, "machine_id")
        key = (machine_id or name).casefold()
        if key in seen:  # the same machine on another per-workload sheet
            continue
        h = new_host(table, row_no, name)
        seen[key] = h
        _row(c, h, row, row_no, machine_id)
        inv.hosts.append(h)


def _row(c: Cells, h: HostRecord, row: list, row_no: int, machine_id: str | None) -> None:
    site = _SITE.search(machine_id or "")
    h.platform = _SITE_PLATFORM.get(site.group(1).casefold()) if site else None
    h.power_state = power_code(c.str(row, "power"))
    h.boot = boot_code(c.str(row, "boot"))
    env = c.str(row, "environment")
    h.environment = env_code(env)
    if env and h.environment is None:
        h.extra["environment"] = env
    h.cpu_cores = c.int(row, row_no, "cores")
    h.memory_mib = c.float(row, row_no, "memory")
    os_text = c.str(row, "os")
    info = _os.parse_os(os_text)
    h.os_config = " ".join(os_text.split()) if os_text else None
    h.os_family, h.os_name, h.os_version, h.arch = info.family, info.name, info.version, info.arch
    _addresses(c, h, row)
    storage_gib = c.float(row, row_no, "storage")
    if storage_gib is not None and storage_gib > 0:
        h.disk_total_mib = storage_gib * 1024.0
    disk_names = [d.strip() for d in (c.str(row, "disk_names") or "").split(";") if d.strip()]
    for d in disk_names:  # sizes per disk are not in the file: only a single disk's is known
        size = h.disk_total_mib if len(disk_names) == 1 else None
        h.disks.append(DiskRecord(name=d, capacity_mib=size))
    count = c.int(row, row_no, "disk_count")
    if count is not None and count >= 0 and not disk_names:
        h.extra["disk_count"] = str(count)
    vm_host = c.str(row, "vm_host")
    if vm_host and h.platform == Platform.VMWARE.value:
        h.extra["vcenter"] = vm_host  # VMware site: the vCenter, not the ESXi host
    elif vm_host and h.platform == Platform.HYPERV.value:
        h.hypervisor_host = vm_host
    elif vm_host:
        h.extra["vm_host"] = vm_host
    for col, key in _COUNTS.items():
        number = c.int(row, row_no, col)
        if number is not None and number >= 0:  # -1: not collected
            h.extra[key] = str(number)
    sql = c.bool(row, row_no, "sql_present")
    if sql is not None:
        h.extra["sql_service"] = "yes" if sql else "no"
    for col, key in _EXTRA.items():
        if value := c.str(row, col):
            h.extra[key] = value


def _addresses(c: Cells, h: HostRecord, row: list) -> None:
    """``[ipv6,ipv4];[ipv4];`` -> host IPs (IPv4 first) and, when the groups pair up, NICs."""
    ip_groups = _groups(c.str(row, "ips"))
    mac_groups = _groups(c.str(row, "macs"))
    ips = [ip for g in ip_groups for ip in g if is_ip(ip)]
    ips = list(dict.fromkeys(sorted(ips, key=lambda ip: not is_ipv4(ip))))
    h.ips = ips
    macs = [norm_mac(m) for g in mac_groups for m in g if is_mac(m)]
    h.macs = list(dict.fromkeys(macs))
    if mac_groups and len(ip_groups) == len(mac_groups):
        for n, (ip_g, mac_g) in enumerate(zip(ip_groups, mac_groups, strict=True), 1):
            mac = next((norm_mac(m) for m in mac_g if is_mac(m)), None)
            nic_ips = sorted((ip for ip in ip_g if is_ip(ip)), key=lambda ip: not is_ipv4(ip))
            h.nics.append(NicRecord(name=f"NIC {n}", mac=mac, ips=nic_ips))


def _groups(text: str | None) -> list[list[str]]:
    if not text:
        return []
    found = _GROUP.findall(text)
    if not found and "[" not in text:
        found = [text]
    return [[p.strip() for p in re.split(r"[,;\s]+", g) if p.strip()] for g in found]


def _flag_vcenter(inv: ParsedInventory) -> None:
    """Tag the machine that is the vCenter managing the other VMs (it is itself discovered).

    Its address is the assessment's ``VM Host`` of the other machines, and the start of their
    Machine IDs. It stays imported (it is a real VM with its own facts), tagged and noted, so
    that the lead decides whether it migrates.
    """
    managed: list[tuple[HostRecord, str]] = []  # (VM, the vCenter address it names)
    for h in inv.hosts:
        if h.platform != Platform.VMWARE.value:
            continue
        found = h.extra.get("vcenter")
        if not found:
            site = _SITE.search(h.extra.get("azure_machine_id", ""))
            m = _ID_VCENTER.match(site.group(2)) if site else None
            found = m.group(1).replace("-", ".") if m else None
        if found:
            managed.append((h, found.casefold()))
    addresses = {a for _, a in managed}
    flagged: list[str] = []
    for h in inv.hosts:
        own = {ip.casefold() for ip in h.ips} & addresses
        if not own or h.platform != Platform.VMWARE.value:
            continue
        address = sorted(own)[0]
        count = sum(1 for vm, a in managed if a == address and vm is not h)
        if VCENTER_TAG not in h.tags:
            h.tags.append(VCENTER_TAG)
        h.extra["infrastructure"] = f"vCenter {address} managing {count} other machine(s)"
        flagged.append(f"{h.name} ({address})")
    if flagged:
        inv.notes.append(
            f"{', '.join(flagged)}: the vCenter that manages the listed VMs (its address is"
            f" their VM Host / Machine ID); imported and tagged {VCENTER_TAG!r}: decide whether"
            " it migrates (usually not)"
        )

"""RVTools export (.xlsx): vInfo (one row per VM) enriched from vDisk, vPartition, vNetwork.

Why the care: RVTools versions rename columns (``MB`` -> ``MiB``), drop or add columns
(``Primary IP Address``, ``VM UUID``, ``Firmware``), let custom attributes push columns around,
and carry templates and SRM placeholders that are not servers to migrate.
"""

from __future__ import annotations

import re
from pathlib import Path

from hmfield.core.errors import InputError
from hmfield.core.inventory.formats import _os, prefetch
from hmfield.core.inventory.formats._common import (
    Cells,
    add_unique,
    boot_code,
    is_ipv4,
    new_host,
    norm_mac,
    note_duplicates,
    power_code,
    split_list,
    tick,
)
from hmfield.core.inventory.formats.aliases import build_aliases, match_columns
from hmfield.core.inventory.formats.credentials import drop_secrets
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
_KEY["vm_id"] = ["VM ID"]
VINFO = build_aliases(
    _KEY
    | {
        "power": ["Powerstate", "Power state"],
        "dns": ["DNS Name"],
        "cpus": ["CPUs", "Num CPU"],
        "memory": ["Memory", "Memory MiB"],
        "nics": ["NICs"],
        "disks": ["Disks"],
        "disk_total": ["Total disk capacity MiB"],
        "provisioned": ["Provisioned MiB"],  # "Provisioned MB": header_key unifies the unit
        "in_use": ["In Use MiB"],
        "ip": ["Primary IP Address"],
        "firmware": ["Firmware"],
        "secure_boot": ["EFI Secure boot"],
        "hw": ["HW version", "Hardware version"],
        "cbt": ["CBT"],
        "tools": ["Tools status", "VMware Tools status"],
        "path": ["Path"],
        "annotation": ["Annotation"],
        "datacenter": ["Datacenter"],
        "cluster": ["Cluster"],
        "host": ["Host"],
        "os_config": ["OS according to the configuration file", "OS"],
        "os_tools": ["OS according to the VMware Tools"],
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
        "lun": ["Raw LUN ID"],
        "disk_mode": ["Disk Mode"],
        "sharing": ["Sharing mode"],
        "bus": ["Shared Bus"],
        "controller": ["Controller"],
        "path": ["Path", "Disk Path"],
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
VSNAP = build_aliases(_KEY)
VTOOLS = build_aliases(_KEY | {"tools": ["Tools", "Tools status"]})
VHOST = build_aliases(
    {
        "host": ["Host", "Name"],
        "esx": ["ESX Version", "ESXi Version", "Version"],
        "build": ["Build", "ESX Build"],
        "cpu_model": ["CPU Model"],
    }
)
VDATASTORE = build_aliases(
    {"name": ["Name", "Datastore"], "type": ["Type"], "major": ["Major Version"]}
    | {"version": ["Version"]}
)
VSOURCE = build_aliases(
    {
        "server": ["Name", "VI SDK Server", "Server"],
        "fullname": ["Fullname", "Full name"],
        "version": ["Version", "Product version"],
        "api_type": ["API type"],
    }
)
_HW = re.compile(r"(\d+)")
_VERSION = re.compile(r"\d+(?:\.\d+)+")
_BUILD = re.compile(r"build[-\s]*\d+", re.IGNORECASE)
_DATASTORE = re.compile(r"^\s*\[([^\]]+)\]")
_KINDS = {"vmfs": "VMFS", "nfs": "NFS", "nfs41": "NFS", "vsan": "vSAN", "vvol": "vVol"}
_SHARED_BUS = {"1": True, "2": True, "virtualsharing": True, "physicalsharing": True}
_SHARED_BUS |= {"0": False, "nosharing": False}
_SAMPLE = 10  # names shown in a note before "..."


# the sheets read after vInfo, in the order parse reads them (a worker may read them while
# vInfo is read: formats/prefetch.py)
SIDE_SHEETS = (
    "vDisk", "vPartition", "vNetwork", "vSnapshot", "vTools", "vHost", "vDatastore", "vSource",
)  # fmt: skip


def sniff(peek: Peek) -> bool:
    if peek.workbook:
        return "vinfo" in peek.sheet_names
    return (
        has_all(peek.header, "vm", "powerstate")
        and count_of(peek.header, "os according to the configuration file", "cpus", "memory") >= 2
    )


def parse(path: Path, progress: Progress = NULL_PROGRESS) -> ParsedInventory:
    inv = ParsedInventory(format=FORMAT_ID)
    side = _Side()
    if not is_workbook(path):  # RVTools CLI can export each tab as CSV: vInfo only
        _read_vinfo(inv, read_csv(path), side, progress)
        _finish(inv, side, has_vdisk=False)
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
        found = (find_sheet(names, s) for s in SIDE_SHEETS)  # read meanwhile, when allowed
        prefetch.start(path, [s for s in found if s], check)
        hosts = _read_vinfo(inv, read_sheet(wb, path.name, vinfo_name, check), side, progress)
        index = _Index(hosts, side)
        has_vdisk = False
        for sheet, lookup, fn in (
            ("vDisk", VDISK, _read_vdisk),
            ("vPartition", VPART, _read_vpart),
            ("vNetwork", VNET, _read_vnet),
            ("vSnapshot", VSNAP, _read_vsnap),
            ("vTools", VTOOLS, _read_vtools),
        ):
            if name := find_sheet(names, sheet):
                table = read_sheet(wb, path.name, name, check)
                if (found := index.finder(inv, table, lookup)) is not None:
                    fn(inv, table, found, side, progress)
                    has_vdisk = has_vdisk or sheet == "vDisk"
            elif sheet == "vNetwork":
                inv.notes.append("no vNetwork sheet: only the Primary IP Address column gives IPs")
        if name := find_sheet(names, "vHost"):
            _read_vhost(inv, read_sheet(wb, path.name, name, check), hosts)
        if name := find_sheet(names, "vDatastore"):
            _read_vdatastore(inv, read_sheet(wb, path.name, name, check), hosts, side)
        if name := find_sheet(names, "vSource"):
            _read_vsource(inv, read_sheet(wb, path.name, name, check), hosts, side)
        if name := find_sheet(names, "vMetaData"):
            _read_meta(inv, read_sheet(wb, path.name, name, check))
    finally:
        wb.close()
    _finish(inv, side, has_vdisk=has_vdisk)
    return inv


class _Side:
    """What the sheets say beside the HostRecord fields, keyed by ``id(host)``."""

    def __init__(self) -> None:
        self.provisioned: dict[int, float] = {}
        self.disk_count: dict[int, int] = {}
        self.nic_count: dict[int, int] = {}
        self.datastores: dict[int, set[str]] = {}
        self.snapshots: dict[int, int] | None = None
        self.skipped_names: set[str] = set()  # templates and placeholders: their rows are quiet
        self.skipped_ids: set[str] = set()
        self.mb_headers: list[str] = []  # pre-4.x "MB" headers, read as MiB
        self.disk_source: str | None = None  # the vInfo header disk totals came from
        # (configuration-file OS, VMware Tools OS) -> the VMs whose two OS columns disagree so:
        # one note per pair, not per VM (an estate of cloned VMs repeats one pair thousands
        # of times; both columns stay on every host)
        self.os_disagree: dict[tuple[str, str], list[str]] = {}

    def see_units(self, cols) -> None:
        for label in cols.header.values():
            if re.search(r"\bMB\b", label) and label not in self.mb_headers:
                self.mb_headers.append(label)

    def add_datastore(self, h: HostRecord, path: str | None) -> None:
        if path and (m := _DATASTORE.match(path)):
            self.datastores.setdefault(id(h), set()).add(m.group(1).strip())


class _Index:
    """Find the vInfo host for a row of another sheet: by VM UUID, then VM ID (when both
    sheets have the column), then VM name. Built once; each sheet gets one finder."""

    def __init__(self, hosts: list[HostRecord], side: _Side) -> None:
        self.side = side
        self.by_uuid = {h.vm_uuid: h for h in hosts if h.vm_uuid}
        ids: dict[str, HostRecord | None] = {}
        for h in hosts:
            if h.vm_id:  # a VM ID is unique per vCenter only: drop ids seen twice
                ids[h.vm_id] = None if h.vm_id in ids else h
        self.by_id = {k: v for k, v in ids.items() if v is not None}
        self.by_name: dict[str, HostRecord] = {}
        for h in hosts:
            self.by_name.setdefault(h.name, h)

    def finder(self, inv: ParsedInventory, table: SheetTable, lookup: dict) -> _Finder | None:
        cols = match_columns(table.header, lookup, file=table.file, sheet=table.sheet)
        if "vm" not in cols and "vm_id" not in cols:
            inv.notes.append(f"sheet {table.sheet} skipped: it has neither a VM nor a VM ID column")
            return None
        if "vm" not in cols and not self.by_id:
            inv.notes.append(
                f"sheet {table.sheet} skipped: it has no VM column, and vInfo has no VM ID to"
                " join its rows by"
            )
            return None
        if "vm" not in cols:
            first = next((h for h in table.header if h), "")
            inv.notes.append(
                f"sheet {table.sheet} has no VM column (its first header reads {first!r}):"
                " its rows are joined to vInfo by VM ID"
            )
        self.side.see_units(cols)
        return _Finder(self, Cells(inv, table, cols))


class _Finder:
    """One side sheet's join to vInfo; counts what it could not join for one note."""

    def __init__(self, index: _Index, cells: Cells) -> None:
        self.index, self.c = index, cells
        cols = cells.cols
        self.uuid = cols.index.get("vm_uuid") if index.by_uuid else None
        self.vm_id = cols.index.get("vm_id") if index.by_id else None
        self.name = cols.index.get("vm")
        self.renamed: dict[str, str] = {}  # sheet spelling -> vInfo name, joined by VM ID
        self.lost: set[str] = set()

    def find(self, row: list) -> HostRecord | None:
        index = self.index
        uuid = cell_str(row[self.uuid]) if self.uuid is not None else None
        if uuid and (found := index.by_uuid.get(uuid)) is not None:
            return found
        name = cell_str(row[self.name]) if self.name is not None else None
        if self.vm_id is not None and (vm_id := cell_str(row[self.vm_id])):
            found = index.by_id.get(vm_id)
            if found is not None:
                if name and name != found.name:
                    self.renamed.setdefault(name, found.name)
                return found
            if vm_id in index.side.skipped_ids:
                return None
        found = index.by_name.get(name) if name else None
        if found is None and name not in index.side.skipped_names:
            self.lost.add(name or f"VM ID {cell_str(row[self.vm_id]) if self.vm_id else '?'}")
        return found

    def note(self, inv: ParsedInventory) -> None:
        sheet = self.c.table.sheet
        if self.renamed:
            pairs = [f"{a} = {b}" for a, b in sorted(self.renamed.items())]
            inv.notes.append(
                f"{sheet}: {len(pairs)} VM(s) spelt differently from vInfo, joined by VM ID: "
                + _shown(pairs)
            )
        if self.lost:
            inv.notes.append(
                f"{sheet}: rows of {len(self.lost)} VM(s) not in vInfo were ignored: "
                + _shown(sorted(self.lost))
            )


def _shown(items: list[str], limit: int = _SAMPLE) -> str:
    return ", ".join(items[:limit]) + (", ..." if len(items) > limit else "")


def _read_vinfo(
    inv: ParsedInventory, table: SheetTable, side: _Side, progress: Progress
) -> list[HostRecord]:
    drop_secrets(table, inv)  # custom attributes can be anything, a password too
    cols = match_columns(table.header, VINFO, required=["vm"], file=table.file, sheet=table.sheet)
    c = Cells(inv, table, cols)
    side.see_units(cols)
    custom = _custom_columns(table.header, cols)
    skipped: dict[str, list[str]] = {"template": [], "srm_placeholder": []}
    total = len(table.rows)
    for done, (row_no, row) in enumerate(table.rows, 1):
        tick(progress, done, total, f"{table.sheet or table.file}: {done}/{total}")
        name = c.str(row, "vm")
        if not name:
            c.problem(row_no, "vm", "no VM name; row not imported")
            inv.skip("no_name", "", table.sheet, row_no)
            continue
        reason = (
            "template"
            if c.bool(row, row_no, "template")
            else "srm_placeholder"
            if c.bool(row, row_no, "srm")
            else None
        )
        if reason:
            inv.skip(reason, name, table.sheet, row_no)
            skipped[reason].append(name)
            side.skipped_names.add(name)
            if vm_id := c.str(row, "vm_id"):
                side.skipped_ids.add(vm_id)
            continue
        inv.hosts.append(_vinfo_host(inv, table, side, c, row_no, row, name, custom))
    for reason, what in (("template", "template(s)"), ("srm_placeholder", "SRM placeholder(s)")):
        if names := skipped[reason]:
            inv.notes.append(f"{len(names)} {what} skipped: {_shown(names)}")
    for (config, tools), names in side.os_disagree.items():
        inv.notes.append(
            f"{len(names)} VM(s): the OS columns disagree (configuration file: {config!r},"
            f" VMware Tools: {tools!r}); using the VMware Tools value: {_shown(names)}"
        )
    if "disk_total" not in cols and "provisioned" in cols:
        side.disk_source = cols.label("provisioned")
    return inv.hosts


def _vinfo_host(inv, table: SheetTable, side: _Side, c: Cells, row_no: int, row, name: str, custom):
    """One VM of vInfo as a host record; what the side sheets need (provisioned size, disk
    and NIC counts, datastore) goes to ``side``."""
    h = new_host(table, row_no, name)
    h.platform = Platform.VMWARE.value
    h.is_template, h.is_srm_placeholder = False, False
    h.power_state = power_code(c.str(row, "power"))
    h.hostname = c.str(row, "dns")
    h.cpu_cores = c.int(row, row_no, "cpus")
    h.memory_mib = c.float(row, row_no, "memory")
    h.disk_total_mib = c.float(row, row_no, "disk_total")
    h.disk_used_mib = c.float(row, row_no, "in_use")
    if (prov := c.float(row, row_no, "provisioned")) is not None:
        side.provisioned[id(h)] = prov
    if (disks := c.int(row, row_no, "disks")) is not None:
        side.disk_count[id(h)] = disks
    if (nics := c.int(row, row_no, "nics")) is not None:
        side.nic_count[id(h)] = nics
    side.add_datastore(h, c.str(row, "path"))
    h.ips = split_list(c.str(row, "ip"), ", ;")
    h.boot = boot_code(c.str(row, "firmware"))
    h.secure_boot = c.bool(row, row_no, "secure_boot")
    if hw := c.str(row, "hw"):
        h.hw_version = int(m.group(1)) if (m := _HW.search(hw)) else None
    h.cbt = c.bool(row, row_no, "cbt")
    h.tools_status = c.str(row, "tools")
    h.notes = c.str(row, "annotation")
    h.datacenter = c.str(row, "datacenter")
    h.cluster = c.str(row, "cluster")
    h.hypervisor_host = c.str(row, "host")
    h.vm_id = c.str(row, "vm_id")
    h.vm_uuid = c.str(row, "vm_uuid")
    h.bios_uuid = c.str(row, "bios_uuid")
    _set_sdk_type(h, c.str(row, "sdk_type"))
    _set_os(side, h, c.str(row, "os_config"), c.str(row, "os_tools"))
    for key, col in (("vcenter", "sdk_server"), ("folder", "folder")):
        if value := c.str(row, col):
            h.extra[key] = value
    if created := cell_date(c.cols.get(row, "created")):  # 1969/1970 = unknown
        h.extra["created"] = created.isoformat()
    for idx, header in custom:
        if value := cell_str(row[idx]):
            h.extra[header] = value
    return h


def _set_sdk_type(h: HostRecord, text: str | None) -> None:
    """``VI SDK Server type`` holds the server's full name: a vCenter's version is the
    manager's; an ESXi host read directly gives the hypervisor's (vHost may refine it)."""
    if not text or not (m := _VERSION.search(text)):
        return
    folded = text.casefold()
    if "vcenter" in folded or "virtualcenter" in folded:
        h.manager_version = m.group(0)
    elif "esx" in folded:
        h.platform_version = m.group(0)
        h.platform_build = b.group(0) if (b := _BUILD.search(text)) else None


def _custom_columns(header: list[str], cols) -> list[tuple[int, str]]:
    """Custom-attribute columns: unknown headers between Annotation and Datacenter."""
    lo, hi = cols.index.get("annotation"), cols.index.get("datacenter")
    if lo is None or hi is None or hi <= lo:
        return []
    return [(i, h) for i, h in cols.unknown if lo < i < hi]


def _set_os(side: _Side, h: HostRecord, config: str | None, tools: str | None) -> None:
    h.os_config, h.os_tools = config, tools
    cfg, tls = _os.parse_os(config), _os.parse_os(tools)
    info = _os.merge(tls, cfg) if tools else cfg
    h.os_family, h.os_name, h.os_version, h.arch = info.family, info.name, info.version, info.arch
    if tools and config and _os.disagree(cfg, tls):
        side.os_disagree.setdefault((config, tools), []).append(h.name)


def _read_vdisk(
    inv: ParsedInventory, table: SheetTable, f: _Finder, side: _Side, progress: Progress
) -> None:
    c = f.c
    luns: dict[str, set[int]] = {}  # a raw LUN mapped into two VMs is a shared disk
    by_lun: list[tuple[str, HostRecord, DiskRecord]] = []
    total = len(table.rows)
    for done, (row_no, row) in enumerate(table.rows, 1):
        tick(progress, done, total, f"{table.sheet}: {done}/{total}")
        if (h := f.find(row)) is None:
            continue  # templates, placeholders, VMs missing from vInfo
        raw = c.bool(row, row_no, "raw")
        mode = (c.str(row, "raw_mode") or "").casefold()
        disk_mode = (c.str(row, "disk_mode") or "").casefold()
        sharing = (c.str(row, "sharing") or "").casefold()
        shared = ("multiwriter" in sharing) if sharing else None
        if shared is not True and (bus := c.str(row, "bus")):  # SCSI bus sharing
            shared = _SHARED_BUS.get(bus.casefold(), shared)
        disk = DiskRecord(
            name=c.str(row, "disk") or "",
            capacity_mib=c.float(row, row_no, "capacity"),
            thin=c.bool(row, row_no, "thin"),
            raw_rdm=raw,
            rdm_mode=("physical" if "phys" in mode else "virtual" if "virt" in mode else None)
            if raw
            else None,
            shared=shared,
            independent=disk_mode.startswith("independent") if disk_mode else None,
            controller=c.str(row, "controller"),
        )
        h.disks.append(disk)
        side.add_datastore(h, c.str(row, "path"))
        if raw and (lun := c.str(row, "lun")):
            luns.setdefault(lun, set()).add(id(h))
            by_lun.append((lun, h, disk))
    shared_luns = 0
    for lun, _h, disk in by_lun:
        if len(luns[lun]) > 1:
            disk.shared = True
            shared_luns += 1
    if shared_luns:
        inv.notes.append(
            f"{table.sheet}: {shared_luns} raw disk(s) map a LUN (Raw LUN ID) that another VM"
            " maps too: marked shared"
        )
    f.note(inv)


def _read_vpart(
    inv: ParsedInventory, table: SheetTable, f: _Finder, side: _Side, progress: Progress
) -> None:
    c = f.c
    total = len(table.rows)
    for done, (row_no, row) in enumerate(table.rows, 1):
        tick(progress, done, total, f"{table.sheet}: {done}/{total}")
        if (h := f.find(row)) is None:
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
    f.note(inv)


def _read_vnet(
    inv: ParsedInventory, table: SheetTable, f: _Finder, side: _Side, progress: Progress
) -> None:
    c = f.c
    total = len(table.rows)
    for done, (_row_no, row) in enumerate(table.rows, 1):
        tick(progress, done, total, f"{table.sheet}: {done}/{total}")
        if (h := f.find(row)) is None:
            continue
        ips = split_list(c.str(row, "ipv4"), ", ;") + split_list(c.str(row, "ipv6"), ", ;")
        mac = c.str(row, "mac")
        nic = NicRecord(name=c.str(row, "nic") or "", ips=ips, network=c.str(row, "network"))
        nic.mac = norm_mac(mac) if mac else None
        h.nics.append(nic)
        add_unique(h.ips, ips)  # older exports lack vInfo "Primary IP Address"
        if nic.mac:
            add_unique(h.macs, [nic.mac])
    f.note(inv)
    differ = sorted(
        h.name
        for h in inv.hosts
        if id(h) in side.nic_count and side.nic_count[id(h)] != len(h.nics)
    )
    if differ:
        inv.notes.append(
            f"{table.sheet}: {len(differ)} VM(s) have a different number of NIC rows than vInfo"
            f" NICs says (the NIC rows are kept): {_shown(differ)}"
        )


def _read_vsnap(
    inv: ParsedInventory, table: SheetTable, f: _Finder, side: _Side, progress: Progress
) -> None:
    counts: dict[int, int] = {}
    for _row_no, row in table.rows:
        if (h := f.find(row)) is not None:
            counts[id(h)] = counts.get(id(h), 0) + 1
    side.snapshots = counts
    f.note(inv)


def _read_vtools(
    inv: ParsedInventory, table: SheetTable, f: _Finder, side: _Side, progress: Progress
) -> None:
    if "tools" not in f.c.cols:
        return
    for _row_no, row in table.rows:
        if (h := f.find(row)) is not None and (status := f.c.str(row, "tools")):
            h.tools_status = status  # vTools is the detailed source; it wins over vInfo
    f.note(inv)


def _split_esx(text: str) -> tuple[str | None, str | None]:
    """``VMware ESXi 6.5.0 build-10175896`` -> ("6.5.0", "build-10175896")."""
    version = m.group(0) if (m := _VERSION.search(text)) else None
    build = b.group(0) if (b := _BUILD.search(text)) else None
    return version, build


def _suffix_matches(names: set[str], short: dict, lookup) -> dict[str, tuple[str, tuple]]:
    """vInfo host names that no exact, case-folded or short-name match finds, joined to the
    one vHost short name their own short name ends with (``bovmprod3-01`` -> ``vmprod3-01``),
    when that is the only candidate and no other vInfo name claims it. Exports anonymised
    sheet by sheet drop or add such prefixes; nothing shorter than 4 characters is matched."""
    taken = {n.casefold().split(".", 1)[0] for n in names if lookup(n) is not None}
    wanted: dict[str, list[str]] = {}
    for name in names:
        if lookup(name) is not None or is_ipv4(name):
            continue
        brief = name.casefold().split(".", 1)[0]
        found = [s for s in short if len(s) >= 4 and s != brief and brief.endswith(s)]
        found = [s for s in found if s not in taken and short[s] is not None]
        if len(found) == 1:
            wanted.setdefault(found[0], []).append(name)
    return {names_[0]: (s, short[s]) for s, names_ in wanted.items() if len(names_) == 1}


def _read_vhost(inv: ParsedInventory, table: SheetTable, hosts: list[HostRecord]) -> None:
    """Join vHost on vInfo ``Host``: exact name, then case-folded, then the short name
    (before the first dot) when only one vHost host has it. Never a guessed prefix."""
    cols = match_columns(table.header, VHOST, file=table.file, sheet=table.sheet)
    if "host" not in cols:
        inv.notes.append(f"sheet {table.sheet} skipped: it has no Host column")
        return
    info = _vhost_info(Cells(inv, table, cols), table)
    lookup = _HostLookup(info)
    by_suffix = _suffix_matches(
        {h.hypervisor_host for h in hosts if h.hypervisor_host}, lookup.short, lookup
    )
    if by_suffix:
        pairs = [f"{a} = {b}" for a, (b, _v) in sorted(by_suffix.items())]
        inv.notes.append(
            f"{len(by_suffix)} vInfo host name(s) matched to vHost by the end of the name"
            f" (one candidate each way; check they are the same host): {_shown(pairs)}"
        )
    unmatched: dict[str, int] = {}
    for h in hosts:
        if not (name := h.hypervisor_host):
            continue
        found = lookup(name)
        if found is None and name in by_suffix:
            found = by_suffix[name][1]
        if found is None:
            unmatched[name] = unmatched.get(name, 0) + 1
            continue
        version, build, cpu = found
        if version:
            h.platform_version, h.platform_build = version, build
        h.cpu_model = cpu
    if unmatched:
        inv.notes.append(_unmatched_note(unmatched, info))


def _vhost_info(
    c: Cells, table: SheetTable
) -> dict[str, tuple[str | None, str | None, str | None]]:
    """Each vHost host's (ESXi version, build, CPU model), the first row of a name winning."""
    info: dict[str, tuple[str | None, str | None, str | None]] = {}
    for _row_no, row in table.rows:
        if not (name := c.str(row, "host")):
            continue
        esx = c.str(row, "esx")
        version, build = _split_esx(esx) if esx else (None, None)
        if build is None and (b := c.str(row, "build")):
            build = b
        info.setdefault(name, (version, build, c.str(row, "cpu_model")))
    return info


class _HostLookup:
    """A vInfo host name to its vHost facts: exact, case-folded, then the short name when
    only one vHost host has it (two spellings or two hosts of one short name: ambiguous)."""

    def __init__(self, info: dict[str, tuple]):
        self.info = info
        self.folded: dict[str, tuple | None] = {}
        self.short: dict[str, tuple | None] = {}
        for name, value in info.items():
            key = name.casefold()
            self.folded[key] = value if key not in self.folded else None
            if not is_ipv4(name):  # an address has no short name
                brief = key.split(".", 1)[0]
                same = brief not in self.short or self.short[brief] == value
                self.short[brief] = value if same else None

    def __call__(self, name: str):
        key = name.casefold()
        found = self.info.get(name) or self.folded.get(key)
        if found is None and not is_ipv4(name):
            found = self.short.get(key.split(".", 1)[0])
        return found


def _unmatched_note(unmatched: dict[str, int], info: dict[str, tuple]) -> str:
    versions = sorted({v[0] for v in info.values() if v[0]})
    same = (
        f"; every vHost host runs ESXi {versions[0]}, but no version is assumed for them"
        if len(versions) == 1
        else ""
    )
    return (
        f"{sum(unmatched.values())} VM(s) run on a host that vHost does not list"
        f" ({len(unmatched)} host name(s): {_shown(sorted(unmatched))}): their ESXi version"
        f" and host CPU stay unknown{same}"
    )


def _read_vdatastore(
    inv: ParsedInventory, table: SheetTable, hosts: list[HostRecord], side: _Side
) -> None:
    cols = match_columns(table.header, VDATASTORE, file=table.file, sheet=table.sheet)
    if "name" not in cols or "type" not in cols:
        inv.notes.append(f"sheet {table.sheet} skipped: it has no Name or Type column")
        return
    c = Cells(inv, table, cols)
    stores: dict[str, tuple[str, str | None]] = {}
    for _row_no, row in table.rows:
        if (name := c.str(row, "name")) and (kind := c.str(row, "type")):
            kind = _KINDS.get(kind.casefold().replace(" ", ""), kind)
            version = c.str(row, "version") or c.str(row, "major")
            stores.setdefault(name, (kind, version if kind == "VMFS" else None))
    if not side.datastores:
        inv.notes.append(
            f"sheet {table.sheet} read, but no VM names a datastore in a disk or VM path:"
            " datastore types stay unknown"
        )
        return
    for h in hosts:
        names = side.datastores.get(id(h))
        if not names or not all(n in stores for n in names):
            continue  # one unknown datastore: the list would be incomplete
        h.datastore_kinds = sorted({stores[n][0] for n in names})
        vmfs = sorted({v for n in names if (v := stores[n][1])})
        h.vmfs_versions = vmfs or None


def _read_vsource(
    inv: ParsedInventory, table: SheetTable, hosts: list[HostRecord], side: _Side
) -> None:
    """vCenter version per VI SDK server; one vCenter row applies to every VM."""
    cols = match_columns(table.header, VSOURCE, file=table.file, sheet=table.sheet)
    c = Cells(inv, table, cols)
    found: dict[str, str] = {}
    for _row_no, row in table.rows:
        full = c.str(row, "fullname") or ""
        api = (c.str(row, "api_type") or "").casefold()
        if "esx" in full.casefold() or api == "hostagent":
            continue  # RVTools read an ESXi host directly: no vCenter
        text = full if _VERSION.search(full) else (c.str(row, "version") or "")
        if m := _VERSION.search(text):
            found[(c.str(row, "server") or "").casefold()] = m.group(0)
    if not found:
        return
    only = next(iter(found.values())) if len(set(found.values())) == 1 else None
    for h in hosts:
        server = h.extra.get("vcenter", "").casefold()
        version = found.get(server, only)
        if version:
            h.manager_version = version


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


def _finish(inv: ParsedInventory, side: _Side, *, has_vdisk: bool) -> None:
    """Disk totals and counts where vDisk gave none, snapshot counts, the unit note."""
    from_prov = placeholders = 0
    for h in inv.hosts:
        if side.snapshots is not None:
            h.snapshot_count = side.snapshots.get(id(h), 0)
        if h.disk_total_mib is None and h.disks:
            caps = [d.capacity_mib for d in h.disks]
            if all(cap is not None for cap in caps):
                h.disk_total_mib = float(sum(caps))  # type: ignore[arg-type]
        if h.disk_total_mib is None and not has_vdisk and id(h) in side.provisioned:
            h.disk_total_mib = side.provisioned[id(h)]
            from_prov += 1
        if not has_vdisk and not h.disks and (n := side.disk_count.get(id(h))):
            h.disks = [DiskRecord(name=f"disk {i}") for i in range(1, n + 1)]
            placeholders += 1
    if from_prov:
        inv.notes.append(
            f"no vDisk sheet and no Total disk capacity column: the disk total of {from_prov}"
            f" VM(s) is vInfo {side.disk_source or 'Provisioned MiB'} (provisioned space, which"
            " also counts swap and snapshot files)"
        )
    if placeholders:
        inv.notes.append(
            f"no vDisk sheet: {placeholders} VM(s) get as many disks as vInfo Disks says, named"
            " disk 1..n, with unknown size and mode (RDM, shared, independent)"
        )
    if side.mb_headers:
        inv.notes.append(
            "headers in MB (" + _shown(side.mb_headers, 6) + ") are read as MiB: RVTools wrote"
            " mebibytes as MB before version 4"
        )
    note_duplicates(inv)

"""Small generators of inventory files, one per format, with the quirks of the reference
(MB vs MiB headers, GBK and BOM CSVs, ``*`` prefixes, blank rows, credentials, disagreeing
OS columns, templates and SRM placeholders). Tests build exactly the file they need."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import openpyxl
from openpyxl.styles import PatternFill

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures"
SECRET = "S3cr3t-Pa55!"  # must never appear in parsed output
KEY_PATH = "/home/ops/.ssh/id_rsa_prod"


def write_csv(
    path: Path, header: list[str], rows: list[list], *, encoding="utf-8", bom=False
) -> Path:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    data = buf.getvalue().encode(encoding)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return path


def write_xlsx(path: Path, sheets: dict[str, list[list]], *, blank_tail: int = 0) -> Path:
    """Workbook with one sheet per key; ``blank_tail`` formatted empty rows after the data."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    fill = PatternFill("solid", fgColor="FFFF00")
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
        for r in range(len(rows) + 1, len(rows) + 1 + blank_tail):
            ws.cell(row=r, column=1).fill = fill
            ws.cell(row=r, column=2).value = ""
        ws.auto_filter.ref = "A1:C2"
        ws.freeze_panes = "B2"
    wb.save(path)
    return path


# --------------------------------------------------------------------------- RVTools

VINFO_NEW = [
    "VM", "Powerstate", "Template", "SRM Placeholder", "DNS Name", "Creation date", "CPUs",
    "Memory", "NICs", "Disks", "Total disk capacity MiB", "Provisioned MiB", "In Use MiB",
    "Primary IP Address", "", "Firmware", "HW version", "CBT", "Annotation", "owner",
    "cost centre", "Datacenter", "Cluster", "Host", "OS according to the configuration file",
    "OS according to the VMware Tools", "VM ID", "VM UUID", "VI SDK Server",
]  # fmt: skip


def rvtools_vms() -> list[dict]:
    """Four VMs plus a template and an SRM placeholder."""
    base = {"Datacenter": "DC1", "Cluster": "CL1", "Host": "esx01", "VI SDK Server": "vc01"}
    return [
        base | {"VM": "web01", "Powerstate": "poweredOn", "Template": "False",
                "SRM Placeholder": "False", "DNS Name": "web01.corp", "CPUs": 4.0,
                "Memory": 8192.0, "Total disk capacity MiB": 102400.0, "In Use MiB": 50000.0,
                "Primary IP Address": "10.0.0.11", "Firmware": "efi", "HW version": 19.0,
                "CBT": "TRUE", "Annotation": "frontend", "owner": "alice",
                "cost centre": "CC-7", "Creation date": dt.datetime(2023, 5, 1, 8, 0),
                "OS according to the configuration file": "CentOS 7 (64-bit)",
                "OS according to the VMware Tools": "CentOS Linux release 7.9.2009 (Core)",
                "VM ID": "vm-101", "VM UUID": "5001-aaaa"},
        base | {"VM": "db01", "Powerstate": "poweredOff", "Template": False,
                "SRM Placeholder": False, "CPUs": 8.0, "Memory": 32768.0,
                "Primary IP Address": "10.0.0.12", "Firmware": "bios", "HW version": "vmx-13",
                "CBT": "false", "Creation date": dt.datetime(1970, 1, 1),
                "OS according to the configuration file": "Microsoft Windows Server 2016 or later (64-bit)",
                "OS according to the VMware Tools": "Microsoft Windows Server 2019 Datacenter",
                "VM ID": "vm-102", "VM UUID": "5001-bbbb"},
        base | {"VM": "app01", "Powerstate": "suspended", "Template": "False",
                "SRM Placeholder": "False", "CPUs": 2.0, "Memory": 4096.0,
                "OS according to the configuration file": "Red Hat Enterprise Linux 8 (64-bit)",
                "OS according to the VMware Tools": "Ubuntu 20.04.6 LTS",
                "VM ID": "vm-103", "VM UUID": "5001-cccc"},
        base | {"VM": "misc01", "Powerstate": "poweredOn", "Template": "False",
                "SRM Placeholder": "False", "CPUs": "lots", "Memory": 2048.0,
                "OS according to the configuration file": "Other 3.x or later Linux (64-bit)",
                "VM ID": "vm-104", "VM UUID": "5001-dddd"},
        base | {"VM": "tpl-centos", "Template": "True", "SRM Placeholder": "False",
                "OS according to the configuration file": "CentOS 7 (64-bit)"},
        base | {"VM": "web01-dr", "Template": "False", "SRM Placeholder": "TRUE"},
    ]  # fmt: skip


def write_rvtools(path: Path, *, old: bool = False, blank_rows: int = 0) -> Path:
    """RVTools-like export. ``old``: MB headers, no Primary IP / VM UUID / Firmware.

    Blank rows are inserted between VMs and ``blank_rows`` formatted empty rows appended.
    """
    header = list(VINFO_NEW)
    if old:
        drop = {"Primary IP Address", "VM UUID", "Firmware"}
        header = [h.replace("MiB", "MB") for h in header if h not in drop]
    vms = rvtools_vms()
    vinfo: list[list] = [header]
    for i, vm in enumerate(vms):
        vinfo.append([vm.get(h.replace(" MB", " MiB"), "") for h in header])
        if i == 1:
            vinfo.append([""] * len(header))  # a blank row between VMs
    mib = "MB" if old else "MiB"
    disk_head = ["VM", "Disk", f"Capacity {mib}", "Thin", "Raw", "Raw Comp. Mode", "Disk Mode"]
    disk_head += ["Sharing mode", "Controller"] + ([] if old else ["VM UUID"])
    disks = [
        ["web01", "Hard disk 1", 40960.0, "True", "False", "", "persistent", "sharingNone",
         "SCSI controller 0", "5001-aaaa"],
        ["web01", "Hard disk 2", 61440.0, "False", "True", "physicalMode",
         "independent_persistent", "sharingMultiWriter", "SCSI controller 1", "5001-aaaa"],
        ["tpl-centos", "Hard disk 1", 1.0, "True", "False", "", "persistent", "", "", ""],
    ]  # fmt: skip
    part_head = ["VM", "Disk", f"Capacity {mib}", f"Consumed {mib}", f"Free {mib}", "Free % "]
    parts = [["web01", "/", 40000.0, 10000.0, 30000.0, 75.0], ["db01", "C:\\", 100.0, 50.0, 50, 50]]
    net_head = ["VM", "NIC label", "Network", "Mac Address", "IPv4 Address", "IPv6 Address"]
    nets = [
        ["web01", "Network adapter 1", "VM Network", "00:50:56:AA:00:01", "10.0.0.11", ""],
        ["db01", "Network adapter 1", "DB Net", "00:50:56:aa:00:02",
         "10.0.0.12, 192.168.5.12", "fe80::250:56ff:feaa:2"],
    ]  # fmt: skip
    sheets = {
        "vInfo": vinfo,
        "vDisk": [disk_head] + [d[: len(disk_head)] for d in disks],
        "vPartition": [part_head] + parts,
        "vNetwork": [net_head] + nets,
        "vMetaData": [
            ["RVTools major version", "RVTools version", "xlsx creation datetime", "Server"],
            [4, "3.11.9" if old else "4.6.1.0", "2024-05-01 10:00", "vc01"],
        ],
    }
    return write_xlsx(path, sheets, blank_tail=blank_rows)


# --------------------------------------------------------------------------- CSV formats

PROPHET_HEADER = [
    "平台类型",
    "主机名",
    "VMware主机名",
    "IP",
    "Mac",
    "操作系统类型",
    "操作系统版本",
    "操作系统位数",
    "操作系统内核版本",
    "启动方式",
    "CPU",
    "CPU核数",
    "内存",
    "总内存(GB)",
    "剩余内存(GB)",
    "磁盘数量",
    "磁盘总容量(GB)",
    "磁盘信息",
    "分区信息",
    "网卡数量",
    "网卡信息",
    "虚拟化类型",
    "虚拟化版本",
    "ESXi服务器",
]


def prophet_rows() -> list[list]:
    return [
        ["Physical", "数据库01", "", "10.1.1.1", "aa:bb:cc:00:00:01", "CentOS", "7.9.2009",
         "x86_64", "3.10.0", "bios", "Xeon", "16", "", "64", "10", "1", "102400.00",
         "sda|102400.00|ATA|DISK A", "/dev/mapper/centos-root|53687091200|10737418240|0.2|xfs",
         "1", "eth0|aa:bb:cc:00:00:01|True|1500|1000|10.1.1.1|255.255.255.0|10.1.1.0|"
         "10.1.1.255|10.1.1.254|fe80::1", "", "", ""],
        ["VMware", "app02", "app02-vm", "10.1.1.2", "00:50:56:00:00:02",
         "Red Hat Enterprise Linux 8 (64-bit)", "Red Hat Enterprise Linux 8 (64-bit)", "64-bit",
         "", "efi", "Xeon", "4", "", "4096.00", "", "1", "51200.00",
         "[ds1] app02/app02.vmdk|51200.00", "", "1", "VM Network|00:50:56:00:00:02",
         "VMware ESX Server", "VMware ESXi 7.0.3", "esx01"],
        ["VMware", "app03", "app03-vm", "10.1.1.3", "", "CentOS 7 (64-bit)",
         "CentOS 7 (64-bit)", "64-bit", "", "bios", "Xeon", "2", "", "2048.00", "", "1",
         "40960.00", "[ds1] app03/app03.vmdk|40960.00", "", "0", "", "VMware ESX Server",
         "VMware ESXi 7.0.3", "esx01"],
        ["Huawei", "", "", "", "", "", "", "", "", "", "", "abc", "", "", "", "", "", "", "",
         "", "", "", "", ""],
    ]  # fmt: skip


def write_prophet(path: Path, *, encoding="utf-8", bom=False) -> Path:
    return write_csv(path, PROPHET_HEADER, prophet_rows(), encoding=encoding, bom=bom)


SCAN_HEADER = [
    "hostname", "ip", "username", "password", "ssh_port", "key_path", "mac", "vendor",
    "check_status", "os", "version", "tcp_ports", "do_status",
]  # fmt: skip


def write_scan(path: Path) -> Path:
    rows = [
        ["node1", "10.2.0.1", "root", SECRET, "22", KEY_PATH, "00:50:56:01:02:03",
         "VMware, Inc.", "success", "CentOS", "7.6", "22,80", "done"],
        ["", "10.2.0.2", "admin", SECRET, "22", "", "", "", "failed", "Ubuntu", "18.04", "", ""],
        ["", "not-an-ip", "root", SECRET, "22", KEY_PATH, "", "", "", "", "", "", ""],
    ]  # fmt: skip
    return write_csv(path, SCAN_HEADER, rows)


AZURE_NEW = [
    "*Server name",
    "IP addresses",
    "*Cores",
    "*Memory (In MB)",
    "*OS name",
    "OS version",
    "OS architecture",
    "Server type",
    "Hypervisor",
    "CPU utilization percentage",
    "Memory utilization percentage",
    "Network adapters",
    "Boot type",
    "Number of disks",
    "Storage in use (In GB)",
    "Disk 1 size (In GB)",
    "Disk 1 read throughput (MB per second)",
    "Disk 2 size (In GB)",
    "Disk 8 size (In GB)",
]


def write_azure(path: Path, *, old: bool = False) -> Path:
    header = list(AZURE_NEW)
    if old:
        header = [h.lstrip("*").replace("(In MB)", "(in MB)").replace("(In GB)", "(in GB)")
                  for h in header]  # fmt: skip
    rows = [
        ["az-web1", "10.3.0.1;10.3.0.2", "4", "8192", "Windows Server 2019", "", "x64",
         "Virtual", "VMware", "20", "40", "1", "UEFI", "2", "30", "100", "5", "200", "50"],
        ["az-db1", "10.3.0.3", "8", "16384", "Red Hat Enterprise Linux", "7.9", "x86",
         "Physical", "", "", "", "", "BIOS", "1", "", "500", "", "", ""],
        ["", "10.3.0.4", "2", "2048", "Ubuntu", "", "", "", "", "", "", "", "", "", "",
         "", "", "", ""],
        ["az-bad", "", "four", "x", "Linux", "", "", "", "", "", "", "", "", "", "", "", "",
         "", ""],
    ]  # fmt: skip
    return write_csv(path, header, rows)


VSPHERE_HEADER = [
    "Name", "State", "Status", "Provisioned Space", "Used Space", "Host CPU", "Host Mem",
    "Guest OS", "Memory Size", "CPUs", "NICs", "IP Address", "DNS Name", "Host", "Cluster",
    "Compatibility",
]  # fmt: skip


def write_vsphere(path: Path, *, encoding="utf-8", bom=True) -> Path:
    rows = [
        ["vs-web1", "Powered On", "Normal", "40 GB", "12.5 GB", "120 MHz", "2 GB",
         "Microsoft Windows Server 2019 (64-bit)", "4 GB", "2", "1", "10.4.0.1", "vs-web1.corp",
         "esx01", "CL1", "ESXi 6.7 and later (VM version 14)"],
        ["vs-db1", "Powered Off", "Normal", "1.5 TB", "1,024 MB", "0 Hz", "0 B",
         "CentOS 7 (64-bit)", "512 MB", "8", "2", "10.4.0.2, 10.4.1.2", "", "esx02", "CL1", ""],
        ["vs-bad", "Powered On", "Normal", "lots", "", "", "", "", "", "", "", "", "", "", "",
         ""],
    ]  # fmt: skip
    return write_csv(path, VSPHERE_HEADER, rows, encoding=encoding, bom=bom)


def write_xlsx_big_cell(path: Path, chars: int = 10 * 1024 * 1024) -> Path:
    """vInfo whose C3 holds ``chars`` characters (openpyxl caps cells at 32767, so the text is
    spliced into the sheet XML afterwards)."""
    import zipfile

    marker = "BIGCELLMARKER"
    tmp = path.with_suffix(".tmp.xlsx")
    write_xlsx(tmp, {"vInfo": [["VM", "Powerstate", "Annotation"], ["a", "poweredOn", "ok"],
                               ["b", "poweredOn", marker]]})  # fmt: skip
    with zipfile.ZipFile(tmp) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if marker.encode() in data:
                data = data.replace(marker.encode(), b"x" * chars)
            dst.writestr(info, data)
    tmp.unlink()
    return path

"""vSphere Client "Export" CSV (Global Inventory Lists > Virtual Machines).

Why: when RVTools is not allowed on site, this is what the customer can give. The column set
is whatever the user ticked, labels may be localised, and sizes are text with units
(``40 GB``, ``1.5 TB``, ``512 MB``).
"""

from __future__ import annotations

import re
from pathlib import Path

from hmfield.core.inventory.formats import _os
from hmfield.core.inventory.formats._common import (
    Cells,
    is_ip,
    new_host,
    note_duplicates,
    power_code,
    split_list,
    tick,
)
from hmfield.core.inventory.formats.aliases import build_aliases, match_columns
from hmfield.core.inventory.formats.credentials import drop_secrets
from hmfield.core.inventory.formats.detect import Peek, count_of
from hmfield.core.inventory.formats.readers import read_first_table
from hmfield.core.model.enums import Platform
from hmfield.core.model.records import ParsedInventory
from hmfield.core.progress import NULL_PROGRESS, Progress

FORMAT_ID = "vsphere-csv"
LABEL_ZH = "vSphere Client 导出 (CSV)"
LABEL_EN = "vSphere Client export (CSV)"
EXPECT = "CSV with Name, State, Provisioned Space, Guest OS ..."

COLUMNS = build_aliases(
    {
        "name": ["Name", "名称", "虚拟机"],
        "state": ["State", "状态", "电源状态"],
        "status": ["Status"],
        "provisioned": ["Provisioned Space", "置备的空间"],
        "used": ["Used Space", "已用空间"],
        "guest_os": ["Guest OS", "客户机操作系统"],
        "memory": ["Memory Size", "内存大小", "Memory"],
        "cpus": ["CPUs", "CPU"],
        "ip": ["IP Address", "IP 地址", "IP地址"],
        "dns": ["DNS Name", "DNS 名称"],
        "host": ["Host", "主机"],
        "cluster": ["Cluster", "集群"],
        "datacenter": ["Datacenter", "数据中心"],
        "compat": ["Compatibility", "兼容性"],
        "uuid": ["UUID", "Instance UUID"],
    }
)
_SIGNS = ("state", "status", "provisioned space", "used space", "guest os", "memory size")
_SIGNS_ZH = ("状态", "置备的空间", "已用空间", "客户机操作系统", "内存大小", "host cpu")
_VM_VERSION = re.compile(r"VM version (\d+)", re.IGNORECASE)


def sniff(peek: Peek) -> bool:
    keys = peek.header
    return bool(keys & {"name", "名称"}) and count_of(keys, *_SIGNS, *_SIGNS_ZH) >= 2


def parse(path: Path, progress: Progress = NULL_PROGRESS) -> ParsedInventory:
    inv = ParsedInventory(format=FORMAT_ID)
    table = read_first_table(path)
    drop_secrets(table, inv)
    cols = match_columns(table.header, COLUMNS, required=["name"], file=table.file)
    c = Cells(inv, table, cols)
    total = len(table.rows)
    for done, (row_no, row) in enumerate(table.rows, 1):
        tick(progress, done, total, f"{table.file}: {done}/{total}")
        name = c.str(row, "name")
        if not name:
            c.problem(row_no, "name", "no VM name; row not imported")
            inv.skip("no_name", "", table.sheet, row_no)
            continue
        h = new_host(table, row_no, name)
        h.platform = Platform.VMWARE.value
        h.power_state = power_code(c.str(row, "state"))
        h.hostname = c.str(row, "dns")
        h.cpu_cores = c.int(row, row_no, "cpus")
        h.memory_mib = c.size(row, row_no, "memory")
        h.disk_total_mib = c.size(row, row_no, "provisioned", default_unit="GB")
        h.disk_used_mib = c.size(row, row_no, "used", default_unit="GB")
        h.ips = [ip for ip in split_list(c.str(row, "ip"), ",; ") if is_ip(ip)]
        guest = c.str(row, "guest_os")
        info = _os.parse_os(guest)
        h.os_config = guest
        h.os_family, h.os_name, h.os_version, h.arch = (
            info.family,
            info.name,
            info.version,
            info.arch,
        )
        h.hypervisor_host = c.str(row, "host")
        h.cluster = c.str(row, "cluster")
        h.datacenter = c.str(row, "datacenter")
        h.vm_uuid = c.str(row, "uuid")
        if (compat := c.str(row, "compat")) and (m := _VM_VERSION.search(compat)):
            h.hw_version = int(m.group(1))
        if status := c.str(row, "status"):
            h.extra["status"] = status
        inv.hosts.append(h)
    note_duplicates(inv)
    return inv

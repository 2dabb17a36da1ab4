"""Prophet scan step output (scan_results.csv): reachable hosts with their credentials.

Why the care: the file carries passwords and key paths. They are dropped before anything
else happens, listed in ``dropped_columns`` and a note, and wiped from the rows read, so no
value can reach a record, a problem message, a log or the store.
"""

from __future__ import annotations

from pathlib import Path

from hmfield.core.inventory.formats import _os
from hmfield.core.inventory.formats._common import (
    Cells,
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
from hmfield.core.inventory.formats.detect import Peek, count_of, has_all
from hmfield.core.inventory.formats.readers import read_first_table
from hmfield.core.model.records import ParsedInventory
from hmfield.core.progress import NULL_PROGRESS, Progress

FORMAT_ID = "prophet-scan"
LABEL_ZH = "Prophet 扫描结果 (scan_results.csv)"
LABEL_EN = "Prophet scan results (scan_results.csv)"
EXPECT = "CSV with hostname, ip, username, ssh_port, check_status ..."

COLUMNS = build_aliases(
    {
        "hostname": [],
        "ip": [],
        "username": [],
        "ssh_port": [],
        "mac": [],
        "vendor": [],
        "check_status": [],
        "os": [],
        "version": [],
        "tcp_ports": [],
        "do_status": [],
    }
)


def sniff(peek: Peek) -> bool:
    keys = peek.header
    return (
        has_all(keys, "hostname", "ip")
        and count_of(
            keys, "username", "password", "ssh_port", "key_path", "check_status", "do_status"
        )
        >= 2
    )


def parse(path: Path, progress: Progress = NULL_PROGRESS) -> ParsedInventory:
    inv = ParsedInventory(format=FORMAT_ID)
    table = read_first_table(path)
    drop_secrets(table, inv)
    cols = match_columns(table.header, COLUMNS, required=["ip"], file=table.file)
    c = Cells(inv, table, cols)
    total = len(table.rows)
    for done, (row_no, row) in enumerate(table.rows, 1):
        tick(progress, done, total, f"{table.file}: {done}/{total}")
        ips = [ip for ip in split_list(c.str(row, "ip"), ", ;") if is_ip(ip)]
        name = c.str(row, "hostname") or (ips[0] if ips else None)
        if not name:
            c.problem(row_no, "ip", "no host name or valid IP; row not imported")
            inv.skip("no_name", "", table.sheet, row_no)
            continue
        h = new_host(table, row_no, name)
        h.hostname = c.str(row, "hostname")
        h.ips = ips
        h.macs = [norm_mac(m) for m in split_list(c.str(row, "mac"), ", ;") if is_mac(m)]
        os_text = " ".join(p for p in (c.str(row, "os"), c.str(row, "version")) if p) or None
        info = _os.parse_os(os_text)
        h.os_config = os_text
        h.os_family, h.os_name, h.os_version, h.arch = (
            info.family,
            info.name,
            info.version,
            info.arch,
        )
        vendor = c.str(row, "vendor")
        if vendor and (code := platform_code(vendor.split(",")[0].split()[0])):
            h.platform = code
        for key in ("vendor", "username", "ssh_port", "check_status", "tcp_ports", "do_status"):
            if value := c.str(row, key):
                h.extra[key] = value
        inv.hosts.append(h)
    note_duplicates(inv)
    return inv

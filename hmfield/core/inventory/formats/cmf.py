"""AWS Cloud Migration Factory intake form (CSV, snake_case headers).

Why: migration waves and applications are planned in CMF before we arrive; the wave and app
carry over as business system and extra fields, multi-values are ``;``-separated and tags
come as ``k=v;k=v``. The form has no bitness or architecture column: it is read from the OS
text when that names it ("(64-bit)", "x86_64") or the product implies it (Windows Server
2008 R2 and later ship for x64 only, formats/_os.py); otherwise it stays unknown and a note
says so.
"""

from __future__ import annotations

from pathlib import Path

from hmfield.core.inventory.formats import _os
from hmfield.core.inventory.formats._common import (
    Cells,
    env_code,
    family_code,
    new_host,
    note_duplicates,
    role_code,
    split_list,
    tick,
)
from hmfield.core.inventory.formats.aliases import build_aliases, match_columns
from hmfield.core.inventory.formats.credentials import drop_secrets
from hmfield.core.inventory.formats.detect import Peek, count_of
from hmfield.core.inventory.formats.readers import read_first_table
from hmfield.core.model.records import ParsedInventory
from hmfield.core.progress import NULL_PROGRESS, Progress

FORMAT_ID = "cmf"
LABEL_ZH = "AWS Cloud Migration Factory 录入表 (CSV)"
LABEL_EN = "AWS Cloud Migration Factory intake form (CSV)"
EXPECT = "CSV with server_name, wave_id or wave_name, app_name ..."

COLUMNS = build_aliases(
    {
        "wave_id": [],
        "wave_name": [],
        "app_name": [],
        "aws_region": [],
        "aws_accountid": [],
        "server_name": [],
        "server_os_family": [],
        "server_os_version": [],
        "server_fqdn": [],
        "server_tier": [],
        "server_environment": [],
        "r_type": [],
        "subnet_ids": [],
        "securitygroup_ids": [],
        "instancetype": ["instance_type"],
        "tenancy": [],
        "tags": [],
    }
)
_EXTRA = {
    "aws_region": "aws_region",
    "aws_accountid": "aws_account",
    "r_type": "r_type",
    "tenancy": "tenancy",
    "subnet_ids": "subnet_ids",
    "securitygroup_ids": "security_group_ids",
}


def sniff(peek: Peek) -> bool:
    keys = peek.header
    return (
        "server_name" in keys
        and count_of(keys, "wave_id", "wave_name", "app_name", "server_os_family", "aws_accountid")
        >= 1
    )


def parse(path: Path, progress: Progress = NULL_PROGRESS) -> ParsedInventory:
    inv = ParsedInventory(format=FORMAT_ID)
    table = read_first_table(path)
    drop_secrets(table, inv)
    cols = match_columns(table.header, COLUMNS, required=["server_name"], file=table.file)
    c = Cells(inv, table, cols)
    total = len(table.rows)
    for done, (row_no, row) in enumerate(table.rows, 1):
        tick(progress, done, total, f"{table.file}: {done}/{total}")
        name = c.str(row, "server_name")
        if not name:
            c.problem(row_no, "server_name", "no server_name; row not imported")
            inv.skip("no_name", "", table.sheet, row_no)
            continue
        h = new_host(table, row_no, name)
        h.hostname = c.str(row, "server_fqdn")
        version = c.str(row, "server_os_version")
        info = _os.parse_os(version)
        h.os_config = version
        family = c.str(row, "server_os_family")
        h.os_family = family_code(family) or info.family
        if family and not family_code(family):
            c.problem(row_no, "server_os_family", f"unknown OS family {family!r}; ignored")
        h.os_name, h.os_version, h.arch = info.name, info.version, info.arch
        app = c.str(row, "app_name")
        h.business_system = app
        if app:
            h.extra["app"] = app
        if wave := c.str(row, "wave_name") or c.str(row, "wave_id"):
            h.extra["wave"] = wave
        tier = c.str(row, "server_tier")
        h.role = role_code(tier)
        if tier:
            h.extra["tier"] = tier
        env = c.str(row, "server_environment")
        h.environment = env_code(env)
        if env and h.environment is None:
            h.extra["environment"] = env
        h.target_flavour = c.str(row, "instancetype")
        subnets = split_list(c.str(row, "subnet_ids"), ";,")
        h.target_subnet = subnets[0] if subnets else None
        for col, key in _EXTRA.items():
            values = split_list(c.str(row, col), ";,")
            if values:
                h.extra[key] = ";".join(values)
        h.tags = split_list(c.str(row, "tags"), ";")
        inv.hosts.append(h)
    no_arch = [h.name for h in inv.hosts if not h.arch]
    if no_arch:
        inv.notes.append(
            f"the CMF intake form has no bitness / architecture column: {len(no_arch)} host(s)"
            " whose OS name does not imply it (only Windows Server 2008 R2 and later are x64"
            " only) keep it unknown; ask their owners (uname -m)"
        )
    note_duplicates(inv)
    return inv

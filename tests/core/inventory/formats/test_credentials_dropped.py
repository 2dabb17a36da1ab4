"""Credential columns are dropped by every format, named in dropped_columns and a note, and their
values reach no record (not even ``extra``)."""

from __future__ import annotations

import io_gen as gen
import pytest

from hmfield.core.inventory.formats.credentials import is_secret
from hmfield.core.inventory.formats.registry import parse_file

SECRETS = ("Tr0ub4dor&3-cmf", "hunter2-vsphere", "s3cr3t-token-value", "/root/.ssh/id_rsa_x")


def _assert_clean(inv, dropped: list[str]) -> None:
    assert inv.dropped_columns == dropped
    assert any("credential column(s) dropped" in n and dropped[0] in n for n in inv.notes)
    dump = repr(inv)
    for secret in SECRETS:
        assert secret not in dump


@pytest.mark.parametrize(
    "header",
    ["password", "Password", "admin_password", "PASSWD", "secret", "api_token", "Private Key",
     "key_path", "key", "SSH Key", "Credential", "root 密码", "密钥"],
)  # fmt: skip
def test_secret_headers(header):
    assert is_secret(header)


@pytest.mark.parametrize(
    "header",
    ["server_name", "Host", "Keyboard layout", "monkey_id", "Disk Names", "Memory (in MB)",
     "tags", "Status", "主机名", "Passthrough devices", "min Required EVC Mode Key"],
)  # fmt: skip
def test_ordinary_headers(header):
    assert not is_secret(header)


def test_cmf_csv(tmp_path):
    header = ["wave_id", "app_name", "server_name", "server_os_family", "server_os_version",
              "admin_password", "secret", "key"]  # fmt: skip
    rows = [
        ["1", "hr", "srv1", "linux", "CentOS 7", SECRETS[0], SECRETS[2], SECRETS[3]],
        ["1", "hr", "srv2", "windows", "Windows Server 2019", SECRETS[0], "", ""],
    ]
    inv = parse_file(gen.write_csv(tmp_path / "cmf.csv", header, rows))
    assert inv.format == "cmf" and [h.name for h in inv.hosts] == ["srv1", "srv2"]
    _assert_clean(inv, ["admin_password", "secret", "key"])


def test_vsphere_csv(tmp_path):
    header = [*gen.VSPHERE_HEADER, "Password", "Notes token"]
    row = ["vs1", "Powered On", "Normal", "40 GB", "10 GB", "", "", "CentOS 7 (64-bit)", "4 GB",
           "2", "1", "10.4.0.1", "", "esx01", "CL1", "", SECRETS[1], SECRETS[2]]  # fmt: skip
    rows = [row]
    inv = parse_file(gen.write_csv(tmp_path / "export.csv", header, rows))
    assert inv.format == "vsphere-csv" and inv.hosts[0].memory_mib == 4096.0
    _assert_clean(inv, ["Password", "Notes token"])


def test_prophet_report(tmp_path):
    header = [*gen.PROPHET_HEADER, "root密码"]
    rows = [[*r, SECRETS[1]] for r in gen.prophet_rows()]
    inv = parse_file(gen.write_csv(tmp_path / "analysis_report.csv", header, rows))
    assert inv.format == "prophet" and inv.hosts
    _assert_clean(inv, ["root密码"])


def test_azure_migrate_template(tmp_path):
    path = gen.write_azure(tmp_path / "azure.csv")
    lines = path.read_text(encoding="utf-8").splitlines()
    lines = [lines[0] + ",Admin Password"] + [f"{line},{SECRETS[0]}" for line in lines[1:]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    inv = parse_file(path)
    assert inv.format == "azure-migrate" and len(inv.hosts) == 3
    _assert_clean(inv, ["Admin Password"])


def test_azure_migrate_export_workbook(tmp_path):
    head = ["Machine Name", "Operating System", "Cores", "Memory (in MB)", "Power Stats",
            "Guest password", "Machine ID"]  # fmt: skip
    row = ["m1", "CentOS 7 (64-bit)", 2, 2048, "ON", SECRETS[1], "x"]
    path = gen.write_xlsx(tmp_path / "disc.xlsx", {"Discovery_Report": [head, row]})
    inv = parse_file(path)
    assert inv.format == "azure-migrate" and inv.hosts[0].power_state == "on"
    _assert_clean(inv, ["Guest password"])

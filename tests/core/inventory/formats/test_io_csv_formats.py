"""Azure Migrate template, AWS CMF intake form and vSphere Client CSV export."""

from __future__ import annotations

import io_gen as gen
import pytest

from hmfield.core.inventory.formats._common import size_mib
from hmfield.core.inventory.formats.registry import parse_file


@pytest.mark.parametrize("old", [False, True])
def test_azure_migrate(tmp_path, old):
    inv = parse_file(gen.write_azure(tmp_path / "azure.csv", old=old))
    assert inv.format == "azure-migrate"
    hosts = {h.name: h for h in inv.hosts}
    assert sorted(hosts) == ["az-bad", "az-db1", "az-web1"]
    web = hosts["az-web1"]
    assert web.ips == ["10.3.0.1", "10.3.0.2"] and web.memory_mib == 8192.0
    assert [d.name for d in web.disks] == ["Disk 1", "Disk 2", "Disk 8"]
    assert web.disk_total_mib == (100 + 200 + 50) * 1024.0 and web.disk_used_mib == 30 * 1024.0
    assert (web.platform, web.boot, web.arch) == ("vmware", "uefi", "x86_64")
    db = hosts["az-db1"]
    assert (db.platform, db.os_name, db.os_version, db.arch) == (
        "physical", "Red Hat Enterprise Linux", "7.9", "x86")  # fmt: skip
    cores = "Cores" if old else "*Cores"
    assert [(p.row, p.column) for p in inv.problems] == [
        (4, "Server name" if old else "*Server name"), (5, cores),
        (5, "Memory (in MB)" if old else "*Memory (In MB)")]  # fmt: skip


@pytest.mark.parametrize("name", ["MGN-0-intake-form.csv", "MGN-server-list.csv"])
def test_cmf_fixtures(name):
    inv = parse_file(gen.FIXTURES / "cmf" / name)
    assert inv.format == "cmf" and len(inv.hosts) == 8 and not inv.problems
    s1, s7 = inv.hosts[0], inv.hosts[6]
    assert (s1.name, s1.os_family, s1.os_name, s1.os_version) == (
        "Server1", "windows", "Windows Server", "2012 R2")  # fmt: skip
    assert (s1.business_system, s1.role, s1.environment) == ("app01-hr", "web", "dev")
    assert s1.extra["security_group_ids"] == "sg-1111;sg-2222"
    assert s1.target_flavour == "m4.large" and s1.target_subnet == "subnet-1111"
    assert s7.os_family == "linux" and s7.environment == "prod" and s7.role == "db"
    assert "server6" in s7.hostname or s7.hostname.startswith("server7")
    if name == "MGN-server-list.csv":
        assert s1.extra["wave"] == "Wave 1" and s1.extra["r_type"] == "Rehost"
        assert s1.tags == ["CostCenter=123", "BU=IT", "Location=US"]
    else:
        assert s1.extra["wave"] == "1" and s1.tags == []


def test_vsphere_csv(tmp_path):
    inv = parse_file(gen.write_vsphere(tmp_path / "export.csv"))
    assert inv.format == "vsphere-csv"
    hosts = {h.name: h for h in inv.hosts}
    web, db = hosts["vs-web1"], hosts["vs-db1"]
    assert (web.memory_mib, web.disk_total_mib, web.disk_used_mib) == (4096.0, 40960.0, 12800.0)
    assert (db.memory_mib, db.disk_total_mib, db.disk_used_mib) == (512.0, 1572864.0, 1024.0)
    assert web.power_state == "on" and db.power_state == "off" and web.hw_version == 14
    assert db.ips == ["10.4.0.2", "10.4.1.2"] and web.hostname == "vs-web1.corp"
    assert [(p.row, p.column) for p in inv.problems] == [(4, "Provisioned Space")]


def test_vsphere_csv_gbk_localised(tmp_path):
    path = gen.write_csv(
        tmp_path / "导出.csv",
        ["名称", "状态", "置备的空间", "已用空间", "客户机操作系统", "内存大小"],
        [["虚拟机1", "已打开电源", "100 GB", "10 GB", "CentOS 7 (64-bit)", "8 GB"]],
        encoding="gbk",
    )  # fmt: skip
    inv = parse_file(path)
    assert inv.format == "vsphere-csv"
    vm = inv.hosts[0]
    assert (vm.name, vm.power_state, vm.memory_mib, vm.disk_total_mib) == (
        "虚拟机1", "on", 8192.0, 102400.0)  # fmt: skip


@pytest.mark.parametrize(
    ("text", "mib"),
    [("40 GB", 40960.0), ("1.5 TB", 1572864.0), ("512 MB", 512.0), ("1,024 MB", 1024.0),
     ("2048 KB", 2.0), ("0 B", 0.0), ("40GiB", 40960.0), ("12", 12.0), ("", None)],
)  # fmt: skip
def test_size_units(text, mib):
    assert size_mib(text) == mib

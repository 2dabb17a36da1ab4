"""Prophet collector report and scan results."""

from __future__ import annotations

import io_gen as gen
import pytest

from hmfield.core.inventory.formats._nested import split_items
from hmfield.core.inventory.formats.prophet import _is_num
from hmfield.core.inventory.formats.registry import parse_file

REPORT = gen.FIXTURES / "synthetic" / "prophet-analysis-report.csv"


def test_synthetic_fixture():
    inv = parse_file(REPORT)
    assert inv.format == "prophet" and not inv.problems
    hosts = {h.name: h for h in inv.hosts}
    db = hosts["db-node01"]
    assert (db.platform, db.boot, db.cpu_cores) == ("physical", "bios", 40)
    assert db.memory_mib == pytest.approx(125.6 * 1024)  # real GB on a physical row
    assert db.disk_total_mib == pytest.approx(1907729.09)  # MB-scale total
    assert [(d.name, d.capacity_mib) for d in db.disks] == [
        ("sda", 476940.02), ("sdb", 1430789.07)]  # fmt: skip
    assert [p.mount for p in db.partitions] == ["/dev/sda2", "/dev/sda1", "/dev/sdb1"]
    assert db.partitions[0].filesystem == "xfs"
    assert db.partitions[0].capacity_mib == pytest.approx(510770802688 / 1048576)
    assert db.partitions[0].free_pct == pytest.approx(80.0)
    assert [n.ips for n in db.nics] == [
        ["10.20.1.11", "fe80::3eec:efff:fe10:2011"], ["fe80::3eec:efff:fe10:2012"]]  # fmt: skip
    assert db.macs == ["3c:ec:ef:10:20:11", "3c:ec:ef:10:20:12"]
    assert hosts["app-node02"].boot == "uefi"
    web = hosts["web01"]
    assert web.platform == "vmware" and web.memory_mib == 8192.0  # "(GB)" holds MB here
    assert web.extra["vmware_name"] == "web01-vm" and web.hypervisor_host == "esx01.corp.local"
    assert (web.os_name, web.os_version, web.cbt) == ("Red Hat Enterprise Linux", "8", True)
    file01 = hosts["file01"]
    assert [d.name for d in file01.disks] == [
        "[ds02] file01/file01.vmdk", "[ds02] file01/file01_1.vmdk"]  # fmt: skip
    oa = hosts["OA-SERVER"]
    assert oa.memory_mib == 32767.55  # 32 TB "GB" is implausible: read as MB
    assert oa.nics[0].name == "[00000007] Intel(R) Ethernet I350"
    assert oa.nics[0].ips == ["10.20.3.5"]  # gateway not mistaken for the host IP
    assert [d.name for d in oa.disks] == ["0", "1"]
    assert [p.mount for p in oa.partitions] == ["C:", "D:"]
    mem_note = next(n for n in inv.notes if n.startswith("总内存(GB)"))
    assert "web01" in mem_note and "OA-SERVER" in mem_note and "db-node01" not in mem_note
    assert any(n.startswith("磁盘总容量(GB)") for n in inv.notes)


@pytest.mark.parametrize(("encoding", "bom"), [("gbk", False), ("utf-8", True)])
def test_generated_report(tmp_path, encoding, bom):
    inv = parse_file(
        gen.write_prophet(tmp_path / "analysis_report.csv", encoding=encoding, bom=bom)
    )
    hosts = {h.name: h for h in inv.hosts}
    assert sorted(hosts) == ["app02", "app03", "数据库01"]
    # on this file the VMware rows are MB-scale (4096.00 > 1024), so 2048.00 is MB as well
    assert hosts["app02"].memory_mib == 4096.0 and hosts["app03"].memory_mib == 2048.0
    assert hosts["数据库01"].memory_mib == 64 * 1024.0
    assert hosts["数据库01"].partitions[0].lvm is True
    assert [str(p) for p in inv.problems] == [
        "analysis_report.csv, row 5, column 主机名: no host name or IP; row not imported"
    ]


def test_nested_split_without_anchor_fields():
    assert split_items("only-name", _is_num) == [["only-name"]]
    assert split_items("", _is_num) == []
    assert split_items("a b|1 c d|2", _is_num) == [["a b", "1"], ["c d", "2"]]


def test_scan_results_drop_credentials(tmp_path):
    path = gen.write_scan(tmp_path / "scan_results.csv")
    inv = parse_file(path)
    assert inv.format == "prophet-scan"
    assert inv.dropped_columns == ["password", "key_path"]
    assert any("password, key_path" in n for n in inv.notes)
    dump = repr(inv)
    assert gen.SECRET not in dump and gen.KEY_PATH not in dump
    assert [h.name for h in inv.hosts] == ["node1", "10.2.0.2"]
    node = inv.hosts[0]
    assert node.platform == "vmware" and (node.os_name, node.os_version) == ("CentOS", "7.6")
    assert node.extra["ssh_port"] == "22"
    assert [p.row for p in inv.problems] == [4]

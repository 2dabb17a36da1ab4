"""RVTools: real exports and generated ones covering version drift and its quirks."""

from __future__ import annotations

import io_gen as gen
import pytest

from hmfield.core.inventory.formats._os import parse_os
from hmfield.core.inventory.formats.registry import parse_file

KUBEV2V = gen.FIXTURES / "rvtools" / "kubev2v-example1.xlsx"
SMALL = gen.FIXTURES / "rvtools" / "rvtools-small-complete.xlsx"


def by_name(inv):
    return {h.name: h for h in inv.hosts}


def test_kubev2v_fixture():
    inv = parse_file(KUBEV2V)
    assert inv.format == "rvtools" and not inv.problems
    hosts = by_name(inv)
    assert sorted(hosts) == [f"vm-{i}" for i in range(1, 10)]
    vm3 = hosts["vm-3"]
    assert (vm3.power_state, vm3.cpu_cores, vm3.memory_mib) == ("on", 3, 3526.0)
    assert vm3.ips == ["10.58.58.28"] and vm3.boot == "bios" and vm3.hw_version == 10
    assert vm3.vm_uuid == "500b4793-2a7b-f692-073b-a400ac8fccce" and vm3.vm_id == "vm-105889"
    # the two OS columns disagree: keep both, prefer Tools, say so
    assert vm3.os_config == "Debian GNU/Linux 7 (64-bit)"
    assert vm3.os_tools == "Debian GNU/Linux 9 (64-bit)"
    assert (vm3.os_name, vm3.os_version) == ("Debian", "9")
    assert (
        "1 VM(s): the OS columns disagree (configuration file: 'Debian GNU/Linux 7 (64-bit)',"
        " VMware Tools: 'Debian GNU/Linux 9 (64-bit)'); using the VMware Tools value: vm-3"
    ) in inv.notes
    assert hosts["vm-1"].boot == "uefi" and hosts["vm-1"].extra["created"] == "2025-02-26"
    assert hosts["vm-1"].disks[0].capacity_mib == 103424.0 and hosts["vm-1"].disks[0].thin
    # vm-9 has nearly every cell empty: unknowns stay None, disk total falls back to vDisk
    assert hosts["vm-9"].cpu_cores is None and hosts["vm-9"].disk_total_mib == 102400.0


def test_small_complete_fixture():
    inv = parse_file(SMALL)
    hosts = by_name(inv)
    assert sorted(hosts) == ["sample-archive-01", "sample-db-01", "sample-web-01"]
    db = hosts["sample-db-01"]
    assert db.ips == ["10.10.2.20", "10.10.3.20"]  # Primary IP, then vNetwork
    assert db.macs == ["00:50:56:aa:00:02", "00:50:56:aa:00:03"]
    assert (db.os_family, db.os_name, db.os_version) == ("windows", "Windows Server", "2022")
    assert [p.mount for p in hosts["sample-web-01"].partitions] == ["/", "/var"]
    assert hosts["sample-web-01"].partitions[0].free_pct == 50.0  # "Free % " header


@pytest.mark.parametrize("old", [False, True])
def test_generated_export(tmp_path, old):
    inv = parse_file(gen.write_rvtools(tmp_path / "rv.xlsx", old=old, blank_rows=300))
    hosts = by_name(inv)
    assert sorted(hosts) == ["app01", "db01", "misc01", "web01"]
    assert inv.skipped == {"template": 1, "srm_placeholder": 1}
    web, db = hosts["web01"], hosts["db01"]
    assert web.disk_total_mib == 102400.0 and web.disk_used_mib == 50000.0
    assert [d.capacity_mib for d in web.disks] == [40960.0, 61440.0]  # MB or MiB header
    rdm = web.disks[1]
    assert (rdm.raw_rdm, rdm.rdm_mode, rdm.shared, rdm.independent) == (
        True, "physical", True, True)  # fmt: skip
    assert web.partitions[0].capacity_mib == 40000.0 and web.partitions[0].used_mib == 10000.0
    assert web.extra["owner"] == "alice" and web.extra["cost centre"] == "CC-7"
    assert web.notes == "frontend" and web.cbt is True and db.cbt is False
    assert "created" not in db.extra  # 1970 placeholder date ignored
    assert db.ips == ["10.0.0.12", "192.168.5.12", "fe80::250:56ff:feaa:2"]  # comma list
    assert web.macs == ["00:50:56:aa:00:01"]
    assert db.hw_version == 13 and hosts["app01"].power_state == "suspended"
    assert (db.os_name, db.os_version) == ("Windows Server", "2019")  # Tools preferred
    disagree = [n for n in inv.notes if "the OS columns disagree" in n]
    assert len(disagree) == 1 and disagree[0].endswith(": app01")  # "2016 or later" agrees
    assert any("RVTools" in n and "vc01" in n for n in inv.notes)
    assert web.row == 2 and hosts["app01"].row == 5  # the blank row 4 keeps numbering
    bad = [str(p) for p in inv.problems]
    assert bad == ["rv.xlsx, sheet vInfo, row 6, column CPUs: not a number: 'lots'; value ignored"]
    if old:
        assert web.vm_uuid is None and web.boot is None
        assert web.ips == ["10.0.0.11"]  # from vNetwork only
    else:
        assert web.vm_uuid == "5001-aaaa" and web.boot == "uefi"


def test_no_vinfo_sheet_explained(tmp_path):
    path = gen.write_xlsx(tmp_path / "x.xlsx", {"vHost": [["Host"], ["esx1"]]})
    with pytest.raises(Exception, match="no vInfo sheet"):
        parse_file(path, format="rvtools")


def test_vinfo_csv(tmp_path):
    path = gen.write_csv(
        tmp_path / "RVTools_tabvInfo.csv",
        ["VM", "Powerstate", "Template", "CPUs", "Memory", "OS according to the configuration file"],
        [["a", "poweredOn", "False", "2", "2048", "CentOS 7 (64-bit)"],
         ["t", "poweredOff", "True", "1", "512", ""]],
    )  # fmt: skip
    inv = parse_file(path)
    assert inv.format == "rvtools" and [h.name for h in inv.hosts] == ["a"]
    assert inv.skipped == {"template": 1}


@pytest.mark.parametrize(
    ("text", "family", "name", "version", "arch"),
    [("Microsoft Windows Server 2019 (64-bit)", "windows", "Windows Server", "2019", "x86_64"),
     ("CentOS 7 (64-bit)", "linux", "CentOS", "7", "x86_64"),
     ("Red Hat Enterprise Linux 8 (64-bit)", "linux", "Red Hat Enterprise Linux", "8", "x86_64"),
     ("Ubuntu Linux (64-bit)", "linux", "Ubuntu", None, "x86_64"),
     ("Other 3.x or later Linux (64-bit)", "linux", "Other Linux", None, "x86_64"),
     ("Microsoft Windows Server 2016 or later (64-bit)", "windows", "Windows Server", None, "x86_64"),
     # no bitness in the text, but 2012 R2 ships for x64 only (formats/_os.py implied_arch)
     ("Microsoft Windows Server 2012 R2 Standard", "windows", "Windows Server", "2012 R2",
      "x86_64"),
     ("Red Hat Fedora (32-bit)", "linux", "Fedora", None, "x86"),
     ("CentOS Linux release 7.9.2009 (Core)", "linux", "CentOS", "7.9.2009", None),
     ("Kylin V10 SP2", "linux", "Kylin", "10", None),
     ("Other (32-bit)", "other", None, None, "x86")],
)  # fmt: skip
def test_vmware_os_strings(text, family, name, version, arch):
    info = parse_os(text)
    assert (info.family, info.name, info.version, info.arch) == (family, name, version, arch)

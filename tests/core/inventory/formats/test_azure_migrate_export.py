"""Azure Migrate Export workbooks (real samples): discovery report and assessment core report.

The expected figures come from the hand-written facts files next to the fixtures
(tests/fixtures/azure_migrate/*.expected.md).
"""

from __future__ import annotations

from collections import Counter

import io_gen as gen
import pytest

from hmfield.core.inventory.formats.registry import parse_file

AME = gen.FIXTURES / "azure_migrate"


@pytest.fixture(scope="module")
def discovery():
    return parse_file(AME / "ame-discovery-report.xlsx")


@pytest.fixture(scope="module")
def assessment():
    return parse_file(AME / "ame-assessment-core-report.xlsx")


def _by_name(inv):
    return {h.name: h for h in inv.hosts}


def test_both_workbooks_are_detected_as_azure_migrate(discovery, assessment):
    assert discovery.format == assessment.format == "azure-migrate"
    assert not discovery.problems and not assessment.problems
    assert not discovery.dropped_columns and not assessment.dropped_columns


def test_discovery_counts(discovery):
    hosts = discovery.hosts
    assert len(hosts) == 294 and len({h.name for h in hosts}) == 294
    assert Counter(h.power_state for h in hosts) == {"on": 250, "off": 44}
    assert Counter(h.boot for h in hosts) == {"bios": 253, "uefi": 41}
    assert Counter(h.environment for h in hosts) == {None: 285, "dev": 9}
    assert {h.platform for h in hosts} == {"vmware"}  # every Machine ID is on a VMware site
    assert all(h.sheet == "Discovery_Report" for h in hosts)
    assert sum(1 for h in hosts if not h.ips) == 53  # "[];"
    # -1 means "not collected": no count is recorded for those 122 machines
    assert sum(1 for h in hosts if "software_count" not in h.extra) == 122
    assert sum(1 for h in hosts if h.extra.get("sql_service") == "yes") == 43
    # Total Disks is a count only: no disk records, no sizes
    assert all(not h.disks and h.disk_total_mib is None for h in hosts)
    assert all(h.hypervisor_host is None for h in hosts)


NAMED_DISCOVERY = [
    # name, power, os_config, cores, memory, disks, nics, boot
    ("DEVSQLVM13", "off", "Microsoft Windows Server 2012 (64-bit)", 2, 4096, 2, 1, "bios"),
    ("SQLAGVM11", "on", "Microsoft Windows Server 2019 (64-bit)", 2, 4096, 1, 1, "bios"),
    ("PRODSQLVM15", "on", "Microsoft Windows Server 2016 or later (64-bit)", 4, 8192, 1, 2,
     "bios"),
    ("Contoso-Vcenter7.0", "on", "VMware Photon OS (64-bit)", 4, 19456, 17, 1, "bios"),
    ("OracleLinuxVM01", "on", "Oracle Linux 7 (64-bit)", 4, 8192, 3, 1, "bios"),
    ("ODA-Selfhost-Appliance15", "on", "Microsoft Windows Server 2016 or later (64-bit)", 4,
     6144, 1, 1, "uefi"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "power", "os_text", "cores", "mem", "disks", "nics", "boot"), NAMED_DISCOVERY
)
def test_discovery_named_machines(discovery, name, power, os_text, cores, mem, disks, nics, boot):
    h = _by_name(discovery)[name]
    assert (h.power_state, h.os_config, h.cpu_cores, h.memory_mib, h.boot) == (
        power, os_text, cores, float(mem), boot)  # fmt: skip
    assert h.extra["disk_count"] == str(disks) and len(h.nics) == nics
    assert h.arch == "x86_64" and h.platform == "vmware"


def test_discovery_addresses_and_os(discovery):
    hosts = _by_name(discovery)
    sql = hosts["SQLAGVM11"]
    assert sql.ips[0] == "10.150.90.250" and len(sql.ips) == 3  # IPv4 first, then 2 IPv6
    assert sql.macs == ["00:50:56:8f:8f:c4"]
    prod = hosts["PRODSQLVM15"]
    assert prod.environment == "dev"
    assert prod.ips[:2] == ["10.150.90.117", "10.150.168.100"]
    assert [n.ips[0] for n in prod.nics] == ["10.150.90.117", "10.150.168.100"]
    assert [n.mac for n in prod.nics] == ["00:50:56:82:cb:1d", "00:50:56:82:50:9e"]
    # "2016 or later" is not a version
    assert (prod.os_family, prod.os_name, prod.os_version) == ("windows", "Windows Server", None)
    assert hosts["DEVSQLVM13"].ips == [] and hosts["OracleLinuxVM01"].ips == []
    ora = hosts["OracleLinuxVM01"]
    assert (ora.os_family, ora.os_name, ora.os_version) == ("linux", "Oracle Linux", "7")
    assert "software_count" not in ora.extra and "sql_server_count" not in ora.extra  # -1


def test_discovery_flags_the_vcenter_but_keeps_it(discovery):
    vc = _by_name(discovery)["Contoso-Vcenter7.0"]
    assert vc.ips == ["10.150.91.150"] and "vcenter-appliance" in vc.tags
    assert "293 other" in vc.extra["infrastructure"]
    assert sum(1 for h in discovery.hosts if h.tags) == 1
    assert any("Contoso-Vcenter7.0" in n and "vcenter-appliance" in n for n in discovery.notes)


def test_assessment_reads_only_the_machine_sheet(assessment):
    hosts = assessment.hosts
    assert len(hosts) == 294 and len({h.name for h in hosts}) == 294
    assert {h.sheet for h in hosts} == {"All_VM_IaaS_Server_Rehost_Perf"}
    assert not any("more than once" in n for n in assessment.notes)
    assert any("All_VM_IaaS_Server_Rehost_Perf only" in n for n in assessment.notes)
    assert Counter(h.environment for h in hosts) == {"prod": 285, "dev": 9}
    assert Counter(h.boot for h in hosts) == {"bios": 253, "uefi": 41}
    assert Counter(h.extra["azure_readiness"] for h in hosts) == {
        "Ready": 251, "Ready With Conditions": 43}  # fmt: skip
    assert Counter(h.extra["os_support_status"] for h in hosts) == {
        "Mainstream": 116, "Extended": 96, "Unknown": 59, "Out of support": 23}  # fmt: skip
    assert all(h.power_state is None for h in hosts)  # no power column in this workbook


def test_assessment_vm_host_is_the_vcenter_not_an_esxi_host(assessment):
    assert all(h.hypervisor_host is None for h in assessment.hosts)
    assert {h.extra["vcenter"] for h in assessment.hosts} == {"10.150.91.150"}
    flagged = [h.name for h in assessment.hosts if "vcenter-appliance" in h.tags]
    assert flagged == ["Contoso-Vcenter7.0"]


NAMED_ASSESSMENT = [
    # name, env, os_config, cores, memory, storage GiB, disk names, boot, readiness, support
    ("DEVSQLVM13", "prod", "Microsoft Windows Server 2012 (64-bit)", 2, 4096, 140,
     ["scsi0:0", "scsi0:1"], "bios", "Ready", "Extended"),
    ("SQLAGVM11", "prod", "Microsoft Windows Server 2019 Standard", 2, 4096, 120, ["scsi0:0"],
     "bios", "Ready", "Mainstream"),
    ("PRODSQLVM15", "dev", "Microsoft Windows Server 2016 Datacenter", 4, 8192, 100,
     ["scsi0:0"], "bios", "Ready", "Extended"),
    ("OracleLinuxVM01", "prod", "Oracle Linux 7 (64-bit)", 4, 8192, 190,
     ["scsi0:0", "scsi0:1", "scsi1:0"], "bios", "Ready", "Unknown"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "env", "os_text", "cores", "mem", "gib", "disks", "boot", "ready", "support"),
    NAMED_ASSESSMENT,
)
def test_assessment_named_machines(
    assessment, name, env, os_text, cores, mem, gib, disks, boot, ready, support
):
    h = _by_name(assessment)[name]
    assert (h.environment, h.os_config, h.cpu_cores, h.memory_mib, h.boot) == (
        env, os_text, cores, float(mem), boot)  # fmt: skip
    assert h.disk_total_mib == gib * 1024.0 and h.disk_used_mib is None
    assert [d.name for d in h.disks] == disks
    # sizes per disk are not in the file: only a lone disk's size is known (= the total)
    assert [d.capacity_mib for d in h.disks] == (
        [gib * 1024.0] if len(disks) == 1 else [None] * len(disks))  # fmt: skip
    assert (h.extra["azure_readiness"], h.extra["os_support_status"]) == (ready, support)


def test_assessment_vcenter_row_and_fractional_storage(assessment):
    vc = _by_name(assessment)["Contoso-Vcenter7.0"]
    assert vc.disk_total_mib == 716981.0  # 700.1767578125 GiB
    assert len(vc.disks) == 17 and "scsi0:7" not in {d.name for d in vc.disks}
    assert vc.extra["azure_readiness_warnings"] == "GuestOperatingSystemUnknown"
    assert (vc.os_family, vc.os_name) == ("linux", "Photon OS")


def test_assessment_os_product_names(assessment):
    hosts = _by_name(assessment)
    assert hosts["SQLAGVM11"].os_version == "2019"
    trailing = [h for h in assessment.hosts if "2008 R2 Standard" in (h.os_config or "")]
    assert len(trailing) == 4 and all(h.os_config.endswith("Standard") for h in trailing)
    assert all(h.os_version == "2008 R2" for h in trailing)


def test_disks_agree_with_discovery_count(discovery, assessment):
    counts = {h.name: int(h.extra["disk_count"]) for h in discovery.hosts}
    assert all(len(h.disks) == counts[h.name] for h in assessment.hosts)


def test_import_template_workbook_still_reads_as_template(tmp_path):
    """A workbook with the CSV template's columns (not an AME workbook) keeps working."""
    rows = [["Server name", "Cores", "Memory (In MB)", "OS name"], ["s1", "2", "4096", "Linux"]]
    inv = parse_file(gen.write_xlsx(tmp_path / "servers.xlsx", {"Servers": rows}))
    assert inv.format == "azure-migrate" and inv.hosts[0].memory_mib == 4096.0


def test_server_sheets_are_merged_when_the_machine_sheet_is_missing(tmp_path):
    head = ["Machine Name", "Operating System", "VM Host", "Cores", "Memory (in MB)",
            "Storage (in GB)", "Disk Names", "IP Addresses", "Machine ID"]  # fmt: skip
    mid = "/subscriptions/x/providers/microsoft.offazure/hypervsites/s1/machines/"
    vm = ["vm1", "Ubuntu Linux (64-bit)", "hv01", 2, 2048, 40.5, "disk0;", "[10.0.0.1];",
          mid + "a"]  # fmt: skip
    sql = ["sql1", "Microsoft Windows Server 2019 (64-bit)", "hv02", 4, 8192, 100,
           "d0;d1;", "[10.0.0.2];", mid + "b"]  # fmt: skip
    path = gen.write_xlsx(
        tmp_path / "core.xlsx",
        {
            "Properties": [["Tenant ID"], ["t"]],
            "VM_IaaS_Server_Rehost_Perf": [head, vm, sql],
            "SQL_IaaS_Server_Rehost_Perf": [head, sql],
        },
    )
    inv = parse_file(path)
    assert inv.format == "azure-migrate" and [h.name for h in inv.hosts] == ["vm1", "sql1"]
    vm1 = inv.hosts[0]
    assert vm1.platform == "hyperv" and vm1.hypervisor_host == "hv01"  # Hyper-V: a real host
    assert vm1.disk_total_mib == 40.5 * 1024 and vm1.disks[0].capacity_mib == 40.5 * 1024
    assert any("merged by Machine ID" in n for n in inv.notes)

"""RVTools importer on real exports; expected values come from tests/fixtures/rvtools/*.expected.md."""

from __future__ import annotations

from pathlib import Path

import pytest
import python_calamine as pc

from hmfield.core.inventory.formats.rvtools import parse

RV = Path(__file__).parents[3] / "fixtures" / "rvtools"
SIZING = RV / "nutanix-sizingworkshop.xlsx"
SIZING_NET = RV / "sizingworkshop-with-vnetwork.xlsx"
BILL = RV / "nutanix-billsample.xlsx"
KUBEV2V = RV / "kubev2v-example1.xlsx"
TEMPLATES = [
    "Bowf17webprod", "trhel6s_1", "trhel6s-old", "trhel6w-old", "trhel7s-old", "trhel7w-old",
    "WS2008R2", "WS2008R2-O", "WS2012R2", "WS2012R2-O",
]  # fmt: skip


@pytest.fixture(scope="module")
def sizing():
    return parse(SIZING)


@pytest.fixture(scope="module")
def sizing_net():
    return parse(SIZING_NET)


@pytest.fixture(scope="module")
def bill():
    return parse(BILL)


def by_name(inv):
    return {h.name: h for h in inv.hosts}


def note(inv, start):
    found = [n for n in inv.notes if n.startswith(start)]
    assert len(found) == 1, inv.notes
    return found[0]


# --------------------------------------------------------------------------- sizing workshop


@pytest.mark.parametrize("which", ["sizing", "sizing_net"])
def test_sizing_counts_and_templates(which, request):
    inv = request.getfixturevalue(which)
    assert not inv.problems
    assert len(inv.hosts) == 805 - 10 and inv.skipped == {"template": 10}
    assert note(inv, "10 template(s) skipped: ") == "10 template(s) skipped: " + ", ".join(
        TEMPLATES
    )
    assert not set(TEMPLATES) & set(by_name(inv))
    ons = sum(h.power_state == "on" for h in inv.hosts)
    assert ons == 763  # 42 powered off, all 10 templates among them
    assert any(n.startswith("headers in MB (Provisioned MB") for n in inv.notes)


SIZING_VMS = {
    # name: power, os config, os tools, vcpu, mem, disks, provisioned, in use, cluster, host
    "wadfs1": ("on", "Microsoft Windows Server 2008 R2 (64-bit)",
               "Microsoft Windows Server 2008 R2 (64-bit)", 1, 4096, 1, 86201, 62420, "Cluster1",
               "bovmsp-04.customer.com"),
    "lvmbeasm003": ("on", "Microsoft Windows Server 2008 R2 (64-bit)",
                    "Red Hat Enterprise Linux 6 (64-bit)", 4, 32768, 2, 185788, 13269,
                    "Cluster2", "bovmprod3-08"),
    "bonssftest01": ("on", "Oracle Solaris 10 (64-bit)", "FreeBSD (64-bit)", 2, 2048, 1, 22693,
                     15486, "DMZ", "bovmdmz4-01"),
    "bolvcmgt": ("on", "Other 3.x or later Linux (64-bit)", "Other 3.x or later Linux (64-bit)",
                 8, 24576, 12, 1856444, 37534, "Mgmt", "bovmmgt-15"),
}  # fmt: skip


@pytest.mark.parametrize("which", ["sizing", "sizing_net"])
@pytest.mark.parametrize("name", list(SIZING_VMS))
def test_sizing_named_vms(which, name, request):
    h = by_name(request.getfixturevalue(which))[name]
    power, cfg, tools, cpus, mem, disks, prov, used, cluster, host = SIZING_VMS[name]
    assert (h.power_state, h.os_config, h.os_tools) == (power, cfg, tools)
    assert (h.cpu_cores, h.memory_mib) == (cpus, mem)
    assert [d.name for d in h.disks] == [f"disk {i}" for i in range(1, disks + 1)]
    assert all(d.capacity_mib is None and d.raw_rdm is None for d in h.disks)
    assert (h.disk_total_mib, h.disk_used_mib) == (prov, used)
    assert (h.datacenter, h.cluster, h.hypervisor_host) == ("Datacenter1", cluster, host)
    assert h.manager_version is None  # no vSource / VI SDK columns in the file
    assert h.hw_version is None and h.cbt is None and h.boot is None  # columns absent: unknown
    if name != "bonssftest01":  # bovmmgt-15 same name; bovmsp-04 / bovmprod3-08 by suffix
        assert (h.platform_version, h.platform_build) == ("6.0.0", "build-4192238")
        assert h.cpu_model and "Xeon" in h.cpu_model
    else:  # bovmdmz4-01 is not in vHost at all: no version invented
        assert h.platform_version is None and h.platform_build is None and h.cpu_model is None


def test_sizing_bonssftest01_partitions(sizing):
    h = by_name(sizing)["bonssftest01"]
    assert [(p.mount, p.capacity_mib) for p in h.partitions] == [
        ("/", 327), ("/var", 14208), ("/flash", 1547)]  # fmt: skip
    assert h.partitions[0].free_pct == 3  # the "Free % " header with a trailing space


# vInfo host names that vHost does not list under any spelling (read by hand: vHost has
# vmprod3-NN and vmsp-01..05 where vInfo has bovmprod3-NN and bovmsp-NN.customer.com)
NOT_IN_VHOST = {
    "bovmdmz4-01", "bovmdmz4-02", "bovmsp-06.customer.com", "bovmsp-14.customer.com",
    "bovmsp-15.customer.com",
}  # fmt: skip


def _vms_on(path, host_names):
    """VMs (templates left out) whose vInfo Host is one of ``host_names``, from the file."""
    rows = pc.CalamineWorkbook.from_path(str(path)).get_sheet_by_name("vInfo").to_python()
    head = rows[0]
    vm, tpl, host = head.index("VM"), head.index("Template"), head.index("Host")
    return sum(1 for r in rows[1:] if r[vm] and r[tpl] != "True" and r[host] in host_names)


@pytest.mark.parametrize("which", ["sizing", "sizing_net"])
def test_sizing_platform_version_only_where_host_joins(which, request):
    inv = request.getfixturevalue(which)
    with_version = [h for h in inv.hosts if h.platform_version]
    assert _vms_on(SIZING, NOT_IN_VHOST) == 28
    assert len(with_version) == 795 - 28
    assert not {h.hypervisor_host for h in with_version} & NOT_IN_VHOST
    assert {(h.platform_version, h.platform_build) for h in with_version} == {
        ("6.0.0", "build-4192238")
    }
    suffix = note(inv, "27 vInfo host name(s) matched to vHost by the end of the name")
    assert "bovmprod3-01 = vmprod3-01" in suffix
    text = note(inv, "28 VM(s) run on a host that vHost does not list")
    assert "bovmdmz4-01" in text and "no version is assumed" in text
    assert note(inv, "no vDisk sheet and no Total disk capacity column: the disk total of 795")
    assert note(inv, "no vDisk sheet: 795 VM(s) get as many disks as vInfo Disks says")


def test_sizing_vnetwork(sizing_net, sizing):
    hosts = by_name(sizing_net)
    for name, ip in (("wadfs1", "10.0.0.0"), ("lvmbeasm003", "10.0.0.59"),
                     ("bonssftest01", "10.0.3.13"), ("bolvcmgt", "10.0.2.236")):  # fmt: skip
        assert hosts[name].ips == [ip] and len(hosts[name].nics) == 1
    assert hosts["lvmbeasm003"].nics[0].name == "Network adapter 2"
    assert "Aster Queen" in note(sizing_net, "vNetwork: 39 VM(s) have a different number")
    assert all(not h.nics for h in sizing.hosts)  # no vNetwork sheet in the other file


# --------------------------------------------------------------------------- bill sample


def test_bill_counts_templates_and_versions(bill):
    assert not bill.problems
    assert len(bill.hosts) == 129 and bill.skipped == {"template": 2}
    assert note(bill, "2 template(s)") == "2 template(s) skipped: Server 2008 R2 Update, Server2016"
    assert sum(h.power_state == "on" for h in bill.hosts) == 109
    assert all(h.platform_version for h in bill.hosts)  # every host of vInfo is in vHost
    assert {h.platform_version for h in bill.hosts} == {"6.5.0", "5.5.0"}
    assert all(h.manager_version is None for h in bill.hosts)  # vCenter version not in the file
    assert "vPartition has no VM column" in note(bill, "sheet vPartition has no VM column")


BILL_VMS = {
    # name: power, os config, os tools, vcpu, mem, nics?, disks, disk sum, boot, hw, host, esx
    "ADCSCA01": ("on", "Microsoft Windows Server 2012 (64-bit)",
                 "Microsoft Windows Server 2012 (64-bit)", 4, 2048, 1, 40901, "uefi", 10,
                 "esxhost10.next.local", ("6.5.0", "build-10175896")),
    "gtappDB02": ("on", "Microsoft Windows Server 2016 (64-bit)",
                  "Microsoft Windows Server 2016 (64-bit)", 4, 16384, 3, 195584, "bios", 13,
                  "esxhost04.next.local", ("6.5.0", "build-10175896")),
    "AVAYASMGR01": ("on", "CentOS 4/5 or later (64-bit)", "CentOS 4/5 or later (64-bit)", 4, 9216,
                    4, 107520, "bios", 8, "esxhost09.next.local", ("5.5.0", "build-6480267")),
    "CRMDEVVM01": ("on", "Microsoft Windows XP Professional (32-bit)", None, 1, 4096, 1, 20480,
                   "bios", 9, "esxhost08.next.local", ("6.5.0", "build-10175896")),
    "nxtDBCRM01": ("on", "Microsoft Windows Server 2008 R2 (64-bit)",
                   "Microsoft Windows Server 2008 R2 (64-bit)", 4, 16384, 9, 1295360, "bios", 9,
                   "esxhost02.next.local", ("6.5.0", "build-10175896")),
}  # fmt: skip


@pytest.mark.parametrize("name", list(BILL_VMS))
def test_bill_named_vms(bill, name):
    h = by_name(bill)[name]
    power, cfg, tools, cpus, mem, disks, total, boot, hw, host, esx = BILL_VMS[name]
    assert (h.power_state, h.os_config, h.os_tools) == (power, cfg, tools)
    assert (h.cpu_cores, h.memory_mib, h.boot, h.hw_version) == (cpus, mem, boot, hw)
    assert len(h.disks) == disks and h.disk_total_mib == total  # vDisk sum, not Provisioned MB
    assert (h.hypervisor_host, (h.platform_version, h.platform_build)) == (host, esx)
    assert h.cpu_model and "Xeon" in h.cpu_model


def test_bill_join_by_vm_id(bill):
    """58 VMs are spelt differently in vDisk (ntx.../qapp...) but share the VM ID."""
    text = note(bill, "vDisk: 58 VM(s) spelt differently from vInfo, joined by VM ID")
    assert "ntxAPAIR01 = nxtAPAIR01" in text
    hosts = by_name(bill)
    assert hosts["nxtDBCRM01"].vm_id == "vm-120" and len(hosts["nxtDBCRM01"].disks) == 9
    qappl = [h for h in bill.hosts if h.name.startswith("qapplAP")]
    assert len(qappl) == 10 and all(h.disks for h in qappl)  # vDisk spells them qappAP..
    assert not any(h.disks for h in bill.hosts if h.name.startswith("qappAP"))
    assert all(h.partitions for h in hosts.values() if h.name.startswith("qappl"))
    assert not any("not in vInfo were ignored" in n for n in bill.notes)


def test_bill_rdm_shared_independent(bill):
    hosts = by_name(bill)
    for name in ("gtappDB02", "gtappDB03"):
        d1, d2, d3 = sorted(hosts[name].disks, key=lambda d: d.name)
        assert (d1.name, d1.raw_rdm, d1.shared, d1.independent) == (
            "Hard disk 1", False, False, False)  # fmt: skip
        for d in (d2, d3):
            assert (d.raw_rdm, d.rdm_mode, d.shared, d.independent) == (
                True, "physical", True, True)  # fmt: skip
    avaya = sorted(hosts["AVAYASMGR01"].disks, key=lambda d: d.name)
    assert [d.independent for d in avaya] == [False, True, True, True]
    assert not any(d.raw_rdm or d.shared for d in avaya)
    assert [d.capacity_mib for d in avaya] == [40960, 25600, 15360, 25600]
    every = [d for h in bill.hosts for d in h.disks]
    assert sum(bool(d.raw_rdm) for d in every) == 4
    assert sum(bool(d.independent) for d in every) == 7
    assert hosts["CRMDEVVM01"].disks[0].shared is None  # Shared Bus blank on the IDE disk


def test_bill_booleans_and_partitions(bill):
    hosts = by_name(bill)
    assert sum(h.cbt is True for h in bill.hosts) + sum(h.cbt is None for h in bill.hosts) == 129
    assert hosts["ADCSCA01"].cbt is True
    parts = {p.mount: p for p in hosts["AVAYAAES01"].partitions}
    assert parts["/boot"].capacity_mib - parts["/boot"].used_mib == 77
    assert sum(len(h.partitions) for h in bill.hosts) <= 286


# --------------------------------------------------------------------------- kubev2v (4.x)


def test_kubev2v_disks_from_vdisk_and_vcenter_version():
    inv = parse(KUBEV2V)
    hosts = by_name(inv)
    assert len(hosts) == 9 and not inv.problems
    assert {h.manager_version for h in inv.hosts if h.vm_id} == {"8.0.3"}  # VI SDK Server type
    assert all(h.platform_version is None for h in inv.hosts)  # vHost has no ESX Version column
    assert hosts["vm-1"].cpu_model is None  # its host (an IP address) is not in vHost
    # disks come from vDisk rows (joined by VM ID), never from placeholders
    assert [d.name for d in hosts["vm-8"].disks] == ["Hard disk 1", "Hard disk 2"]
    assert hosts["vm-2"].disks == []  # vInfo Disks 0, and no vDisk row has its VM ID
    assert hosts["vm-1"].disk_total_mib == 100494.0  # "Total disk capacity MiB" wins
    assert not any(n.startswith("no vDisk sheet") for n in inv.notes)
    assert not any(n.startswith("headers in MB") for n in inv.notes)


# --------------------------------------------------------------------------- side sheets


def test_side_sheet_without_vm_columns_is_skipped(tmp_path):
    import io_gen as gen

    path = gen.write_xlsx(
        tmp_path / "rv.xlsx",
        {
            "vInfo": [["VM", "Template", "Host", "Disks", "Provisioned MiB", "VM ID", "Path"],
                      ["a", "FALSE", "ESX1.corp.local", 2, 1000.0, "vm-1", "[ds1] a/a.vmx"],
                      ["b", "true", "esx1", 1, 10.0, "vm-2", ""]],
            "vPartition": [["Something", "Disk", "Capacity MiB"], ["a", "C:\\", 1.0]],
            "vSnapshot": [["VM", "Name"], ["a", "s1"], ["a", "s2"], ["b", "s"]],
            "vTools": [["VM ID", "Tools"], ["vm-1", "toolsOk"]],
            "vHost": [["Host", "ESX Version", "CPU Model", ""],
                      ["esx1.corp.local", "VMware ESXi 7.0.3 build-21930508", "EPYC", ""]],
            "vDatastore": [["Name", "Type", "Major Version", "Version"],
                           ["ds1", "VMFS", 6, "6.82"]],
            "vSource": [["Name", "Fullname", "API type"],
                        ["vc1", "VMware vCenter Server 7.0.3 build-1", "VirtualCenter"]],
        },
    )  # fmt: skip
    inv = parse(path)
    (a,) = inv.hosts
    assert note(inv, "sheet vPartition skipped: it has neither a VM nor a VM ID column")
    assert note(inv, "1 template(s) skipped: b")
    assert a.partitions == [] and a.snapshot_count == 2 and a.tools_status == "toolsOk"
    assert (a.platform_version, a.platform_build, a.cpu_model) == (
        "7.0.3",
        "build-21930508",
        "EPYC",
    )
    assert a.manager_version == "7.0.3"
    assert [d.name for d in a.disks] == ["disk 1", "disk 2"] and a.disk_total_mib == 1000.0
    assert (a.datastore_kinds, a.vmfs_versions) == (["VMFS"], ["6.82"])  # via vInfo Path


def test_os_disagreements_are_one_note_per_pair(tmp_path):
    """An estate of clones repeats one disagreement thousands of times: one note per (config,
    Tools) pair with its count and the first names, not one line per VM; both columns stay
    on every host."""
    import io_gen as gen

    config, tools = "CentOS 7 (64-bit)", "Red Hat Enterprise Linux 7.9"
    rows = [["VM", "OS according to the configuration file", "OS according to the VMware Tools"]]
    rows += [[f"clone-{i:02d}", config, tools] for i in range(12)]
    rows += [["win-a", "Microsoft Windows Server 2012 (64-bit)", "Microsoft Windows Server 2019"]]
    rows += [["same", config, "CentOS Linux 7 (Core)"]]
    inv = parse(gen.write_xlsx(tmp_path / "rv.xlsx", {"vInfo": rows}))
    disagree = [n for n in inv.notes if "the OS columns disagree" in n]
    first_ten = ", ".join(f"clone-{i:02d}" for i in range(10))
    assert disagree == [
        f"12 VM(s): the OS columns disagree (configuration file: {config!r}, VMware Tools:"
        f" {tools!r}); using the VMware Tools value: {first_ten}, ...",
        "1 VM(s): the OS columns disagree (configuration file: 'Microsoft Windows Server 2012"
        " (64-bit)', VMware Tools: 'Microsoft Windows Server 2019'); using the VMware Tools"
        " value: win-a",
    ]
    clone = next(h for h in inv.hosts if h.name == "clone-11")
    assert (clone.os_config, clone.os_tools, clone.os_name) == (
        config,
        tools,
        "Red Hat Enterprise Linux",
    )

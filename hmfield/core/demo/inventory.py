"""Demo inventory: a Chinese bank's data centre (VMware and physical), by business system.

Why through the import service: the demo then exercises the same path as a real RVTools or
Prophet import (field sources, audit, verdicts), and a few hand edits on top show the
"typed by hand" markers. A handful of hosts are deliberately not supported or doubtful
(32-bit, Btrfs, RDM, Windows 2000) so the assessment screens have something to explain.

The VMware hosts carry what a real RVTools export gives (vHost: ESXi version and build;
vSource: the vCenter version; vDatastore: datastore type and VMFS major version; vInfo: the
guest OS strings of the configuration file and of VMware Tools, firmware, HW version); the
physical hosts what the Prophet collector gives (no Windows code page: it is asked for).
"""

from __future__ import annotations

import random
import uuid

from hmfield.core.inventory.importing import ImportService
from hmfield.core.inventory.service import InventoryService
from hmfield.core.inventory.systems import BusinessSystemService
from hmfield.core.model.records import (
    DiskRecord,
    HostRecord,
    NicRecord,
    ParsedInventory,
    PartitionRecord,
)
from hmfield.core.project.people import PeopleService

# system: (code, owner, criticality, tolerated downtime min, tiers, platform mix)
SYSTEMS = {
    "核心账务": ("core", "王建国", 5, 30, ("web", "app", "app", "db"), "physical"),
    "网上银行": ("ebank", "陈涛", 5, 60, ("web", "web", "app", "db"), "vmware"),
    "信贷管理": ("loan", "陈涛", 4, 240, ("web", "app", "db"), "vmware"),
    "数据仓库": ("dw", "赵丽", 3, 480, ("app", "db", "db"), "vmware"),
    "OA办公": ("oa", "赵丽", 2, 720, ("web", "app", "db"), "vmware"),
    "监控平台": ("mon", "李敏", 2, 1440, ("app", "middleware"), "vmware"),
}
# (os_family, os_name, os_version, kernel, filesystem, weight)
OSES = [
    ("windows", "Windows Server", "2012 R2", None, "NTFS", 2),
    ("windows", "Windows Server", "2016", None, "NTFS", 3),
    ("windows", "Windows Server", "2019", None, "NTFS", 4),
    ("windows", "Windows Server", "2022", None, "NTFS", 2),
    ("linux", "CentOS", "7.9", "3.10.0-1160.el7.x86_64", "xfs", 6),
    ("linux", "Red Hat Enterprise Linux", "8.6", "4.18.0-372.9.1.el8.x86_64", "xfs", 4),
    ("linux", "Ubuntu", "20.04", "5.4.0-150-generic", "ext4", 2),
    ("linux", "Ubuntu", "22.04", "5.15.0-91-generic", "ext4", 2),
    ("linux", "Kylin", "V10 SP2", "4.19.90-24.4.v2101.ky10.x86_64", "xfs", 2),
]
TIER_SPEC = {"web": (4, 8), "app": (8, 16), "db": (16, 64), "middleware": (4, 16)}
# the bank's vSphere: what vHost / vSource / vDatastore of its RVTools export say
ESXI = ("7.0.3", "build-21686933")  # ESXi 7.0 Update 3n
VCENTER = "7.0.3"
DATASTORE = (["VMFS"], ["6"])  # vDatastore Type, Major Version
# os_name -> VMware guest OS string (vInfo "OS according to the configuration file"): the
# guest type names the major release only; VMware Tools reports the running release
_GUEST = {
    "Windows Server": "Microsoft Windows Server {major}",
    "CentOS": "CentOS {major}",
    "Red Hat Enterprise Linux": "Red Hat Enterprise Linux {major}",
    "Ubuntu": "Ubuntu Linux",
    "Kylin": "Other 4.x or later Linux",
    "SUSE Linux Enterprise Server": "SUSE Linux Enterprise {major}",
    "Windows 2000": "Microsoft Windows 2000 Server",
}


def _mac(rng: random.Random) -> str:
    return "00:50:56:" + ":".join(f"{rng.randrange(256):02x}" for _ in range(3))


def _host(rng: random.Random, i: int, system: str, tier: str, subnet: int) -> HostRecord:
    code, mix = SYSTEMS[system][0], SYSTEMS[system][5]
    platform = (
        "physical" if (mix == "physical" and tier == "db") or rng.random() < 0.12 else "vmware"
    )
    fam, os_name, ver, kernel, fs, _w = rng.choices(OSES, weights=[o[5] for o in OSES])[0]
    cores, mem_gib = TIER_SPEC[tier]
    cores = rng.choice([cores, cores * 2])
    mem = rng.choice([mem_gib, mem_gib * 2]) * 1024
    ip = f"10.{20 + subnet}.{rng.randrange(1, 8)}.{10 + i % 240}"
    name = f"{code}-{tier}{i:02d}"
    system_disk = 80 * 1024 if fam == "linux" else 100 * 1024
    data_disk = rng.choice([200, 500, 1024, 2048]) * 1024
    rec = HostRecord(
        name=name,
        hostname=f"{name}.bank.local",
        ips=[ip],
        macs=[_mac(rng)],
        platform=platform,
        datacenter="上海张江 DC1" if rng.random() < 0.7 else "上海外高桥 DC2",
        cluster=f"CL-{code.upper()}" if platform == "vmware" else None,
        hypervisor_host=f"esxi{rng.randrange(1, 24):02d}.bank.local"
        if platform == "vmware"
        else None,
        power_state="on",
        is_template=False,
        os_family=fam,
        os_name=os_name,
        os_version=ver,
        arch="x86_64",
        kernel=kernel,
        boot=rng.choice(["bios", "bios", "uefi"]),
        cpu_cores=cores,
        memory_mib=float(mem),
        disk_total_mib=float(system_disk + data_disk),
        disk_used_mib=float(int((system_disk + data_disk) * rng.uniform(0.2, 0.8))),
        hw_version=rng.choice([13, 14, 15, 19]) if platform == "vmware" else None,
        cbt=(rng.random() < 0.8) if platform == "vmware" else None,
        vm_uuid=str(uuid.UUID(int=rng.getrandbits(128))) if platform == "vmware" else None,
        bios_uuid=str(uuid.UUID(int=rng.getrandbits(128))),
        business_system=system,
        role=tier,
        environment="prod" if rng.random() < 0.8 else "test",
        criticality=SYSTEMS[system][2],
        **_devices(rng, fam, fs, system_disk, data_disk, ip, subnet),
    )
    rec.nics[0].mac = rec.macs[0]
    return rec


def _devices(rng: random.Random, fam: str, fs: str, system_disk: int, data_disk: int, ip: str,
             subnet: int) -> dict[str, list]:  # fmt: skip
    """A demo host's system and data disks, their partitions (used and free filled in) and
    its NIC (its MAC set by the caller); the random draws in the order they always were."""
    disks = [
        DiskRecord("Hard disk 1", float(system_disk), thin=True),
        DiskRecord("Hard disk 2", float(data_disk), thin=rng.random() < 0.5),
    ]
    partitions = [
        PartitionRecord("C:\\" if fam == "windows" else "/", fs, float(system_disk)),
        PartitionRecord("D:\\" if fam == "windows" else "/data", fs, float(data_disk)),
    ]
    nic = NicRecord("Network adapter 1" if fam == "windows" else "eth0", None, [ip],
                    f"VLAN{100 + subnet}")  # fmt: skip
    for part in partitions:
        assert part.capacity_mib is not None
        part.used_mib = round(part.capacity_mib * rng.uniform(0.2, 0.85))
        part.free_pct = round(100 * (1 - part.used_mib / part.capacity_mib), 1)
    return {"disks": disks, "partitions": partitions, "nics": [nic]}


def _vsphere_facts(rec: HostRecord) -> None:
    """What RVTools gives for one VM: host ESXi version and build, vCenter, datastores and the
    two guest OS strings (with the bitness RVTools writes after them)."""
    if rec.platform != "vmware":
        return
    rec.platform_version, rec.platform_build = ESXI
    rec.manager_version = VCENTER
    rec.datastore_kinds, rec.vmfs_versions = list(DATASTORE[0]), list(DATASTORE[1])
    rec.tools_status = "toolsOk"
    bits = "32-bit" if rec.arch == "x86" else "64-bit"
    version = rec.os_version or ""
    major = version.split()[0].split(".")[0] if version else ""
    if rec.os_name == "Windows Server" and version.startswith("2012"):
        major = "2012"  # the guest type of 2012 R2 is "Windows Server 2012"
    guest = _GUEST.get(rec.os_name or "", rec.os_name or "Other").format(major=major)
    rec.os_config = f"{guest} ({bits})"
    rec.os_tools = f"{rec.os_name} {version} ({bits})".replace("  ", " ")


def _unsupported(recs: list[HostRecord]) -> None:
    """Five hosts the assessment stops at: an ARM server HyperMotion cannot move at all (x86
    only: the Alternatives tab's upper table), two 32-bit systems the agent cannot take, a
    Btrfs host the agent could not take either, and a VM with a physical RDM disk that
    agentless cannot take (the assessment explains each)."""
    if len(recs) < 10:
        return
    arm = recs[-5]  # a Kunpeng server running Kylin, as Chinese data centres have them
    arm.name, arm.os_family, arm.os_name, arm.os_version = "oa-arm01", "linux", "Kylin", "V10 SP3"
    arm.arch, arm.kernel = "aarch64", "4.19.90-52.22.v2207.ky10.aarch64"
    arm.platform, arm.business_system, arm.role = "physical", "OA办公", "app"
    arm.cluster = arm.hypervisor_host = arm.vm_uuid = None
    arm.hw_version = arm.cbt = None
    old = recs[-1]
    old.name, old.os_family, old.os_name, old.os_version = (
        "oa-legacy01",
        "windows",
        "Windows 2000",
        "Server SP4",
    )
    old.arch, old.kernel, old.business_system, old.role = "x86", None, "OA办公", "app"
    old.partitions[0].filesystem = old.partitions[1].filesystem = "NTFS"
    x86 = recs[-2]
    x86.name, x86.os_family, x86.os_name, x86.os_version = "mon-old32", "linux", "CentOS", "6.10"
    x86.arch, x86.kernel = "x86", "2.6.32-754.el6.i686"
    btrfs = recs[-3]
    btrfs.name, btrfs.os_family, btrfs.os_name, btrfs.os_version = (
        "dw-suse01",
        "linux",
        "SUSE Linux Enterprise Server",
        "12 SP5",
    )
    btrfs.kernel = "4.12.14-122.37-default"
    for part in btrfs.partitions:
        part.filesystem = "btrfs"
    rdm = recs[-4]
    rdm.platform = "vmware"
    rdm.name, rdm.business_system, rdm.role = "core-dbrdm01", "核心账务", "db"
    rdm.disks.append(
        DiskRecord("Hard disk 3", 4 * 1024 * 1024.0, raw_rdm=True, rdm_mode="physical", shared=True)
    )


def fill(ctx, hosts: int, rng: random.Random) -> None:
    recs: list[HostRecord] = []
    names = list(SYSTEMS)
    i = 0
    while len(recs) < hosts:
        system = names[i % len(names)]
        tiers = SYSTEMS[system][4]
        recs.append(
            _host(rng, i + 1, system, tiers[(i // len(names)) % len(tiers)], names.index(system))
        )
        i += 1
    _unsupported(recs)
    for rec in recs:
        _vsphere_facts(rec)
    service = ImportService(ctx)
    preview = service.preview_parsed(ParsedInventory(format="demo", hosts=recs), "demo")
    service.apply(preview, backup=False)
    inv = InventoryService(ctx)
    people = {p.name: p.id for p in PeopleService(ctx).list()}
    systems = BusinessSystemService(ctx)
    for row in systems.systems():
        _code, owner, crit, downtime, *_ = SYSTEMS.get(row.name, ("", "", None, None))
        systems.update_system(
            row.id, owner_id=people.get(owner), criticality=crit, tolerated_downtime_min=downtime
        )
    rows = inv.rows()
    # a few hand edits: the engineer confirmed owners and chose the mode for the databases
    by_system: dict[str, list[str]] = {}
    for row in rows:
        by_system.setdefault(row.business_system or "", []).append(row.id)
    for system, ids in by_system.items():
        owner = SYSTEMS.get(system, ("", ""))[1]
        if owner in people:
            inv.bulk_update(ids, owner=people[owner])
    legacy = [r.id for r in rows if r.name == "oa-legacy01"]
    if legacy:
        inv.update(legacy[0], migration_mode="alternative", notes="Windows 2000：重建后迁移数据")

"""The host inventory: hosts, their disks, partitions and NICs, and business systems.

Sizes are MiB (one base unit; shown humanly by the GUI and reports). ``field_sources`` remembers
where each field's value came from (``"manual"`` or ``"import:<format>:<import id>"``), so a
re-import does not overwrite what a person corrected unless asked to.
"""

from sqlalchemy import JSON
from sqlmodel import Field

import hmfield.core.model.plan  # noqa: F401  (tables its foreign keys name)
from hmfield.core.model.base import Record

MANUAL = "manual"


class BusinessSystem(Record, table=True):
    __tablename__ = "business_system"

    name: str = Field(default="", index=True)
    owner_id: str | None = Field(default=None, max_length=32)  # Person id
    criticality: int | None = None  # 1 (low) .. 5 (critical)
    tolerated_downtime_min: int | None = None
    wave_id: str | None = Field(default=None, foreign_key="wave.id", max_length=32, index=True)
    notes: str = ""


class Host(Record, table=True):
    __tablename__ = "host"

    name: str = Field(default="", index=True)  # display name
    hostname: str | None = None  # hostname or FQDN
    ips: list[str] = Field(default_factory=list, sa_type=JSON)
    macs: list[str] = Field(default_factory=list, sa_type=JSON)
    platform: str | None = None  # Platform
    platform_version: str | None = None  # the hypervisor's version (ESXi 6.0.0)
    platform_build: str | None = None  # e.g. ESXi build-4192238
    manager_version: str | None = None  # the managing platform (vCenter 6.7, VRM 8.6.0)
    cpu_model: str | None = None  # the hypervisor host's CPU model
    datastore_kinds: list[str] | None = Field(default=None, sa_type=JSON)  # VMFS, NFS, vSAN
    vmfs_versions: list[str] | None = Field(default=None, sa_type=JSON)  # e.g. ["6.81"]
    snapshot_count: int | None = None
    linked_clone: bool | None = None
    datacenter: str | None = None
    cluster: str | None = None
    hypervisor_host: str | None = None
    power_state: str | None = None  # PowerState
    is_template: bool | None = None
    os_family: str | None = None  # OsFamily
    os_name: str | None = None
    os_version: str | None = None
    os_config: str | None = None  # RVTools: OS according to the configuration file
    os_tools: str | None = None  # RVTools: OS according to the VMware Tools
    arch: str | None = None
    kernel: str | None = None
    boot: str | None = None  # BootFirmware
    secure_boot: bool | None = None
    cpu_cores: int | None = None
    memory_mib: float | None = None
    disk_total_mib: float | None = None
    disk_used_mib: float | None = None
    hw_version: int | None = None
    cbt: bool | None = None
    tools_status: str | None = None
    vm_uuid: str | None = Field(default=None, index=True)
    bios_uuid: str | None = Field(default=None, index=True)
    vm_id: str | None = None
    business_system_id: str | None = Field(
        default=None, foreign_key="business_system.id", max_length=32, index=True
    )
    wave_id: str | None = Field(default=None, foreign_key="wave.id", max_length=32, index=True)
    role: str | None = None  # Role
    environment: str | None = None  # Environment
    owner_id: str | None = Field(default=None, max_length=32)  # Person id
    criticality: int | None = None  # 1..5
    notes: str = ""
    tags: list[str] = Field(default_factory=list, sa_type=JSON)
    migration_mode: str | None = None  # MigrationMode
    target_flavour: str | None = None
    target_subnet: str | None = None
    keep_ip: bool | None = None
    target_ip: str | None = None
    passthrough_devices: bool | None = None
    bitlocker: bool | None = None
    code_page: str | None = None
    extra: dict = Field(default_factory=dict, sa_type=JSON)  # custom attributes etc.
    field_sources: dict = Field(default_factory=dict, sa_type=JSON)  # field -> source
    # scope (core/plan/scope.py): out-of-scope hosts leave the waves and the planning maths
    in_scope: bool = True
    scope_reason: str | None = None  # resources/plan/scope.yaml reason code
    scope_note: str = ""


class Disk(Record, table=True):
    __tablename__ = "disk"

    host_id: str = Field(foreign_key="host.id", max_length=32, index=True)
    name: str = ""
    capacity_mib: float | None = None
    thin: bool | None = None
    raw_rdm: bool | None = None
    rdm_mode: str | None = None
    shared: bool | None = None
    independent: bool | None = None
    controller: str | None = None


class Partition(Record, table=True):
    __tablename__ = "partition"

    host_id: str = Field(foreign_key="host.id", max_length=32, index=True)
    mount: str = ""
    filesystem: str | None = None
    capacity_mib: float | None = None
    used_mib: float | None = None
    free_pct: float | None = None
    lvm: bool | None = None
    lvm_thin: bool | None = None
    encrypted: bool | None = None
    mounted: bool | None = None


class Nic(Record, table=True):
    __tablename__ = "nic"

    host_id: str = Field(foreign_key="host.id", max_length=32, index=True)
    name: str = ""
    mac: str | None = None
    ips: list[str] = Field(default_factory=list, sa_type=JSON)
    network: str | None = None


def live_host_count(s) -> int:
    """How many live (not deleted) hosts the project has: the one count a screen decides by
    how to load them (``InventoryService.count``, ``project.status.host_count``)."""
    from sqlalchemy import func, select

    host = Host.__table__
    stmt = select(func.count()).select_from(host).where(host.c.deleted == False)  # noqa: E712
    return int(s.execute(stmt).scalar() or 0)

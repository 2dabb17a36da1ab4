"""Plain records produced by every inventory importer, before anything touches the store.

Field names match the ``Host`` table's columns so that the inventory service can apply them
directly and the rules engine can evaluate either a record or a stored host. Sizes are MiB.
``None`` means "not known" (never guess: the rules engine turns a missing fact into ``unknown``).
"""

from dataclasses import dataclass, field


@dataclass
class DiskRecord:
    name: str = ""
    capacity_mib: float | None = None
    thin: bool | None = None
    raw_rdm: bool | None = None  # raw device mapping (RDM), physical or virtual
    rdm_mode: str | None = None  # "physical" / "virtual" when known
    shared: bool | None = None
    independent: bool | None = None
    controller: str | None = None  # e.g. "IDE", "SCSI", "NVMe"


@dataclass
class PartitionRecord:
    mount: str = ""  # mount point or drive letter
    filesystem: str | None = None
    capacity_mib: float | None = None
    used_mib: float | None = None
    free_pct: float | None = None
    lvm: bool | None = None
    lvm_thin: bool | None = None
    encrypted: bool | None = None  # LUKS / BitLocker
    mounted: bool | None = None


@dataclass
class NicRecord:
    name: str = ""
    mac: str | None = None
    ips: list[str] = field(default_factory=list)
    network: str | None = None


@dataclass
class HostRecord:
    """One host as read from a source file. ``row`` and ``sheet`` locate it for messages."""

    name: str = ""
    host_id: str | None = None  # our own template's hidden key: the stored host's UUID
    hostname: str | None = None  # hostname or FQDN
    ips: list[str] = field(default_factory=list)
    macs: list[str] = field(default_factory=list)
    platform: str | None = None  # hmfield.core.model.enums.Platform value
    platform_version: str | None = None  # the hypervisor's version: ESXi 6.0.0, CNA 8.6.0
    platform_build: str | None = None  # e.g. ESXi "build-4192238"
    manager_version: str | None = None  # the managing platform's version: vCenter, VRM
    cpu_model: str | None = None  # the hypervisor host's CPU model
    datastore_kinds: list[str] | None = None  # where the VM's disks live: VMFS, NFS, vSAN, ...
    vmfs_versions: list[str] | None = None  # VMFS versions of those datastores
    snapshot_count: int | None = None
    linked_clone: bool | None = None
    datacenter: str | None = None
    cluster: str | None = None
    hypervisor_host: str | None = None
    power_state: str | None = None  # PowerState value
    is_template: bool | None = None
    is_srm_placeholder: bool | None = None
    os_family: str | None = None  # OsFamily value
    os_name: str | None = None  # e.g. "CentOS", "Windows Server"
    os_version: str | None = None  # e.g. "7.9", "2019"
    os_config: str | None = None  # RVTools: OS according to the configuration file
    os_tools: str | None = None  # RVTools: OS according to the VMware Tools
    arch: str | None = None  # "x86_64", "x86", "aarch64"
    kernel: str | None = None
    boot: str | None = None  # BootFirmware value
    secure_boot: bool | None = None
    cpu_cores: int | None = None
    memory_mib: float | None = None
    disk_total_mib: float | None = None
    disk_used_mib: float | None = None
    hw_version: int | None = None  # VMware virtual hardware version
    cbt: bool | None = None
    tools_status: str | None = None  # VMware Tools / FusionCompute VM Tools running state
    vm_uuid: str | None = None  # hypervisor instance UUID (RVTools "VM UUID")
    bios_uuid: str | None = None  # SMBIOS UUID
    vm_id: str | None = None  # e.g. RVTools "VM ID" (vm-123)
    business_system: str | None = None
    role: str | None = None  # Role value
    environment: str | None = None  # Environment value
    criticality: int | None = None
    notes: str | None = None
    tags: list[str] = field(default_factory=list)
    migration_mode: str | None = None  # MigrationMode value
    target_flavour: str | None = None
    target_subnet: str | None = None
    keep_ip: bool | None = None
    target_ip: str | None = None
    passthrough_devices: bool | None = None  # USB/PCI passthrough present
    bitlocker: bool | None = None
    code_page: str | None = None  # Windows UI code page (437, 936, ...)
    extra: dict[str, str] = field(default_factory=dict)  # custom attributes, wave, app, ...
    disks: list[DiskRecord] = field(default_factory=list)
    partitions: list[PartitionRecord] = field(default_factory=list)
    nics: list[NicRecord] = field(default_factory=list)
    # where the record came from, for problem messages
    source_file: str | None = None
    sheet: str | None = None
    row: int | None = None


@dataclass
class ImportProblem:
    """A row or cell that could not be used. ``row`` is 1-based as the user sees it."""

    reason: str
    file: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        loc = ", ".join(
            p
            for p in (
                self.file,
                f"sheet {self.sheet}" if self.sheet else None,
                f"row {self.row}" if self.row is not None else None,
                f"column {self.column}" if self.column else None,
            )
            if p
        )
        return f"{loc}: {self.reason}" if loc else self.reason


@dataclass
class SkippedRow:
    """A row of the file that is not imported, named so a person can check it: ``reason`` is
    a code (template, srm_placeholder, no_name, duplicate, blank) with labels in
    ``core/inventory/import_report.py``; ``detail`` says more (e.g. which row it repeats)."""

    reason: str
    name: str = ""
    sheet: str | None = None
    row: int | None = None
    detail: str = ""


@dataclass
class ParsedInventory:
    """What an importer read: hosts plus everything the preview must tell the user."""

    format: str  # importer id, e.g. "rvtools"
    hosts: list[HostRecord] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # repairs and assumptions, one line each
    skipped: dict[str, int] = field(default_factory=dict)  # reason code -> count
    dropped_columns: list[str] = field(default_factory=list)  # e.g. credentials
    skipped_rows: list[SkippedRow] = field(default_factory=list)  # every skipped row, named

    def skip(self, reason: str, name: str = "", sheet=None, row=None, detail: str = "") -> None:
        """Leave a row out, counted under ``reason`` and listed by name."""
        self.skipped[reason] = self.skipped.get(reason, 0) + 1
        self.skipped_rows.append(SkippedRow(reason, name, sheet, row, detail))

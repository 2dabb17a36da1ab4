"""Disks, partitions and NICs of a host: add, edit, soft delete and restore.

Why here and not in the GUI: the rules engine reads children (RDM, shared disks, file
systems), so each edit recomputes the host's verdict in the same transaction, and every edit
is validated and audited like a host field.
"""

from __future__ import annotations

from typing import Any

from hmfield.core.assess import verdicts as assessment
from hmfield.core.context import ServiceContext
from hmfield.core.errors import HmError
from hmfield.core.inventory.fields import FieldSpec, _ips, _number, validate_field
from hmfield.core.inventory.formats.readers import cell_bool
from hmfield.core.model.inventory import Disk, Host, Nic, Partition

# child field -> kind (same kinds as host fields)
CHILD_FIELDS: dict[type, dict[str, str]] = {
    Disk: {
        "name": "text",
        "capacity_mib": "mib",
        "thin": "bool",
        "raw_rdm": "bool",
        "rdm_mode": "text",
        "shared": "bool",
        "independent": "bool",
        "controller": "text",
    },
    Partition: {
        "mount": "text",
        "filesystem": "text",
        "capacity_mib": "mib",
        "used_mib": "mib",
        "free_pct": "pct",
        "lvm": "bool",
        "lvm_thin": "bool",
        "encrypted": "bool",
        "mounted": "bool",
    },
    Nic: {"name": "text", "mac": "text", "ips": "ips", "network": "text"},
}
_LABEL = {Disk: "disk", Partition: "partition", Nic: "NIC"}


def validate_child(model: type, name: str, value: Any) -> Any:
    """Validate one disk/partition/NIC field (text, MiB size, yes/no, %, IP list)."""
    kinds = CHILD_FIELDS[model]
    if name not in kinds:
        raise HmError(f"{_LABEL[model]}: {name!r} is not an editable field")
    kind = kinds[name]
    spec = FieldSpec(name, name, f"{_LABEL[model]} {name}", "mib" if kind == "mib" else kind, 0)
    if value is None or (isinstance(value, str) and not value.strip()):
        if kind == "ips":
            return []
        return "" if name in ("name", "mount") else None
    if kind == "text":
        return str(value).strip()
    if kind == "bool":
        try:
            return cell_bool(value)
        except ValueError:
            raise HmError(f"{spec.en}: {str(value)[:40]!r} is not yes/no") from None
    if kind == "ips":
        return _ips(spec, value)
    number = float(
        _number(FieldSpec(name, name, spec.en, "float" if kind == "pct" else "mib"), value)
    )
    if number < 0 or (kind == "pct" and number > 100):
        raise HmError(f"{spec.en}: {number:g} is out of range")
    return number


class HostChildrenService:
    """A host's disks, partitions and NICs: one public method per use case."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def _add_child(self, model: type, host_id: str, values: dict) -> Any:
        clean = {k: validate_child(model, k, v) for k, v in values.items()}
        with self.ctx.write() as uow:
            host = uow.session.get(Host, host_id)
            if host is None or host.deleted:
                raise HmError(f"no host with id {host_id}")
            obj = model(host_id=host_id, **clean)
            uow.rec.create(obj)
            assessment.reassess_hosts(uow, [host_id])
        return obj

    def _update_child(self, model: type, child_id: str, changes: dict) -> Any:
        clean = {k: validate_child(model, k, v) for k, v in changes.items()}
        with self.ctx.write() as uow:
            obj = uow.session.get(model, child_id)
            if obj is None or obj.deleted:
                raise HmError(f"no {_LABEL[model]} with id {child_id}")
            if uow.rec.update(obj, clean):
                assessment.reassess_hosts(uow, [obj.host_id])
        return obj

    def _delete_child(self, model: type, child_id: str, deleted: bool = True) -> bool:
        with self.ctx.write() as uow:
            obj = uow.session.get(model, child_id)
            if obj is None:
                raise HmError(f"no {_LABEL[model]} with id {child_id}")
            done = uow.rec.delete(obj) if deleted else uow.rec.restore(obj)
            if done:
                assessment.reassess_hosts(uow, [obj.host_id])
        return done

    # disks
    def add_disk(self, host_id: str, **values: Any) -> Disk:
        return self._add_child(Disk, host_id, values)

    def update_disk(self, disk_id: str, **changes: Any) -> Disk:
        return self._update_child(Disk, disk_id, changes)

    def delete_disk(self, disk_id: str) -> bool:
        return self._delete_child(Disk, disk_id)

    def restore_disk(self, disk_id: str) -> bool:
        return self._delete_child(Disk, disk_id, deleted=False)

    # partitions
    def add_partition(self, host_id: str, **values: Any) -> Partition:
        return self._add_child(Partition, host_id, values)

    def update_partition(self, partition_id: str, **changes: Any) -> Partition:
        return self._update_child(Partition, partition_id, changes)

    def delete_partition(self, partition_id: str) -> bool:
        return self._delete_child(Partition, partition_id)

    def restore_partition(self, partition_id: str) -> bool:
        return self._delete_child(Partition, partition_id, deleted=False)

    # NICs
    def add_nic(self, host_id: str, **values: Any) -> Nic:
        return self._add_child(Nic, host_id, values)

    def update_nic(self, nic_id: str, **changes: Any) -> Nic:
        return self._update_child(Nic, nic_id, changes)

    def delete_nic(self, nic_id: str) -> bool:
        return self._delete_child(Nic, nic_id)

    def restore_nic(self, nic_id: str) -> bool:
        return self._delete_child(Nic, nic_id, deleted=False)


__all__ = ["CHILD_FIELDS", "HostChildrenService", "validate_child", "validate_field"]

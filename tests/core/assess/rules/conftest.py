"""Fixtures for the rule tests: baseline hosts that are fully supported as built, so a test can
change one fact and see exactly one rule react. Disks and partitions in ``changes`` may be
plain dicts; they are filled with sensible defaults (a Linux or Windows data volume)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from hmfield.core.model.records import DiskRecord, HostRecord, PartitionRecord


def _linux(**kw: Any) -> HostRecord:
    base = dict(
        name="lx01",
        platform="physical",
        os_family="linux",
        os_name="CentOS",
        os_version="7.9",
        arch="x86_64",
        kernel="3.10.0-1160.el7.x86_64",
        power_state="on",
        secure_boot=False,
        disks=[DiskRecord(name="sda", capacity_mib=51200, shared=False, independent=False)],
        partitions=[
            PartitionRecord(
                mount="/", filesystem="xfs", capacity_mib=10240, used_mib=2048, mounted=True
            ),
            PartitionRecord(
                mount="/boot", filesystem="ext4", capacity_mib=1024, used_mib=200, mounted=True
            ),
        ],
    )
    base.update(kw)
    return HostRecord(**base)


def _windows(**kw: Any) -> HostRecord:
    base = dict(
        name="win01",
        platform="physical",
        os_family="windows",
        os_name="Windows Server",
        os_version="2019",
        arch="x86_64",
        power_state="on",
        code_page="936",
        disks=[DiskRecord(name="disk0", capacity_mib=102400)],
        partitions=[
            PartitionRecord(mount="C:", filesystem="NTFS", capacity_mib=102400, used_mib=40960)
        ],
    )
    base.update(kw)
    return HostRecord(**base)


BASES = {
    "linux": lambda **kw: _linux(**kw),
    "windows": lambda **kw: _windows(**kw),
    "vmware": lambda **kw: _linux(
        **{"platform": "vmware", "platform_version": "7.0.3", "hw_version": 19, **kw}
    ),
    "vmware_win": lambda **kw: _windows(
        **{
            "platform": "vmware",
            "platform_version": "7.0.3",
            "hw_version": 19,
            "boot": "bios",
            **kw,
        }
    ),
    "fusioncompute": lambda **kw: _linux(
        **{
            "platform": "fusioncompute",
            "platform_version": "8.6.0",
            "tools_status": "running",
            **kw,
        }
    ),
    "openstack": lambda **kw: _linux(
        **{
            "platform": "openstack",
            "platform_version": "Queens",
            "extra": {"storage_backend": "Ceph", "storage_version": "14.2.22"},
            **kw,
        }
    ),
    "huawei_cloud": lambda **kw: _linux(
        **{"platform": "huawei_cloud", "extra": {"evs_cbr_confirmed": "yes"}, **kw}
    ),
    "hcs": lambda **kw: _linux(
        **{
            "platform": "hcs",
            "platform_version": "8.0.2",
            "extra": {"storage_backend": "OceanStor Dorado 8000 V6"},
            **kw,
        }
    ),
    "aws": lambda **kw: _linux(**{"platform": "aws", **kw}),
    "oracle_cloud": lambda **kw: _linux(
        **{"platform": "oracle_cloud", "extra": {"availability_domain": "AD-1"}, **kw}
    ),
}


_DISK = {"name": "sdb", "capacity_mib": 51200}
_LINUX_PART = {
    "mount": "/data",
    "filesystem": "xfs",
    "capacity_mib": 10240,
    "used_mib": 1024,
    "mounted": True,
}
_WINDOWS_PART = {"mount": "D:", "filesystem": "NTFS", "capacity_mib": 10240, "used_mib": 1024}


def build_host(base: str, **changes: Any) -> HostRecord:
    """A fresh baseline host of kind ``base`` with ``changes`` applied."""
    changes = copy.deepcopy(changes)
    windows = base in ("windows", "vmware_win")
    if "disks" in changes:
        changes["disks"] = [
            DiskRecord(**{**_DISK, **d}) if isinstance(d, dict) else d for d in changes["disks"]
        ]
    if "partitions" in changes:
        defaults = _WINDOWS_PART if windows else _LINUX_PART
        changes["partitions"] = [
            PartitionRecord(**{**defaults, **p}) if isinstance(p, dict) else p
            for p in changes["partitions"]
        ]
    return BASES[base](**changes)


@pytest.fixture
def make_host():
    """``make_host(base, **changes)``: see :func:`build_host`."""
    return build_host

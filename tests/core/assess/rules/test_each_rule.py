"""One case per rule: a host that triggers it and the untouched baseline host that does not.

The last test fails when a rule file gains a rule without a case here, so every rule stays
covered as the vendor lists change.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from hmfield.core.assess.rules import assess, default_ruleset
from hmfield.core.model.enums import RecommendedMode as M
from hmfield.core.model.enums import Verdict as V

S, C, N, U = V.SUPPORTED, V.SUPPORTED_WITH_CONDITIONS, V.NOT_SUPPORTED, V.UNKNOWN

# rule id: (baseline, changes that trigger it, expected verdict, expected mode)
CASES = {
    "scope.not_host": ("linux", {"extra": {"object_kind": "postgresql"}}, N, M.ALTERNATIVE),
    "scope.template": ("vmware", {"is_template": True}, N, M.NONE),
    "scope.srm_placeholder": ("vmware", {"is_srm_placeholder": True}, N, M.NONE),
    "scope.os_unknown": (
        "linux",
        {"os_family": None, "os_name": None, "os_version": None},
        U,
        M.AGENT,
    ),
    "mode.platform_unknown": ("linux", {"platform": None}, S, M.AGENT),
    "agentless.vmware": (
        "linux",
        {"platform": "vmware", "platform_version": "6.7"},
        S,
        M.AGENTLESS,
    ),
    "agentless.vmware_version_unlisted": ("vmware", {"platform_version": "4.1"}, S, M.AGENT),
    "agentless.openstack": (
        "linux",
        {
            "platform": "openstack",
            "platform_version": "Wallaby",
            "extra": {"storage_backend": "ceph", "storage_version": "15.2.16"},
        },
        S,
        M.AGENTLESS,
    ),
    "agentless.openstack_release_unlisted": ("openstack", {"platform_version": "Xena"}, S, M.AGENT),
    "agentless.fusioncompute": (
        "linux",
        {"platform": "fusioncompute", "platform_version": "8.6", "tools_status": "running"},
        S,
        M.AGENTLESS,
    ),
    "agentless.fusioncompute_version_unlisted": (
        "fusioncompute",
        {"platform_version": "8.3.0"},
        S,
        M.AGENT,
    ),
    "agentless.huawei_cloud": (
        "linux",
        {"platform": "huawei_cloud", "extra": {"evs_cbr_confirmed": "yes"}},
        S,
        M.AGENTLESS,
    ),
    "agentless.hcs": (
        "linux",
        {"platform": "hcs", "platform_version": "HCS Online"},
        S,
        M.AGENTLESS,
    ),
    "agentless.hcs_version_unlisted": ("hcs", {"platform_version": "8.3.0"}, S, M.AGENT),
    "agentless.aws": ("linux", {"platform": "aws"}, S, M.AGENTLESS),
    "agentless.oracle_cloud": (
        "linux",
        {"platform": "oracle_cloud", "extra": {"availability_domain": "AD-2"}},
        S,
        M.AGENTLESS,
    ),
    "vmware.version_8_rc": ("vmware", {"platform_version": "8.0.2"}, C, M.AGENTLESS),
    "vmware.hw_v4_full_only": ("vmware", {"hw_version": 4}, C, M.AGENTLESS),
    "vmware.cbt_hw_below_7": ("vmware", {"hw_version": 6}, C, M.AGENTLESS),
    "vmware.cbt_not_powered_on": ("vmware", {"power_state": "suspended"}, C, M.AGENTLESS),
    "vmware.esxi5_disk_over_2tb": (
        "vmware",
        {"platform_version": "5.1", "disks": [{"capacity_mib": 3_000_000}]},
        S,
        M.AGENT,
    ),
    "vmware.independent_disk": ("vmware", {"disks": [{"independent": True}]}, C, M.AGENTLESS),
    "vmware.rdm_physical": (
        "vmware",
        {"disks": [{"raw_rdm": True, "rdm_mode": "physical"}]},
        S,
        M.AGENT,
    ),
    "vmware.passthrough_device": ("vmware", {"passthrough_devices": True}, S, M.AGENT),
    "vmware.shared_disk": ("vmware", {"disks": [{"shared": True}]}, C, M.AGENTLESS),
    "vmware.partition_free_100mb": (
        "vmware",
        {"partitions": [{"capacity_mib": 1000, "used_mib": 950}]},
        C,
        M.AGENTLESS,
    ),
    "vmware.bitlocker_system_disk": ("vmware_win", {"bitlocker": True}, S, M.AGENT),
    "vmware.uefi_windows": ("vmware_win", {"boot": "uefi"}, C, M.AGENTLESS),
    "fusioncompute.tools_not_running": (
        "fusioncompute",
        {"tools_status": "toolsNotRunning"},
        C,
        M.AGENTLESS,
    ),
    "fusioncompute.ide_disk": ("fusioncompute", {"disks": [{"controller": "IDE"}]}, S, M.AGENT),
    "fusioncompute.shared_disk": ("fusioncompute", {"disks": [{"shared": True}]}, C, M.AGENTLESS),
    "fusioncompute.independent_disk": (
        "fusioncompute",
        {"disks": [{"independent": True}]},
        C,
        M.AGENTLESS,
    ),
    "openstack.storage_backend": ("openstack", {"extra": {"storage_backend": "LVM"}}, S, M.AGENT),
    "openstack.ceph_version": (
        "openstack",
        {"extra": {"storage_backend": "ceph", "storage_version": "16.2.0"}},
        S,
        M.AGENT,
    ),
    "openstack.xsky_version": (
        "openstack",
        {"extra": {"storage_backend": "XSKY", "storage_version": "3.2"}},
        S,
        M.AGENT,
    ),
    "huawei_cloud.snapshot_apis": ("huawei_cloud", {"extra": {}}, C, M.AGENTLESS),
    "hcs.dorado_storage": ("hcs", {"extra": {"storage_backend": "OceanStor 5500 V5"}}, S, M.AGENT),
    "aws.ebs_direct_api": ("linux", {"platform": "aws"}, S, M.AGENTLESS),
    "oracle_cloud.availability_domain": ("oracle_cloud", {"extra": {}}, U, M.AGENTLESS),
    "agent.os_family_other": (
        "linux",
        {"os_family": "other", "os_name": "FreeBSD", "os_version": "13"},
        N,
        M.NONE,
    ),
    "agent.not_x86_64": ("linux", {"arch": "aarch64"}, N, M.NONE),
    "agent.powered_off": ("linux", {"power_state": "off"}, C, M.AGENT),
    "linux.os_matrix": ("linux", {"os_version": "5.11"}, N, M.NONE),
    "linux.os_matrix_agentless": (
        "vmware",
        {"os_name": "Debian", "os_version": "12"},
        C,
        M.AGENTLESS,
    ),
    "linux.kernel_range": ("linux", {"kernel": "2.6.18-398.el5"}, N, M.NONE),
    "linux.kernel_cloud_tag": ("linux", {"kernel": "4.14.35-2047.el7uek.x86_64"}, U, M.AGENT),
    "linux.secure_boot": ("linux", {"secure_boot": True}, C, M.AGENT),
    "linux.bootloader_lilo": ("linux", {"extra": {"bootloader": "LILO 24.2"}}, N, M.NONE),
    "linux.fs_unsupported": ("linux", {"partitions": [{"filesystem": "btrfs"}]}, N, M.NONE),
    "linux.fs_untested": ("linux", {"partitions": [{"filesystem": "zfs"}]}, C, M.AGENT),
    "linux.lvm_thin": ("linux", {"partitions": [{"lvm": True, "lvm_thin": True}]}, N, M.NONE),
    "linux.luks": ("linux", {"partitions": [{"encrypted": True}]}, N, M.NONE),
    "linux.free_space_10pct": ("linux", {"partitions": [{"used_mib": 9500}]}, C, M.AGENT),
    "linux.nfs_mount": (
        "linux",
        {"partitions": [{}, {"mount": "/mnt/share", "filesystem": "nfs4"}]},
        C,
        M.AGENT,
    ),
    "linux.unmounted_partition": (
        "linux",
        {"partitions": [{}, {"mount": "/dev/sdc1", "mounted": False}]},
        C,
        M.AGENT,
    ),
    "linux.partitions_unknown": ("linux", {"partitions": []}, U, M.AGENT),
    "windows.os_matrix": ("windows", {"os_version": "2000"}, N, M.NONE),
    "windows.os_matrix_agentless": (
        "vmware_win",
        {"os_name": "Windows XP Professional", "os_version": None},
        C,
        M.AGENTLESS,
    ),
    "windows.client_edition": (
        "windows",
        {"os_name": "Windows 10 Pro", "os_version": None},
        C,
        M.AGENT,
    ),
    "windows.server_2003_service_pack": ("windows", {"os_version": "2003 SP1"}, N, M.NONE),
    "windows.code_page": ("windows", {"code_page": "1251"}, N, M.NONE),
    "windows.fs_fat": ("windows", {"partitions": [{"filesystem": "FAT32"}]}, N, M.NONE),
    "windows.fs_other": ("windows", {"partitions": [{"filesystem": "CDFS"}]}, C, M.AGENT),
    "windows.disk_count": ("windows", {"disks": [{"name": f"d{i}"} for i in range(33)]}, N, M.NONE),
    "windows.free_space_floor": ("windows", {"partitions": [{"used_mib": 10000}]}, N, M.NONE),
    "windows.free_space_vss": ("windows", {"partitions": [{"used_mib": 9500}]}, C, M.AGENT),
    "windows.partitions_unknown": ("windows", {"partitions": []}, U, M.AGENT),
    # added 2026-12-02 (support-facts.md review)
    "vmware.vcenter_version_unlisted": ("vmware", {"manager_version": "5.0"}, C, M.AGENTLESS),
    "vmware.vcenter_8_rc": ("vmware", {"manager_version": "8.0.1"}, C, M.AGENTLESS),
    "vmware.vmfs_version": ("vmware", {"vmfs_versions": ["6.5", "3.46"]}, C, M.AGENTLESS),
    "vmware.cbt_datastore": ("vmware", {"datastore_kinds": ["VMFS", "vSAN"]}, C, M.AGENTLESS),
    "fusioncompute.linked_clone": ("fusioncompute", {"linked_clone": True}, S, M.AGENT),
    "fusioncompute.snapshot_limit": ("fusioncompute", {"snapshot_count": 32}, C, M.AGENTLESS),
    "agentless_os.not_x86": ("vmware", {"arch": "aarch64"}, N, M.NONE),
    "agentless_os.bits_32": (
        "vmware_win",
        {"os_name": "Windows Server 2003 R2", "os_version": None, "arch": "x86"},
        C,
        M.AGENTLESS,
    ),
    "agentless_os.other_family": (
        "vmware",
        {"os_family": "other", "os_name": "FreeBSD", "os_version": "13"},
        C,
        M.AGENTLESS,
    ),
    # added 2026-12-02 (every fact of support-facts.md a rule): judged when the fact is there
    "linux.ram_per_mount": ("linux", {"memory_mib": 512}, C, M.AGENT),
    "linux.xen_pv_kernel": ("linux", {"kernel": "2.6.32-431.xen.x86_64"}, C, M.AGENT),
    "windows.free_space_precheck": (
        "windows",
        {"partitions": [{"capacity_mib": 3000, "used_mib": 2700}]},
        C,
        M.AGENT,
    ),
    "windows.agent_memory": ("windows", {"memory_mib": 512}, C, M.AGENT),
    "sync.rpo_minimum": ("linux", {"extra": {"rpo_minutes": "2"}}, C, M.AGENT),
}

# Questions (effect ask, or on_missing: ask with the fact absent): rule id -> (host that is
# asked, host that is not: out of the rule's scope or with the fact recorded).
ASKS = {
    "linux.xen_pv_ask": (("linux", {"platform": None}), ("linux", {})),
    "linux.boot_disk_first": (("linux", {}), ("vmware", {})),
    "linux.boot_in_fstab": (("linux", {}), ("linux", {"partitions": [{"mount": "/"}]})),
    "linux.multipath": (("linux", {}), ("windows", {})),
    "linux.raw_disk": (("linux", {}), ("vmware", {})),
    "linux.drbd": (("linux", {}), ("windows", {})),
    "linux.oracle_rac": (("linux", {}), ("vmware", {})),
    "linux.secure_boot": (("linux", {"secure_boot": None}), ("linux", {})),
    "linux.bootloader_lilo": (("linux", {}), ("linux", {"extra": {"bootloader": "GRUB 2.06"}})),
    "linux.ram_per_mount": (("linux", {}), ("linux", {"memory_mib": 8192})),
    "windows.agent_memory": (("windows", {}), ("windows", {"memory_mib": 8192})),
    "windows.disks_unknown": (("windows", {"disks": []}), ("windows", {})),
    "windows.offline_disks": (("windows", {}), ("linux", {})),
    "windows.dynamic_disks": (("windows", {}), ("vmware_win", {})),
    "windows.vss_backup_software": (("windows", {}), ("linux", {})),
    "vmware.vsan_version": (
        ("vmware", {"datastore_kinds": ["vSAN"]}),
        ("vmware", {"datastore_kinds": ["VMFS"]}),
    ),
    "vmware.vcenter_version_unlisted": (("vmware", {}), ("vmware", {"manager_version": "7.0"})),
    "sync.rpo_minimum": (("linux", {}), ("linux", {"extra": {"rpo_minutes": "15"}})),
}


@pytest.fixture(scope="module")
def rs():
    return default_ruleset()


@pytest.mark.parametrize(
    "base",
    [
        "linux",
        "windows",
        "vmware",
        "vmware_win",
        "fusioncompute",
        "openstack",
        "hcs",
        "huawei_cloud",
        "aws",
        "oracle_cloud",
    ],
)
def test_baselines_are_clean(rs, base, make_host):
    result = assess(make_host(base), rs)
    assert result.verdict in (S, C), [r.message_en for r in result.reasons]
    assert not result.conditions, [r.code for r in result.conditions]
    assert not result.missing


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_triggers_and_baseline_does_not(rs, rule_id, make_host):
    base, changes, verdict, mode = CASES[rule_id]
    result = assess(make_host(base, **changes), rs)
    codes = [r.code for r in result.reasons]
    assert rule_id in codes, (codes, [r.message_en for r in result.reasons])
    assert (result.verdict, result.mode) == (verdict, mode), [r.message_en for r in result.reasons]
    reason = next(r for r in result.reasons if r.code == rule_id)
    assert reason.message_zh and reason.message_en and reason.source
    assert "{" not in reason.message_en  # placeholders were filled
    untouched = assess(make_host(base), rs)
    assert rule_id not in [r.code for r in untouched.reasons]


@pytest.mark.parametrize("rule_id", sorted(ASKS))
def test_question_is_asked_and_never_changes_the_verdict(rs, rule_id, make_host):
    (base, changes), (other, other_changes) = ASKS[rule_id]
    result = assess(make_host(base, **changes), rs)
    asked = [q for q in result.questions if q.code == rule_id]
    assert asked, [q.code for q in result.questions]
    assert asked[0].effect == "ask" and asked[0].message_zh and asked[0].message_en
    assert "{" not in asked[0].message_en
    if rs.rule(rule_id).effect == "ask":  # worded as a question
        assert "?" in asked[0].message_en and "？" in asked[0].message_zh
    assert rule_id not in [r.code for r in result.reasons]
    assert "ask" not in {r.effect for r in result.reasons}
    quiet = assess(make_host(other, **other_changes), rs)
    assert rule_id not in [q.code for q in quiet.questions]
    # the question changes nothing else: the same host without the rule gets the same verdict
    reduced = replace(rs, rules=tuple(r for r in rs.rules if r.id != rule_id), _selection={})
    assert assess(make_host(base, **changes), reduced).verdict is result.verdict


def test_every_rule_has_a_case(rs):
    ask_only = {r.id for r in rs.rules if r.effect == "ask"}
    assert ask_only <= set(ASKS)
    assert {r.id for r in rs.rules} == set(CASES) | set(ASKS)


@pytest.mark.parametrize(("base", "rule_id"), [("linux", "agent.not_x86_64"),
                                               ("vmware", "agentless_os.not_x86")])  # fmt: skip
def test_a_server_that_is_not_x86_is_to_be_rebuilt_on_the_target(rs, base, rule_id, make_host):
    """HyperMotion moves x86 servers only (support-facts: not ARM or IBM Power): an ARM
    server, physical or a VM, is not supported and its alternative is a rebuild on the
    target, named in both languages wherever the alternative is shown."""
    result = assess(make_host(base, arch="aarch64"), rs)
    assert result.verdict is N and rule_id in [r.code for r in result.reasons]
    assert result.alternative == "rebuild"
    assert rs.catalog.label(result.alternative, "zh").startswith("目标端重建")
    assert rs.catalog.label(result.alternative, "en").startswith("Rebuild on the target")
    assert rs.catalog.label(None, "en") == ""

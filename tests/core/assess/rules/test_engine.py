"""Decision order, verdict/mode consistency, missing facts and Sync Proxy counts."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hmfield.core.assess.rules import assess, default_ruleset, summarise
from hmfield.core.model.enums import RecommendedMode as M
from hmfield.core.model.enums import Verdict as V
from hmfield.core.model.records import DiskRecord, HostRecord, PartitionRecord

RS = default_ruleset()


def codes(result):
    return [r.code for r in result.reasons]


def test_non_host_stops_before_mode_and_os(make_host):
    result = assess(
        make_host("vmware", extra={"object_kind": "nas"}, partitions=[{"filesystem": "btrfs"}]), RS
    )
    assert codes(result) == ["scope.not_host"]
    assert (result.verdict, result.mode, result.alternative) == (
        V.NOT_SUPPORTED,
        M.ALTERNATIVE,
        "rclone",
    )


def test_each_alternative_kind_maps_to_its_tool(make_host):
    expected = {
        "mysql": "mysqldump", "postgresql": "pg_dump", "kubernetes": "velero", "nas": "rclone",
        "object_storage_aws": "aws_s3_cli", "object_storage_azure": "azcopy", "oracle_rac": "other",
        "something_new": "other",
    }  # fmt: skip
    for kind, tool in expected.items():
        assert assess(make_host("linux", extra={"object_kind": kind}), RS).alternative == tool, kind


def test_host_kinds_are_hosts(make_host):
    for kind in ("vm", "Physical", "cloud_instance"):
        assert assess(make_host("linux", extra={"object_kind": kind}), RS).verdict is V.SUPPORTED


def test_template_is_not_a_candidate_even_where_agentless_works(make_host):
    result = assess(make_host("vmware", is_template=True), RS)
    assert codes(result) == ["scope.template"] and result.mode is M.NONE


def test_agentless_preferred_when_platform_supports_it(make_host):
    result = assess(make_host("vmware"), RS)
    assert result.mode is M.AGENTLESS and codes(result) == ["agentless.vmware"]


def test_agentless_blocker_falls_back_to_agent(make_host):
    result = assess(make_host("vmware", disks=[{"raw_rdm": True, "rdm_mode": "physical"}]), RS)
    assert (result.verdict, result.mode) == (V.SUPPORTED, M.AGENT)
    effects = {r.code: r.effect for r in result.reasons}
    assert effects["vmware.rdm_physical"] == "fallback"
    assert effects["agentless.vmware"] == "note"


def test_no_fallback_when_agent_cannot_take_the_host(make_host):
    h = make_host(
        "vmware",
        disks=[{"raw_rdm": True, "rdm_mode": "physical"}],
        partitions=[{"filesystem": "btrfs"}],
    )
    result = assess(h, RS)
    assert (result.verdict, result.mode) == (V.NOT_SUPPORTED, M.NONE)
    effects = {r.code: r.effect for r in result.reasons}
    assert effects["vmware.rdm_physical"] == "block" and effects["linux.fs_unsupported"] == "block"


def test_agentless_path_ignores_agent_only_rules(make_host):
    # Btrfs blocks the Linux agent, but agentless VMware copies disks below the file system.
    assert assess(make_host("vmware", partitions=[{"filesystem": "btrfs"}]), RS).mode is M.AGENTLESS


def test_platform_conditions_come_after_os_conditions(make_host):
    h = make_host(
        "vmware", os_name="Debian", os_version="12", disks=[{"shared": True}], hw_version=4
    )
    order = codes(assess(h, RS))
    assert order[0] == "agentless.vmware"
    assert order.index("linux.os_matrix_agentless") < order.index("vmware.hw_v4_full_only")
    assert order.index("linux.os_matrix_agentless") < order.index("vmware.shared_disk")


def test_agent_order_os_before_storage(make_host):
    h = make_host("linux", secure_boot=True, partitions=[{"used_mib": 9900}], power_state="off")
    order = codes(assess(h, RS))
    assert order[0] == "mode.agent"
    assert (
        order.index("linux.secure_boot")
        < order.index("agent.powered_off")
        < order.index("linux.free_space_10pct")
    )


def test_conditions_listed_separately(make_host):
    result = assess(make_host("vmware", disks=[{"shared": True}]), RS)
    assert result.verdict is V.SUPPORTED_WITH_CONDITIONS
    assert [r.code for r in result.conditions] == ["vmware.shared_disk"]
    assert (
        "non-shared" in result.conditions[0].message_en
        and "非共享" in result.conditions[0].message_zh
    )


def test_missing_platform_version_is_agentless_but_unknown(make_host):
    # support-facts.md: unknown = a fact needed for the decision is missing, and it is named
    result = assess(make_host("vmware", platform_version=None), RS)
    assert (result.verdict, result.mode) == (V.UNKNOWN, M.AGENTLESS)
    assert result.missing == ["platform_version"]
    reason = next(r for r in result.reasons if r.code == "agentless.vmware")
    assert reason.effect == "unknown" and "ESXi / hypervisor version" in reason.message_en
    assert "platform_version" not in reason.message_en + reason.message_zh
    assert "ESXi" in reason.message_en and "vHost" in reason.message_en


def test_missing_version_with_agentless_blocker_falls_back(make_host):
    result = assess(make_host("vmware", platform_version=None, passthrough_devices=True), RS)
    assert (result.verdict, result.mode) == (V.SUPPORTED, M.AGENT)
    assert {r.code: r.effect for r in result.reasons}["agentless.vmware"] == "note"


def test_missing_kernel_is_unknown_for_the_agent(make_host):
    result = assess(make_host("linux", kernel=None), RS)
    assert result.verdict is V.UNKNOWN and result.missing == ["kernel"]


def test_os_version_read_from_vmware_os_text(make_host):
    h = make_host(
        "linux",
        os_name=None,
        os_version=None,
        os_family=None,
        os_config="CentOS 7 (64-bit)",
        arch=None,
    )
    assert assess(h, RS).verdict is V.SUPPORTED
    h = make_host(
        "linux", os_name=None, os_version=None, os_family=None, os_config="Ubuntu Linux (64-bit)"
    )
    result = assess(h, RS)
    assert result.verdict is V.UNKNOWN and "os_version" in result.missing


def test_rdm_without_mode_is_unknown_not_supported(make_host):
    result = assess(make_host("vmware", disks=[{"raw_rdm": True}]), RS)
    assert result.verdict is V.UNKNOWN and result.missing == ["disks.rdm_mode"]


def test_cloud_kernel_confirmed_by_custom_attribute(make_host):
    aws_kernel = make_host("linux", os_name="Ubuntu", os_version="22.04", kernel="6.5.0-1014-aws")
    result = assess(aws_kernel, RS)
    assert result.verdict is V.UNKNOWN and result.missing == ["kernel_vendor_confirmation"]
    aws_kernel.extra["kernel_confirmed"] = "yes"
    assert assess(aws_kernel, RS).verdict is V.SUPPORTED


def test_version_ranges_are_inclusive(make_host):
    assert (
        assess(make_host("linux", kernel="2.6.32-754.el6.x86_64", os_version="6.10"), RS).verdict
        is V.SUPPORTED
    )
    assert assess(make_host("linux", kernel="7.0.0"), RS).verdict is V.SUPPORTED
    assert assess(make_host("linux", kernel="7.0.1"), RS).verdict is V.NOT_SUPPORTED
    assert (
        assess(make_host("linux", os_name="SLES", os_version="12 SP5"), RS).verdict is V.SUPPORTED
    )
    # "12" without a service pack: SLES is listed per SP, so the SP is the missing fact
    sles12 = assess(make_host("linux", os_name="SLES", os_version="12"), RS)
    assert sles12.verdict is V.UNKNOWN and sles12.missing == ["os_service_pack"]
    assert (
        assess(make_host("linux", os_name="Kylin", os_version="V10 SP3 (2401)"), RS).verdict
        is V.SUPPORTED
    )
    assert (
        assess(make_host("linux", os_name="UOS", os_version="1050u2e"), RS).verdict is V.SUPPORTED
    )


def test_assessment_records_the_ruleset_version(make_host):
    assert assess(make_host("linux"), RS).ruleset_version == RS.version


# ---- properties over random hosts -------------------------------------------------------
_opt = lambda values: st.one_of(st.none(), st.sampled_from(values))  # noqa: E731
_disks = st.lists(
    st.builds(
        DiskRecord,
        capacity_mib=_opt([1024.0, 3_000_000.0]),
        raw_rdm=_opt([True, False]),
        rdm_mode=_opt(["physical", "virtual"]),
        shared=_opt([True, False]),
        independent=_opt([True, False]),
        controller=_opt(["IDE", "SCSI"]),
    ),
    max_size=3,
)
_parts = st.lists(
    st.builds(
        PartitionRecord,
        mount=st.sampled_from(["/", "C:", "/data"]),
        filesystem=_opt(["xfs", "btrfs", "NTFS", "FAT32", "nfs", "zfs"]),
        capacity_mib=_opt([100.0, 10240.0]),
        used_mib=_opt([50.0, 9990.0]),
        lvm_thin=_opt([True, False]),
        encrypted=_opt([True, False]),
        mounted=_opt([True, False]),
    ),
    max_size=3,
)
_hosts = st.builds(
    HostRecord,
    platform=_opt(
        [
            "vmware",
            "physical",
            "openstack",
            "fusioncompute",
            "aws",
            "oracle_cloud",
            "hcs",
            "huawei_cloud",
            "kvm",
        ]
    ),
    platform_version=_opt(["5.1", "7.0", "8.6.0", "Queens", "8.0.2", "4.0"]),
    os_family=_opt(["linux", "windows", "other"]),
    os_name=_opt(["CentOS", "Ubuntu", "Windows Server", "Windows 10 Enterprise", "Debian"]),
    os_version=_opt(["7.9", "22.04", "2019", "5"]),
    os_config=_opt(["CentOS 7 (64-bit)", "Other Linux (32-bit)"]),
    arch=_opt(["x86_64", "aarch64", "i686"]),
    kernel=_opt(["3.10.0", "5.15.0-1051-aws", "2.4.21"]),
    hw_version=_opt([4, 6, 19]),
    power_state=_opt(["on", "off"]),
    is_template=_opt([True, False]),
    tools_status=_opt(["running", "toolsNotRunning"]),
    passthrough_devices=_opt([True, False]),
    bitlocker=_opt([True, False]),
    code_page=_opt(["437", "1251"]),
    secure_boot=_opt([True, False]),
    extra=st.fixed_dictionaries(
        {},
        optional={
            "object_kind": st.sampled_from(["mysql", "vm"]),
            "availability_domain": st.just("AD-1"),
        },
    ),
    disks=_disks,
    partitions=_parts,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_hosts)
def test_every_host_gets_exactly_one_consistent_verdict(h):
    result = assess(h, RS)
    assert isinstance(result.verdict, V) and isinstance(result.mode, M)
    effects = {r.effect for r in result.reasons}
    if result.verdict is V.UNKNOWN:
        assert result.missing, [r.message_en for r in result.reasons]
        assert "unknown" in effects and "block" not in effects
    if result.verdict is V.NOT_SUPPORTED:
        assert "block" in effects or result.mode is M.ALTERNATIVE
        assert result.mode in (M.NONE, M.ALTERNATIVE)
    if result.verdict is V.SUPPORTED_WITH_CONDITIONS:
        assert result.conditions and effects.isdisjoint({"block", "unknown"})
    if result.verdict is V.SUPPORTED:
        assert effects.isdisjoint({"block", "unknown", "condition"})
        assert result.mode in (M.AGENT, M.AGENTLESS)
    assert assess(h, RS) == result  # deterministic (caches do not change outcomes)


def test_summary_counts_and_sync_proxies(make_host):
    hosts = [make_host("vmware", name=f"v{i}") for i in range(150)]
    hosts += [make_host("oracle_cloud", extra={"availability_domain": "AD-1"}) for _ in range(30)]
    hosts += [make_host("oracle_cloud", extra={"availability_domain": "AD-2"}) for _ in range(101)]
    hosts += [make_host("linux", kernel=None), make_host("linux", extra={"object_kind": "mysql"})]
    results = [assess(h, RS) for h in hosts]
    summary = summarise(results, hosts, RS)
    assert summary["sync_proxies"] == {"oracle_cloud/AD-1": 1, "oracle_cloud/AD-2": 2, "vmware": 2}
    assert summary["sync_proxies_total"] == 5
    assert summary["modes"]["agentless"] == 281 and summary["modes"]["alternative"] == 1
    assert summary["verdicts"]["unknown"] == 1 and summary["verdicts"]["supported"] == 281
    assert sum(summary["verdicts"].values()) == summary["total"] == len(hosts)
    assert summary["missing_facts"] == {"kernel": 1}

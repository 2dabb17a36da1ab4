"""Rules checked against support-facts.md (review of 2026-12-02): missing facts are unknown and
named with a question, OS levels (service pack / update) are kept, LUKS, vCenter vs ESXi, the
agentless OS caveat for every family, ``ask`` questions that never change the verdict, and
sources printed as document names."""

from __future__ import annotations

import pytest

from hmfield.core.assess.facts import verdict_row
from hmfield.core.assess.rules import assess, default_ruleset
from hmfield.core.assess.rules.facts import HostFacts
from hmfield.core.model.enums import RecommendedMode as M
from hmfield.core.model.enums import Verdict as V

RS = default_ruleset()


def codes(result):
    return [r.code for r in result.reasons]


@pytest.mark.parametrize(
    ("base", "changes", "fact"),
    [
        ("vmware", {"platform_version": None}, "platform_version"),
        ("fusioncompute", {"platform_version": None}, "platform_version"),
        ("openstack", {"platform_version": None}, "platform_version"),
        ("hcs", {"platform_version": None}, "platform_version"),
        ("linux", {"arch": None}, "arch"),
        ("windows", {"code_page": None}, "code_page"),
        ("fusioncompute", {"tools_status": None}, "tools_status"),
        ("openstack", {"extra": {}}, "extra.storage_backend"),
        ("linux", {"partitions": []}, "partitions"),
        ("oracle_cloud", {"extra": {}}, "extra.availability_domain"),
    ],
)
def test_a_missing_fact_is_unknown_and_named(make_host, base, changes, fact):
    result = assess(make_host(base, **changes), RS)
    assert result.verdict is V.UNKNOWN, [r.message_en for r in result.reasons]
    assert fact in result.missing
    named = [r for r in result.reasons if r.effect == "unknown"]
    assert named and all(r.message_zh and r.message_en for r in named)


def test_missing_esxi_version_asks_whom(make_host):
    reason = next(
        r
        for r in assess(make_host("vmware", platform_version=None), RS).reasons
        if r.code == "agentless.vmware"
    )
    assert "ESXi" in reason.message_en and "administrator" in reason.message_en
    assert "ESXi" in reason.message_zh and "管理员" in reason.message_zh


@pytest.mark.parametrize(
    ("name", "version", "verdict"),
    [
        ("SUSE Linux Enterprise 11", None, V.UNKNOWN),
        ("SUSE Linux Enterprise Server 11 SP4", None, V.SUPPORTED),
        ("SLES", "12 SP5", V.SUPPORTED),
        ("SLES", "12.5", V.SUPPORTED),
        ("SLES", "15 SP7", V.NOT_SUPPORTED),
        ("SLES", "11 SP0", V.NOT_SUPPORTED),
        ("RHEL", "7.9", V.SUPPORTED),
        ("CentOS", "6.10", V.SUPPORTED),
        ("Kylin", "V10 SP1 (2101)", V.SUPPORTED),
        ("Kylin V10 (2207)", None, V.SUPPORTED),
        ("Kylin V10 (2401)", None, V.SUPPORTED),
        ("Kylin", "V10 SP2", V.NOT_SUPPORTED),
        ("Kylin", "V10", V.UNKNOWN),
        ("UOS", "1050u2e", V.SUPPORTED),
        ("UOS Server 20", "1050 u2a", V.SUPPORTED),
        ("UOS Server 20", "1060u1", V.NOT_SUPPORTED),
        ("UOS Server 20", None, V.UNKNOWN),
    ],
)
def test_linux_levels(make_host, name, version, verdict):
    result = assess(make_host("linux", os_name=name, os_version=version), RS)
    assert result.verdict is verdict, [r.message_en for r in result.reasons]
    if verdict is V.UNKNOWN:
        assert result.missing == ["os_service_pack"]


@pytest.mark.parametrize(
    ("name", "verdict"),
    [
        ("Windows Server 2016 Datacenter", V.SUPPORTED),
        ("Windows Server 2003 SP2", V.SUPPORTED),
        ("Windows Server 2003 R2 Enterprise", V.SUPPORTED),
        ("Windows Server 2003 SP1", V.NOT_SUPPORTED),
        ("Windows Server 2003 Standard", V.UNKNOWN),
    ],
)
def test_windows_levels(make_host, name, verdict):
    result = assess(make_host("windows", os_name=name, os_version=None), RS)
    assert result.verdict is verdict, [r.message_en for r in result.reasons]
    if verdict is V.UNKNOWN:
        assert result.missing == ["os_service_pack"]


def test_derived_os_facts_keep_the_whole_version():
    from hmfield.core.model.records import HostRecord

    f = HostFacts(HostRecord(os_name="Kylin", os_version="V10 SP1 (2101)"))
    assert (f.os_distro, f.os_level) == ("kylin", "sp1")
    f = HostFacts(HostRecord(os_name="UOS Server 20 1050 u2a"))
    assert (f.os_distro, f.os_level) == ("uos", "1050u2a")
    f = HostFacts(HostRecord(os_config="Microsoft Windows Server 2003 Standard (32-bit)"))
    assert (f.os_distro, f.arch_norm, f.os_level) == ("windows_server", "x86", None)


def test_32_bit_is_not_supported_by_the_agent(make_host):
    result = assess(make_host("windows", os_name="Windows Server 2003 R2", arch="x86"), RS)
    assert result.verdict is V.NOT_SUPPORTED and "agent.not_x86_64" in codes(result)


@pytest.mark.parametrize(
    ("base", "changes"),
    [
        ("vmware_win", {"os_name": "Windows Server 2003 R2", "os_version": None, "arch": "x86"}),
        ("vmware_win", {"os_name": "Windows XP Professional", "os_version": None, "arch": "x86"}),
        ("vmware", {"os_name": "CentOS", "os_version": "6.10", "arch": "i686"}),
    ],
)
def test_agentless_32_bit_needs_confirmation_for_every_family(make_host, base, changes):
    result = assess(make_host(base, **changes), RS)
    assert (result.verdict, result.mode) == (V.SUPPORTED_WITH_CONDITIONS, M.AGENTLESS)
    assert "agentless_os.bits_32" in codes(result)


@pytest.mark.parametrize("name", ["FreeBSD", "Oracle Solaris"])
def test_agentless_other_os_needs_confirmation(make_host, name):
    result = assess(make_host("vmware", os_family="other", os_name=name, os_version="11"), RS)
    assert result.verdict is V.SUPPORTED_WITH_CONDITIONS
    assert "agentless_os.other_family" in [r.code for r in result.conditions]


@pytest.mark.parametrize(
    ("part", "verdict"),
    [
        ({"filesystem": "crypto_LUKS"}, V.NOT_SUPPORTED),
        ({"encrypted": True}, V.NOT_SUPPORTED),
        ({"filesystem": "btrfs"}, V.NOT_SUPPORTED),
        ({"filesystem": "oracleasm"}, V.NOT_SUPPORTED),
        ({"filesystem": "ext3"}, V.SUPPORTED),
        ({"filesystem": "exfat"}, V.SUPPORTED),
        ({"filesystem": "vfat"}, V.SUPPORTED),
    ],
)
def test_linux_file_systems(make_host, part, verdict):
    result = assess(make_host("linux", partitions=[{}, part]), RS)
    assert result.verdict is verdict, [r.message_en for r in result.reasons]
    if part.get("filesystem") == "crypto_LUKS":
        assert "linux.luks" in codes(result) and "linux.fs_untested" not in codes(result)


def test_missing_vcenter_version_is_a_question_not_a_verdict(make_host):
    result = assess(make_host("vmware"), RS)
    assert result.verdict is V.SUPPORTED and result.mode is M.AGENTLESS
    asked = {q.code for q in result.questions}
    assert {"vmware.vcenter_version_unlisted", "vmware.cbt_datastore"} <= asked
    assert all(q.effect == "ask" for q in result.questions)
    assert not result.missing
    listed = assess(
        make_host(
            "vmware", manager_version="6.7.0", datastore_kinds=["VMFS"], vmfs_versions=["6.5"]
        ),
        RS,
    )
    assert listed.verdict is V.SUPPORTED
    assert not [q for q in listed.questions if q.code.startswith("vmware.")]


def test_vsan_datastore_means_full_sync_unless_confirmed(make_host):
    result = assess(make_host("vmware", datastore_kinds=["vSAN"]), RS)
    assert [r.code for r in result.conditions] == ["vmware.cbt_datastore"]


def test_esxi_and_vcenter_lists_differ(make_host):
    # ESXi 5.0 is listed, vCenter 5.0 is not
    esxi50 = assess(make_host("vmware", platform_version="5.0.0", manager_version="5.1"), RS)
    assert esxi50.verdict is V.SUPPORTED and esxi50.mode is M.AGENTLESS
    vc50 = assess(make_host("vmware", manager_version="5.0"), RS)
    assert "vmware.vcenter_version_unlisted" in [r.code for r in vc50.conditions]


def test_questions_are_stored_with_effect_ask(make_host):
    row = verdict_row("h1", assess(make_host("vmware"), RS), None)
    assert row["verdict"] == "supported"
    assert any(r["effect"] == "ask" for r in row["reasons"])


def test_sources_are_document_names_not_tuples(make_host):
    hosts = [
        make_host("linux", partitions=[{"filesystem": "crypto_LUKS"}]),
        make_host("windows", code_page="1251"),
        make_host("vmware", disks=[{"shared": True}]),
    ]
    for host in hosts:
        for reason in assess(host, RS).reasons:
            assert "(" not in reason.source and "'" not in reason.source, reason
    for rule in RS.rules:
        assert not rule.source.startswith(("(", "[")), rule.id

"""An OS whose matrix entry needs a level the texts do not give (a service pack, a client
edition, a release) is `unknown` naming that level, in both modes; never supported, never "not
in the matrix" (support-facts.md: SLES 11 SP1-SP4; Windows Server 2003 SP2/R2; Windows client 7
Ultimate, 8 Professional, 10/11 Enterprise; a missing fact is `unknown`)."""

from __future__ import annotations

import pytest

from hmfield.core.assess.rules import assess, default_ruleset
from hmfield.core.assess.rules.facts import HostFacts
from hmfield.core.model.enums import RecommendedMode as M
from hmfield.core.model.enums import Verdict as V
from hmfield.core.model.records import DiskRecord, HostRecord, PartitionRecord

RS = default_ruleset()
C, S, U, N = V.SUPPORTED_WITH_CONDITIONS, V.SUPPORTED, V.UNKNOWN, V.NOT_SUPPORTED


def _vmware(kind: str, **kw):
    """An agentless VMware host, with the OS texts as RVTools gives them (os_name/os_version
    as the importer reads them, the guest type string in os_config)."""
    base = dict(name="vm", platform="vmware", platform_version="6.0.0", hw_version=11,
                power_state="on", code_page="437", os_family=kind)  # fmt: skip
    return HostRecord(**{**base, **kw})


CASES = {
    # (host fields, agentless verdict, missing facts)
    "sles11 no sp": (
        dict(
            os_family="linux",
            os_name="SUSE Linux Enterprise",
            os_version="11",
            arch="x86_64",
            os_config="SUSE Linux Enterprise 11 (64-bit)",
        ),
        U,
        ["os_service_pack"],
    ),
    "sles11 sp3": (
        dict(
            os_family="linux",
            os_name="SUSE Linux Enterprise",
            os_version="11",
            arch="x86_64",
            os_tools="SUSE Linux Enterprise Server 11 SP3",
        ),
        S,
        [],
    ),
    "sles11 32-bit": (
        dict(os_family="linux", os_name="SUSE Linux Enterprise", os_version="11", arch="x86"),
        C,
        [],
    ),
    "2003 x64 no sp": (
        dict(
            os_family="windows",
            os_name="Windows Server",
            os_version="2003",
            arch="x86_64",
            os_config="Microsoft Windows Server 2003 (64-bit)",
        ),
        U,
        ["os_service_pack"],
    ),
    "2003 x64 sp2": (
        dict(
            os_family="windows",
            os_name="Windows Server",
            os_version="2003",
            arch="x86_64",
            os_tools="Microsoft Windows Server 2003 SP2 (64-bit)",
        ),
        S,
        [],
    ),
    "2003 x64 sp1": (
        dict(os_family="windows", os_name="Windows Server", os_version="2003 SP1", arch="x86_64"),
        C,
        [],
    ),
    "2003 32-bit": (
        dict(os_family="windows", os_name="Windows Server", os_version="2003", arch="x86"),
        C,
        [],
    ),
    "win7 no edition": (
        dict(
            os_family="windows",
            os_name="Windows",
            os_version="7",
            arch="x86_64",
            os_config="Microsoft Windows 7 (64-bit)",
        ),
        U,
        ["os_edition"],
    ),
    "win7 ultimate": (
        dict(
            os_family="windows",
            os_name="Windows",
            os_version="7",
            arch="x86_64",
            os_tools="Microsoft Windows 7 Ultimate",
        ),
        S,
        [],
    ),
    "win7 professional": (
        dict(
            os_family="windows",
            os_name="Windows",
            os_version="7",
            arch="x86_64",
            os_tools="Microsoft Windows 7 Professional",
        ),
        C,
        [],
    ),
    "win10 enterprise": (
        dict(
            os_family="windows",
            os_name="Windows",
            os_version="10",
            arch="x86_64",
            os_tools="Microsoft Windows 10 Enterprise",
        ),
        S,
        [],
    ),
    "centos list": (
        dict(
            os_family="linux",
            os_name="CentOS",
            os_version=None,
            arch="x86_64",
            os_config="CentOS 4/5/6/7 (64-bit)",
        ),
        U,
        ["os_version"],
    ),
    "centos or later": (
        dict(
            os_family="linux",
            os_name="CentOS",
            os_version=None,
            arch="x86_64",
            os_config="CentOS 4/5 or later (64-bit)",
        ),
        U,
        ["os_version"],
    ),
    "windows or later": (
        dict(
            os_family="windows",
            os_name="Windows Server",
            os_version=None,
            arch="x86_64",
            os_config="Windows Server 2016 or later",
        ),
        U,
        ["os_version"],
    ),
    "centos 5 outside": (
        dict(os_family="linux", os_name="CentOS", os_version="5", arch="x86_64"),
        C,
        [],
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_agentless_verdict_names_the_missing_level(case):
    fields, verdict, missing = CASES[case]
    result = assess(_vmware(fields.pop("os_family"), **fields), RS)
    assert result.verdict is verdict, [r.message_en for r in result.reasons]
    assert [m for m in result.missing if m.startswith("os_")] == missing
    if verdict is U:
        assert result.mode is M.AGENTLESS
        unknown = [r for r in result.reasons if r.effect == "unknown"]
        label = RS.fact_label(missing[0], "en")
        assert label != missing[0] and all(label in r.message_en for r in unknown)
        assert all("not in the agent matrix" not in r.message_en.split(": ", 1)[0]
                   for r in unknown)  # fmt: skip


@pytest.mark.parametrize(
    ("fields", "verdict", "missing"),
    [
        (
            dict(os_name="Windows", os_version="7", os_config="Microsoft Windows 7 (64-bit)"),
            U,
            ["os_edition"],
        ),
        (dict(os_name="Windows", os_version="7", os_tools="Windows 7 Ultimate"), S, []),
        (dict(os_name="Windows", os_version="7", os_tools="Windows 7 Home Premium"), C, []),
        (
            dict(os_name="Windows Server", os_version="2003", os_config="Windows Server 2003"),
            U,
            ["os_service_pack"],
        ),
        (dict(os_name="Windows Server", os_version="2003 SP1"), N, []),
        (
            dict(
                os_name="Windows Server", os_version=None, os_config="Windows Server 2016 or later"
            ),
            U,
            ["os_version"],
        ),
    ],
)
def test_agent_mode_names_the_missing_level_too(fields, verdict, missing):
    volume = PartitionRecord(mount="C:", filesystem="NTFS", capacity_mib=102400, used_mib=40960)
    host = HostRecord(name="p", platform="physical", os_family="windows", arch="x86_64",
                      power_state="on", code_page="936", memory_mib=8192, partitions=[volume],
                      disks=[DiskRecord(name="disk0", capacity_mib=102400)], **fields)  # fmt: skip
    result = assess(host, RS)
    assert result.verdict is verdict, [r.message_en for r in result.reasons]
    assert [m for m in result.missing if m.startswith("os_")] == missing


def test_a_release_list_or_open_range_names_no_release():
    for text in ("CentOS 4/5/6/7 (64-bit)", "CentOS 4/5 or later (64-bit)",
                 "Microsoft Windows Server 2016 or later (64-bit)"):  # fmt: skip
        assert HostFacts(HostRecord(os_config=text)).os_release is None, text
    assert HostFacts(HostRecord(os_config="CentOS 7 (64-bit)")).os_release == "7"
    assert HostFacts(HostRecord(os_tools="Windows 7 Professional")).os_edition == "professional"
    assert HostFacts(HostRecord(os_tools="Windows Server 2016 Standard")).os_edition is None

"""Every fact a rule reads has a zh and en label (resources/rules/facts.yaml), and no reason or
question text, in zh or en, shows a raw fact code: neither the rules' own messages nor the
"missing facts" reasons the engine writes for hosts that lack them."""

from __future__ import annotations

import dataclasses
import re

import pytest

from hmfield.core.assess.rules import assess, default_ruleset
from hmfield.core.assess.rules.facts import HOST_DERIVED
from hmfield.core.model.records import DiskRecord, HostRecord, PartitionRecord

RS = default_ruleset()


def _codes() -> set[str]:
    codes = set(RS.fact_labels) | set(HOST_DERIVED) | {"ram_per_mount_mib"}
    codes |= {f.name for f in dataclasses.fields(HostRecord)}
    codes |= {f"disks.{f.name}" for f in dataclasses.fields(DiskRecord)}
    codes |= {f"partitions.{f.name}" for f in dataclasses.fields(PartitionRecord)}
    for rule in RS.rules:
        codes |= set(rule.facts)
    codes |= {c.split(".", 1)[1] for c in list(codes) if c.startswith("extra.")}
    return codes


CODES = _codes()
# in English text only codes that cannot be words ("kernel" is both); in Chinese text any
# lower-case code written in Latin letters is a code
_EN = [c for c in CODES if "_" in c or "." in c]


def raw_codes(text: str, lang: str) -> list[str]:
    text = re.sub(r"\{[^}]*\}", "", text)  # placeholders are filled with values, not names
    return [
        c
        for c in (CODES if lang == "zh" else _EN)
        if re.search(r"(?<![\w./])" + re.escape(c) + r"(?![\w])", text)
    ]


def test_the_check_finds_a_raw_code():
    assert raw_codes("Missing facts (platform_version), cannot confirm", "en")
    assert raw_codes("缺少信息（kernel），无法确认", "zh")
    assert not raw_codes("Kernel version unknown: run uname -r", "en")
    assert not raw_codes("存在独立的 /boot 分区", "zh")


def test_every_fact_a_rule_reads_has_a_label():
    unlabelled = {
        (rule.id, fact) for rule in RS.rules for fact in rule.facts if fact not in RS.fact_labels
    }
    assert unlabelled == set()
    for name in RS.questions:
        assert name in RS.fact_labels, name
    for zh, en in RS.fact_labels.values():
        assert zh.strip() and en.strip() and zh != en


def test_no_rule_message_or_question_shows_a_raw_fact_code():
    for rule in RS.rules:
        for lang, text in (("zh", rule.message_zh), ("en", rule.message_en)):
            assert raw_codes(text, lang) == [], (rule.id, lang, text)
    for name, (zh, en) in {**RS.questions, **RS.texts}.items():
        assert raw_codes(zh, "zh") == [] and raw_codes(en, "en") == [], name


def _bare(**kw) -> HostRecord:
    """A host with nearly nothing collected: every rule that can ask or go unknown does."""
    return HostRecord(name="x", **kw)


HOSTS = [
    _bare(),
    _bare(os_family="linux", os_name="SLES", os_version="12"),
    _bare(os_family="linux", os_name="CentOS", os_version="7", kernel="5.15.0-1051-aws"),
    _bare(os_family="windows", os_name="Windows Server 2003"),
    _bare(platform="vmware", os_family="linux", os_name="CentOS", os_version="7"),
    _bare(platform="vmware", os_family="windows", os_name="Windows Server 2019", arch="x86_64"),
    _bare(platform="fusioncompute", os_family="linux", os_name="CentOS", os_version="7"),
    _bare(platform="openstack", os_family="linux", os_name="Ubuntu", os_version="22.04"),
    _bare(platform="hcs", os_family="linux", os_name="Ubuntu", os_version="22.04"),
    _bare(platform="oracle_cloud", os_family="linux", os_name="Ubuntu", os_version="22.04"),
    _bare(
        platform="vmware",
        platform_version="7.0",
        os_family="linux",
        os_name="RHEL",
        os_version="8.6",
        disks=[DiskRecord(name="d", raw_rdm=True)],
        partitions=[PartitionRecord(mount="/", capacity_mib=100)],
    ),
]


@pytest.mark.parametrize("host", HOSTS, ids=lambda h: f"{h.platform}-{h.os_name}")
def test_missing_fact_reasons_and_questions_use_labels(host):
    result = assess(host, RS)
    texts = result.reasons + result.questions
    assert any(r.effect in ("unknown", "ask") for r in texts)
    for reason in texts:
        assert raw_codes(reason.message_zh, "zh") == [], (reason.code, reason.message_zh)
        assert raw_codes(reason.message_en, "en") == [], (reason.code, reason.message_en)
    labels = {en for _, en in RS.fact_labels.values()}
    prefix = re.compile(r"^Missing facts \((.*?)\), cannot confirm")
    for reason in texts:
        found = prefix.match(reason.message_en)
        if found:  # the engine's own wording: the facts by their labels
            assert set(found.group(1).split(", ")) <= labels, reason.message_en
    for name in result.missing:
        assert RS.fact_label(name, "en") != name, name

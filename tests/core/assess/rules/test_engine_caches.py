"""The engine caches host-level rule outcomes per tuple of facts and shares reasons: a warm
rule set must judge every host exactly as a fresh one does, values of different types
(1, 1.0, True) must not share an outcome or a message, and unhashable facts still work."""

import dataclasses
import shutil
from pathlib import Path

import pytest

from hmfield.core.assess.rules import assess, default_ruleset, load_ruleset
from hmfield.paths import resource_path

TYPED_RULES = """\
version: "1.0"
last_reviewed: 2026-11-26
source: ["test"]
stage: platform
rules:
  - id: test.hw_exactly_one
    when: {field: hw_version, matches: '^1$'}
    effect: condition
    message:
      zh: "硬件版本 {hw_version}"
      en: "hardware version {hw_version}"
"""


def _plain(result) -> tuple:
    return (
        result.verdict,
        result.mode,
        [dataclasses.astuple(r) for r in result.reasons],
        list(result.missing),
        result.alternative,
    )


def _shipped_rules_and(tmp_path: Path, text: str) -> Path:
    """A copy of the shipped rules with one test rule file added."""
    folder = tmp_path / "rules"
    shutil.copytree(resource_path("rules"), folder)
    (folder / "zz-test.yaml").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def typed_rules(tmp_path: Path) -> Path:
    return _shipped_rules_and(tmp_path, TYPED_RULES)


def test_types_of_equal_values_do_not_share_outcomes(typed_rules, make_host):
    warm = load_ruleset(typed_rules)
    hosts = [make_host("vmware", hw_version=v) for v in (1, 1.0, True, 1, True, 1.0)]
    for host in hosts:
        fresh = load_ruleset(typed_rules)
        assert _plain(assess(host, warm)) == _plain(assess(host, fresh))
    codes = [[r.code for r in assess(h, warm).reasons] for h in hosts[:3]]
    assert "test.hw_exactly_one" in codes[0]
    assert "test.hw_exactly_one" not in codes[1] and "test.hw_exactly_one" not in codes[2]


def test_warm_rule_set_judges_like_a_fresh_one(make_host):
    warm = default_ruleset()
    hosts = []
    for base in ("linux", "windows", "vmware", "vmware_win", "openstack", "hcs", "aws"):
        hosts += [
            make_host(base),
            make_host(base, os_version=None, kernel=None, platform_version=None),
            make_host(base, partitions=[], extra={"storage_backend": ["unhashable"]}),
            make_host(base, arch="aarch64", power_state="off", is_template=True),
        ]
    expected = [_plain(assess(h, load_ruleset())) for h in hosts]
    for _ in range(2):  # the second pass answers from the caches
        assert [_plain(assess(h, warm)) for h in hosts] == expected


NAMED_RULES = """\
version: "1.0"
last_reviewed: 2026-11-26
source: ["test"]
stage: platform
rules:
  - id: test.off_named
    when: {field: power_state, eq: "off"}
    effect: condition
    message:
      zh: "{name} 已关机"
      en: "{name} is powered off"
"""


@pytest.fixture
def named_rules(tmp_path: Path) -> Path:
    return _shipped_rules_and(tmp_path, NAMED_RULES)


def test_a_message_names_its_own_host_when_the_rule_facts_are_the_same(named_rules, make_host):
    # the condition reads only power_state; the message reads the name: two hosts alike in
    # every fact the rules read share an outcome only if their names are the same too
    warm = load_ruleset(named_rules)
    texts = []
    for name in ("db01", "db02", "db01"):
        result = assess(make_host("vmware", name=name, power_state="off"), warm)
        texts += [r.message_en for r in result.reasons if r.code == "test.off_named"]
    assert texts == ["db01 is powered off", "db02 is powered off", "db01 is powered off"]


def test_item_hits_follow_each_hosts_disks_and_partitions(make_host):
    # hosts alike in every host fact, unlike in one disk or partition attribute (including
    # equal values of other types: 1 and True), judged as a fresh rule set judges each
    warm = default_ruleset()
    hosts = []
    for base in ("linux", "vmware", "vmware_win", "fusioncompute"):
        for filesystem in ("xfs", "nfs", "reiserfs", "xfs", None):
            hosts.append(make_host(base, partitions=[{"filesystem": filesystem}]))
        for flag in (True, 1, None, False, True):
            hosts += [
                make_host(base, partitions=[{"lvm_thin": flag}]),
                make_host(base, partitions=[{"encrypted": flag, "filesystem": "crypto_LUKS"}]),
                make_host(base, disks=[{"shared": flag}]),
                make_host(base, disks=[{"raw_rdm": flag, "rdm_mode": "physical"}]),
            ]
        hosts += [
            make_host(base, disks=[{}, {}, {}]),  # the number of disks alone
            make_host(base, partitions=[{"mount": "/boot"}, {"mount": "/"}]),
            make_host(base, partitions=[{"mount": "/"}, {"mount": "/boot"}]),
            make_host(base, partitions=[{"used_mib": 10200}]),  # a measurement: nearly full
        ]
    expected = [_plain(assess(h, load_ruleset())) for h in hosts]
    for _ in range(2):
        assert [_plain(assess(h, warm)) for h in hosts] == expected
    # the cases differ where the rules say they do: an NFS mount, a shared disk
    assert expected[0] != expected[1]
    assert _plain(assess(make_host("vmware", disks=[{"shared": True}]), warm)) != _plain(
        assess(make_host("vmware", disks=[{"shared": None}]), warm)
    )


def test_each_host_gets_its_own_lists(make_host):
    warm = default_ruleset()
    first = assess(make_host("vmware", power_state="off"), warm)
    before = _plain(first)
    first.reasons.clear()
    first.missing.append("changed")
    first.conditions.clear()
    again = assess(make_host("vmware", power_state="off"), warm)
    assert _plain(again) == before

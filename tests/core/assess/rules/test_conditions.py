"""The condition language: versions, three-valued logic, missing facts, compile errors."""

from __future__ import annotations

import pytest

from hmfield.core.assess.rules.conditions import (
    ConditionError,
    compare_versions,
    compile_condition,
    parse_version,
    version_matches,
)
from hmfield.core.assess.rules.facts import HOST_SPACE, HostFacts
from hmfield.core.model.records import DiskRecord, HostRecord, PartitionRecord


def run(spec, **host):
    missing: list[str] = []
    result = compile_condition(spec, HOST_SPACE)(HostFacts(HostRecord(**host)), missing)
    return result, missing


@pytest.mark.parametrize(
    "text, parsed",
    [
        ("7.9.2009", (7, 9, 2009)),
        ("5.15.0-1051-aws", (5, 15, 0)),
        ("12 SP5", (12, 5)),
        ("15-SP4", (15, 4)),
        ("V10 SP1 (2101)", (10, 1)),
        ("22.04.3 LTS", (22, 4, 3)),
        (2019, (2019,)),
        ("Wallaby", None),
        (None, None),
        (True, None),
    ],
)
def test_parse_version(text, parsed):
    assert parse_version(text) == parsed


def test_compare_and_prefix_match():
    assert compare_versions((8, 6), (8, 6, 0)) == 0
    assert compare_versions((2, 6, 32), (2, 6, 18)) == 1
    assert compare_versions((7, 0, 1), (7, 0, 0)) == 1
    assert version_matches((7, 9), (7,)) and version_matches((8, 6), (8, 6, 0))
    assert not version_matches((17,), (7,)) and not version_matches((10,), (10, 1))


def test_field_operators():
    assert run({"field": "hw_version", "lt": 7}, hw_version=4) == (True, [])
    assert run({"field": "platform", "in": ["VMware", "kvm"]}, platform=" vmware ") == (True, [])
    assert run({"field": "secure_boot", "eq": True}, secure_boot=True) == (True, [])
    assert run({"field": "kernel", "matches": "-aws$"}, kernel="5.15.0-1051-aws") == (True, [])
    assert run({"field": "kernel", "version_between": ["2.6.32", "7.0.0"]}, kernel="2.6.32") == (
        True,
        [],
    )
    assert run({"field": "os_version", "version_in": ["6", "7"]}, os_version="17") == (False, [])


def test_absent_fact_is_undecided_and_named():
    assert run({"field": "hw_version", "lt": 7}) == (None, ["hw_version"])
    assert run({"field": "hw_version", "lt": 7, "missing_as": 4}) == (True, [])
    assert run({"field": "os_name", "eq": "x"}, os_name="  ") == (None, ["os_name"])
    # an unparseable version counts as absent, so the verdict can say which fact to fix
    assert run({"field": "kernel", "version_lt": "3"}, kernel="unknown") == (None, ["kernel"])


def test_three_valued_combinators():
    known_true = {"field": "platform", "eq": "vmware"}
    absent = {"field": "hw_version", "lt": 7}
    assert run({"all": [known_true, absent]}, platform="vmware")[0] is None
    assert run({"all": [{"not": known_true}, absent]}, platform="vmware")[0] is False
    assert run({"any": [known_true, absent]}, platform="vmware")[0] is True
    assert run({"any": [{"not": known_true}, absent]}, platform="vmware")[0] is None
    assert run({"not": absent})[0] is None


def test_missing_form_names_facts_including_empty_lists_and_derived():
    assert run({"missing": ["platform", "partitions"]}, platform="kvm") == (True, ["partitions"])
    assert run({"missing": "os_kind"}) == (True, ["os_family"])  # derived fact names its source
    assert run({"missing": "extra.availability_domain"}, extra={"availability_domain": "AD-1"}) == (
        False,
        [],
    )


def test_item_quantifiers_and_count():
    disks = [DiskRecord(shared=False), DiskRecord(shared=None)]
    assert run({"any_disk": {"field": "shared", "eq": True}}, disks=disks) == (
        None,
        ["disks.shared"],
    )
    disks.append(DiskRecord(shared=True))
    assert run({"any_disk": {"field": "shared", "eq": True}}, disks=disks)[0] is True
    parts = [PartitionRecord(capacity_mib=100, used_mib=95)]
    assert run({"all_partitions": {"field": "free_pct", "lt": 10}}, partitions=parts)[0] is True
    assert run({"any_partition": {"field": "free_mib", "le": 5}}, partitions=parts)[0] is True
    assert run({"any_disk": {"field": "shared", "eq": True}})[0] is False  # no disks: nothing fires
    assert run({"count": "disks", "gt": 2}, disks=disks)[0] is True


@pytest.mark.parametrize(
    "spec, words",
    [
        ({"field": "nosuchfact", "eq": 1}, "unknown fact 'nosuchfact'"),
        ({"field": "kernel", "matches": "(["}, "bad regular expression"),
        ({"field": "kernel", "eq": 1, "lt": 2}, "exactly one operator"),
        ({"field": "kernel", "version_lt": "abc"}, "not a version"),
        ({"sometimes": True}, "unknown condition form"),
        ({"any": []}, "non-empty list"),
        ({"any_disk": {"field": "filesystem", "eq": "x"}}, "unknown fact 'disks.filesystem'"),
        ({"count": "cpus", "gt": 1}, "count takes one of"),
        ("platform == vmware", "non-empty mapping"),
    ],
)
def test_compile_errors_are_short_and_specific(spec, words):
    with pytest.raises(ConditionError, match=words.replace("(", r"\(").replace("[", r"\[")):
        compile_condition(spec, HOST_SPACE)


def test_derived_facts_from_vmware_strings():
    facts = HostFacts(HostRecord(os_config="Microsoft Windows Server 2019 (64-bit)"))
    assert (facts.os_kind, facts.os_release, facts.arch_norm) == ("windows", "2019", "x86_64")
    facts = HostFacts(HostRecord(os_tools="Ubuntu Linux (32-bit)"))
    assert (facts.os_kind, facts.os_release, facts.arch_norm) == ("linux", None, "x86")
    facts = HostFacts(HostRecord(os_name="Kylin", os_version=None, os_config="Kylin V10 SP3"))
    assert facts.os_release == "10 SP3"

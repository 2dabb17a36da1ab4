"""The one validator behind inline edits, pasted cells and our template's cells."""

import pytest

from hmfield.core.errors import HmError
from hmfield.core.inventory.fields import EDITABLE, FIELDS, validate_field
from hmfield.core.model.labels import choice_label


@pytest.mark.parametrize(
    ("field", "text", "value"),
    [
        ("platform", "VMware", "vmware"),
        ("platform", "物理机", "physical"),
        ("platform", "Huawei Cloud", "huawei_cloud"),
        ("environment", "生产", "prod"),
        ("role", "数据库", "db"),
        ("migration_mode", "agentless", "agentless"),
        ("arch", "amd64", "x86_64"),
        ("secure_boot", "是", True),
        ("keep_ip", "no", False),
        ("cpu_cores", "8", 8),
        ("cpu_cores", 8.0, 8),
        ("memory_mib", "16 GiB", 16384),
        ("memory_mib", "512", 512),
        ("disk_total_mib", "1.5T", 1.5 * 1024 * 1024),
        ("ips", "10.0.0.1, 10.0.0.2；10.0.0.1", ["10.0.0.1", "10.0.0.2"]),
        ("target_ip", "192.168.1.9", "192.168.1.9"),
        ("tags", "a; b ,c", ["a", "b", "c"]),
        ("criticality", "5", 5),
        ("notes", "=SUM(A1)", "=SUM(A1)"),
        ("hostname", "  web01 ", "web01"),
        ("ips", "", []),
        ("os_name", "", None),
        ("notes", None, ""),
    ],
)
def test_valid_values_become_stored_values(field, text, value):
    assert validate_field(field, text) == value


@pytest.mark.parametrize(
    ("field", "text", "words"),
    [
        ("platform", "VMwarez", "is not one of"),
        ("ips", "10.0.0.300", "not an IP address"),
        ("cpu_cores", "4.5", "not a whole number"),
        ("cpu_cores", "-1", "below"),
        ("criticality", "6", "above"),
        ("memory_mib", "lots", "not a size"),
        ("secure_boot", "maybe", "yes/no"),
        ("target_ip", "10.0.0.1,10.0.0.2", "one target IP"),
        ("name", "  ", "must not be empty"),
        ("nonsense", "x", "not an editable host field"),
    ],
)
def test_invalid_values_give_one_line_reason(field, text, words):
    with pytest.raises(HmError) as info:
        validate_field(field, text)
    message = str(info.value)
    assert words in message and "\n" not in message


def test_every_editable_field_has_both_labels():
    assert len(EDITABLE) == len(set(EDITABLE)) == len(FIELDS)
    for spec in FIELDS:
        assert spec.zh and spec.en


def test_choice_labels():
    assert choice_label("platform", "physical", "zh") == "物理机"
    assert choice_label("platform", "physical", "en") == "Physical"
    assert choice_label("platform", "unknown-code") == "unknown-code"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", " web01 "), ("name", "  "), ("name", 12.0), ("platform", "VMware"),
        ("platform", "nope"), ("secure_boot", "是"), ("secure_boot", 1.0), ("cpu_cores", 4.0),
        ("cpu_cores", 4.5), ("criticality", 9.0), ("ips", "10.0.0.1, 10.0.0.2"),
        ("ips", "010.0.0.1"), ("ips", "10.0.0.1,10.0.0.1"), ("ips", "::1"), ("macs", "a; b"),
        ("memory_mib", 16384.0), ("memory_mib", "16 GiB"), ("notes", "x\ny"),
        ("hostname", "a\nb"), ("target_ip", "10.0.0.1"),
    ],
)  # fmt: skip
def test_fast_converters_agree_with_the_validator(field, value):
    from hmfield.core.inventory.convert import fast_converter

    def outcome(fn):
        try:
            return ("ok", fn(field, value) if fn is validate_field else fn(value))
        except HmError as exc:
            return ("error", str(exc))

    assert outcome(fast_converter(field)) == outcome(validate_field)

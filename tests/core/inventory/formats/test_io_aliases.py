"""Column matching by name: normalisation, first match wins, required columns."""

from __future__ import annotations

import pytest

from hmfield.core.errors import InputError
from hmfield.core.inventory.formats.aliases import build_aliases, header_key, match_columns


@pytest.mark.parametrize(
    ("a", "b"),
    [("Provisioned MB", "Provisioned MiB"), ("*Memory (In MB)", "Memory (in MB)"),
     (" Free % ", "free %"), ("OS   according to the\tVMware Tools", "os according to the vmware tools"),
     ("总内存(GB)", "总内存（GB）"), ("Disk 1 size (In GB)", "disk 1 size GB"),
     ("＊Cores", "cores")],
)  # fmt: skip
def test_same_key(a, b):
    assert header_key(a) == header_key(b)


def test_keys_stay_distinct():
    assert header_key("Memory") != header_key("Memory MiB")
    assert header_key("Web") == "web"  # no unit rewriting inside words


def test_match_by_name_not_position():
    lookup = build_aliases({"vm": ["VM"], "memory": ["Memory"], "cpus": ["CPUs"]})
    cols = match_columns(["", "CPUs", "custom", "Memory", "VM", "VM"], lookup)
    assert cols.index == {"cpus": 1, "memory": 3, "vm": 4}
    assert cols.unknown == [(2, "custom")]
    assert cols.get(["", 2, "x", 4096, "a", "b"], "vm") == "a"
    assert cols.get(["", 2, "x", 4096, "a", "b"], "absent") is None


def test_missing_required_is_named():
    lookup = build_aliases({"vm": ["VM"], "memory": []})
    with pytest.raises(InputError) as info:
        match_columns(["Name", "Memory"], lookup, required=["vm"], file="f.xlsx", sheet="vInfo")
    assert str(info.value).startswith("f.xlsx, sheet vInfo: required column(s) missing: vm")

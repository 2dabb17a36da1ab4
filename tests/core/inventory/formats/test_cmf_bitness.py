"""The AWS CMF intake form has no bitness or architecture column (import-formats.md; the two
real forms in tests/fixtures/cmf). The bitness is read from the OS text when the product
implies it (Windows Server 2008 R2 and later ship for x64 only); otherwise it stays unknown, a
note says so and the verdict's question names the format's gap."""

from __future__ import annotations

from pathlib import Path

import pytest

from hmfield.core.assess.rules import assess, default_ruleset
from hmfield.core.inventory.formats import _os, cmf

FIXTURES = Path(__file__).parents[2].parent / "fixtures" / "cmf"


@pytest.mark.parametrize("name", ["MGN-server-list.csv", "MGN-0-intake-form.csv"])
def test_real_cmf_forms_windows_servers_are_x64_linux_unknown(name):
    inv = cmf.parse(FIXTURES / name)
    header = (FIXTURES / name).read_text().splitlines()[0].lower()
    assert not any(w in header for w in ("arch", "bit"))  # truly no such column
    by_os = {(h.os_name, h.arch) for h in inv.hosts}
    assert by_os == {("Windows Server", "x86_64"), ("Red Hat Enterprise Linux", None)}
    unknown = sum(1 for h in inv.hosts if h.arch is None)
    assert unknown == 2
    assert any("no bitness / architecture column: 2 host(s)" in n for n in inv.notes)


def test_rhel_rows_name_the_bitness_as_missing_and_the_question_names_cmf():
    inv = cmf.parse(FIXTURES / "MGN-server-list.csv")
    rhel = next(h for h in inv.hosts if h.arch is None)
    result = assess(rhel, default_ruleset())
    assert "arch" in result.missing
    text = " ".join(r.message_en for r in result.reasons if r.effect == "unknown")
    assert "CMF" in text and "uname -m" in text
    windows = next(h for h in inv.hosts if h.arch == "x86_64")
    assert "arch" not in assess(windows, default_ruleset()).missing


@pytest.mark.parametrize(
    ("text", "arch"),
    [
        ("windows server 2012 R2", "x86_64"),
        ("Windows Server 2016 Datacenter", "x86_64"),
        ("Windows Server 2008 R2 for Itanium-Based Systems", None),
        ("Windows Server 2008", None),  # shipped for x86 too
        ("Windows Server 2003 Standard", None),
        ("Windows 11 Enterprise", None),  # ARM64 too
        ("Red Hat Enterprise Linux 7", None),  # ppc64le, s390x, aarch64 too
        ("Windows Server 2019 (32-bit)", "x86"),  # what the text says wins
    ],
)
def test_only_an_x64_only_product_implies_the_architecture(text, arch):
    assert _os.parse_os(text).arch == arch

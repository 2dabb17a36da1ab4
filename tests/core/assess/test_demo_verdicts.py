"""The demo project's verdicts are a realistic mix because its hosts carry what the real files
give: VMware VMs the RVTools facts (ESXi version and build, vCenter, datastore type and VMFS
version, guest OS strings with bitness), physical hosts the Prophet facts (no code page)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from sqlmodel import select

from hmfield.core.assess.verdicts import AssessmentService
from hmfield.core.clock import FixedClock
from hmfield.core.context import Actor
from hmfield.core.demo.build import write_demo
from hmfield.core.inventory.service import InventoryService
from hmfield.core.model.inventory import Host
from hmfield.core.project.service import open_project


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "d.hmfield"
    actor = Actor("b" * 32, "t", "e" * 32)
    write_demo(path, clock=FixedClock(dt.datetime(2026, 11, 26, tzinfo=dt.UTC)), actor=actor)
    ctx = open_project(path, actor=actor)
    with ctx.read() as s:
        stored = {h.name: h for h in s.exec(select(Host))}
    yield AssessmentService(ctx).hosts(), {r.name: r for r in InventoryService(ctx).rows()}, stored
    ctx.store.close()


def test_vmware_hosts_carry_the_rvtools_facts(demo):
    hosts, rows, stored = demo
    vms = [r for r in stored.values() if r.platform == "vmware"]
    assert len(vms) > 40
    for r in vms:
        assert (r.platform_version, r.platform_build, r.manager_version) == (
            "7.0.3", "build-21686933", "7.0.3"
        )  # fmt: skip
        assert r.datastore_kinds == ["VMFS"] and r.vmfs_versions == ["6"]
        assert r.os_config and r.os_config.endswith(("(64-bit)", "(32-bit)"))
    assert rows["oa-legacy01"].os_config == "Microsoft Windows 2000 Server (32-bit)"
    by_name = {h.name: h for h in hosts}
    assert not any("platform_version" in by_name[r.name].missing for r in vms)


def test_the_verdicts_are_a_realistic_mix(demo):
    hosts, rows, _ = demo
    counts = Counter(h.computed_verdict for h in hosts)
    assert counts["supported"] > len(hosts) * 0.6
    assert 0 < counts["supported_with_conditions"] < len(hosts) * 0.3
    assert 1 <= counts["not_supported"] <= 2
    assert 1 <= counts["unknown"] <= 4
    # every unknown names one question: the Windows code page, which neither Prophet nor an
    # agent fallback from RVTools (the shared physical RDM) gives
    for h in hosts:
        if h.computed_verdict == "unknown":
            assert h.missing == ["code_page"], (h.name, h.missing)
            assert rows[h.name].os_family == "windows"
    blocked = {h.name for h in hosts if h.computed_verdict == "not_supported"}
    assert "dw-suse01" in blocked  # Btrfs on a physical host: the Linux agent cannot take it

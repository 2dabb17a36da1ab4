"""The column projection (issue 19): the rule loader records what each rule reads, a project
load selects only those columns, and the verdicts are the ones the full rows give.

Coverage is checked by judging strict hosts that hold only the projected attributes and raise
on any other read (a condition over absent facts walks every branch of every rule: ``all``
and ``any`` go on past an unknown); identity is checked on the real fixtures."""

from __future__ import annotations

import shutil
from dataclasses import fields
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from hmfield.core.assess.facts import (
    EngineHost,
    EngineItem,
    ProjectionError,
    as_dict,
    current_ruleset,
    load_engine_hosts,
    projection,
    rules_dir,
)
from hmfield.core.assess.rules import assess, load_ruleset
from hmfield.core.assess.rules.facts import HostFacts
from hmfield.core.assess.rules.reads import Reads
from hmfield.core.clock import FixedClock
from hmfield.core.context import Actor
from hmfield.core.inventory.importing import ImportService
from hmfield.core.model.inventory import Disk, Host, Nic, Partition
from hmfield.core.model.records import HostRecord
from hmfield.core.project.service import NewProject, create_project

FIXTURES = Path(__file__).parents[2] / "fixtures"
IMPORTS = [
    "rvtools/nutanix-sizingworkshop.xlsx",
    "rvtools/sizingworkshop-with-vnetwork.xlsx",
    "rvtools/nutanix-billsample.xlsx",
    "rvtools/rvtools-small-complete.xlsx",
    "rvtools/kubev2v-example1.xlsx",
    "azure_migrate/ame-discovery-report.xlsx",
    "cmf/MGN-server-list.csv",
]
_LISTS = ("disks", "partitions", "nics")


class Unprojected(AssertionError):
    """A read of an attribute the projection leaves out (not an AttributeError: getattr with a
    default must not swallow it)."""


def _strict(kind: str, allowed: set[str]):
    class Strict:
        def __init__(self, values: dict) -> None:
            object.__setattr__(self, "_values", values)

        def __getattribute__(self, name: str):
            if name.startswith("__"):
                return object.__getattribute__(self, name)
            values = object.__getattribute__(self, "_values")
            if name not in allowed:
                raise Unprojected(f"{kind}.{name} is read but not in the projection")
            return values.get(name)

    return Strict


def _strict_host(reads: Reads, values: dict | None = None, children: dict | None = None):
    """A host with only the attributes ``reads`` projects (absent unless given), one item of
    each list the rules read, every other attribute raising :class:`Unprojected`."""
    proj = projection(reads)
    lists = {name for name, _ in proj.children}
    host_cls = _strict("host", set(proj.host) | lists | {"id", "is_srm_placeholder"})
    vals = dict(values or {})
    for name, cols in proj.children:
        item_cls = _strict(name, set(cols))
        rows = (children or {}).get(name, [{}])
        vals[name] = [item_cls(r) for r in rows]
    return host_cls(vals)


def _sample_values() -> list[dict]:
    """Absent facts (every branch walked) and a few present ones (the other paths)."""
    return [
        {},
        {"platform": "vmware", "platform_version": "7.0.3", "os_family": "linux",
         "os_name": "CentOS", "os_version": "7.9", "kernel": "3.10.0", "arch": "x86_64",
         "power_state": "on", "memory_mib": 4096, "extra": {"object_kind": "mysql"}},
        {"platform": "fusioncompute", "os_family": "windows", "os_name": "Windows Server",
         "os_version": "2008 R2", "bitlocker": True, "boot": "uefi", "extra": {}},
        {"platform": "physical", "os_tools": "Ubuntu Linux (64-bit)", "extra": {}},
    ]  # fmt: skip


def test_every_rule_reads_only_projected_attributes():
    ruleset = current_ruleset()
    reads = ruleset.record_reads
    for values in _sample_values():
        host = _strict_host(reads, values)
        facts = HostFacts(host)
        for rule in ruleset.rules:
            rule.pred(facts, [])  # raises Unprojected on a gap
            for _, name in rule.placeholders:
                facts.value(name)
        assess(_strict_host(reads, values), ruleset)


def test_the_check_fails_when_a_read_attribute_is_left_out():
    """The test above can fail: drop one attribute a rule reads and the strict host catches it
    (one host-level column, one disk column)."""
    ruleset = current_ruleset()
    reads = ruleset.record_reads
    for gap in (
        Reads(**{**vars(reads), "host": reads.host - {"hw_version"}}),
        Reads(**{**vars(reads), "disks": reads.disks - {"shared"}}),
    ):
        host = _strict_host(gap, {})
        with pytest.raises(Unprojected):
            facts = HostFacts(host)
            for rule in ruleset.rules:
                rule.pred(facts, [])


def test_the_loader_records_what_a_new_rule_reads(tmp_path):
    """A rule reading a field no other rule reads puts its column in the projection."""
    folder = tmp_path / "rules"
    shutil.copytree(rules_dir(), folder)
    extra = folder / "zz-extra.yaml"
    extra.write_text(
        "version: '9.9'\nlast_reviewed: 2026-12-01\nsource: test\nstage: platform\n"
        "rules:\n"
        "  - id: test.cpu_model\n"
        "    effect: condition\n"
        "    when: {all: [{field: cpu_model, matches: 'Xeon'},"
        " {any_nic: {field: network, eq: 'dmz'}}]}\n"
        "    message: {zh: '{datacenter} 的 CPU', en: 'CPU in {datacenter}'}\n",
        encoding="utf-8",
    )
    base = current_ruleset().record_reads
    reads = load_ruleset(folder).record_reads
    assert {"cpu_model", "datacenter", "nics"} <= reads.host - base.host
    assert reads.nics == {"network"} and base.nics == frozenset()
    proj = projection(reads)
    assert "cpu_model" in proj.host and "datacenter" in proj.host
    assert proj.columns("nics") == ("network",)
    assert "nics" not in dict(projection(base).children)  # no rule reads NICs: not loaded


def test_a_read_the_project_does_not_store_is_refused():
    with pytest.raises(ProjectionError, match="source_fil"):
        projection(Reads(host=frozenset({"platform", "source_fil"})))
    with pytest.raises(ProjectionError, match="spindle"):
        projection(Reads(host=frozenset({"disks"}), disks=frozenset({"spindle"})))


def test_projected_columns_are_a_subset_of_the_tables():
    proj = projection(current_ruleset().record_reads)
    assert set(proj.host) < {c.name for c in Host.__table__.c}
    assert len(proj.host) < len(Host.__table__.c) / 2  # the point: most columns are not read
    for name, cols in proj.children:
        model = {"disks": Disk, "partitions": Partition, "nics": Nic}[name]
        assert set(cols) <= {c.name for c in model.__table__.c}


# -- identical verdicts on the real fixtures ---------------------------------------------------


def _full_hosts(session) -> list[EngineHost]:
    """Every live host with every stored column, from ORM objects (the unprojected path)."""
    record = {f.name for f in fields(HostRecord)}
    out: dict[str, EngineHost] = {}
    for h in session.execute(select(Host).where(Host.deleted == False)).scalars():  # noqa: E712
        values = {c.name: getattr(h, c.name) for c in Host.__table__.c if c.name in record}
        values["id"] = h.id
        values["disks"], values["partitions"], values["nics"] = [], [], []
        srm = (h.extra or {}).get("srm_placeholder")
        if srm is not None:
            values["is_srm_placeholder"] = bool(srm)
        out[h.id] = EngineHost(values)
    skip = {"id", "host_id", "created_at", "updated_at", "changed_by", "device_id", "revision",
            "deleted"}  # fmt: skip
    for model, attr in ((Disk, "disks"), (Partition, "partitions"), (Nic, "nics")):
        for row in session.execute(select(model).where(model.deleted == False)).scalars():  # noqa: E712
            item = EngineItem({c.name: getattr(row, c.name) for c in model.__table__.c
                               if c.name not in skip})  # fmt: skip
            if row.host_id in out:
                out[row.host_id].__dict__[attr].append(item)
    return list(out.values())


@pytest.mark.parametrize("fixture", IMPORTS, ids=lambda f: Path(f).stem)
def test_projected_load_judges_every_fixture_host_as_the_full_rows_do(fixture, tmp_path):
    ctx = create_project(
        tmp_path / "p.hmfield",
        NewProject(name="fx"),
        clock=FixedClock(datetime(2026, 11, 26, 8, 0, tzinfo=UTC)),
        actor=Actor(person_id="a" * 32, name="t", device_id="d" * 32),
    )
    try:
        svc = ImportService(ctx)
        svc.apply(svc.preview(FIXTURES / fixture), backup=False)
        ruleset = current_ruleset()
        with ctx.read() as s:
            full = {h.id: h for h in _full_hosts(s)}
            projected = {h.id: h for h in load_engine_hosts(s, None, ruleset)}
            some = sorted(full)[: max(1, len(full) // 3)]
            by_id = {h.id: h for h in load_engine_hosts(s, some, ruleset)}
        assert set(projected) == set(full) and len(full) > 0
        assert set(by_id) == set(some)
        for hid, host in full.items():
            assert assess(projected[hid], ruleset) == assess(host, ruleset), hid
        for hid in some:
            assert assess(by_id[hid], ruleset) == assess(full[hid], ruleset), hid
        # the strict check on real rows: every attribute read is one the load selected
        reads = ruleset.record_reads
        proj = projection(reads)
        for host in projected.values():
            values = {k: v for k, v in as_dict(host).items() if k not in _LISTS}
            children = {n: [as_dict(i) for i in getattr(host, n)] for n, _ in proj.children}
            for n in children:
                children[n] = children[n] or [{}]
            assess(_strict_host(reads, values, children), ruleset)
    finally:
        ctx.store.close()


def test_a_column_the_rules_do_not_read_is_not_loaded(ctx, add_hosts):
    (hid,) = add_hosts([HostRecord(name="h", platform="vmware", cpu_model="Xeon", notes="x")])
    with ctx.read() as s:
        (host,) = load_engine_hosts(s, [hid], current_ruleset())
        (full,) = load_engine_hosts(s, [hid])
    assert host.platform == "vmware" and host.id == hid
    with pytest.raises(AttributeError):
        _ = host.cpu_model  # not read by any rule: not selected, and not silently None
    assert host.nics == ()  # no rule reads NICs
    assert full.cpu_model == "Xeon" and full.nics == []  # without a rule set: every column


def test_equal_json_texts_are_decoded_once_per_load(ctx, add_hosts):
    """Hosts of one load share the decoded value of an equal JSON text (the engine only
    reads it); the values are the stored ones, and verdicts the full load's."""
    recs = [HostRecord(name=f"h{i}", platform="vmware", datastore_kinds=["VMFS", "NFS"],
                       extra={"vcenter": "vc1", "n": i % 2}) for i in range(4)]  # fmt: skip
    ids = add_hosts(recs)
    rs = current_ruleset()
    with ctx.read() as s:
        hosts = load_engine_hosts(s, ids, rs)
        full = {h.id: h for h in load_engine_hosts(s, ids)}
    assert [h.datastore_kinds for h in hosts] == [["VMFS", "NFS"]] * 4
    assert len({id(h.datastore_kinds) for h in hosts}) == 1
    assert sorted(h.extra["n"] for h in hosts) == [0, 0, 1, 1]
    assert len({id(h.extra) for h in hosts}) == 2  # two distinct texts, two values
    assert all(assess(h, rs) == assess(full[h.id], rs) for h in hosts)

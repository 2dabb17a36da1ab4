"""The import service: preview writes nothing, apply is all or nothing, merges respect hand edits."""

import sys
from pathlib import Path

import pytest

from hmfield.core.assess import verdicts as assessment
from hmfield.core.errors import Cancelled, HmError, InputError
from hmfield.core.inventory.importing import ImportService
from hmfield.core.inventory.service import InventoryService
from hmfield.core.model.records import DiskRecord, HostRecord, ParsedInventory
from hmfield.core.project.service import open_project

sys.path.insert(0, str(Path(__file__).parent / "formats"))
import io_gen as gen  # noqa: E402

FIXTURES = Path(__file__).parents[2] / "fixtures"


def rec(name, **kw):
    return HostRecord(name=name, sheet="vInfo", row=kw.pop("row", 2), **kw)


def parsed(*hosts, fmt="rvtools"):
    return ParsedInventory(format=fmt, hosts=list(hosts))


def test_new_then_update_matched_by_vm_uuid(ctx):
    svc = ImportService(ctx)
    first = parsed(
        rec("vm1", vm_uuid="U-1", ips=["10.0.0.1"], cpu_cores=2, disks=[DiskRecord("d1", 1024.0)])
    )
    svc.apply(svc.preview_parsed(first))
    row = InventoryService(ctx).rows()[0]
    assert row.source("cpu_cores") == "import:rvtools" and row.disk_count == 1
    renamed = parsed(
        rec("vm1-renamed", vm_uuid="u-1", cpu_cores=4, disks=[DiskRecord("d1", 2048.0)])
    )
    pv = svc.preview_parsed(renamed)
    item = pv.items[0]
    assert (item.action, item.matched_by) == ("update", "vm_uuid")
    assert {c.field for c in item.changes} == {"name", "cpu_cores"}  # unknown IPs not erased
    assert item.children == {"disks": (1, 1)}
    svc.apply(pv)
    detail = InventoryService(ctx).get(row.id)
    assert (detail.host.name, detail.host.cpu_cores, detail.host.ips) == (
        "vm1-renamed",
        4,
        ["10.0.0.1"],
    )
    assert [d.capacity_mib for d in detail.disks] == [2048.0]
    assert svc.preview_parsed(renamed).counts()["unchanged"] == 1


def test_match_order_bios_uuid_then_name_and_ip(ctx):
    inv = InventoryService(ctx)
    a = inv.add(name="a", bios_uuid="B-1")
    b = inv.add(name="b", ips="10.0.0.2")
    inv.add(name="b", ips="10.0.0.3")
    pv = ImportService(ctx).preview_parsed(
        parsed(rec("x", bios_uuid="b-1"), rec("B", ips=["10.0.0.2"], row=3), rec("c", row=4))
    )
    assert [(i.host_id, i.matched_by) for i in pv.items] == [
        (a.id, "bios_uuid"),
        (b.id, "name_ip"),
        (None, None),
    ]


def test_manual_values_kept_unless_overwrite(ctx):
    inv = InventoryService(ctx)
    svc = ImportService(ctx)
    svc.apply(svc.preview_parsed(parsed(rec("vm1", vm_uuid="U", os_name="CentOS", cpu_cores=2))))
    hid = inv.rows()[0].id
    inv.update(hid, os_name="Red Hat Enterprise Linux")
    again = parsed(rec("vm1", vm_uuid="U", os_name="CentOS", cpu_cores=8))
    pv = svc.preview_parsed(again)
    assert [(c.field, c.kept) for c in pv.items[0].changes] == [
        ("os_name", True),
        ("cpu_cores", False),
    ]
    assert pv.counts()["kept_manual"] == 1
    svc.apply(pv)
    row = inv.row(hid)
    assert (row.os_name, row.cpu_cores) == ("Red Hat Enterprise Linux", 8)
    pv = svc.preview_parsed(again, overwrite_manual=True)
    svc.apply(pv)
    assert inv.row(hid).os_name == "CentOS" and inv.row(hid).source("os_name") == "import:rvtools"


def test_duplicate_rows_in_one_file_are_problems(ctx):
    svc = ImportService(ctx)
    svc.apply(svc.preview_parsed(parsed(rec("vm1", vm_uuid="U"))))
    pv = svc.preview_parsed(parsed(rec("vm1", vm_uuid="U", row=2), rec("vm1b", vm_uuid="U", row=3)))
    assert [i.action for i in pv.items] == ["unchanged", "duplicate"]
    assert pv.problems[0].row == 3 and "same host as row 2" in pv.problems[0].reason
    assert pv.problem_rows() == [1]


def test_stale_preview_is_refused(ctx):
    svc = ImportService(ctx)
    pv = svc.preview_parsed(parsed(rec("vm1")))
    InventoryService(ctx).add(name="typed meanwhile")
    with pytest.raises(HmError, match="changed since the preview"):
        svc.apply(pv)


def test_excluded_rows_are_left_out(ctx):
    svc = ImportService(ctx)
    pv = svc.preview_parsed(parsed(rec("a"), rec("b", row=3)))
    result = svc.apply(pv, exclude_rows=[1])
    assert (result.created, result.excluded) == (1, 1)
    assert [r.name for r in InventoryService(ctx).rows()] == ["a"]


# -- the project file is untouched by previews, cancels and failures -------------------------


@pytest.fixture
def closed_project(ctx, clock, actor):
    InventoryService(ctx).add(name="existing", ips="10.9.9.9")
    path = ctx.store.path
    ctx.store.close()
    return path


def reopen(path, clock, actor):
    return open_project(path, clock=clock, actor=actor)


def files_of(path):
    return {p.name: p.read_bytes() for p in path.parent.iterdir() if p.name.startswith(path.name)}


def rvtools_file(tmp_path):
    return gen.write_rvtools(tmp_path / "rv.xlsx")


def test_preview_writes_nothing(closed_project, clock, actor, tmp_path):
    src = rvtools_file(tmp_path)
    before = closed_project.read_bytes()
    ctx = reopen(closed_project, clock, actor)
    try:
        pv = ImportService(ctx).preview(src)
        assert pv.counts()["new"] > 0
    finally:
        ctx.store.close()
    assert closed_project.read_bytes() == before


class CancelAfter:
    cancelled = False

    def __init__(self, n):
        self.n = n

    def report(self, done, total=None, text=""):
        pass

    def check(self):
        self.n -= 1
        if self.n < 0:
            raise Cancelled()


@pytest.mark.parametrize("when", [0, 1, 2])  # before backup, after writes, after verdicts
def test_cancel_leaves_project_byte_for_byte(closed_project, clock, actor, tmp_path, when):
    src = rvtools_file(tmp_path)
    before = closed_project.read_bytes()
    ctx = reopen(closed_project, clock, actor)
    try:
        svc = ImportService(ctx)
        pv = svc.preview(src)
        with pytest.raises(Cancelled):
            svc.apply(pv, progress=CancelAfter(when), skip_problem_rows=True)
        assert [r.name for r in InventoryService(ctx).rows()] == ["existing"]
    finally:
        ctx.store.close()
    assert closed_project.read_bytes() == before


def test_failure_rolls_back(closed_project, clock, actor, tmp_path, monkeypatch):
    src = rvtools_file(tmp_path)
    before = closed_project.read_bytes()

    def boom(uow, ids=None, *args, **kw):
        raise RuntimeError("rules engine crashed")

    monkeypatch.setattr(assessment, "reassess_hosts", boom)
    ctx = reopen(closed_project, clock, actor)
    try:
        svc = ImportService(ctx)
        with pytest.raises(RuntimeError):
            svc.apply(svc.preview(src), skip_problem_rows=True)
    finally:
        ctx.store.close()
    assert closed_project.read_bytes() == before


@pytest.mark.parametrize(
    "make",
    [
        lambda d: (
            d.joinpath("junk.xlsx").write_bytes(b"PK\x03\x04" + b"\x00" * 100) and d / "junk.xlsx"
        ),
        lambda d: d.joinpath("empty.csv").write_bytes(b"") or d / "empty.csv",
        lambda d: d.joinpath("other.csv").write_text("a,b,c\n1,2,3\n") and d / "other.csv",
    ],
    ids=["truncated", "empty", "unknown"],
)
def test_bad_files_one_line_and_nothing_changes(closed_project, clock, actor, tmp_path, make):
    bad = make(tmp_path)
    before = closed_project.read_bytes()
    ctx = reopen(closed_project, clock, actor)
    try:
        with pytest.raises(InputError) as info:
            ImportService(ctx).preview(bad)
    finally:
        ctx.store.close()
    assert bad.name in str(info.value) and "\n" not in str(info.value)
    assert closed_project.read_bytes() == before


def test_not_our_template_when_forced(ctx, tmp_path):
    other = gen.write_rvtools(tmp_path / "rv.xlsx")
    with pytest.raises(InputError, match="not an hmfield inventory template") as info:
        ImportService(ctx).preview(other, "template")
    assert "rv.xlsx" in str(info.value)


def test_locked_file_message(ctx, tmp_path, monkeypatch):
    from hmfield.core.inventory.formats import template

    path = tmp_path / "inv.xlsx"
    path.write_bytes(b"PK\x03\x04")

    def locked(self, *a, **k):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", locked)
    with pytest.raises(InputError, match="open in another program"):
        template.parse(path)


# -- every fixture format goes through the one service --------------------------------------

GENERATED = {
    "prophet-scan": gen.write_scan,
    "azure-migrate": gen.write_azure,
    "vsphere-csv": gen.write_vsphere,
    "rvtools-generated": gen.write_rvtools,
    "prophet-generated": gen.write_prophet,
}


def fixture_files():
    files = [p for p in sorted(FIXTURES.rglob("*")) if p.suffix in (".xlsx", ".csv")]
    return [pytest.param(p, id=p.name) for p in files]


def _import_twice(ctx, src, skip=False):
    """Real fixtures import all or nothing; generated files hold bad rows on purpose."""
    svc = ImportService(ctx)
    pv = svc.preview(src)
    assert pv.counts()["new"] > 0, pv.to_json(with_hosts=False)
    result = svc.apply(pv, skip_problem_rows=skip)
    assert len(InventoryService(ctx).rows()) == result.created
    again = svc.preview(src)
    changed = [i.name for i in again.items if i.action in ("new", "update") and not i.problems]
    assert changed == [], again.to_json()  # rows left out for problems stay out
    assert len([i for i in again.items if i.action == "new"]) <= len(result.left_out)
    return pv


@pytest.mark.parametrize("src", fixture_files())
def test_every_fixture_imports_and_reimport_changes_nothing(ctx, src):
    _import_twice(ctx, src)


@pytest.mark.parametrize("kind", list(GENERATED))
def test_generated_formats_import(ctx, tmp_path, kind):
    suffix = ".xlsx" if "rvtools" in kind else ".csv"
    src = GENERATED[kind](tmp_path / f"{kind}{suffix}")
    _import_twice(ctx, src, skip=True)

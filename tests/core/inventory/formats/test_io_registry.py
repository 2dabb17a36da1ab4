"""Registry: auto-detection, every shipped fixture imports, progress and cancellation."""

from __future__ import annotations

import gc

import io_gen as gen
import pytest

from hmfield.core.errors import Cancelled, InputError
from hmfield.core.inventory.formats import _common, registry
from hmfield.core.inventory.formats.registry import FORMATS, parse_file
from hmfield.core.progress import ThreadProgress

FIXTURE_FORMATS = {
    "rvtools/kubev2v-example1.xlsx": "rvtools",
    "rvtools/rvtools-small-complete.xlsx": "rvtools",
    "cmf/MGN-0-intake-form.csv": "cmf",
    "cmf/MGN-server-list.csv": "cmf",
    "synthetic/prophet-analysis-report.csv": "prophet",
}


def test_format_ids_and_labels():
    assert set(FORMATS) == {
        "template", "rvtools", "vsphere-csv", "prophet", "prophet-scan", "azure-migrate",
        "cmf"}  # fmt: skip
    for info in FORMATS.values():
        assert info.label_zh and info.label_en and callable(info.parse)


@pytest.mark.parametrize(("rel", "fmt"), sorted(FIXTURE_FORMATS.items()))
def test_every_fixture_imports(rel, fmt):
    inv = parse_file(gen.FIXTURES / rel)
    assert inv.format == fmt and inv.hosts
    assert all(h.name and h.source_file == (gen.FIXTURES / rel).name for h in inv.hosts)


def test_fixture_folder_is_complete():
    shipped = {
        p.relative_to(gen.FIXTURES).as_posix()
        for p in gen.FIXTURES.rglob("*")
        if p.is_file() and p.name != "PROVENANCE.md" and p.parent != gen.FIXTURES
    }
    assert set(FIXTURE_FORMATS) <= shipped
    provenance = (gen.FIXTURES / "PROVENANCE.md").read_text(encoding="utf-8")
    assert all(rel in provenance for rel in FIXTURE_FORMATS)


@pytest.mark.parametrize(
    ("make", "fmt"),
    [(lambda d: gen.write_rvtools(d / "a.xlsx"), "rvtools"),
     (lambda d: gen.write_prophet(d / "a.csv", encoding="gbk"), "prophet"),
     (lambda d: gen.write_scan(d / "a.csv"), "prophet-scan"),
     (lambda d: gen.write_azure(d / "a.csv", old=True), "azure-migrate"),
     (lambda d: gen.write_vsphere(d / "a.csv"), "vsphere-csv")],
)  # fmt: skip
def test_auto_detection(tmp_path, make, fmt):
    assert parse_file(make(tmp_path)).format == fmt


def test_csv_format_saved_as_xlsx(tmp_path):
    rows = [gen.AZURE_NEW[:5], ["x1", "10.0.0.1", 2, 4096, "Ubuntu 22.04"]]
    inv = parse_file(gen.write_xlsx(tmp_path / "azure.xlsx", {"Servers": rows}))
    assert inv.format == "azure-migrate" and inv.hosts[0].memory_mib == 4096.0
    assert inv.hosts[0].sheet == "Servers" and inv.hosts[0].row == 2


def test_explicit_format_and_unknown_id(tmp_path):
    path = gen.write_azure(tmp_path / "a.csv")
    with pytest.raises(InputError, match="required column"):
        parse_file(path, format="cmf")
    with pytest.raises(InputError, match="unknown import format 'nope'"):
        parse_file(path, format="nope")


def test_progress_reported_and_cancel(tmp_path, monkeypatch):
    monkeypatch.setattr(_common, "PROGRESS_EVERY", 1)
    path = gen.write_rvtools(tmp_path / "rv.xlsx")
    seen: list[tuple] = []
    parse_file(path, progress=ThreadProgress(lambda *a: seen.append(a), min_interval=0))
    assert any(total and done == total for done, total, _ in seen)
    assert gc.isenabled()  # parse_file pauses the collector only while it runs
    progress = ThreadProgress()
    progress.cancel()
    with pytest.raises(Cancelled):
        parse_file(path, progress=progress)


def test_registration_is_one_line(tmp_path, monkeypatch):
    """A new format needs only a dict entry."""
    from hmfield.core.model.records import ParsedInventory

    def parse(path, progress):
        return ParsedInventory(format="x")

    info = registry.FormatInfo("新格式", "New", parse, lambda peek: "新格式" in peek.sheet_names)
    monkeypatch.setattr(registry, "FORMATS", {"x-new": info, **FORMATS})
    path = gen.write_xlsx(tmp_path / "t.xlsx", {"新格式": [["名称"], ["a"]]})
    assert parse_file(path).format == "x-new"

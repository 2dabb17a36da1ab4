"""Inventory CLI as a user runs it: list, export the template, import (dry run and real)."""

import json
from pathlib import Path

import openpyxl
import pytest
from cli_run import hm

from hmfield.core.inventory.template_layout import FIELD_ORDER, HOSTS_SHEET

FIXTURES = Path(__file__).parents[1] / "fixtures"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "demo.hmfield"
    hm("demo", path, "--hosts", "24", check=True)
    return path


def test_inventory_json_has_the_promised_keys(demo):
    hosts = json.loads(hm("inventory", demo, "--json", check=True).stdout)
    assert len(hosts) == 24
    keys = {"name", "ips", "platform", "os_family", "os_name", "os_version", "arch", "kernel",
            "boot", "cpu_cores", "memory_mib", "disk_total_mib", "disk_used_mib",
            "business_system", "mode", "id", "verdict"}  # fmt: skip
    assert keys <= set(hosts[0])
    assert {h["business_system"] for h in hosts} >= {"核心账务", "网上银行"}


def test_export_edit_import_round_trip(demo, tmp_path):
    out = tmp_path / "inv.xlsx"
    hm("export", demo, "--inventory", out, check=True)
    wb = openpyxl.load_workbook(out)
    ws = wb[HOSTS_SHEET]
    ws.cell(row=3, column=FIELD_ORDER.index("cpu_cores") + 2, value=96)
    ws.cell(row=4, column=FIELD_ORDER.index("ips") + 2, value="not-an-ip")
    wb.save(out)
    before = demo.read_bytes()
    dry = json.loads(hm("import", demo, out, "--dry-run", "--json", check=True).stdout)
    assert dry["format"] == "template" and dry["counts"]["updated"] == 1
    assert dry["problems"][0]["row"] == 4 and dry["problems"][0]["sheet"] == HOSTS_SHEET
    assert dry["problems"][0]["column"].startswith("D")
    assert demo.read_bytes() == before  # a dry run writes nothing
    refused = hm("import", demo, out, "--json", "--by", "王建国")  # all or nothing
    assert refused.returncode == 1 and json.loads(refused.stdout)["refused"]
    assert demo.read_bytes() == before
    done = json.loads(
        hm(
            "import", demo, out, "--json", "--by", "王建国", "--skip-problem-rows", check=True
        ).stdout
    )
    assert done["result"]["updated"] == 1
    assert [r["row"] for r in done["left_out_rows"]] == [4]
    hosts = json.loads(hm("inventory", demo, "--json", check=True).stdout)
    assert 96 in {h["cpu_cores"] for h in hosts}
    assert hm("verify", demo, check=True).stdout.startswith("ok:")


def test_csv_export_and_fixture_import(tmp_path):
    path = tmp_path / "p.hmfield"
    hm("new", path, "--name", "CLI", check=True)
    src = FIXTURES / "rvtools" / "rvtools-small-complete.xlsx"
    out = hm("import", path, src, "--format", "rvtools", check=True)
    assert "imported rvtools-small-complete.xlsx (rvtools)" in out.stdout
    csv_out = tmp_path / "inv.csv"
    hm("export", path, "--inventory", csv_out, check=True)
    assert csv_out.read_bytes().startswith(b"\xef\xbb\xbf")
    again = json.loads(hm("import", path, csv_out, "--dry-run", "--json", check=True).stdout)
    assert again["format"] == "template" and again["counts"]["new"] == 0


def test_unreadable_file_exits_1_with_one_line(demo, tmp_path):
    bad = tmp_path / "broken.xlsx"
    bad.write_bytes(b"PK\x03\x04garbage")
    before = demo.read_bytes()
    out = hm("import", demo, bad)
    assert out.returncode == 1
    assert "broken.xlsx" in out.stderr and out.stderr.count("\n") == 1
    assert demo.read_bytes() == before

"""A real spreadsheet client opens our exported template: LibreOffice Calc, headless.

Why: openpyxl reading back what openpyxl wrote proves little; Calc is an independent reader
(like Excel and WPS) and shows that Chinese text, numbers and formula-like text survive.
"""

import csv
import shutil
import subprocess

import pytest

from hmfield.core.inventory.service import InventoryService
from hmfield.core.inventory.template_export import export_inventory
from hmfield.core.inventory.template_layout import FIELD_ORDER

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (soffice) not installed: apt-get install libreoffice-calc"
)


def test_calc_reads_the_template_intact(ctx, tmp_path):
    inv = InventoryService(ctx)
    inv.add(
        name="核心账务-db01",
        ips="10.1.1.1, 10.1.1.2",
        business_system="核心账务",
        os_name="银河麒麟 Kylin",
        memory_mib=65536,
        notes='=HYPERLINK("http://x") 备注',
    )
    inv.add(name="-web01", os_name="@risky", cpu_cores=4, secure_boot=True)
    src = export_inventory(ctx, tmp_path / "inv.xlsx")
    profile = tmp_path / "lo-profile"
    out_dir = tmp_path / "out"
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1",
            "--outdir",
            str(out_dir),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    rows = list(csv.reader((out_dir / "inv.csv").read_text(encoding="utf-8").splitlines()))
    assert rows[0][1] == "名称" and rows[1][1] == "Name"
    col = {f: FIELD_ORDER.index(f) + 1 for f in FIELD_ORDER}
    by_name = {r[col["name"]]: r for r in rows[2:]}
    db = by_name["核心账务-db01"]
    assert db[col["business_system"]] == "核心账务"
    assert db[col["ips"]] == "10.1.1.1, 10.1.1.2"
    assert db[col["os_name"]] == "银河麒麟 Kylin"
    assert db[col["memory_mib"]] == "65536"
    assert db[col["notes"]] == '=HYPERLINK("http://x") 备注'  # text, not a formula result
    web = by_name["-web01"]
    assert web[col["os_name"]] == "@risky" and web[col["cpu_cores"]] == "4"
    assert web[col["secure_boot"]] == "是"
    ids = {r.id for r in inv.rows()}
    assert {r[0] for r in rows[2:]} == ids  # the hidden key column is still there

"""The import path loads only what it needs (issue 19): parsing a discovery file, previewing
and writing it into a project import neither networkx (plans), openpyxl (workbook
writing: calamine reads) nor psycopg (the office database). Checked in a fresh interpreter:
this test process has imported everything already."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

FIXTURE = Path(__file__).parents[2] / "fixtures" / "rvtools" / "rvtools-small-complete.xlsx"

CODE = """
import json, sys
from datetime import UTC, datetime
from pathlib import Path
from hmfield.core.clock import FixedClock
from hmfield.core.context import Actor
from hmfield.core.inventory.formats.registry import parse_file
from hmfield.core.inventory.importing import ImportService
from hmfield.core.project.service import NewProject, create_project

ctx = create_project(Path(sys.argv[2]), NewProject(name="p"),
                     clock=FixedClock(datetime(2026, 11, 26, tzinfo=UTC)),
                     actor=Actor("a" * 32, "t", "d" * 32))
svc = ImportService(ctx)
result = svc.apply(svc.preview_parsed(parse_file(Path(sys.argv[1])), judge=False), backup=False)
ctx.store.close()
print(json.dumps([result.created,
                  sorted(m for m in ("networkx", "openpyxl", "psycopg") if m in sys.modules)]))
"""


def test_an_import_loads_no_plan_workbook_writer_or_office_module(tmp_path):
    out = subprocess.run(
        [sys.executable, "-c", CODE, str(FIXTURE), str(tmp_path / "p.hmfield")],
        capture_output=True, text=True, timeout=120, check=True,
        env={"HMFIELD_DATA_DIR": str(tmp_path / "d"), "HMFIELD_CONFIG_DIR": str(tmp_path / "c"),
             "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    created, loaded = json.loads(out.stdout.strip().splitlines()[-1])
    assert created == 3 and loaded == []

"""``hmfield import`` builds the parser of its own module only (issue 19: importing every
command module cost ~1 s before a 10k import began). The one-module parser must read the
line as the full parser does, and leave every line it cannot read to the full parser (the
same usage message, exit 2)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from hmfield.cli import app


def _sub(parser):
    return next(a for a in parser._actions if a.dest == "command").choices


@pytest.mark.parametrize(("command", "module"), sorted(app.ONE_MODULE.items()))
def test_each_one_module_command_is_that_modules_in_the_full_parser(command, module):
    full = _sub(app.build_parser())[command]
    quick = _sub(app.build_parser(module))[command]
    assert full.get_default("handler").__module__ == f"hmfield.cli.{module}"
    assert quick.get_default("handler").__qualname__ == full.get_default("handler").__qualname__
    options = {o for a in full._actions for o in a.option_strings}
    assert options == {o for a in quick._actions for o in a.option_strings}


@pytest.mark.parametrize(
    "argv",
    [
        ["import", "p.hmfield", "f.xlsx"],
        ["import", "p.hmfield", "f.xlsx", "--format", "rvtools", "--dry-run", "--json"],
        ["import", "--by", "王建国", "p.hmfield", "f.csv", "--skip-problem-rows"],
    ],
)
def test_the_quick_parser_reads_a_line_as_the_full_one(argv):
    assert app._quick_args(argv) == app.build_parser().parse_args(argv)


@pytest.mark.parametrize(
    "argv", [["import"], ["import", "p.hmfield"], ["import", "p", "f", "--format", "nope"]]
)
def test_a_line_it_cannot_read_goes_to_the_full_parser(argv, capsys):
    assert app._quick_args(argv) is None
    with pytest.raises(SystemExit) as exc:
        app.run(argv)
    assert exc.value.code == 2
    assert "usage: hmfield import" in capsys.readouterr().err


def test_an_import_loads_no_other_command_module(tmp_path):
    code = (
        "import sys\nfrom hmfield.cli.app import run\n"
        f"code = run(['import', {str(tmp_path / 'none.hmfield')!r}, 'f.csv'])\n"
        "print(code, sorted(m for m in sys.modules if m.endswith('_cmds')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True,
        env={"HMFIELD_DATA_DIR": str(tmp_path / "d"), "HMFIELD_CONFIG_DIR": str(tmp_path / "c"),
             "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    code, modules = out.stdout.strip().split(" ", 1)
    assert code == "1"  # no such project: a user error, one line
    assert "no such project file" in out.stderr
    assert json.loads(modules.replace("'", '"')) == ["hmfield.cli.inventory_cmds"]
    assert Path(tmp_path / "none.hmfield").exists() is False

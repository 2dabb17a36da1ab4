"""CLI tests run real commands through ``hmfield.__main__.main`` in this process, on a copy
of one demo project written once per session (or a project the test creates)."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from hmfield.__main__ import main


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def json(self):
        return json.loads(self.out)


@pytest.fixture
def hm(capsys):
    """``hm("host", "list", path, "--json")`` -> Result; ``ok=True`` asserts exit 0."""

    def run(*args, ok: bool | None = True) -> Result:
        capsys.readouterr()
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:  # argparse's usage errors and --help
            code = exc.code if isinstance(exc.code, int) else 2
        captured = capsys.readouterr()
        result = Result(code, captured.out, captured.err)
        if ok:
            assert code == 0, f"{args}: exit {code}: {captured.err}"
        return result

    return run


@pytest.fixture(scope="session")
def demo_master(tmp_path_factory) -> Path:
    from hmfield.core.demo.build import write_demo

    path = tmp_path_factory.mktemp("demo") / "demo.hmfield"
    write_demo(path, hosts=24)
    return path


@pytest.fixture
def demo(demo_master, tmp_path) -> Path:
    """A fresh copy of the demo project for one test."""
    path = tmp_path / "demo.hmfield"
    shutil.copy(demo_master, path)
    return path

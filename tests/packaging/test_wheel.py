"""The built wheel carries ``resources/`` (as ``hmfield/resources``) and works once installed.

One module-scoped fixture builds the wheel with ``uv build``, creates a fresh venv with the
same Python version as the test run and installs the wheel there (dependencies come from the
package index or the uv cache). The installed ``hmfield`` then runs outside the checkout.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("uv") is None, reason="uv is not on PATH"),
]

REPO = Path(__file__).resolve().parents[2]
RESOURCES = REPO / "resources"


@dataclass(frozen=True)
class Installed:
    tmp: Path
    wheel: Path
    venv: Path
    python: Path
    hmfield: Path
    env: dict[str, str]


def _env(tmp: Path) -> dict[str, str]:
    """The test run's environment minus anything pointing at the checkout's venv or sources."""
    env = {
        k: v for k, v in os.environ.items() if k not in {"VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME"}
    }
    env["UV_NO_PROGRESS"] = "1"
    env["HMFIELD_DATA_DIR"] = str(tmp / "data")
    env["HMFIELD_CONFIG_DIR"] = str(tmp / "config")
    return env


def _run(args: list[str | Path], cwd: Path, env: dict[str, str], timeout: float = 300):
    proc = subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
    )
    assert proc.returncode == 0, (
        f"{' '.join(map(str, args))} exited {proc.returncode}\n"
        f"stdout:\n{proc.stdout}\nstderr:\n{proc.stderr}"
    )
    return proc


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Installed:
    tmp = tmp_path_factory.mktemp("wheel")
    env = _env(tmp)
    dist = tmp / "dist"
    _run(["uv", "build", "--wheel", "--out-dir", dist], cwd=REPO, env=env)
    wheels = sorted(dist.glob("hmfield-*.whl"))
    assert len(wheels) == 1, wheels

    venv = tmp / "venv"
    v = sys.version_info
    _run(
        ["uv", "venv", "--no-python-downloads", "--python", f"{v.major}.{v.minor}.{v.micro}", venv],
        cwd=tmp,
        env=env,
    )
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    python = bindir / ("python.exe" if os.name == "nt" else "python")
    _run(["uv", "pip", "install", "--python", python, wheels[0]], cwd=tmp, env=env)
    exe = bindir / ("hmfield.exe" if os.name == "nt" else "hmfield")
    assert exe.exists(), exe
    return Installed(tmp, wheels[0], venv, python, exe, env)


def test_wheel_contains_resources(installed):
    names = set(zipfile.ZipFile(installed.wheel).namelist())
    assert {n for n in names if n.startswith("hmfield/resources/rules/") and n.endswith(".yaml")}
    for required in (
        "hmfield/resources/fonts/wqy-microhei.ttc",
        "hmfield/resources/i18n/hmfield_zh_CN.qm",
        "hmfield/resources/checklists/seed.yaml",
    ):
        assert required in names
    # every file of the top-level resources/ folder, byte for byte, and nothing at the top level
    with zipfile.ZipFile(installed.wheel) as whl:
        for path in sorted(p for p in RESOURCES.rglob("*") if p.is_file()):
            name = "hmfield/resources/" + path.relative_to(RESOURCES).as_posix()
            assert whl.read(name) == path.read_bytes(), name
    assert not any(n.startswith(("resources/", "forms/")) for n in names)


def test_installed_package_uses_its_own_resources(installed):
    out = _run(
        [installed.python, "-c", "import hmfield.paths as p; print(p.resources_dir())"],
        cwd=installed.tmp,
        env=installed.env,
    ).stdout.strip()
    used = Path(out).resolve()
    assert used.is_relative_to(installed.venv.resolve()), used
    assert not used.is_relative_to(REPO), used
    assert used.name == "resources" and used.parent.name == "hmfield"
    assert (used / "checklists" / "seed.yaml").is_file()


def test_installed_cli_writes_and_assesses_the_demo(installed):
    project = installed.tmp / "d.hmfield"
    demo = _run([installed.hmfield, "demo", project], cwd=installed.tmp, env=installed.env)
    assert project.is_file(), demo.stdout

    out = _run(
        [installed.hmfield, "assess", "--json", "--lang", "en", project],
        cwd=installed.tmp,
        env=installed.env,
    ).stdout
    report = json.loads(out)
    summary = report["summary"]
    assert summary["total"] > 0
    assert len(report["hosts"]) == summary["total"]
    assert sum(summary["verdicts"].values()) == summary["total"]
    assert summary["verdicts"]["supported"] + summary["verdicts"]["supported_with_conditions"] > 0
    assert summary["ruleset_version"]  # the rules were found and loaded from the wheel
    assert all(h["verdict"] in summary["verdicts"] for h in report["hosts"])

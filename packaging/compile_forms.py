"""Compile Designer forms (forms/*.ui) into committed modules hmfield/gui/forms/ui_*.py.

Run after editing a form:  uv run python packaging/compile_forms.py
A test (tests/gui/test_forms_fresh.py) fails when a committed module is stale.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORMS = ROOT / "forms"
OUT = ROOT / "hmfield" / "gui" / "forms"
HEADER = "# Generated from forms/{name} by packaging/compile_forms.py: do not edit.\n"


def uic() -> str:
    exe = shutil.which("pyside6-uic") or str(Path(sys.executable).with_name("pyside6-uic"))
    return exe


def compile_form(ui: Path) -> str:
    out = subprocess.run(
        [uic(), "--from-imports", str(ui)], capture_output=True, text=True, check=True
    )
    lines = [ln for ln in out.stdout.splitlines() if not ln.startswith("## Created by: Qt User")]
    return HEADER.format(name=ui.name) + used_imports_only("\n".join(lines)) + "\n"


_QT_IMPORT = re.compile(r"^from (PySide6\.\w+) import \(([^)]*)\)\n", re.MULTILINE)


def used_imports_only(code: str) -> str:
    """uic imports some thirty Qt classes per form whatever it uses; each costs PySide6 about
    a millisecond on first import (the start page's form took 23 ms of the first window).
    Keep the names the form's code uses."""
    body = _QT_IMPORT.sub("", code)
    words = set(re.findall(r"\b\w+\b", body))

    def keep(match: re.Match) -> str:
        names = [n.strip() for n in match.group(2).split(",") if n.strip()]
        used = [n for n in names if n in words]
        return f"from {match.group(1)} import {', '.join(used)}\n" if used else ""

    return _QT_IMPORT.sub(keep, code)


def target(ui: Path) -> Path:
    return OUT / f"ui_{ui.stem}.py"


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "__init__.py").write_text('"""Generated UI modules (do not edit)."""\n')
    for ui in sorted(FORMS.glob("*.ui")):
        target(ui).write_text(compile_form(ui), encoding="utf-8")
        print(f"{ui.name} -> {target(ui).relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

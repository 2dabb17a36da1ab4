"""Refresh the translation sources and compile them.

    uv run python packaging/update_translations.py

1. ``pyside6-lupdate`` scans hmfield/gui and forms/ and updates resources/i18n/*.ts
   (existing translations are kept; new strings appear as unfinished).
2. Translate the unfinished strings (Qt Linguist, or edit the XML).
3. ``pyside6-lrelease`` compiles resources/i18n/*.qm, which the app loads at start.
A test fails when a .ts has unfinished strings or a .qm is older than its .ts content.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "resources" / "i18n"
LANGS = ["zh_CN"]


def tool(name: str) -> str:
    return shutil.which(name) or str(Path(sys.executable).with_name(name))


def sources() -> list[str]:
    files = sorted(
        str(p) for p in (ROOT / "hmfield" / "gui").rglob("*.py") if "forms" not in p.parts
    )
    files += sorted(str(p) for p in (ROOT / "forms").glob("*.ui"))
    return files


def lupdate() -> None:
    I18N.mkdir(parents=True, exist_ok=True)
    for lang in LANGS:
        ts = I18N / f"hmfield_{lang}.ts"
        subprocess.run(
            [
                tool("pyside6-lupdate"),
                "-no-obsolete",
                "-locations",
                "none",
                *sources(),
                "-ts",
                str(ts),
            ],
            check=True,
            capture_output=True,
        )


def lrelease(ts: Path, qm: Path) -> None:
    subprocess.run([tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True)


def main() -> int:
    if "--release-only" not in sys.argv:
        lupdate()
    for lang in LANGS:
        lrelease(I18N / f"hmfield_{lang}.ts", I18N / f"hmfield_{lang}.qm")
    return 0


if __name__ == "__main__":
    sys.exit(main())

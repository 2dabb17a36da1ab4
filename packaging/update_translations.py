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
    """GUI sources and forms; in a git checkout only tracked files (work in progress that is
    not committed yet does not leak unfinished strings into the committed .ts)."""
    files = sorted(p for p in (ROOT / "hmfield" / "gui").rglob("*.py") if "forms" not in p.parts)
    files += sorted((ROOT / "forms").glob("*.ui"))
    try:
        out = subprocess.run(
            ["git", "ls-files", "hmfield/gui", "forms"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        out = ""
    tracked = {ROOT / line for line in out.splitlines()}
    if tracked:
        files = [p for p in files if p in tracked]
    return [str(p) for p in files]


def _run_lupdate(ts: Path) -> None:
    cmd = [tool("pyside6-lupdate"), "-no-obsolete", "-locations", "none", *sources()]
    subprocess.run([*cmd, "-ts", str(ts)], check=True, capture_output=True)


def message_keys(ts: Path) -> set[tuple[str, str]]:
    root = ET.parse(ts).getroot()
    return {
        (c.findtext("name"), m.findtext("source"))
        for c in root.iter("context")
        for m in c.iter("message")
    }


def _prune(ts: Path, keep: set[tuple[str, str]]) -> None:
    """Drop messages whose source string no longer exists (lupdate keeps unfinished ones)."""
    tree = ET.parse(ts)
    root = tree.getroot()
    for ctx in list(root.iter("context")):
        name = ctx.findtext("name")
        for m in list(ctx.findall("message")):
            if (name, m.findtext("source")) not in keep:
                ctx.remove(m)
        if not ctx.findall("message"):
            root.remove(ctx)
    tree.write(ts, encoding="utf-8", xml_declaration=True)


def lupdate() -> None:
    I18N.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / "fresh.ts"
        _run_lupdate(fresh)
        keep = message_keys(fresh)
    for lang in LANGS:
        ts = I18N / f"hmfield_{lang}.ts"
        _run_lupdate(ts)
        _prune(ts, keep)
        fill_pending(ts, lang)


def fill_pending(ts: Path, lang: str) -> int:
    """Translations written alongside new strings (resources/i18n/pending/*.<lang>.tsv: context,
    source, translation; \\n for a line break) fill the .ts's unfinished messages."""
    table = {}
    for tsv in sorted((I18N / "pending").glob(f"*.{lang}.tsv")):
        for line in tsv.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                context, source, text = (p.replace("\\n", "\n") for p in line.split("\t"))
                table[(context, source)] = text
    tree = ET.parse(ts)
    filled = 0
    for ctx in tree.getroot().iter("context"):
        for m in ctx.findall("message"):
            tr = m.find("translation")
            key = (ctx.findtext("name"), m.findtext("source"))
            if tr is not None and tr.get("type") == "unfinished" and key in table:
                if m.get("numerus") == "yes":  # "%n host(s)": Chinese has one form
                    forms = tr.findall("numerusform") or [ET.SubElement(tr, "numerusform")]
                    for form in forms:
                        form.text = table[key]
                else:
                    tr.text = table[key]
                del tr.attrib["type"]
                filled += 1
    if filled:
        tree.write(ts, encoding="utf-8", xml_declaration=True)
    return filled


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

"""Generated code and compiled translations must match their sources."""

import importlib.util
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "packaging" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_compiled_forms_are_fresh():
    forms = _load("compile_forms")
    uis = sorted((ROOT / "forms").glob("*.ui"))
    assert uis
    for ui in uis:
        target = forms.target(ui)
        assert target.exists(), f"{target.name} missing: run packaging/compile_forms.py"
        assert target.read_text(encoding="utf-8") == forms.compile_form(ui), (
            f"{target.name} is stale: run packaging/compile_forms.py"
        )


def test_translations_complete_and_compiled(tmp_path):
    i18n = _load("update_translations")
    for lang in i18n.LANGS:
        ts = ROOT / "resources" / "i18n" / f"hmfield_{lang}.ts"
        root = ET.parse(ts).getroot()

        def translated(m) -> bool:
            tr = m.find("translation")
            texts = [tr.text or ""] + [form.text or "" for form in tr.findall("numerusform")]
            return tr.get("type") != "unfinished" and any(t.strip() for t in texts)

        unfinished = [m.findtext("source") for m in root.iter("message") if not translated(m)]
        assert not unfinished, f"untranslated in {ts.name}: {unfinished[:5]}"
        qm = tmp_path / f"{lang}.qm"
        i18n.lrelease(ts, qm)
        committed = ts.with_suffix(".qm")
        assert committed.read_bytes() == qm.read_bytes(), f"{committed.name} is stale"


def test_every_gui_string_is_in_the_translation_source(tmp_path):
    """lupdate over the sources finds no string that the committed .ts lacks."""
    i18n = _load("update_translations")
    fresh = tmp_path / "fresh.ts"
    subprocess.run(
        [
            i18n.tool("pyside6-lupdate"),
            "-no-obsolete",
            "-locations",
            "none",
            *i18n.sources(),
            "-ts",
            str(fresh),
        ],
        check=True,
        capture_output=True,
    )

    def keys(path):
        root = ET.parse(path).getroot()
        return {
            (c.findtext("name"), m.findtext("source"))
            for c in root.iter("context")
            for m in c.iter("message")
        }

    committed = ROOT / "resources" / "i18n" / "hmfield_zh_CN.ts"
    missing = keys(fresh) - keys(committed)
    assert not missing, f"run packaging/update_translations.py: {sorted(missing)[:5]}"
    assert sys.executable

"""The coverage table (resources/rules/coverage.yaml) against support-facts.md, the rules, the
checklists, the import formats and the tests it names: every fact has an entry, every entry
names things that exist, every rule is named by some entry."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from hmfield.core.assess.coverage import (
    coverage_counts,
    coverage_entries,
    coverage_rows,
    fact_units,
    load_coverage,
    support_facts,
)
from hmfield.core.assess.rules import default_ruleset
from hmfield.core.checklists.templates import load_templates
from hmfield.core.inventory.fields import SPECS
from hmfield.paths import resource_path

ROOT = Path(__file__).resolve().parents[3]
SHARED = Path("/work/shared/reference/support-facts.md")
ENTRIES = coverage_entries()
FORMATS = Path(ROOT, "hmfield", "core", "inventory", "formats")
MODULES = {
    "rvtools": ["rvtools.py"],
    "vsphere-csv": ["vsphere_csv.py"],
    "prophet": ["prophet.py"],
    "azure-migrate": ["azure_migrate.py", "azure_migrate_export.py"],
    "cmf": ["cmf.py"],
}


def _quoted(entry) -> list:
    return [u for u in support_facts() if entry["quote"] in u.text]


def test_shipped_copy_is_the_shared_reference():
    if not SHARED.exists():
        pytest.skip("the shared reference folder is not on this machine")
    ours = resource_path("rules", "support-facts.md").read_text(encoding="utf-8")
    assert ours == SHARED.read_text(encoding="utf-8"), "copy support-facts.md again"


def test_every_fact_of_support_facts_has_exactly_one_entry():
    units = support_facts()
    assert len(units) > 60  # bullets, table rows and paragraphs below the first section
    for unit in units:
        found = [e["id"] for e in ENTRIES if e["quote"] in unit.text]
        assert len(found) == 1, (unit.section, unit.text[:80], found)


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e["id"])
def test_entry_quotes_one_fact(entry):
    assert len(_quoted(entry)) == 1, entry["quote"]


def test_fact_ids_are_unique():
    ids = [e["id"] for e in ENTRIES]
    assert len(ids) == len(set(ids))


def test_a_new_bullet_without_an_entry_is_found():
    text = resource_path("rules", "support-facts.md").read_text(encoding="utf-8")
    text += "\n## Added later\n- Windows Server 2028 needs a new agent build.\n"
    units = fact_units(text)
    orphans = [u for u in units if not any(e["quote"] in u.text for e in ENTRIES)]
    assert [u.text for u in orphans] == ["Windows Server 2028 needs a new agent build."]


def test_entries_name_existing_rules_and_every_rule_is_named():
    rule_ids = {r.id for r in default_ruleset().rules}
    named = {r for e in ENTRIES for r in e.get("rules") or []}
    assert named - rule_ids == set(), "entries name rules that do not exist"
    assert rule_ids - named == set(), "rules that no coverage entry names"


def test_checklist_items_exist():
    items = {i.id for i in load_templates().items}
    named = {c for e in ENTRIES for c in e.get("checklist") or []}
    assert named and named - items == set()


CHECKLIST_ONLY = [e for e in ENTRIES if e.get("checklist_mentions")]


@pytest.mark.parametrize("entry", CHECKLIST_ONLY, ids=lambda e: e["id"])
def test_checklist_item_states_the_fact(entry):
    templates = load_templates()
    texts = []
    for item_id in entry["checklist"]:
        item = templates.item(item_id)
        for text in (item.title, item.description, item.guidance):
            if text is not None:
                texts.append(text.en)
    assert entry["checklist_mentions"].lower() in " ".join(texts).lower(), entry["checklist"]


def _collected(files: set[str]) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-o", "addopts=", *files],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return {line.strip() for line in done.stdout.splitlines() if "::" in line}


def test_named_tests_exist():
    named = {t for e in ENTRIES for t in e["test"]}
    files = {t.split("::", 1)[0] for t in named}
    assert all(Path(ROOT, f).is_file() for f in files), files
    collected = _collected(files)
    assert collected, "pytest collected nothing"
    functions = {c.split("[", 1)[0] for c in collected}  # a parametrised test, all its cases
    assert sorted(named - collected - functions) == []


def test_every_entry_has_a_test_and_a_way_to_check_it():
    for entry in ENTRIES:
        assert entry["test"], entry["id"]
        assert entry.get("rules") or entry.get("checklist"), entry["id"]


def _module_text(code: str) -> str:
    return "\n".join(Path(FORMATS, m).read_text(encoding="utf-8") for m in MODULES[code])


def test_input_columns_exist_in_the_format_modules():
    inputs = load_coverage()["inputs"]
    assert set(inputs) == {*MODULES, "template"}
    template_headers = {spec.en for spec in SPECS.values()}
    known = set(default_ruleset().fact_labels)
    for code, facts in inputs.items():
        for fact, columns in facts.items():
            if fact == "extra":
                continue
            assert fact in known, (code, fact)  # a fact the rules read, with a label
            for column in columns:
                if code == "template":
                    assert column in template_headers, column
                    continue
                sheet, _, header = column.rpartition(": ")
                text = _module_text(code)
                assert f'"{header}"' in text or f'f"{header}"' in text, (code, column)
                if sheet:
                    assert sheet in text, (code, column)


def test_rows_in_both_languages_say_how_each_fact_is_checked():
    rs = default_ruleset()
    en, zh = coverage_rows("en", rs), coverage_rows("zh", rs)
    assert [r.fact_id for r in en] == [e["id"] for e in ENTRIES] == [r.fact_id for r in zh]
    counts = coverage_counts(en)
    assert sum(counts.values()) == len(ENTRIES) and all(counts.values())
    by_id = {r.fact_id: r for r in en}
    assert by_id["linux.boot"].how == "rule"
    assert "linux.boot_disk_first" in by_id["linux.boot"].asks
    assert by_id["windows.vss_backup"].how == "ask"
    assert by_id["agentless.sync_proxy"].how == "checklist"
    assert by_id["agentless.esxi"].fields[0] == ("RVTools", "vHost: ESX Version")
    for row in zh:
        assert re.search(r"[\u4e00-\u9fff]", row.fact + row.how_label), row.fact_id


def test_checklist_titles_are_shown_when_given():
    templates = load_templates()
    rows = coverage_rows("en", default_ruleset(), lambda i, lang: templates.item(i).title.get(lang))
    proxy = next(r for r in rows if r.fact_id == "agentless.sync_proxy")
    assert proxy.checklist[0] == "migrate.s2.3 Configure the source Sync Proxy (agentless only)"

"""Which fact of the vendor's support list is judged by a rule, only asked, or left to a checklist.

``resources/rules/coverage.yaml`` is the table (data a delivery team keeps next to the rules):
one entry per bullet, table row or paragraph of ``resources/rules/support-facts.md`` (a copy of
the shared vendor facts), quoting it, with the rule ids that implement it, the checklist items
that cover what is not a host fact, and the test that proves it. The input fields each format
reads are not repeated per fact: they follow from the facts the rules read (``Rule.facts``) and
the table's ``inputs`` map (fact -> column per format). The Rules view of the Assess screen and
the plan appendix both show :func:`coverage_rows`, so they cannot disagree.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from hmfield.core.assess.rules import Ruleset
from hmfield.core.errors import InputError
from hmfield.core.yamltext import load_yaml

COVERAGE_FILE = "coverage.yaml"
FACTS_FILE = "support-facts.md"
HOW = ("rule", "ask", "checklist")


@dataclass(frozen=True)
class FactUnit:
    """One bullet, numbered item, table row or paragraph of support-facts.md."""

    section: str
    text: str  # whitespace collapsed; a table row as "cell | cell"


@dataclass(frozen=True)
class CoverageRow:
    """One fact as the Rules view and the plan appendix show it, in one language."""

    fact_id: str
    section: str
    fact: str
    how: str  # rule | ask | checklist: the strongest way the fact is checked
    how_label: str
    rules: tuple[str, ...]  # rule ids that judge the fact (may change the verdict)
    asks: tuple[str, ...]  # rule ids that only ask a question about it
    checklist: tuple[str, ...]  # checklist items, with their titles when known
    fields: tuple[tuple[str, str], ...]  # (format label, the columns it reads)
    tests: tuple[str, ...]


def _text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot read the file ({exc})", file=path.name) from None


def fact_units(text: str) -> list[FactUnit]:
    """The facts of support-facts.md: everything below the first ``##`` heading that is a
    bullet, a numbered item, a table body row or a paragraph (continuation lines joined)."""
    units: list[FactUnit] = []
    section, current, started = "", None, False
    table_row, in_heading = 0, False

    def flush() -> None:
        nonlocal current
        if current is not None and current.strip():
            units.append(FactUnit(section, " ".join(current.split())))
        current = None

    for raw in text.splitlines():
        line = raw.rstrip()
        heading = re.match(r"^(#{2,})\s+(.*)", line)
        if heading:
            flush()
            section, started, table_row = heading.group(2).strip(), True, 0
            in_heading = True
            continue
        if not started:
            continue
        stripped = line.strip()
        if in_heading and stripped and not re.match(r"^(-|\d+\.|\|)\s*", stripped):
            section += " " + stripped  # a heading wrapped onto the next line
            continue
        in_heading = False
        if not stripped:
            flush()
            table_row = 0
            continue
        if stripped.startswith("|"):
            flush()
            table_row += 1
            cells = [c.strip() for c in stripped.strip("|").split("|")]
            if table_row > 2 and any(cells):  # skip the header and the --- row
                units.append(FactUnit(section, " | ".join(cells)))
            continue
        if re.match(r"^(-|\d+\.)\s+", stripped):
            flush()
            current = re.sub(r"^(-|\d+\.)\s+", "", stripped)
            continue
        current = stripped if current is None else current + " " + stripped
    flush()
    return units


def _pair(value: Any) -> tuple[str, str] | None:
    if isinstance(value, dict) and all(
        isinstance(value.get(k), str) and value[k].strip() for k in ("zh", "en")
    ):
        return value["zh"].strip(), value["en"].strip()
    return None


def _ids(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    return tuple(str(v) for v in (value if isinstance(value, list) else [value]))


@lru_cache(maxsize=4)
def load_coverage(path: Path | None = None) -> dict[str, Any]:
    """The coverage table, checked for shape; problems name the file and the fact id."""
    from hmfield.paths import resource_path

    path = path or resource_path("rules", COVERAGE_FILE)
    try:
        data = load_yaml(_text(path))
    except yaml.YAMLError as exc:
        raise InputError(f"not valid YAML ({exc})", file=path.name) from None
    if not isinstance(data, dict) or not isinstance(data.get("sections"), list):
        raise InputError("expected a mapping with 'sections'", file=path.name)
    if data.get("version") is None or not isinstance(data.get("last_reviewed"), dt.date):
        raise InputError("version and last_reviewed (YYYY-MM-DD) are required", file=path.name)
    for key in ("texts", "formats", "inputs"):
        if not isinstance(data.get(key), dict):
            raise InputError(f"'{key}' must be a mapping", file=path.name)
    for key, value in {**data["texts"], **data["formats"]}.items():
        if _pair(value) is None:
            raise InputError(f"text {key}: needs non-empty zh and en", file=path.name)
    for section in data["sections"]:
        if _pair((section or {}).get("title")) is None:
            raise InputError("every section needs a title in zh and en", file=path.name)
        for entry in section.get("facts") or []:
            fid = (entry or {}).get("id", "?")
            if _pair(entry.get("fact")) is None or not entry.get("quote"):
                raise InputError(f"fact {fid}: needs quote and fact zh/en", file=path.name)
            if not (entry.get("rules") or entry.get("checklist")):
                raise InputError(f"fact {fid}: names no rule and no checklist item", file=path.name)
            if not entry.get("test"):
                raise InputError(f"fact {fid}: names no test", file=path.name)
    return data


def coverage_entries(data: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Every fact entry of the table, in order, each with its section's titles."""
    data = data or load_coverage()
    out = []
    for section in data["sections"]:
        for entry in section.get("facts") or []:
            out.append({**entry, "section": section["title"]})
    return out


def _lang(lang: str) -> int:
    return 0 if str(lang).lower().startswith("zh") else 1


def _fields(
    facts: list[str], data: dict[str, Any], rs: Ruleset, lang: str
) -> tuple[tuple[str, str], ...]:
    """(format label, "column, column") for every format that carries one of ``facts``."""
    k = _lang(lang)
    sep = "、" if k == 0 else ", "
    custom = data["texts"]["custom_column"][("zh", "en")[k]]
    out = []
    for code, inputs in data["inputs"].items():
        columns: list[str] = []
        for fact in facts:
            if fact.startswith("extra.") and inputs.get("extra"):
                columns.append(custom.format(key=fact[6:]))
                continue
            # "Disk {n} size" in a format module: one column per disk
            columns += [c.replace("{n}", "N") for c in _ids(inputs.get(fact))]
        if columns:
            label = _pair(data["formats"].get(code)) or (code, code)
            out.append((label[k], sep.join(dict.fromkeys(columns))))
    return tuple(out)


def coverage_rows(
    lang: str = "en",
    ruleset: Ruleset | None = None,
    checklist_title: Callable[[str, str], str | None] | None = None,
) -> list[CoverageRow]:
    """One row per fact of support-facts.md, in the document's order, worded in ``lang``.

    ``checklist_title(item_id, lang)`` names checklist items (the checklists package lives
    above assess, so the caller passes it); without it the item ids are shown.
    """
    if ruleset is None:
        from hmfield.core.assess.facts import current_ruleset

        ruleset = current_ruleset()
    data = load_coverage()
    k = _lang(lang)
    texts = data["texts"]
    by_id = {r.id: r for r in ruleset.rules}
    rows = []
    for entry in coverage_entries(data):
        named = [by_id[r] for r in _ids(entry.get("rules")) if r in by_id]
        judges = tuple(r.id for r in named if r.effect != "ask")
        asks = tuple(r.id for r in named if r.effect == "ask")
        how = "rule" if judges else "ask" if asks else "checklist"
        items = []
        for item in _ids(entry.get("checklist")):
            title = checklist_title(item, lang) if checklist_title else None
            items.append(f"{item} {title}" if title else item)
        facts = list(dict.fromkeys(f for r in named for f in r.facts))
        rows.append(
            CoverageRow(
                fact_id=str(entry["id"]),
                section=_pair(entry["section"])[k],  # type: ignore[index]
                fact=_pair(entry["fact"])[k],  # type: ignore[index]
                how=how,
                how_label=texts[f"how_{how}"][("zh", "en")[k]],
                rules=judges,
                asks=asks,
                checklist=tuple(items),
                fields=_fields(facts, data, ruleset, lang),
                tests=_ids(entry.get("test")),
            )
        )
    return rows


def coverage_text(key: str, lang: str = "en") -> str:
    """A text of the coverage table (titles, column headers, the appendix's note)."""
    pair = _pair(load_coverage()["texts"].get(key))
    if pair is None:
        raise InputError(f"text {key} is missing", file=COVERAGE_FILE)
    return pair[_lang(lang)]


def coverage_counts(rows: list[CoverageRow]) -> dict[str, int]:
    """How many facts are judged by a rule, only asked, or left to a checklist."""
    return {how: sum(1 for r in rows if r.how == how) for how in HOW}


def support_facts(path: Path | None = None) -> list[FactUnit]:
    """The facts of the shipped support-facts.md copy."""
    from hmfield.paths import resource_path

    return fact_units(_text(path or resource_path("rules", FACTS_FILE)))

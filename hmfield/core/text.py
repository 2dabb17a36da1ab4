"""Filling bilingual text templates: one place that puts ``{placeholders}`` in and fixes
English counts. Templates in resources are written for the plural ("{count} hosts"); when
the number in front of a counted noun is exactly 1 the English reads "1 host" (and
"1 host has"), from ``resources/labels/plurals.yaml``. Chinese text is returned as filled.
"""

from __future__ import annotations

import re
from functools import lru_cache

from hmfield.core.yamltext import load_yaml
from hmfield.paths import resource_path


@lru_cache(maxsize=1)
def _singular_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    data = load_yaml(resource_path("labels", "plurals.yaml").read_text(encoding="utf-8"))
    table: dict[str, str] = {}
    table.update(data.get("nouns") or {})
    table.update(data.get("phrases") or {})
    words = sorted(table, key=len, reverse=True)
    # "1" standing alone (not 21, 0.1 or 1,000) then a plural noun or phrase, whole words
    alternatives = "|".join(re.escape(w) for w in words)
    pattern = re.compile(rf"(?<![\d.,])1 ({alternatives})(?![\w])")
    return pattern, table


def preload() -> None:
    """Read the plural table now (cached for the process): a job calls it on its thread so
    that the screen filling text afterwards never parses YAML on the GUI thread."""
    _singular_pattern()


def singular_en(text: str) -> str:
    """English text with every "1 <plural>" made singular ("1 hosts have" -> "1 host has")."""
    if "1 " not in text:
        return text
    pattern, table = _singular_pattern()
    return pattern.sub(lambda m: "1 " + table[m.group(1)], text)


def fill(template: str, lang: str, /, **values: object) -> str:
    """``template.format(**values)``; English counts of one made singular."""
    text = template.format(**values)
    return singular_en(text) if lang == "en" else text

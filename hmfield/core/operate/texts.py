"""The operate phase's words (zh/en) and flag rules, read from ``resources/operate/``."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import yaml

from hmfield.core.errors import HmError, InputError
from hmfield.core.text import fill
from hmfield.core.yamltext import load_yaml
from hmfield.paths import resource_path

LANGS = ("zh", "en")


@dataclass(frozen=True)
class OperateRules:
    flavour_limit_pct: float
    source_margin_pct: float
    default_observation_days: float
    final_check_hours: float = 24.0  # every host wants a check in the period's last hours


class OperateWords:
    """``words["state_observing"]`` or ``words("countdown", days=2, hours=3)``."""

    def __init__(self, lang: str, table: dict[str, dict[str, str]]) -> None:
        self.lang = lang
        self._table = table

    def __getitem__(self, key: str) -> str:
        entry = self._table.get(key)
        if entry is None:
            raise HmError(f"operate label '{key}' is missing in resources/operate/labels.yaml")
        return entry[self.lang]

    def __call__(self, key: str, **values: object) -> str:
        return fill(self[key], self.lang, **values)

    def code(self, prefix: str, code: str | None) -> str:
        """The label of an enumeration code (``severity``, ``major``); blank for none."""
        if not code:
            return ""
        entry = self._table.get(f"{prefix}_{code}")
        return entry[self.lang] if entry else code


def _load(name: str) -> dict:
    path = resource_path("operate", name)
    try:
        with open(path, encoding="utf-8") as fh:
            doc = load_yaml(fh)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", file=str(path)) from None
    except yaml.YAMLError as exc:
        raise InputError(f"invalid YAML: {exc}", file=str(path)) from None
    if not isinstance(doc, dict) or "version" not in doc:
        raise InputError("expected a mapping with a version", file=str(path))
    return doc


@lru_cache(maxsize=1)
def _table() -> dict[str, dict[str, str]]:
    doc = _load("labels.yaml")
    table = {}
    for key, entry in (doc.get("labels") or {}).items():
        if not isinstance(entry, dict) or not all(
            isinstance(entry.get(lang), str) and entry[lang].strip() for lang in LANGS
        ):
            raise InputError(f"label '{key}' needs zh and en text", file="operate/labels.yaml")
        table[str(key)] = {lang: entry[lang] for lang in LANGS}
    return table


def words(lang: str = "zh") -> OperateWords:
    lang = "zh" if lang.lower().startswith("zh") else "en"
    return OperateWords(lang, _table())


@lru_cache(maxsize=1)
def rules() -> OperateRules:
    doc = _load("rules.yaml")
    try:
        return OperateRules(
            float(doc["flavour_limit_pct"]),
            float(doc["source_margin_pct"]),
            float(doc["default_observation_days"]),
            float(doc.get("final_check_hours", 24)),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError(f"bad or missing value: {exc}", file="operate/rules.yaml") from None

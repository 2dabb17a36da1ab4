"""Bilingual report text from ``resources/reports/labels.yaml``.

Report code never hard-codes words: it asks ``labels(lang)["wave"]`` so a delivery
team can fix wording without touching code. The file is validated once on load (every
key has non-empty ``zh`` and ``en``) so a typo shows up as one clear line, not as a
half-translated printout.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

import yaml

from hmfield.core.errors import HmError, InputError
from hmfield.core.text import fill
from hmfield.core.yamltext import load_yaml
from hmfield.paths import resource_path

LANGS = ("zh", "en")
LABELS_FILE = ("reports", "labels.yaml")


class MissingLabelError(HmError, KeyError):
    """A report asked for a label the YAML file does not define."""

    def __str__(self) -> str:  # KeyError would quote the message; keep it one plain line
        return str(self.args[0])


class Labels(Mapping[str, str]):
    """Lookup of report text in one language; ``other`` gives the second language."""

    def __init__(self, lang: str, table: Mapping[str, Mapping[str, str]], source: str) -> None:
        self.lang = lang
        self.other_lang = LANGS[1] if lang == LANGS[0] else LANGS[0]
        self.version: int | str | None = None
        self.last_reviewed: str | None = None
        self._table = table
        self._source = source

    def __getitem__(self, key: str) -> str:
        try:
            return self._table[key][self.lang]
        except KeyError:
            raise MissingLabelError(
                f"report label '{key}' is not defined in {self._source}; add it with zh and en"
            ) from None

    def __iter__(self):
        return iter(self._table)

    def __len__(self) -> int:
        return len(self._table)

    def __call__(self, key: str, **values: object) -> str:
        """The label with ``{placeholders}`` filled in, e.g. ``lab("page_x_of_y", page=1, total=3)``."""
        text = self[key]
        try:
            return fill(text, self.lang, **values)
        except (KeyError, IndexError, ValueError) as exc:
            raise HmError(
                f"report label '{key}' ({self.lang}) in {self._source} has a bad placeholder: {exc}"
            ) from None

    def other(self, key: str) -> str:
        """The label in the other language (for bilingual headers)."""
        self[key]  # same error for a missing key
        return self._table[key][self.other_lang]

    def both(self, key: str, sep: str = " / ") -> str:
        """Both languages, this one first: ``主机名 / Hostname``."""
        return f"{self[key]}{sep}{self.other(key)}"


def load_labels_file(path: Path) -> tuple[dict[str, dict[str, str]], int | str, str]:
    """Read and validate a labels file; return (table, version, last_reviewed)."""
    name = str(path)
    try:
        with open(path, encoding="utf-8") as fh:
            doc = load_yaml(fh)
    except OSError as exc:
        raise InputError(f"cannot read report labels: {exc.strerror}", file=name) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        row = mark.line + 1 if mark else None
        column = str(mark.column + 1) if mark else None
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise InputError(f"invalid YAML: {problem}", file=name, row=row, column=column) from None
    if not isinstance(doc, dict):
        raise InputError("expected a mapping with version, last_reviewed, labels", file=name)
    for field in ("version", "last_reviewed", "labels"):
        if field not in doc:
            raise InputError(f"missing '{field}'", file=name)
    raw = doc["labels"]
    if not isinstance(raw, dict):
        raise InputError("'labels' must map keys to {zh, en}", file=name)
    table: dict[str, dict[str, str]] = {}
    for key, entry in raw.items():
        if not isinstance(key, str):
            raise InputError(
                f"label key {key!r} is read as {type(key).__name__}, not text; quote it", file=name
            )
        if not isinstance(entry, dict):
            raise InputError(f"label '{key}' must have zh and en", file=name)
        for lang in LANGS:
            text = entry.get(lang)
            if not isinstance(text, str) or not text.strip():
                raise InputError(f"label '{key}' has no '{lang}' text", file=name)
        table[key] = {lang: entry[lang] for lang in LANGS}
    reviewed = doc["last_reviewed"]
    if isinstance(reviewed, dt.date):
        reviewed = reviewed.isoformat()
    return table, doc["version"], str(reviewed)


@lru_cache(maxsize=8)
def _cached(path: str) -> tuple[dict[str, dict[str, str]], int | str, str]:
    return load_labels_file(Path(path))


def labels(lang: str, path: Path | None = None) -> Labels:
    """Report text in ``lang`` ('zh' or 'en'), from the bundled file unless ``path`` is given."""
    if lang not in LANGS:
        raise HmError(f"unknown report language '{lang}'; use one of {', '.join(LANGS)}")
    src = path or resource_path(*LABELS_FILE)
    table, version, reviewed = _cached(str(src))
    result = Labels(lang, table, str(src))
    result.version, result.last_reviewed = version, reviewed
    return result

"""Planning findings worded in Chinese or English from ``resources/plan/messages.yaml``.

The planning maths returns a code and numbers (``PlanFinding.code``/``params``) with node ids;
this formatter turns them into a sentence with names (host, object, business system),
1-based wave numbers and translated kinds. An unknown code falls back to the English text
the maths wrote, so a new code never breaks a screen or a report.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

import yaml

from hmfield.core.errors import InputError
from hmfield.core.model.labels import mode_label
from hmfield.core.plan.maths.notes import PlanFinding, fmt_num
from hmfield.core.text import fill
from hmfield.core.text import preload as text_preload
from hmfield.core.yamltext import load_yaml
from hmfield.paths import resource_path

LANGS = ("zh", "en")
WAVE_KEYS = ("wave", "consumer_wave", "provider_wave")
NAME_KEYS = ("src", "dst", "system", "member")
SAMPLE = 5


@lru_cache(maxsize=4)
def _load(path: str) -> tuple[dict, dict, object, str]:
    try:
        with open(path, encoding="utf-8") as fh:
            doc = load_yaml(fh)
    except OSError as exc:
        raise InputError(f"cannot read plan messages: {exc.strerror}", file=path) from None
    except yaml.YAMLError as exc:
        raise InputError(f"invalid YAML: {exc}", file=path) from None
    if not isinstance(doc, dict) or not {"version", "last_reviewed", "messages"} <= set(doc):
        raise InputError("expected version, last_reviewed and messages", file=path)
    for section in ("messages", "words"):
        for key, entry in (doc.get(section) or {}).items():
            if not isinstance(entry, dict) or any(
                not isinstance(entry.get(lang), str) or not entry[lang].strip() for lang in LANGS
            ):
                raise InputError(f"{section} entry '{key}' needs zh and en text", file=path)
    return doc["messages"], doc.get("words") or {}, doc["version"], str(doc["last_reviewed"])


def preload() -> None:
    """Read the messages file and the plural table now (both cached for the process): a job
    calls it on its thread, so the screen wording findings afterwards never parses YAML on
    the GUI thread (~0.1 s at the first wave shown)."""
    PlanMessages()
    text_preload()


def norm_lang(lang: str) -> str:
    return "zh" if lang.lower().startswith("zh") else "en"


class PlanMessages:
    """Formatter bound to a language: ``PlanMessages("zh").text(finding, names)``."""

    def __init__(self, lang: str = "en", path: Path | None = None) -> None:
        self.lang = norm_lang(lang)
        src = str(path or resource_path("plan", "messages.yaml"))
        self.messages, self.words, self.version, self.last_reviewed = _load(src)

    def word(self, key: str, **values: object) -> str:
        entry = self.words.get(key)
        if entry is None:
            return key.split("_", 1)[-1].replace("_", " ")
        return fill(entry[self.lang], self.lang, **values)

    def kind(self, kind: str) -> str:
        return self.word(f"kind_{kind}")

    def status(self, status: str) -> str:
        return self.word(f"status_{status}")

    def severity(self, severity: str) -> str:
        return self.word(f"severity_{severity}")

    def names_sample(self, ids, names: Mapping[str, str]) -> str:
        shown = [names.get(i, i) for i in list(ids)[:SAMPLE]]
        rest = len(ids) - SAMPLE
        sep = "、" if self.lang == "zh" else ", "
        text = sep.join(shown)
        return f"{text} {self.word('and_more', count=rest)}" if rest > 0 else text

    def _values(self, f: PlanFinding, names: Mapping[str, str]) -> dict[str, object]:
        sep = "、" if self.lang == "zh" else ", "
        values: dict[str, object] = {}
        for key, value in f.params.items():
            if key in WAVE_KEYS and isinstance(value, int):
                values[key] = value + 1
            elif key in NAME_KEYS and isinstance(value, str):
                values[key] = names.get(value, value)
            elif key == "waves" and isinstance(value, (list, tuple)):
                values[key] = ", ".join(str(w + 1) for w in value)
            elif key == "reasons" and isinstance(value, (list, tuple)):
                values[key] = sep.join(self.kind(r) for r in value)
            elif key == "kind" and isinstance(value, str):
                values[key] = self.kind(value)
            elif key == "mode" and isinstance(value, str):
                values[key] = mode_label(value, self.lang)
            elif key in ("systems", "missing") and isinstance(value, (list, tuple)):
                values[key] = sep.join(names.get(v, v) for v in value)
            elif key == "inputs" and isinstance(value, (list, tuple)):
                values[key] = sep.join(self.word(f"missing_{v}") for v in value)
            elif key == "status" and isinstance(value, str):
                values[key] = self.status(value)
            elif key == "usable_share" and isinstance(value, (int, float)):
                values["usable_pct"] = fmt_num(value * 100)
                values[key] = fmt_num(value, 2)
            elif key == "cut" and isinstance(value, (list, tuple)):
                arrows = [
                    f"{names.get(c['src'], c['src'])} → {names.get(c['dst'], c['dst'])}"
                    for c in value
                ]
                values[key] = sep.join(arrows[:SAMPLE]) or self.word("none")
            elif key == "broken" and isinstance(value, (list, tuple)):
                values[key] = "; ".join(self._broken(b) for b in value)
            elif isinstance(value, float):
                values[key] = fmt_num(value, 1)
            elif isinstance(value, int) and not isinstance(value, bool):
                values[key] = fmt_num(value)
            else:
                values[key] = value
        values["nodes"] = self.names_sample(f.nodes, names)
        return values

    def _broken(self, b: Mapping) -> str:
        entry = self.messages.get(f"limit_{b.get('dimension')}")
        if entry is None:
            return str(b)
        values = {"needed": fmt_num(b["needed"]), "limit": fmt_num(b["limit"])}
        return fill(entry[self.lang], self.lang, **values)

    def text(self, f: PlanFinding, names: Mapping[str, str] | None = None) -> str:
        """The finding as one sentence in this language."""
        entry = self.messages.get(f.code)
        if entry is None:
            return f.text
        try:
            return fill(entry[self.lang], self.lang, **self._values(f, names or {}))
        except (KeyError, IndexError, ValueError):
            return f.text

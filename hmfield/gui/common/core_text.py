"""Core messages in the display language: the core speaks English (CLI, log); what of it
reaches a screen (an error, an import problem, a progress step) is looked up in
resources/messages/core.yaml and shown in Chinese when the screens speak Chinese.

A message is "location: reason" or a bare reason; the location's words (sheet, row, column,
a bundle's member) and the reason are translated apart, and a reason the catalogue does not
know stays as it is.
"""

from __future__ import annotations

import re
from functools import lru_cache

from hmfield.gui.common.i18n import ui_lang
from hmfield.paths import resource_path

_LOCATION = re.compile(r"^(sheet|row|column|member) (.+)$")


_HEAD = 4  # the catalogue is looked up by a message's first characters


class _Catalogue:
    """core.yaml read once: each entry's pattern and Chinese, the location words, and which
    entries a message can match, found without trying every pattern (the catalogue holds
    hundreds; an import preview translates a line per problem): entries by the first
    ``_HEAD`` characters of their literal start, and those starting with a placeholder (or
    shorter) with the longest literal piece a message must contain."""

    def __init__(self, data: dict) -> None:
        self.patterns: list[tuple[re.Pattern, str]] = []
        self.heads: dict[str, list[int]] = {}
        self.loose: list[tuple[int, str]] = []
        for i, entry in enumerate(data.get("messages", [])):
            parts = re.split(r"(\{\w+\})", entry["en"])
            regex = "".join(
                f"(?P<{p[1:-1]}>.+?)" if re.fullmatch(r"\{\w+\}", p) else re.escape(p)
                for p in parts
            )
            self.patterns.append((re.compile(f"^{regex}$", re.DOTALL), entry["zh"]))
            literal = parts[::2]  # the texts between the placeholders
            if len(literal[0]) >= _HEAD:
                self.heads.setdefault(literal[0][:_HEAD], []).append(i)
            else:
                self.loose.append((i, max(literal, key=len)))
        self.words: dict[str, str] = dict(data.get("location", {}))


@lru_cache(maxsize=1)
def _catalogue() -> _Catalogue:
    from hmfield.core.yamltext import load_yaml  # on the first message, not before the window

    text = resource_path("messages", "core.yaml").read_text(encoding="utf-8")
    return _Catalogue(load_yaml(text))


def _candidates(cat: _Catalogue, text: str) -> list[int]:
    found = cat.heads.get(text[:_HEAD], [])
    extra = [i for i, piece in cat.loose if piece in text]
    return sorted(found + extra) if extra else found  # catalogue order: first match wins


def _reason_zh(text: str) -> str | None:
    cat = _catalogue()
    for at in _candidates(cat, text):
        pattern, zh = cat.patterns[at]
        found = pattern.match(text)
        if found:
            values = found.groupdict()
            if "why" in values:  # a reason wrapping a reason ("{why}; value ignored")
                values["why"] = _reason_zh(values["why"]) or values["why"]
            return zh.format(**values)
    return None


def _location_zh(location: str) -> str | None:
    """``file, sheet S, row N`` → ``file，工作表 S，第 N 行`` (a location without a file, a
    form's ``column window_end``, too); None if it is no location."""
    words = _catalogue().words
    out = []
    for i, part in enumerate(location.split(", ")):
        found = _LOCATION.match(part)
        if found:
            out.append(words[found.group(1)].format(found.group(2)))
        elif i == 0:
            out.append(part)  # the file
        else:
            return None
    return "，".join(out)


def core_text(message: str, lang: str | None = None) -> str:
    """``message`` in the display language (unchanged in English or when unknown)."""
    if not message or (lang or ui_lang()) != "zh":
        return message
    lines = message.split("\n")
    return "\n".join(_line_zh(line) for line in lines)


def _line_zh(line: str) -> str:
    location, sep, reason = line.partition(": ")
    if sep and (" " not in location or _LOCATION.search(location.split(", ")[-1])):
        reason_zh = _reason_zh(reason)  # "file[, sheet S, row N, column C]: reason"
        if reason_zh is not None:
            return f"{_location_zh(location) or location}：{reason_zh}"
    whole = _reason_zh(line)
    if whole is not None:
        return whole
    if sep:  # a location with spaces (a Windows path, "My Documents"): "C:\\a b\\x: reason"
        reason_zh = _reason_zh(reason)
        if reason_zh is not None:
            return f"{location}：{reason_zh}"
    return line

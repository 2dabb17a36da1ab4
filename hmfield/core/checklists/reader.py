"""Reading one checklist YAML file with checks whose errors name the file and the item.

A delivery team edits these files by hand, so every mistake (a typo in a key, a missing English
title, an unknown role) must come back as one line saying which file, which item and what to fix,
never as a traceback or a silently ignored value.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import yaml

from hmfield.core.checklists.template_model import Link, Text
from hmfield.core.errors import InputError
from hmfield.core.yamltext import load_yaml

E = TypeVar("E", bound=StrEnum)

HEADER_KEYS = ("version", "last_reviewed", "source")
# libyaml's loader when present: the templates are read at start-up and it is several times faster.


class YamlFile:
    """One YAML file being read; every check failure raises ``InputError`` naming the file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.name = path.name

    def fail(self, where: str, reason: str, row: int | None = None) -> NoReturn:
        raise InputError(f"{where}: {reason}" if where else reason, file=str(self.path), row=row)

    def load(self) -> dict[str, Any]:
        """Parse the file; it must be UTF-8 YAML whose top level is a mapping."""
        try:
            raw = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            self.fail("", "file not found")
        except UnicodeDecodeError:
            self.fail("", "not valid UTF-8 text; save the file as UTF-8")
        except OSError as exc:
            self.fail("", f"cannot read the file ({exc.strerror or exc})")
        try:
            data = load_yaml(raw)  # a safe loader (C or Python)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            problem = getattr(exc, "problem", None) or "invalid YAML"
            self.fail("", f"YAML syntax error: {problem}", row=mark.line + 1 if mark else None)
        if not isinstance(data, dict):
            self.fail("", "the file must hold a YAML mapping (key: value lines) at the top level")
        return data

    def mapping(self, value: Any, where: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.fail(where, "must be a mapping (key: value)")
        return value

    def sequence(self, value: Any, where: str) -> list[Any]:
        if not isinstance(value, list):
            self.fail(where, "must be a list")
        return value

    def keys(
        self, data: Any, where: str, required: Iterable[str], optional: Iterable[str] = ()
    ) -> dict[str, Any]:
        """Check the keys of a mapping: all required present, none unknown (catches typos)."""
        data = self.mapping(data, where)
        required = tuple(required)
        missing = [key for key in required if data.get(key) is None]
        if missing:
            self.fail(where, f"missing field {', '.join(repr(k) for k in missing)}")
        known = set(required) | set(optional)
        unknown = sorted(str(key) for key in data if key not in known)
        if unknown:
            self.fail(where, f"unknown field {', '.join(repr(k) for k in unknown)}")
        return data

    def string(self, value: Any, where: str) -> str:
        if not isinstance(value, str) or not value.strip():
            self.fail(where, "must be non-empty text")
        return value.strip()

    def text(self, data: dict[str, Any], key: str, where: str) -> Text | None:
        """A bilingual field: a mapping with non-empty ``zh`` and ``en``; ``None`` when absent."""
        value = data.get(key)
        if value is None:
            return None
        field = f"{where}, field '{key}'"
        self.keys(value, field, ("zh", "en"))
        texts = {}
        for lang in ("zh", "en"):
            if not isinstance(value[lang], str) or not value[lang].strip():
                self.fail(field, f"'{lang}' must be non-empty text")
            texts[lang] = value[lang].strip()
        return Text(**texts)

    def required_text(self, data: dict[str, Any], key: str, where: str) -> Text:
        text = self.text(data, key, where)
        if text is None:
            self.fail(where, f"missing field '{key}'")
        return text

    def enum(self, value: Any, cls: type[E], where: str) -> E:
        try:
            return cls(value)
        except ValueError:
            allowed = ", ".join(member.value for member in cls)
            self.fail(where, f"unknown value {value!r}; expected one of: {allowed}")

    def boolean(self, value: Any, where: str) -> bool:
        if not isinstance(value, bool):
            self.fail(where, f"must be true or false, not {value!r}")
        return value

    def integer(self, value: Any, where: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            self.fail(where, f"must be a whole number from 1, not {value!r}")
        return value

    def links(self, data: dict[str, Any], where: str) -> tuple[Link, ...]:
        """Reference links: ``{url: ..., title: {zh, en}}``; the url must be http(s)."""
        out = []
        for index, raw in enumerate(self.sequence(data.get("links", []), f"{where}, 'links'")):
            field = f"{where}, links[{index + 1}]"
            raw = self.keys(raw, field, ("url",), ("title",))
            url = self.string(raw["url"], f"{field}, 'url'")
            if not url.startswith(("http://", "https://")) or any(c.isspace() for c in url):
                self.fail(field, f"'url' must be an http(s) address without spaces: {url!r}")
            out.append(Link(url=url, title=self.text(raw, "title", field)))
        return tuple(out)

    def header(self, data: dict[str, Any]) -> tuple[str, dt.date]:
        """Every file's ``version`` and ``last_reviewed`` (a delivery team dates each review)."""
        version = data.get("version")
        if isinstance(version, bool) or not isinstance(version, (int, float, str)):
            self.fail("", "'version' must be a number or text, e.g. 1")
        if not str(version).strip():
            self.fail("", "'version' must not be empty")
        reviewed = data.get("last_reviewed")
        if isinstance(reviewed, dt.datetime):
            reviewed = reviewed.date()
        elif isinstance(reviewed, str):
            try:
                reviewed = dt.date.fromisoformat(reviewed.strip())
            except ValueError:
                self.fail("", f"'last_reviewed' must be a date like 2026-11-26, not {reviewed!r}")
        if not isinstance(reviewed, dt.date):
            self.fail("", "'last_reviewed' must be a date like 2026-11-26")
        return str(version).strip(), reviewed

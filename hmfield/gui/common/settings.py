"""User settings, each declared once with its default (stored in an INI file per install)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import QSettings

from hmfield.paths import config_dir

DEFAULTS: dict[str, Any] = {
    "ui/language": "",  # "" = from the system locale
    "ui/geometry": None,
    "ui/state": None,
    "paths/last_folder": "",
    "paths/last_bundle_folder": "",
    "recent/projects": [],
    "sync/last_export": "",
    "recent/titles": "{}",  # JSON: project path -> [project name, customer]
    "sync/exports": "{}",  # JSON: project id -> {"at": UTC ISO, "path": ..., "stamp": int}
    "ui/reopen_last": True,
    "office/url": "",  # the office database, never with its password
}

MAX_RECENT = 10


class Settings:
    def __init__(self) -> None:
        path = config_dir() / "settings.ini"
        path.parent.mkdir(parents=True, exist_ok=True)
        self._q = QSettings(str(path), QSettings.Format.IniFormat)
        self._batched = 0

    def get(self, key: str) -> Any:
        if key not in DEFAULTS and not key.startswith("columns/"):
            raise KeyError(f"undeclared setting {key}")
        default = DEFAULTS.get(key)
        value = self._q.value(key, default)
        if isinstance(default, list):
            if value is None:
                return []
            return [value] if isinstance(value, str) else list(value)
        return value

    def set(self, key: str, value: Any) -> None:
        if key not in DEFAULTS and not key.startswith("columns/"):
            raise KeyError(f"undeclared setting {key}")
        self._q.setValue(key, value)
        if not self._batched:
            self._q.sync()

    @contextmanager
    def batch(self, write: bool = True) -> Iterator[None]:
        """Several settings written to the file once (each write is a file replaced and
        flushed to disk: some 15 ms; opening a project writes three). ``write=False``: the
        caller writes them later with :meth:`write` (they are read back at once)."""
        self._batched += 1
        try:
            yield
        finally:
            self._batched -= 1
            if not self._batched and write:
                self._q.sync()

    def write(self) -> None:
        """Write the settings changed in a ``batch(write=False)`` to the file."""
        self._q.sync()

    def recent_projects(self) -> list[str]:
        return [p for p in self.get("recent/projects") if p]

    def add_recent(self, path: str) -> None:
        items = [p for p in self.recent_projects() if p != path]
        self.set("recent/projects", [path, *items][:MAX_RECENT])

    # -- per-project memories, kept as JSON so the INI stays readable ------------------------
    def _json(self, key: str) -> dict:
        try:
            value = json.loads(self.get(key) or "{}")
        except (TypeError, ValueError):
            return {}
        return value if isinstance(value, dict) else {}

    def remember_title(self, path: str, name: str, customer: str) -> None:
        titles = self._json("recent/titles")
        titles[path] = [name, customer]
        keep = set(self.recent_projects()) | {path}
        self.set("recent/titles", json.dumps({k: v for k, v in titles.items() if k in keep}))

    def recent_titles(self) -> dict[str, tuple[str, str]]:
        """Project name and customer of each recent path (as last opened here)."""
        out = {}
        for path, value in self._json("recent/titles").items():
            if isinstance(value, list) and len(value) == 2:
                out[path] = (str(value[0]), str(value[1]))
        return out

    def record_export(self, project_id: str, path: str, at_utc: str, stamp: int) -> None:
        """The last bundle exported of one project (``stamp``: its change stamp then)."""
        exports = self._json("sync/exports")
        exports[project_id] = {"at": at_utc, "path": path, "stamp": stamp}
        self.set("sync/exports", json.dumps(exports))

    def last_export(self, project_id: str) -> dict | None:
        value = self._json("sync/exports").get(project_id)
        return value if isinstance(value, dict) else None

    def reopen_last(self) -> bool:
        value = self.get("ui/reopen_last")
        return value not in (False, "false", "0", 0)

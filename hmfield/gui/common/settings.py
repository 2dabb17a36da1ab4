"""User settings, each declared once with its default (stored in an INI file per install)."""

from __future__ import annotations

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
    "office/url": "",  # the office database, never with its password
}

MAX_RECENT = 10


class Settings:
    def __init__(self) -> None:
        path = config_dir() / "settings.ini"
        path.parent.mkdir(parents=True, exist_ok=True)
        self._q = QSettings(str(path), QSettings.Format.IniFormat)

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
        self._q.sync()

    def recent_projects(self) -> list[str]:
        return [p for p in self.get("recent/projects") if p]

    def add_recent(self, path: str) -> None:
        items = [p for p in self.recent_projects() if p != path]
        self.set("recent/projects", [path, *items][:MAX_RECENT])

"""Where resources and user data live: in a checkout, an installed wheel or a frozen app."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "hmfield"


def resources_dir() -> Path:
    """The ``resources/`` folder, in one of three places:

    - frozen (PyInstaller): ``sys._MEIPASS/resources``, where ``packaging/hmfield.spec`` puts it;
    - installed wheel: ``hmfield/resources`` inside the package (pyproject force-includes it);
    - checkout: the repository's top-level ``resources/``, next to the package.
    """
    if getattr(sys, "frozen", False):
        return Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent)) / "resources"
    package = Path(__file__).resolve().parent
    installed = package / "resources"
    if installed.is_dir():
        return installed
    return package.parent / "resources"


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def data_dir() -> Path:
    """User data folder (projects, backups). ``HMFIELD_DATA_DIR`` overrides it (tests, portable use)."""
    env = os.environ.get("HMFIELD_DATA_DIR")
    path = Path(env) if env else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    return path


def config_dir() -> Path:
    """Per-install settings (identity, device id). ``HMFIELD_CONFIG_DIR`` overrides it."""
    env = os.environ.get("HMFIELD_CONFIG_DIR")
    return Path(env) if env else Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def projects_dir() -> Path:
    return data_dir() / "projects"


def backups_dir() -> Path:
    return data_dir() / "backups"

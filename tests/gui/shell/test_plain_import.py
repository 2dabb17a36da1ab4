"""PySide6's ``__feature__`` import hook is given back (issue 19: start-up, opening).

Loading PySide6 wraps Python's import in a function that reads the source of every module
imported afterwards (``inspect.getsource``, which leaves it in ``linecache``) to see whether
it names PySide6. ``hmfield.gui`` gives the import back to the function PySide6 wrapped.
Each check runs in a fresh interpreter: this test process imported everything already."""

from __future__ import annotations

import os
import re
from pathlib import Path

from fresh_python import fresh_json

import hmfield

# a standard module no step below imports otherwise; its source is read only by the hook
PROBE = """
import json, linecache, sys, builtins
import colorsys
from PySide6.QtWidgets import QApplication, QLabel  # Qt's types still load lazily
print(json.dumps({
    "read": any(name.endswith("colorsys.py") for name in linecache.cache),
    "import": builtins.__import__.__name__,
    "qt": QLabel.__name__,
}))
"""


def _after(code: str) -> dict:
    return fresh_json(code + PROBE, env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))


def test_pyside6_alone_reads_the_source_of_each_later_import():
    """Why the package does it: with PySide6 alone the hook reads every module."""
    seen = _after("import PySide6\n")
    assert seen["import"] == "__feature_import__"
    assert seen["read"]


def test_after_the_gui_package_a_later_import_is_not_read():
    seen = _after("import hmfield.gui\n")
    assert seen["import"] != "__feature_import__"
    assert not seen["read"]
    assert seen["qt"] == "QLabel"


def test_the_window_modules_import_plainly_however_pyside6_came_first():
    seen = _after("import PySide6.QtCore\nimport hmfield.gui.shell.app\n")
    assert not seen["read"]


def test_no_module_of_the_app_asks_for_a_feature_switch():
    """Without the hook ``from __feature__ import snake_case`` would do nothing."""
    root = Path(hmfield.__file__).parent
    asks = re.compile(r"^\s*(from|import)\s+__feature__", re.MULTILINE)
    users = [p for p in root.rglob("*.py") if asks.search(p.read_text(encoding="utf-8"))]
    assert users == []

"""The window comes up before the heavy libraries load (issue 19: start-up).

Each check runs in a fresh interpreter (this test process has imported everything already)
and reads ``sys.modules`` after the step: importing the GUI entry point, and building and
showing the main window without a project, import none of SQLAlchemy, pydantic, SQLModel,
reportlab, networkx, openpyxl, python-calamine. They load with the first project or report.
"""

from __future__ import annotations

import os
import subprocess
import sys

from fresh_python import fresh_json

HEAVY = (
    "sqlalchemy",
    "pydantic",
    "sqlmodel",
    "reportlab",
    "networkx",
    "openpyxl",
    "python_calamine",
    "yaml",  # the resources' YAML: read when first asked (17 ms before the window otherwise)
)

REPORT = f"""
import json, sys
print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))
"""


def _loaded(code: str, tmp_path) -> list[str]:
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        HMFIELD_DATA_DIR=str(tmp_path / "data"),
        HMFIELD_CONFIG_DIR=str(tmp_path / "config"),
    )
    return fresh_json(code + REPORT, env=env)


def test_importing_the_gui_entry_point_imports_no_heavy_module(tmp_path):
    code = (
        "import hmfield.__main__, hmfield.gui.shell.launch, hmfield.gui.shell.main_window\n"
        "import hmfield.gui.shell.app, hmfield.gui.common.errors\n"
    )
    assert _loaded(code, tmp_path) == []


def test_the_window_is_shown_before_the_heavy_modules(tmp_path):
    code = (
        "import sys\n"
        "from hmfield.gui.shell.app import create_app\n"
        "from hmfield.gui.shell.main_window import MainWindow\n"
        "app = create_app(sys.argv[:1])\n"
        "window = MainWindow.create(); window.show(); app.processEvents()\n"
    )
    assert _loaded(code, tmp_path) == []


def _qt_namespace_built(code: str, tmp_path) -> bool:
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        HMFIELD_DATA_DIR=str(tmp_path / "data"),
        HMFIELD_CONFIG_DIR=str(tmp_path / "config"),
    )
    check = "\nimport PySide6.QtCore\nprint('Qt' in PySide6.QtCore.__dict__)\n"
    out = subprocess.run(
        [sys.executable, "-c", code + check],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    return out.stdout.strip().splitlines()[-1] == "True"


def test_the_first_window_does_not_build_qts_enum_namespace(tmp_path):
    """PySide6 builds the Qt namespace's 93 Python enums (15 ms, a sixth of a bare window) on
    its first import: the start page, the menus and their shortcuts are made without it."""
    gone = tmp_path / "moved away.hmfield"  # a recent project no longer there: greyed
    code = (
        "import sys\n"
        "from hmfield.gui.common.settings import Settings\n"
        f"Settings().add_recent({str(gone)!r})\n"
        "from hmfield.gui.shell.app import create_app\n"
        "from hmfield.gui.shell.main_window import MainWindow\n"
        "app = create_app(sys.argv[:1])\n"
        "window = MainWindow.create(); window.show(); app.processEvents()\n"
        "assert window.act_new.shortcut().toString() and window.start_page.isVisible()\n"
        "item = window.start_page.form.recentList.item(0)\n"
        "assert item.foreground().color().name() == '#a0a0a4'\n"
    )
    assert not _qt_namespace_built(code, tmp_path)
    assert _qt_namespace_built(code + "from PySide6.QtCore import Qt\n", tmp_path)  # can fail


def test_opening_a_project_loads_them_then(tmp_path):
    """The check above is no accident of a broken import: a project brings SQLAlchemy."""
    project = tmp_path / "p.hmfield"
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from hmfield.__main__ import main\n"
        f"main(['new', {str(project)!r}, '--name', 'x', '--by', 'tester'])\n"
    )
    assert "sqlalchemy" in _loaded(code, tmp_path)


def test_app_arguments_skip_the_parser():
    from hmfield.__main__ import _app_args

    assert _app_args([]) == []
    assert _app_args(["gui"]) == []
    assert _app_args(["gui", "p.hmfield"]) == ["p.hmfield"]
    assert _app_args(["gui", "--help"]) is None
    assert _app_args(["inventory", "p.hmfield"]) is None


# table modules whose classes the opening of a project and its first screen never use: they
# are built by the services that need them, after the first paint (a job's imports)
LATER_TABLES = (
    "inventory",
    "plan",
    "assess",
    "runbook",
    "operate",
    "sync",
    "import_log",
    "assess_notes",
)

OPEN_LARGE = """
import json, sys
from pathlib import Path
import hmfield.gui.common.jobs as jobs
jobs.BACKGROUND_ABOVE = 0  # read as a 10,000-host project is
from hmfield.gui.shell.app import create_app
from hmfield.gui.shell.main_window import MainWindow
app = create_app(sys.argv[:1])
window = MainWindow.create(); window.show(); app.processEvents()
def tables():
    prefix = "hmfield.core.model."
    return sorted(m[len(prefix):] for m in sys.modules if m.startswith(prefix))
assert window.open_project(Path(sys.argv[1]))
shown = tables()  # the first screen is built; its reads wait for the first paint
import sqlite3
def items():
    con = sqlite3.connect(sys.argv[1])
    n = con.execute("SELECT count(*) FROM checklist_item WHERE deleted = 0").fetchone()[0]
    con.close()
    return n
items_shown = items()
app.processEvents(); window.jobs.wait(120000); app.processEvents()
board = window.screens["overview"].dashboard
print(json.dumps({"shown": shown, "after": tables(), "figures": board.figures is not None,
                  "items_shown": items_shown, "items": items()}))
"""


def _open_env(tmp_path) -> dict:
    """The fresh interpreter's environment: offscreen, user folders of its own."""
    return dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        HMFIELD_DATA_DIR=str(tmp_path / "data"),
        HMFIELD_CONFIG_DIR=str(tmp_path / "config"),
    )


def test_a_large_project_shows_its_first_screen_before_the_later_tables(tmp_path, demo_path):
    seen = fresh_json(OPEN_LARGE, str(demo_path), env=_open_env(tmp_path))
    assert {"project", "audit", "checklist", "plan_settings"} <= set(seen["shown"])
    assert not set(LATER_TABLES) & set(seen["shown"])
    # the first screen's reads, after the paint, load what they use and fill it
    assert seen["figures"] and {"inventory", "plan", "operate", "runbook"} <= set(seen["after"])


def test_a_large_project_makes_its_checklist_items_after_the_first_screen(tmp_path, demo_path):
    """A large project's missing checklist items are made by the window's first job, after
    the first screen is built, not by the opening: three items deleted from the file are
    still missing when the screen is shown and are there once the jobs are done."""
    import sqlite3

    con = sqlite3.connect(demo_path)
    total = con.execute("SELECT count(*) FROM checklist_item WHERE deleted = 0").fetchone()[0]
    con.execute("DELETE FROM checklist_item WHERE id IN (SELECT id FROM checklist_item LIMIT 3)")
    con.commit()
    con.close()
    seen = fresh_json(OPEN_LARGE, str(demo_path), env=_open_env(tmp_path))
    assert seen["items_shown"] == total - 3
    assert seen["items"] == total > 3


OPEN_SMALL = """
import json, sys
from pathlib import Path
from hmfield.gui.shell.app import create_app
from hmfield.gui.shell.main_window import MainWindow
app = create_app(sys.argv[:1])
window = MainWindow.create(); window.show(); app.processEvents()
adopt = MainWindow._adopt_session
seen = {}
def adopting(self, path, session):
    before = set(sys.modules)
    adopt(self, path, session)
    seen["new"] = sorted(m for m in set(sys.modules) - before if m.startswith("hmfield.core"))
MainWindow._adopt_session = adopting
assert window.open_project(Path(sys.argv[1]))
board = window.screens["overview"].dashboard
print(json.dumps({"new": seen["new"], "figures": board.figures is not None}))
"""


def test_a_small_projects_first_screen_imports_nothing_on_the_gui_thread(tmp_path, demo_path):
    """A small project's dashboard is read on the GUI thread as the first screen is built; the
    modules that read needs (the operate phase's, a quarter of a second) are imported by the
    opening's job before, so the window does not freeze for them."""
    seen = fresh_json(OPEN_SMALL, str(demo_path), env=_open_env(tmp_path))
    assert seen["figures"]  # read while the screen was built
    assert seen["new"] == []

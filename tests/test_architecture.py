"""The house rules of ARCHITECTURE.md, checked on the source tree.

The package graph is built from every ``import`` statement (module level and inside functions)
of every module under ``hmfield/``. A feature package may import only the foundation and the
features below it in ``CORE_ORDER`` / ``GUI_ORDER``; nothing imports ``demo`` but the CLI and
the GUI; ``core`` never imports ``gui``; Qt only in ``gui``; no folder holds more than 25
modules; no mixin classes in core; no GUI module opens a database session or runs SQL.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PKG = ROOT / "hmfield"

# Low to high. "core.base" is the foundation: the modules directly in hmfield/core (clock,
# errors, progress, context, workbook, ...), plus model/, store/ and audit/.
FOUNDATION = ("core.base", "core.model", "core.store", "core.audit")
CORE_ORDER = (
    "core.assess",
    "core.inventory",
    "core.plan",
    "core.checklists",
    "core.runbooks",
    "core.operate",
    "core.project",
    "core.sync",
    "core.office",
    "core.reports",
    "core.demo",
)
GUI_FOUNDATION = ("gui.base", "gui.forms", "gui.common", "gui.models")
GUI_ORDER = (
    "gui.checklists",
    "gui.inventory",
    "gui.assess",
    "gui.plan",
    "gui.runbooks",
    "gui.operate",
    "gui.reports",
    "gui.sync",
    "gui.overview",
    "gui.shell",
)


def _package_of(module: str) -> str:
    parts = module.split(".")
    if len(parts) < 2:
        return "hmfield"
    if parts[1] in ("core", "gui"):
        if len(parts) >= 3 and (PKG / parts[1] / parts[2]).is_dir():
            return f"{parts[1]}.{parts[2]}"
        return f"{parts[1]}.base"
    return parts[1]


def _modules() -> dict[str, Path]:
    out = {}
    for path in PKG.rglob("*.py"):
        rel = path.relative_to(ROOT).with_suffix("")
        name = ".".join(rel.parts)
        out[name.removesuffix(".__init__")] = path
    return out


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


@pytest.fixture(scope="module")
def graph() -> dict[str, set[tuple[str, str]]]:
    """package -> {(imported package, importing module)}"""
    edges: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for name, path in _modules().items():
        src = _package_of(name)
        for imported in _imports(path):
            if imported.startswith("hmfield."):
                dst = _package_of(imported)
                if dst != src:
                    edges[src].add((dst, name))
    return edges


def _rank(order: tuple[str, ...], foundation: tuple[str, ...], pkg: str) -> int | None:
    if pkg in foundation:
        return -1
    return order.index(pkg) if pkg in order else None


def test_every_feature_package_is_placed_in_the_order():
    core = {p.name for p in (PKG / "core").iterdir() if p.is_dir() and p.name != "__pycache__"}
    gui = {p.name for p in (PKG / "gui").iterdir() if p.is_dir() and p.name != "__pycache__"}
    placed_core = {p.split(".")[1] for p in FOUNDATION + CORE_ORDER if p != "core.base"}
    placed_gui = {p.split(".")[1] for p in GUI_FOUNDATION + GUI_ORDER if p != "gui.base"}
    assert core == placed_core, "place the new core package in CORE_ORDER and ARCHITECTURE.md"
    assert gui == placed_gui, "place the new gui package in GUI_ORDER and ARCHITECTURE.md"


@pytest.mark.parametrize(
    ("order", "foundation"), [(CORE_ORDER, FOUNDATION), (GUI_ORDER, GUI_FOUNDATION)]
)
def test_features_import_only_what_is_below_them(graph, order, foundation):
    wrong = []
    for src in (*foundation, *order):
        src_rank = _rank(order, foundation, src)
        for dst, module in sorted(graph.get(src, ())):
            if not dst.startswith(src.split(".")[0] + "."):
                continue  # core <-> gui is checked below
            dst_rank = _rank(order, foundation, dst)
            if src in foundation and dst in foundation:
                continue
            if dst == "core.demo" or dst_rank is None or dst_rank >= src_rank:
                wrong.append(f"{module} imports {dst}")
    assert not wrong, "\n".join(wrong)


def test_core_never_imports_gui_or_cli(graph):
    wrong = [
        f"{module} imports {dst}"
        for src, edges in graph.items()
        if src.startswith("core.")
        for dst, module in edges
        if dst.startswith("gui.") or dst == "cli"
    ]
    assert not wrong, wrong


def test_demo_is_imported_only_by_cli_and_gui_shell(graph):
    wrong = [
        f"{module} imports core.demo"
        for src, edges in graph.items()
        for dst, module in edges
        if dst == "core.demo" and src not in ("cli", "gui.shell")
    ]
    assert not wrong, wrong


def test_qt_only_in_gui():
    wrong = [
        name
        for name, path in _modules().items()
        if not name.startswith("hmfield.gui")
        and any(i.split(".")[0] in ("PySide6", "shiboken6") for i in _imports(path))
    ]
    assert not wrong, wrong


def test_no_folder_holds_more_than_25_modules():
    crowded = {
        str(folder.relative_to(ROOT)): n
        for folder in [PKG, *PKG.rglob("*")]
        if folder.is_dir()
        and (n := len([f for f in folder.glob("*.py") if f.name != "__init__.py"])) > 25
    }
    assert not crowded, crowded


def test_no_mixin_classes_in_core():
    mixins = []
    for name, path in _modules().items():
        if name.startswith("hmfield.core"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ClassDef) and node.name.endswith("Mixin"):
                    mixins.append(f"{name}.{node.name}")
    assert not mixins, mixins


SQL_MARKERS = ("sqlmodel", "sqlalchemy", "sqlite3")


def test_no_gui_module_opens_a_session_or_runs_sql():
    wrong = []
    for name, path in _modules().items():
        if not name.startswith("hmfield.gui"):
            continue
        text = path.read_text(encoding="utf-8")
        if any(i.split(".")[0] in SQL_MARKERS for i in _imports(path)):
            wrong.append(f"{name} imports a database library")
        if "ctx.read()" in text or "ctx.write()" in text:
            wrong.append(f"{name} opens a database session")
    assert not wrong, wrong


def test_class_names_are_unique_across_the_package():
    seen: dict[str, list[str]] = defaultdict(list)
    for name, path in _modules().items():
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ClassDef):
                seen[node.name].append(name)
    twice = {cls: mods for cls, mods in seen.items() if len(mods) > 1}
    assert not twice, twice


def test_reports_run_no_sql_of_their_own():
    wrong = [
        name
        for name, path in _modules().items()
        if name.startswith("hmfield.core.reports")
        and (
            any(i.split(".")[0] in SQL_MARKERS for i in _imports(path))
            or "ctx.read()" in path.read_text(encoding="utf-8")
        )
    ]
    assert not wrong, wrong


def test_one_undo_convention():
    """Every undoable change is a gui.common.undo.ServiceCommand; nothing else builds
    QUndoCommand directly."""
    wrong = [
        name
        for name, path in _modules().items()
        if name != "hmfield.gui.common.undo" and "QUndoCommand" in path.read_text(encoding="utf-8")
    ]
    assert not wrong, wrong

"""Every error message the core raises for a user has Chinese in resources/messages/core.yaml.

The scan reads hmfield/core with ``ast``: each ``raise X("...")`` / ``raise X(f"...")`` and
the text given to the fail helpers that build a BundleError or InputError
(``self._fail``, ``reader.fail``, ``self.fail``, the checklist files' ``f.fail(where, reason)``
and the rule catalogue's ``_fail(path, reason)``). An f-string becomes a sample with "7" for
every value, except values the code can only fill with a few known words (``a if c else b``
of texts, a local bound only to texts, ``for x in ("a", "b")``): each word gives a sample.
A sample that ``core_text`` leaves unchanged is not translated.
"""

from __future__ import annotations

import ast
import itertools
import re
from pathlib import Path

import pytest
import yaml

from hmfield.gui.common.core_text import core_text
from hmfield.paths import resource_path

ROOT = Path(__file__).resolve().parents[3]
CORE = ROOT / "hmfield" / "core"
PLACEHOLDER = re.compile(r"\{\w+\}")
WORD = re.compile(r"[A-Za-z][A-Za-z_'./()-]*")
MAX_SAMPLES = 16

# programmer errors: a bug to fix, never a message for the user
PROGRAMMER_ERRORS = frozenset(
    {
        "ValueError",
        "TypeError",
        "AssertionError",
        "RuntimeError",
        "KeyError",
        "IndexError",
        "NotImplementedError",
        "AttributeError",
        "ProjectionError",
    }
)
HELPERS = frozenset({("self", "_fail"), ("reader", "fail"), ("self", "fail")})
# (file, start of the message): checked by hmfield's own tests or a bug in the writer, not
# something a delivery engineer can act on
NOT_USER_FACING = (
    ("hmfield/core/reports/pdfcheck.py", ""),  # poppler checks of printed PDFs (tests only)
    ("hmfield/core/reports/tables.py", "data table "),  # a report built its table wrongly
    ("hmfield/core/workbook.py", "sheet 7: data row "),  # an export built its rows wrongly
)
# an older entry that a later, bare-reason entry answers first (same meaning, other wording)
KNOWN_SHADOWED: frozenset[str] = frozenset()


def _texts(node: ast.AST) -> list[str] | None:
    """The texts of a text constant, or of ``a if c else b`` where both are texts."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        body, orelse = _texts(node.body), _texts(node.orelse)
        if body is not None and orelse is not None:
            return body + orelse
    return None


def _local_words(func: ast.AST) -> dict[str, list[str]]:
    """The names a function binds only to texts, with the texts they can hold."""
    values: dict[str, list[str]] = {}
    spoilt: set[str] = set()
    for node in ast.walk(func):
        targets: list[ast.AST] = []
        options = None
        if isinstance(node, ast.Assign):
            targets, options = node.targets, _texts(node.value)
        elif isinstance(node, ast.For):
            targets = [node.target]
            if isinstance(node.iter, ast.Tuple | ast.List):
                found = [_texts(e) for e in node.iter.elts]
                if all(f is not None and len(f) == 1 for f in found):
                    options = [f[0] for f in found]
        elif isinstance(node, ast.AugAssign | ast.AnnAssign | ast.NamedExpr):
            targets = [node.target]
        for target in targets:
            if isinstance(target, ast.Name) and options is not None:
                values.setdefault(target.id, []).extend(options)
            else:
                spoilt.update(n.id for n in ast.walk(target) if isinstance(n, ast.Name))
    return {name: words for name, words in values.items() if name not in spoilt}


def _samples(node: ast.AST, words: dict[str, list[str]]) -> list[str] | None:
    """The messages a text or f-string can give ("7" for a value that can be anything)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if not isinstance(node, ast.JoinedStr):
        return None
    parts = []
    for value in node.values:
        if isinstance(value, ast.Constant):
            parts.append([value.value])
            continue
        inner = value.value
        options = _texts(inner)
        if options is None and isinstance(inner, ast.IfExp):
            body, orelse = _samples(inner.body, words), _samples(inner.orelse, words)
            options = body + orelse if body is not None and orelse is not None else None
        if options is None and isinstance(inner, ast.Name):
            options = words.get(inner.id)
        parts.append(options or ["7"])
    joined = ("".join(p) for p in itertools.product(*parts))
    return list(dict.fromkeys(itertools.islice(joined, MAX_SAMPLES)))


def _helper_message(call: ast.Call, rel: str, words: dict[str, list[str]]) -> list[str] | None:
    """The messages a fail helper builds from the texts it is given."""
    f = call.func
    in_checklists = rel.startswith("hmfield/core/checklists/")
    if in_checklists and isinstance(f, ast.Attribute) and f.attr == "fail" and len(call.args) > 1:
        reasons = _samples(call.args[1], words)  # YamlFile.fail(where, reason)
        if reasons is None:
            return None
        wheres = _samples(call.args[0], words) or ["7"]
        return [f"{w}: {r}" if w else r for w in wheres for r in reasons]
    if isinstance(f, ast.Name) and f.id == "_fail" and len(call.args) >= 2:  # _fail(path, why)
        return _samples(call.args[1], words)
    if (
        isinstance(f, ast.Attribute)
        and isinstance(f.value, ast.Name)
        and (f.value.id, f.attr) in HELPERS
        and call.args
    ):
        return _samples(call.args[0], words)
    return None


def _type_checking(test: ast.AST) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def core_messages() -> list[tuple[str, int, str, str]]:
    """(file, line, error class or "fail helper", sample) of every message hmfield/core raises."""
    found = []
    for path in sorted(CORE.rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip: set[int] = set()
        scopes: dict[int, dict[str, list[str]]] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.If) and _type_checking(node.test):
                skip.update(id(n) for stmt in node.body for n in ast.walk(stmt))
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                words = _local_words(node)
                for n in ast.walk(node):
                    scopes[id(n)] = words  # walk is outer first: the innermost function wins
        done: set[int] = set()
        for node in ast.walk(tree):
            call = node.exc if isinstance(node, ast.Raise) else node
            if id(node) in skip or not isinstance(call, ast.Call) or id(call) in done:
                continue
            words = scopes.get(id(call), {})
            kind = "fail helper"
            texts = _helper_message(call, rel, words)
            if texts is None and isinstance(node, ast.Raise) and call.args:
                f = call.func
                kind = f.id if isinstance(f, ast.Name) else getattr(f, "attr", "?")
                texts = _samples(call.args[0], words)
            if texts is None:
                continue
            done.add(id(call))
            found.extend((rel, node.lineno, kind, text) for text in texts)
    return found


def _exempt(rel: str, kind: str, sample: str) -> bool:
    if kind in PROGRAMMER_ERRORS:
        return True
    if len(WORD.findall(sample.replace("7", " "))) < 2:
        return True  # "{host}: {why}": a location before another message, which is translated
    return any(rel == f and sample.startswith(start) for f, start in NOT_USER_FACING)


def _entries() -> list[dict]:
    text = resource_path("messages", "core.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)["messages"]


def test_every_user_facing_core_error_has_chinese():
    messages = core_messages()
    assert len(messages) > 500, "the scan found too few messages: is hmfield/core still there?"
    missing = [
        f"{rel}:{line} [{kind}] {sample}"
        for rel, line, kind, sample in messages
        if not _exempt(rel, kind, sample) and core_text(sample, "zh") == sample
    ]
    assert not missing, "core errors with no entry in resources/messages/core.yaml:\n" + "\n".join(
        missing
    )


def test_no_catalogue_entry_is_hidden_by_an_earlier_one():
    hidden = []
    for entry in _entries():
        names = PLACEHOLDER.findall(entry["en"])
        sample = PLACEHOLDER.sub("7", entry["en"])
        want = entry["zh"].format(**{name[1:-1]: "7" for name in names})
        got = core_text(sample, "zh")
        if got != want and entry["en"] not in KNOWN_SHADOWED:
            hidden.append(f"{entry['en']!r} gives {got!r}, not {want!r}")
    assert not hidden, "entries answered by another entry first:\n" + "\n".join(hidden)


def test_real_core_errors_read_in_chinese():
    from hmfield.core.checklists.views import ItemStatus, check_reason
    from hmfield.core.errors import HmError
    from hmfield.core.inventory.children import validate_child
    from hmfield.core.model.inventory import Disk
    from hmfield.core.office.url import office_url

    with pytest.raises(HmError) as caught:
        office_url("mysql://me@db.example:3306/cmdb")
    assert core_text(str(caught.value), "zh") == (
        "mysql:// 不是办公室数据库；请填写 postgresql://USER@HOST:PORT/DB"
    )
    with pytest.raises(HmError) as caught:
        check_reason(ItemStatus.BLOCKED, " ", "migrate.s7.4")
    assert core_text(str(caught.value), "zh") == (
        "migrate.s7.4：标记为“受阻”需要填写原因（--reason TEXT）"
    )
    with pytest.raises(HmError) as caught:
        validate_child(Disk, "colour", "red")
    assert core_text(str(caught.value), "zh") == "磁盘：'colour' 不是可编辑的字段"

"""Argument parsing and dispatch. User errors: one line on stderr, exit 1; usage: exit 2."""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sqlite3
import sys
from pathlib import Path

import hmfield.cli
import hmfield.cli.nouns  # the one-grammar nouns (cli/nouns/*_cmds.py)
from hmfield import __version__
from hmfield.cli.common import UsageError, legacy_argv
from hmfield.core.errors import HmError
from hmfield.core.fileutil import storage_problem


def command_modules() -> list:
    """Every ``hmfield/cli/*_cmds.py`` module; each exposes ``register(subparsers)`` and an
    ``ORDER`` number for the help listing (features add a module, nothing else)."""
    mods = [
        importlib.import_module(f"hmfield.cli.{info.name}")
        for info in pkgutil.iter_modules(hmfield.cli.__path__)
        if info.name.endswith("_cmds")
    ]
    mods += [
        importlib.import_module(f"hmfield.cli.nouns.{info.name}")
        for info in pkgutil.iter_modules(hmfield.cli.nouns.__path__)
        if info.name.endswith("_cmds")
    ]
    return sorted(mods, key=lambda m: (getattr(m, "ORDER", 50), m.__name__))


# Commands whose one module is known: ``hmfield import P FILE`` builds the parser of that
# module alone, not of every command module (importing them all cost ~1 s before a 10,000-VM
# import even began). tests/cli/test_quick_parser.py checks each entry against the full parser.
ONE_MODULE = {"import": "inventory_cmds", "office": "office_cmds"}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # usage errors: exit 2 with one line
        self.print_usage(sys.stderr)
        sys.stderr.write(f"hmfield: error: {message}\n")
        raise SystemExit(2)


class _NotQuick(Exception):
    """The one-module parser could not read the line: the full parser reads it again."""


class _QuickParser(_Parser):
    def error(self, message: str):  # the full parser gives the usual message
        raise _NotQuick(message)


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """Every command's parser; ``only`` (a module of ``ONE_MODULE``): that module's alone,
    raising ``_NotQuick`` instead of a usage error."""
    parser = (_QuickParser if only else _Parser)(
        prog="hmfield",
        description="hmfield: offline field app for HyperMotion migration delivery. "
        "Without a command it starts the app.",
    )
    parser.add_argument("--version", action="version", version=f"hmfield {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=type(parser))
    modules = [importlib.import_module(f"hmfield.cli.{only}")] if only else command_modules()
    for module in modules:
        module.register(sub)
    return parser


def _quick_args(argv: list[str]) -> argparse.Namespace | None:
    """The arguments of a ``ONE_MODULE`` command read by its module's parser alone; None
    when the line is another command's or the parser refuses it (the full one decides)."""
    only = ONE_MODULE.get(argv[0]) if argv else None
    if only is None:
        return None
    try:
        return build_parser(only).parse_args(argv)
    except _NotQuick:
        return None


def run(argv: list[str]) -> int:
    args = _quick_args(argv)
    if args is None:
        parser = build_parser()
        argv = with_gui_default(argv, parser)
        args = parser.parse_args(legacy_argv(parser, argv))
    handler = getattr(args, "handler", None)
    if handler is None:
        build_parser().print_help()
        return 2
    try:
        return int(handler(args) or 0)
    except UsageError as exc:
        sys.stderr.write(f"hmfield: error: {exc}\n")
        return 2
    except HmError as exc:
        sys.stderr.write(f"hmfield: {exc}\n")
        return 1
    except KeyboardInterrupt:
        sys.stderr.write("hmfield: interrupted; nothing was changed\n")
        return 130
    except BrokenPipeError:  # output piped into head & co.: not an error worth a traceback
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # noqa: BLE001 - re-raised unless a storage error
        # a full or failing disk that a write path did not name itself: still one line
        if not _storage_error(exc):
            raise
        problem = storage_problem(exc, _project_arg(args))
        if problem is None:
            raise
        sys.stderr.write(f"hmfield: {problem}\n")
        return 1


def _storage_error(exc: Exception) -> bool:
    """OSError, sqlite3's or SQLAlchemy's DBAPIError (SQLAlchemy is not imported for it:
    a command that failed before loading it raised none of its errors)."""
    if isinstance(exc, OSError | sqlite3.Error):
        return True
    exc_module = sys.modules.get("sqlalchemy.exc")
    return exc_module is not None and isinstance(exc, exc_module.DBAPIError)


def with_gui_default(argv: list[str], parser: argparse.ArgumentParser) -> list[str]:
    """No command starts the app; ``hmfield FILE`` (a file, not a command) opens FILE in it."""
    if not argv:
        return ["gui"]
    first = argv[0]
    if first.startswith("-"):
        return argv
    commands = next(
        (a.choices for a in parser._actions if isinstance(a, argparse._SubParsersAction)), {}
    )
    path = Path(first)
    if first not in commands and (path.suffix in (".hmfield", ".hmbundle") or path.exists()):
        return ["gui", *argv]
    return argv  # a mistyped command still gets argparse's "invalid choice"


def _project_arg(args: argparse.Namespace) -> Path:
    """The file a command works on, to name its disk in a disk-full message."""
    for name in ("project", "output", "path", "bundle"):
        value = getattr(args, name, None)
        if isinstance(value, str) and value:
            return Path(value)
    return Path("the project")

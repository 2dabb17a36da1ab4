"""Entry point: ``hmfield`` starts the app, ``hmfield SUBCOMMAND`` runs the CLI.

Starting the app skips the command-line parser: building it imports every command module
and, through them, SQLAlchemy and pydantic; the window is to be up before those load (they
come with the first project opened). ``tests/gui/shell/test_startup_imports.py`` checks it."""

from __future__ import annotations

import sys


def _app_args(argv: list[str]) -> list[str] | None:
    """The arguments of a plain app start (``hmfield``, ``hmfield gui [PROJECT]``), else None."""
    if not argv:
        return []
    if argv[0] == "gui" and len(argv) <= 2 and not any(a.startswith("-") for a in argv[1:]):
        return argv[1:]
    return None


def main(argv: list[str] | None = None) -> int:
    if getattr(sys, "frozen", False):  # the packaged app: a spawned side-sheet reader starts
        import multiprocessing  # here (formats/prefetch.py) and ends inside freeze_support

        multiprocessing.freeze_support()
    argv = sys.argv[1:] if argv is None else argv
    app = _app_args(argv)
    if app is not None:
        from hmfield.gui.shell.launch import launch

        return launch(app[0] if app else None)
    from hmfield.cli.app import run

    return run(argv)


if __name__ == "__main__":
    sys.exit(main())

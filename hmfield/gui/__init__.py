"""The Qt front end: the only package that imports PySide6.

Loading PySide6 replaces Python's import function with one that serves its ``__feature__``
switches (``snake_case``, ``true_property``): after every import statement it reads the
imported module's whole source (``inspect.getsource``) to see whether it names PySide6.
hmfield uses no such switch (``tests/gui/shell/test_plain_import.py``), and that reading was a
tenth of a second of a project's opening (the services' 400 modules import after Qt),
kept every source file in ``linecache`` and, through ``inspect.unwrap``, touched lazy module
attributes (pydantic's) mid-import. The package gives the import back to the function
PySide6 wrapped: its lazy loading of Qt's types stays."""

import builtins

import PySide6  # noqa: F401  (shiboken installs its import hook as it loads)


def _plain_import() -> None:
    hooked = getattr(builtins.__import__, "__name__", "") == "__feature_import__"
    wrapped = getattr(builtins, "__orig_import__", None)
    if hooked and wrapped is not None:
        builtins.__import__ = wrapped


_plain_import()

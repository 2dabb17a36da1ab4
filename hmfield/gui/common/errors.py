"""The one way an error reaches the user, and the log file behind it.

- :func:`report_error` shows an error in the one standard dialog: what happened, then what to
  do. The job helper uses it for every job that fails without its own ``on_error``.
- :func:`log_unexpected` writes an unexpected exception with its full traceback to
  ``<data dir>/logs/hmfield.log`` (rotating, created on the first record) and returns the file,
  so the message can name it. Nothing is ever printed to a console the user does not see.
- :func:`install_exception_hook` (the launch path only: tests keep pytest-qt's own capture)
  routes ``sys.excepthook`` and ``threading.excepthook`` through :func:`handle_unexpected`,
  which logs and shows the standard dialog; :func:`uninstall_exception_hook` puts the
  previous hooks back.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot

from hmfield.paths import data_dir

LOGGER_NAME = "hmfield"
LOG_MAX_BYTES = 1_000_000
LOG_BACKUPS = 3


class ErrorSink(Protocol):
    """What :func:`report_error` needs of a Dialogs (the real one or a test's fake)."""

    def error(self, title: str, text: str) -> None: ...


# -- the log file -------------------------------------------------------------------------


def log_path() -> Path:
    """``<data dir>/logs/hmfield.log``; follows ``HMFIELD_DATA_DIR`` at every call."""
    return data_dir() / "logs" / "hmfield.log"


@lru_cache(maxsize=1)
def _quiet_rotating_file() -> type[logging.Handler]:
    """The rotating file handler class, defined on the first record (logging.handlers and
    what it imports are not needed before the window is up)."""
    from logging.handlers import RotatingFileHandler

    class _QuietRotatingFile(RotatingFileHandler):
        def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging's
            raise  # noqa: PLE0704 - re-raised to _DataDirLogHandler.emit, which notes it

    return _QuietRotatingFile


class _DataDirLogHandler(logging.Handler):
    """A rotating file in the current data dir, opened on the first record (and reopened when
    the data dir changes, as it does between tests). A record that cannot be written is
    dropped quietly, never printed to stderr; :attr:`last_ok` tells the logging thread."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self._file: logging.Handler | None = None
        self._ok = threading.local()
        self.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s")
        )

    @property
    def last_ok(self) -> bool:
        """Whether this thread's last record reached the file."""
        return getattr(self._ok, "value", False)

    def _target(self) -> logging.Handler:
        path = log_path()
        if self._file is None or self._file.baseFilename != os.path.abspath(path):
            if self._file is not None:
                self._file.close()
                self._file = None
            path.parent.mkdir(parents=True, exist_ok=True)
            self._file = _quiet_rotating_file()(
                path, maxBytes=LOG_MAX_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8"
            )
            self._file.setFormatter(self.formatter)
        return self._file

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self._target().emit(record)
        except Exception:  # noqa: BLE001 - a log must never become a second error
            self._ok.value = False
        else:
            self._ok.value = True

    def close(self) -> None:
        with self.lock:
            if self._file is not None:
                self._file.close()
                self._file = None
        super().close()


_handler_lock = threading.Lock()


def _file_handler() -> _DataDirLogHandler:
    logger = logging.getLogger(LOGGER_NAME)
    with _handler_lock:
        for handler in logger.handlers:
            if isinstance(handler, _DataDirLogHandler):
                return handler
        handler = _DataDirLogHandler()
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
        return handler


def app_logger() -> logging.Logger:
    """The ``hmfield`` logger, writing to :func:`log_path` only (never to the console)."""
    _file_handler()
    return logging.getLogger(LOGGER_NAME)


ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def log_unexpected(what: str, exc_info: ExcInfo | None = None) -> Path | None:
    """Log ``what`` with the full traceback of ``exc_info`` (default: the exception being
    handled); return the log file, or None when it could not be written."""
    handler = _file_handler()
    app_logger().error(what, exc_info=exc_info or sys.exc_info())
    return log_path() if handler.last_ok else None


def describe(exc: BaseException) -> str:
    """``ExceptionType: message`` (the type alone when the message is empty)."""
    text = str(exc)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


# -- the standard dialog ------------------------------------------------------------------


def compose(what_happened: str, what_to_do: str = "") -> str:
    """The standard error text: what happened, a blank line, what to do."""
    return f"{what_happened}\n\n{what_to_do}" if what_to_do else what_happened


def report_error(dialogs: ErrorSink, title: str, what_happened: str, what_to_do: str = "") -> None:
    """Show an error in the one standard dialog."""
    dialogs.error(title, compose(what_happened, what_to_do))


def details_line(path: Path | None) -> str:
    if path is None:
        return QCoreApplication.translate("Errors", "The details could not be written to a log.")
    return QCoreApplication.translate("Errors", "The details are in %1.").replace("%1", str(path))


def task_failed_text(description: str, path: Path | None) -> str:
    """What happened when a job raised an unexpected exception."""
    if path is None:
        text = QCoreApplication.translate(
            "Jobs",
            "Something went wrong: %1. Nothing was saved by this task. "
            "The details could not be written to a log.",
        )
    else:
        text = QCoreApplication.translate(
            "Jobs",
            "Something went wrong: %1. Nothing was saved by this task. The details are in %2.",
        ).replace("%2", str(path))
    return text.replace("%1", description)


def task_failed_advice() -> str:
    return QCoreApplication.translate(
        "Jobs", "Try again. If it happens again, send the log file to your hmfield support."
    )


def unexpected_text(description: str, path: Path | None) -> str:
    """What happened when an exception escaped outside any job."""
    text = QCoreApplication.translate(
        "Errors", "Something went wrong: %1. What you did last may not have finished."
    ).replace("%1", description)
    return f"{text} {details_line(path)}"


def unexpected_advice() -> str:
    return QCoreApplication.translate(
        "Errors",
        "Check that your last change is shown. If the window misbehaves, close hmfield and "
        "open the project again.",
    )


# -- the exception hook -------------------------------------------------------------------


def _default_dialogs() -> ErrorSink:
    from PySide6.QtWidgets import QApplication

    from hmfield.gui.common.dialogs import Dialogs

    return Dialogs(QApplication.activeWindow())


class _HookState:
    relay: _ErrorRelay | None = None
    previous_sys: Callable[..., Any] | None = None
    previous_threading: Callable[..., Any] | None = None
    dialogs: Callable[[], ErrorSink] = staticmethod(_default_dialogs)
    showing = False


def _show_unexpected(dialogs: Callable[[], ErrorSink], what_happened: str) -> None:
    if _HookState.showing:  # one box at a time: a flood of errors is logged, not stacked
        return
    _HookState.showing = True
    try:
        title = QCoreApplication.translate("Errors", "Unexpected error")
        report_error(dialogs(), title, what_happened, unexpected_advice())
    finally:
        _HookState.showing = False


class _ErrorRelay(QObject):
    """Lives on the GUI thread: an error seen on another thread is shown from here."""

    requested = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.requested.connect(self.show)

    @Slot(str)
    def show(self, what_happened: str) -> None:
        _show_unexpected(_HookState.dialogs, what_happened)


def handle_unexpected(
    exc_type: type[BaseException],
    exc: BaseException,
    tb: TracebackType | None,
    *,
    dialogs: Callable[[], ErrorSink] | None = None,
) -> None:
    """Log an uncaught exception and show it in the standard dialog. On the GUI thread the
    dialog opens at once; from another thread it is queued to the GUI thread (when the hook is
    installed). With no QApplication: one line on stderr, no traceback. ``dialogs`` makes the
    sink to show it in (default: the installed one, else a Dialogs on the active window)."""
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    path = log_unexpected("Uncaught exception", (exc_type, exc, tb))
    what_happened = unexpected_text(describe(exc), path)
    if QCoreApplication.instance() is None:
        sys.stderr.write(f"hmfield: {what_happened}\n")
        return
    if threading.current_thread() is threading.main_thread():
        _show_unexpected(dialogs or _HookState.dialogs, what_happened)
    elif _HookState.relay is not None:
        _HookState.relay.requested.emit(what_happened)
    # else: off the GUI thread with no relay: logged only (widgets need the GUI thread)


def _thread_hook(args: threading.ExceptHookArgs) -> None:
    if args.exc_type is SystemExit:
        return
    handle_unexpected(args.exc_type, args.exc_value, args.exc_traceback)


def install_exception_hook(dialogs: Callable[[], ErrorSink] | None = None) -> None:
    """Route uncaught exceptions (the GUI thread's and other threads') to
    :func:`handle_unexpected`. Call it on the GUI thread once a QApplication exists. ``dialogs``
    makes the sink to show them in (default: a Dialogs on the active window). Installing twice
    keeps the hooks that were there before the first install."""
    if _HookState.relay is None:
        _HookState.previous_sys = sys.excepthook
        _HookState.previous_threading = threading.excepthook
        _HookState.relay = _ErrorRelay()
    _HookState.dialogs = dialogs or _default_dialogs
    sys.excepthook = handle_unexpected
    threading.excepthook = _thread_hook


def uninstall_exception_hook() -> None:
    """Put back the hooks that were there before :func:`install_exception_hook`."""
    if _HookState.relay is None:
        return
    sys.excepthook = _HookState.previous_sys or sys.__excepthook__
    threading.excepthook = _HookState.previous_threading or threading.__excepthook__
    _HookState.relay.deleteLater()
    _HookState.relay = None
    _HookState.previous_sys = _HookState.previous_threading = None
    _HookState.dialogs = _default_dialogs


def exception_hook_installed() -> bool:
    return _HookState.relay is not None and sys.excepthook is handle_unexpected

"""The exception hook: an uncaught exception is logged and shown, never printed."""

from __future__ import annotations

import sys
import threading

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox

from hmfield.gui.common import errors
from hmfield.gui.common.errors import (
    handle_unexpected,
    install_exception_hook,
    log_path,
    report_error,
    uninstall_exception_hook,
)


def _exc_info(exc: BaseException):
    try:
        raise exc
    except BaseException:
        return sys.exc_info()


@pytest.fixture
def hook(qapp, fake_dialogs):
    """The hook installed with a fake Dialogs; the previous hooks restored afterwards."""
    before = (sys.excepthook, threading.excepthook)
    install_exception_hook(lambda: fake_dialogs)
    yield fake_dialogs
    uninstall_exception_hook()
    assert (sys.excepthook, threading.excepthook) == before


def test_the_hook_logs_the_traceback_and_shows_the_error(qapp, fake_dialogs, capfd):
    handle_unexpected(*_exc_info(KeyError("host-7")), dialogs=lambda: fake_dialogs)

    [(title, text)] = fake_dialogs.errors
    assert title == "Unexpected error"
    assert "Something went wrong: KeyError: 'host-7'." in text and str(log_path()) in text
    out, err = capfd.readouterr()
    assert out == "" and err == ""
    log = log_path().read_text(encoding="utf-8")
    assert "Uncaught exception" in log and "Traceback (most recent call last)" in log
    assert "in _exc_info" in log and "KeyError: 'host-7'" in log


def test_the_default_dialog_is_a_message_box(qapp, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    handle_unexpected(*_exc_info(RuntimeError("no more handles")))
    assert len(shown) == 1 and "RuntimeError: no more handles" in shown[0]


def test_installing_replaces_both_hooks_and_uninstalling_restores_them(qapp, fake_dialogs):
    before_sys, before_threading = sys.excepthook, threading.excepthook
    install_exception_hook(lambda: fake_dialogs)
    try:
        assert sys.excepthook is handle_unexpected
        assert threading.excepthook is errors._thread_hook
        assert errors.exception_hook_installed()
        install_exception_hook(lambda: fake_dialogs)  # twice: still restores the first ones
        sys.excepthook(*_exc_info(ValueError("via sys.excepthook")))
        assert "ValueError: via sys.excepthook" in fake_dialogs.errors[-1][1]
    finally:
        uninstall_exception_hook()
    assert sys.excepthook is before_sys and threading.excepthook is before_threading
    assert not errors.exception_hook_installed()
    uninstall_exception_hook()  # a second uninstall changes nothing
    assert sys.excepthook is before_sys


def test_an_error_in_a_qt_callback_reaches_the_hook(hook, qtbot):
    def broken():
        raise ZeroDivisionError("bad ratio")

    QTimer.singleShot(0, broken)
    qtbot.waitUntil(lambda: bool(hook.errors), timeout=2000)
    assert "ZeroDivisionError: bad ratio" in hook.errors[0][1]
    assert "ZeroDivisionError: bad ratio" in log_path().read_text(encoding="utf-8")


def test_an_error_on_another_thread_is_shown_on_the_gui_thread(hook, qtbot, capfd):
    def worker():
        raise OSError("disk gone")

    thread = threading.Thread(target=worker, name="exporter")
    thread.start()
    thread.join(5)
    qtbot.waitUntil(lambda: bool(hook.errors), timeout=2000)
    assert "OSError: disk gone" in hook.errors[0][1]
    assert "[exporter]" in log_path().read_text(encoding="utf-8")
    assert capfd.readouterr().err == ""


def test_report_error_puts_what_to_do_under_what_happened(fake_dialogs):
    report_error(fake_dialogs, "Import", "the file is empty", "Choose another file.")
    report_error(fake_dialogs, "Import", "the file is empty")
    assert fake_dialogs.errors == [
        ("Import", "the file is empty\n\nChoose another file."),
        ("Import", "the file is empty"),
    ]


def test_the_log_follows_the_data_dir_and_rotates(qapp, tmp_path, monkeypatch):
    monkeypatch.setenv("HMFIELD_DATA_DIR", str(tmp_path / "elsewhere"))
    monkeypatch.setattr(errors, "LOG_MAX_BYTES", 2000)
    assert not log_path().exists()
    path = errors.log_unexpected("first", _exc_info(ValueError("x" * 50)))
    assert path == tmp_path / "elsewhere" / "logs" / "hmfield.log" and path.exists()
    for n in range(12):
        assert errors.log_unexpected(f"again {n}", _exc_info(ValueError("y" * 200))) == path
    assert path.stat().st_size <= 2000 and path.with_name("hmfield.log.1").exists()
    assert not path.with_name(f"hmfield.log.{errors.LOG_BACKUPS + 1}").exists()


def test_a_log_that_cannot_be_written_is_said_so_not_printed(qapp, tmp_path, monkeypatch, capfd):
    blocker = tmp_path / "data"
    blocker.write_text("a file where the logs folder would go", encoding="utf-8")
    monkeypatch.setenv("HMFIELD_DATA_DIR", str(blocker))
    assert errors.log_unexpected("lost", _exc_info(ValueError("z"))) is None
    assert "could not be written" in errors.task_failed_text("ValueError: z", None)
    assert capfd.readouterr().err == ""


def test_the_real_launch_installs_the_hook(hm_app, monkeypatch):
    from hmfield.gui.shell import launch, main_window

    class NoWindow:
        def show(self):
            pass

        def ensure_identity(self):
            return False  # the user closed the identity dialog: launch returns at once

    monkeypatch.setattr(main_window.MainWindow, "create", classmethod(lambda cls: NoWindow()))
    before = sys.excepthook
    try:
        assert launch.launch() == 0
        assert errors.exception_hook_installed()
    finally:
        uninstall_exception_hook()
    assert sys.excepthook is before

"""Start the app, or explain in one line why it cannot show a window here."""

from __future__ import annotations

import os
import sys
from pathlib import Path

HINT = (
    "hmfield: no display found; run the app with QT_QPA_PLATFORM=offscreen (screenshots, tests) "
    "or under Xvfb, or use the command line (hmfield --help)"
)


def display_available() -> bool:
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    if not sys.platform.startswith("linux"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def launch(project: str | None = None) -> int:
    if not display_available():
        sys.stderr.write(HINT + "\n")
        return 1
    from hmfield.gui.common.errors import install_exception_hook
    from hmfield.gui.shell.app import create_app
    from hmfield.gui.shell.main_window import MainWindow

    app = create_app(sys.argv[:1])
    # the real app only: an uncaught exception is logged and shown, not printed to a console
    # nobody sees (tests keep pytest-qt's own capture, so they never install it)
    install_exception_hook()
    window = MainWindow.create()
    window.show()
    if not window.ensure_identity():
        return 0
    if project:
        window.open_path(Path(project).expanduser().resolve())
    else:
        window.reopen_last()  # the start page (with the demo offered) when there is none
    return app.exec()

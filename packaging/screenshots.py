"""Screenshots of every screen, in Chinese and English, at 1280x800 and 1920x1080.

    QT_QPA_PLATFORM=offscreen uv run python packaging/screenshots.py OUT_DIR [KEY ...]

Builds the demo project in a throwaway folder (its own config and data dirs, so the user's
settings and identity are untouched), opens it in the real main window and saves
OUT_DIR/<key>-<lang>-<w>x<h>.png for each navigation entry (or only the keys given).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path


def main(argv: list[str]) -> int:
    if len(argv) < 1:
        print(__doc__)
        return 2
    out = Path(argv[0])
    only = set(argv[1:])
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="hm-shots-"))
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["HMFIELD_CONFIG_DIR"] = str(work / "config")
    os.environ["HMFIELD_DATA_DIR"] = str(work / "data")

    from PySide6.QtWidgets import QApplication

    from hmfield.core.demo.build import write_demo
    from hmfield.core.identity import set_person
    from hmfield.gui.common.dialogs import Dialogs
    from hmfield.gui.shell.app import app_settings, create_app, language_manager
    from hmfield.gui.shell.main_window import MainWindow
    from hmfield.gui.shell.navigation import NAV

    app = create_app(sys.argv[:1])
    set_person("李敏", "云迁科技")
    demo = work / "demo.hmfield"
    write_demo(demo, hosts=40)
    window = MainWindow(app_settings(app), language_manager(app), Dialogs())
    window.show()
    window.open_project(demo)
    window.jobs.wait(120000)
    for lang in ("zh_CN", "en"):
        language_manager(app).set_language(lang)
        for width, height in ((1280, 800), (1920, 1080)):
            window.resize(width, height)
            for entry in NAV:
                if only and entry.key not in only:
                    continue
                window.show_screen(entry.key)
                window.jobs.wait(120000)
                for _ in range(5):
                    QApplication.processEvents()
                name = out / f"{entry.key}-{lang}-{width}x{height}.png"
                window.grab().save(str(name))
                print(name)
    window.close_project()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

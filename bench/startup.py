"""Start-up time, beside a bare PySide6 main window measured in the same run: process start to
the first window shown (``python -m hmfield``'s path: no project yet; goal at most 2x), and to
the window with the demo project open. Prints the first-window ratio last.

    uv run python bench/startup.py
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARE = """
import time, sys
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
w = QMainWindow(); w.resize(1280, 800); w.show(); app.processEvents()
print(time.time())
"""

OURS = """
import time, sys
from pathlib import Path
from hmfield.gui.shell.app import create_app
from hmfield.gui.shell.main_window import MainWindow
app = create_app(sys.argv)
w = MainWindow.create(); w.show(); w.open_project(Path(sys.argv[1])); app.processEvents()
print(time.time())
"""


FIRST = """
import time, sys
from hmfield.gui.shell.app import create_app
from hmfield.gui.shell.main_window import MainWindow
app = create_app(sys.argv)
w = MainWindow.create(); w.show(); app.processEvents()
print(time.time())
"""


def measure(code: str, *args: str) -> float:
    start = time.time()
    out = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=True
    )
    return float(out.stdout.strip().splitlines()[-1]) - start


def main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["HMFIELD_DATA_DIR"] = str(Path(tmp) / "data")
        os.environ["HMFIELD_CONFIG_DIR"] = str(Path(tmp) / "cfg")
        from hmfield.core.demo.build import write_demo
        from hmfield.core.identity import set_person

        set_person("bench", "bench")
        demo = Path(tmp) / "demo.hmfield"
        write_demo(demo)
        bare, first, ours = [], [], []
        for _ in range(5):
            bare.append(measure(BARE))
            first.append(measure(FIRST))
            ours.append(measure(OURS, str(demo)))
        b, f, o = statistics.median(bare), statistics.median(first), statistics.median(ours)
        print(f"bare PySide6 window: {b:.3f} s (median of 5)")
        print(f"hmfield with demo project open: {o:.3f} s (median of 5, ratio {o / b:.2f})")
        print(f"hmfield first window shown: {f:.3f} s (median of 5)")
        print(f"ratio first window / bare: {f / b:.2f} (goal <= 2)")


if __name__ == "__main__":
    main()

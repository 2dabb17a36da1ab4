"""Start-up time: process start to main window shown with the demo project open, beside a
bare PySide6 main window measured in the same run. Prints the ratio last (goal: at most 2x).

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
        bare, ours = [], []
        for _ in range(5):
            bare.append(measure(BARE))
            ours.append(measure(OURS, str(demo)))
        b, o = statistics.median(bare), statistics.median(ours)
        print(f"bare PySide6 window: {b:.3f} s (median of 5)")
        print(f"hmfield with demo project open: {o:.3f} s (median of 5)")
        print(f"ratio hmfield/bare: {o / b:.2f}")


if __name__ == "__main__":
    main()

"""Start-up time, beside a bare PySide6 main window measured in the same run: process start to
the first window shown (``python -m hmfield``'s path: no project yet; goal at most 2x), to the
window with the demo project open, and to the window with a 10,000-host project open and
interactive (its first screen shown, the GUI thread free again; goal at most 6x), with the
longest stall of the GUI thread while that project opened and the time until the first screen
had all its figures (every job done). Prints the first-window ratio last.

The 10,000-host project is the one of bench/screens_10k.py (built once, cached in the temp
dir); each run opens a fresh copy of it.

    uv run python bench/startup.py
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

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

# the window is shown, then the project opens; a 5 ms timer started with the window measures
# the gaps between its ticks (the longest is the worst freeze the engineer could see)
OPEN_10K = """
import time, sys
from pathlib import Path
from PySide6.QtCore import QTimer
from hmfield.gui.shell.app import create_app
from hmfield.gui.shell.main_window import MainWindow
app = create_app(sys.argv)
w = MainWindow.create(); w.show(); app.processEvents()
gap = {"last": time.perf_counter(), "worst": 0.0}
def tick():
    now = time.perf_counter()
    gap["worst"] = max(gap["worst"], now - gap["last"])
    gap["last"] = now
timer = QTimer(); timer.timeout.connect(tick); timer.start(5)
gap["last"] = time.perf_counter()
w.open_project(Path(sys.argv[1])); app.processEvents()
interactive = time.time()
w.jobs.wait(600000); app.processEvents()
tick()
print(interactive, time.time(), gap["worst"])
"""


def run(code: str, *args: str) -> tuple[float, list[float]]:
    start = time.time()
    out = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=True
    )
    values = [float(v) for v in out.stdout.strip().splitlines()[-1].split()]
    return start, values


def measure(code: str, *args: str) -> float:
    start, values = run(code, *args)
    return values[0] - start


def open_10k(project: Path, tmp: Path) -> tuple[float, float, float]:
    copy = tmp / "open-10k.hmfield"
    shutil.copy(project, copy)
    try:
        start, (interactive, filled, stall) = run(OPEN_10K, str(copy))
    finally:
        for path in tmp.glob("open-10k.hmfield*"):
            path.unlink()
    return interactive - start, filled - start, stall


def compile_bytecode() -> None:
    """Bytecode for every hmfield module, as an installed app has it (pip and uv compile at
    install, PyInstaller ships .pyc files): a checkout run under PYTHONDONTWRITEBYTECODE
    would compile some 200 modules from source at every start (0.1-0.2 s) while the bare
    baseline's PySide6 starts from its compiled files."""
    import compileall

    import hmfield

    compileall.compile_dir(Path(hmfield.__file__).parent, quiet=1)


def main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    compile_bytecode()
    from screens_10k import build_project  # sets its own data folders: before ours below

    big = build_project()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["HMFIELD_DATA_DIR"] = str(Path(tmp) / "data")
        os.environ["HMFIELD_CONFIG_DIR"] = str(Path(tmp) / "cfg")
        from hmfield.core.demo.build import write_demo
        from hmfield.core.identity import set_person

        set_person("bench", "bench")
        demo = Path(tmp) / "demo.hmfield"
        write_demo(demo)
        bare, first, ours, big_open, big_filled, big_stall = [], [], [], [], [], []
        for _ in range(5):
            bare.append(measure(BARE))
            first.append(measure(FIRST))
            ours.append(measure(OURS, str(demo)))
            interactive, filled, stall = open_10k(big, Path(tmp))
            big_open.append(interactive)
            big_filled.append(filled)
            big_stall.append(stall)
        b, f, o = statistics.median(bare), statistics.median(first), statistics.median(ours)
        k, kf = statistics.median(big_open), statistics.median(big_filled)
        print(f"bare PySide6 window: {b:.3f} s (median of 5)")
        print(f"hmfield with demo project open: {o:.3f} s (median of 5, ratio {o / b:.2f})")
        print(
            f"hmfield with a 10,000-host project open and interactive: {k:.3f} s "
            f"(median of 5, ratio {k / b:.2f}, goal <= 6)"
        )
        print(f"10,000-host project, first screen with all its figures: {kf:.3f} s (median of 5)")
        print(
            f"longest GUI stall while the 10,000-host project opened: "
            f"{statistics.median(big_stall) * 1000:.0f} ms (median of 5)"
        )
        print(f"hmfield first window shown: {f:.3f} s (median of 5)")
        print(f"ratio first window / bare: {f / b:.2f} (goal <= 2)")


if __name__ == "__main__":
    main()

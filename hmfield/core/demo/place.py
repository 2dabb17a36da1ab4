"""Where the demo project lives (one per install): light enough for the window's start-up,
which must not import the store or the services (issue 19)."""

from __future__ import annotations

from pathlib import Path


def demo_path() -> Path:
    """Where the app keeps its demo project (one per install, shown to the user)."""
    from hmfield.paths import data_dir

    return data_dir() / "demo" / "hmfield-demo.hmfield"


def is_demo_path(path: Path) -> bool:
    try:
        return Path(path).resolve() == demo_path().resolve()
    except OSError:
        return False

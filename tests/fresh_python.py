"""Run a snippet in a fresh interpreter and read the JSON it prints last: for the checks of
what an import loads, which this test process (everything imported already) cannot make."""

from __future__ import annotations

import json
import subprocess
import sys


def fresh_json(code: str, *args: str, env: dict | None = None, timeout: float = 120):
    """``python -c code args...`` (``env`` its whole environment when given); the value of
    the JSON on its last line of output. A failing snippet fails the test with its stderr."""
    out = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])

"""The one way the end-to-end tests run the command line: ``python -m hmfield`` in a
subprocess with the test's environment (its own data and config folders), text output."""

from __future__ import annotations

import os
import subprocess
import sys


def hm(*args, check: bool = False, timeout: float = 180, env_extra: dict | None = None):
    env = dict(os.environ)
    env.update(env_extra or {})
    out = subprocess.run(
        [sys.executable, "-m", "hmfield", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
    )
    if check:
        assert out.returncode == 0, out.stderr
    return out

"""Issue 15: imports and merges killed (SIGKILL) at random moments lose nothing: after every
kill the project verifies, holds all of the change or none of it, and the same command run
again completes. A bounded run of ``bench/fault_bigcount.py`` (the big counts live there):
``HMFIELD_FAULT_KILLS`` kills per case (default 2), ``HMFIELD_FAULT_HOSTS`` hosts (200)."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "bench"))
import fault_bigcount as fault  # noqa: E402

KILLS = int(os.environ.get("HMFIELD_FAULT_KILLS", "2"))
HOSTS = int(os.environ.get("HMFIELD_FAULT_HOSTS", "200"))


@pytest.mark.fault
@pytest.mark.parametrize("case", ["import", "merge"])
def test_killed_at_random_moments_nothing_is_lost(tmp_path, case):
    (tally,) = fault.run_all(tmp_path, HOSTS, KILLS, (case,))
    assert tally.kills == KILLS
    assert tally.failures == [], tally.line()
    assert tally.unchanged + tally.complete == KILLS


@pytest.mark.fault
def test_a_kill_inside_the_write_leaves_it_all_or_nothing(tmp_path, monkeypatch):
    """The checks themselves: a project holding part of a change is caught."""
    case = fault.import_case(tmp_path, 20)
    fault.measure(case, tmp_path)
    tally = fault.Tally("import")
    half = tmp_path / "half.hmfield"
    shutil.copy(case.project, half)
    real = fault.state
    monkeypatch.setattr(fault, "state", lambda p: ((), 0) if p == half else real(p))
    fault._check(case, half, tally, 0)
    assert tally.failures == ["kill 0: the project holds part of the change"]

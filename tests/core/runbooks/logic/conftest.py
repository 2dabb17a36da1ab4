"""Small runbooks whose schedules are easy to compute by hand."""

from __future__ import annotations

import pytest
from runbook_helpers import step

from hmfield.core.runbooks import StepSpec


@pytest.fixture
def diamond() -> list[StepSpec]:
    """a(10) -> b(30), c(20) -> d(5): critical a-b-d = 45; c has 10 minutes of slack."""
    return [
        step("a", 10, number=1),
        step("b", 30, ["a"], number=2),
        step("c", 20, ["a"], number=3),
        step("d", 5, ["b", "c"], number=4),
    ]

"""Fixture: the operate world (a cut-over wave one day into its observation period)."""

from __future__ import annotations

import pytest
from operate_world import make_operate_world


@pytest.fixture
def ow(ctx, clock):
    return make_operate_world(ctx, clock)

"""Fixture: a fresh project with people, one wave and five hosts (see runbooks_world)."""

from __future__ import annotations

import pytest
from runbooks_world import make_world


@pytest.fixture
def world(ctx):
    return make_world(ctx)

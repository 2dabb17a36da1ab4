"""Fixtures of the plan tests (the estate itself lives in plan_estate.py)."""

from plan_estate import estate  # noqa: F401 - fixture

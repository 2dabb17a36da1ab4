"""Fixtures for the report toolkit tests: one sample PDF built per module."""

from __future__ import annotations

from pathlib import Path

import pytest
from report_samples import make_context, sample_story

from hmfield.core.reports import build_pdf


@pytest.fixture(scope="module")
def sample_pdf(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("report") / "sample.pdf"
    ctx = make_context()
    build_pdf(path, ctx, sample_story(ctx))
    return path

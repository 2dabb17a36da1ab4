"""Shared fixtures: the shipped templates (loaded once) and a writable copy for error tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from hmfield.core.checklists import ChecklistTemplates, load_templates
from hmfield.paths import resource_path


@pytest.fixture(scope="session")
def templates() -> ChecklistTemplates:
    return load_templates()


@pytest.fixture
def checklist_copy(tmp_path: Path) -> Path:
    """A copy of resources/checklists that a test may break on purpose."""
    target = tmp_path / "checklists"
    shutil.copytree(resource_path("checklists"), target)
    return target

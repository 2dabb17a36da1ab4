"""No test, nor a fixture shared by a module or the session, reads or writes the real user's
identity, backups or settings: those fixtures run before each test's own folders are set."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest


@pytest.fixture(scope="module")
def module_dirs():
    from hmfield.paths import config_dir, data_dir

    return Path(config_dir()), Path(data_dir())


def test_a_module_fixture_gets_the_session_s_own_folders(module_dirs):
    temp = Path(tempfile.gettempdir()).resolve()
    for folder in module_dirs:
        assert temp in folder.resolve().parents, folder


def test_each_test_gets_folders_of_its_own(module_dirs):
    from hmfield.paths import config_dir

    assert Path(config_dir()) != module_dirs[0]
    assert Path(os.environ["HMFIELD_CONFIG_DIR"]) == Path(config_dir())

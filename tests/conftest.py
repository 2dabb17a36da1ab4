"""Test-wide set-up: offscreen Qt, isolated user folders, no network, common fixtures."""

from __future__ import annotations

import ipaddress
import os
import shutil
import socket
import tempfile
from datetime import UTC, datetime, timedelta

import pytest

pytest_plugins = ["gui_fixtures", "pg_fixtures"]

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("HYPOTHESIS_STORAGE_DIRECTORY", "/tmp/hmfield-hypothesis")

_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex


def _allowed(sock: socket.socket, address) -> bool:
    if sock.family == getattr(socket, "AF_UNIX", None):
        return True
    host = address[0] if isinstance(address, tuple) else address
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _guarded_connect(self, address):
    if not _allowed(self, address):
        raise RuntimeError(f"network access blocked in tests: {address!r} (hmfield works offline)")
    return _real_connect(self, address)


def _guarded_connect_ex(self, address):
    if not _allowed(self, address):
        raise RuntimeError(f"network access blocked in tests: {address!r} (hmfield works offline)")
    return _real_connect_ex(self, address)


_SESSION_USER_DIRS: list[str] = []


def pytest_configure(config):
    socket.socket.connect = _guarded_connect
    socket.socket.connect_ex = _guarded_connect_ex
    # module- and session-scoped fixtures run before the per-test folders below: they get a
    # session's own, never the real user's identity, backups and settings
    base = tempfile.mkdtemp(prefix="hmfield-tests-user-")
    _SESSION_USER_DIRS.append(base)
    os.environ["HMFIELD_DATA_DIR"] = os.path.join(base, "data")
    os.environ["HMFIELD_CONFIG_DIR"] = os.path.join(base, "config")


def pytest_unconfigure(config):
    for base in _SESSION_USER_DIRS:
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path_factory, monkeypatch):
    """Every test gets its own data and config folders (identity, backups, settings)."""
    base = tmp_path_factory.mktemp("user")
    monkeypatch.setenv("HMFIELD_DATA_DIR", str(base / "data"))
    monkeypatch.setenv("HMFIELD_CONFIG_DIR", str(base / "config"))
    return base


@pytest.fixture
def clock():
    from hmfield.core.clock import FixedClock

    return FixedClock(datetime(2026, 11, 26, 8, 0, tzinfo=UTC), step=timedelta(seconds=1))


@pytest.fixture
def actor():
    from hmfield.core.context import Actor

    return Actor(person_id="a" * 32, name="李敏", device_id="d" * 32, organisation="MSP")


@pytest.fixture
def project_path(tmp_path):
    return tmp_path / "p.hmfield"


BILL_SAMPLE = os.path.join(
    os.path.dirname(__file__), "fixtures", "rvtools", "nutanix-billsample.xlsx"
)
BILL_IMPORTED = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)  # 16:00 Asia/Shanghai, the default zone


@pytest.fixture
def bill_ctx(tmp_path):
    """An open project holding the real bill sample (RVTools, tests/fixtures/rvtools/
    nutanix-billsample.xlsx, see its expected.md), imported by 李敏 at ``BILL_IMPORTED``."""
    from pathlib import Path

    from hmfield.core.clock import FixedClock
    from hmfield.core.context import Actor
    from hmfield.core.inventory.importing import ImportService
    from hmfield.core.project.service import NewProject, create_project

    c = create_project(
        tmp_path / "bill.hmfield",
        NewProject(name="bill"),
        clock=FixedClock(BILL_IMPORTED),
        actor=Actor("a" * 32, "李敏", "d" * 32),
    )
    svc = ImportService(c)
    svc.apply(svc.preview(Path(BILL_SAMPLE)), backup=False)
    yield c
    c.store.close()


@pytest.fixture
def ctx(project_path, clock, actor):
    """A fresh, open (writable) project."""
    from hmfield.core.project.service import NewProject, create_project

    c = create_project(
        project_path, NewProject(name="测试项目", customer="客户A"), clock=clock, actor=actor
    )
    yield c
    c.store.close()

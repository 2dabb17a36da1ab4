"""PostgreSQL for the office tests (a plugin of tests/conftest.py): a server (CI's, or a
throwaway cluster) and one fresh database per test, dropped afterwards."""

from __future__ import annotations

import contextlib
import os
import uuid

import pytest
from pg_cluster import ENV, Cluster, binaries


def _binaries_or_skip():
    bindir = binaries()
    if bindir is None:
        reason = f"no PostgreSQL: set {ENV} or install postgresql (initdb, pg_ctl)"
        if os.environ.get("HMFIELD_REQUIRE_PG"):
            pytest.fail(reason)
        pytest.skip(reason)
    return bindir


@pytest.fixture(scope="session")
def pg_server():
    url = os.environ.get(ENV)
    if url:
        yield url
        return
    cluster = Cluster(_binaries_or_skip())
    try:
        yield cluster.start()
    finally:
        cluster.stop()


PG_PASSWORD = "s3cret-办公室"


@pytest.fixture(scope="session")
def pg_password_server():
    """(URL without the password, the password) of a throwaway cluster that asks every
    client for a password (always its own cluster: CI's trusts local clients)."""
    cluster = Cluster(_binaries_or_skip(), password=PG_PASSWORD)
    try:
        yield cluster.start(), PG_PASSWORD
    finally:
        cluster.stop()


@contextlib.contextmanager
def _fresh_database(pg_server):
    """postgresql://... of a database made for the caller (dropped at the end)."""
    import psycopg
    from sqlalchemy.engine import make_url

    admin = make_url(pg_server)
    name = f"office_{uuid.uuid4().hex[:12]}"
    dsn = admin.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield admin.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def office_url(pg_server):
    """postgresql://... of a database made for this test (dropped at the end)."""
    with _fresh_database(pg_server) as url:
        yield url


@pytest.fixture(scope="module")
def module_office_url(pg_server):
    """One database for the tests of a module that only read what its fixture built."""
    with _fresh_database(pg_server) as url:
        yield url

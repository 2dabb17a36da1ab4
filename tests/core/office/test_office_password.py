"""An office server that asks for a password (scram-sha-256): the CLI takes it from libpq's
usual places (PGPASSWORD here; ~/.pgpass the same way), asks for it at a terminal (not
echoed), and elsewhere refuses in one line, never with a traceback or the password shown."""

from __future__ import annotations

import getpass
import io

import pytest
from test_office_cli import cli

from hmfield.core.office.database import OfficeDb
from hmfield.core.office.service import OfficeService
from hmfield.core.office.url import office_url, with_password


@pytest.fixture
def password_office(pg_password_server):
    url, password = pg_password_server
    with OfficeDb(with_password(office_url(url), password)) as db:
        from hmfield.core.context import Actor

        OfficeService(db, Actor("f" * 32, "项目办", "0" * 32)).init()
    return url, password


def test_no_password_and_no_terminal_is_one_line(password_office, monkeypatch):
    url, password = password_office
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # not a terminal: nobody to ask
    done = cli("office", "status", url)
    assert done.returncode != 0
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert "asks a password for user 'hmtest'" in done.stderr


def test_pgpassword_is_used(password_office, monkeypatch):
    url, password = password_office
    monkeypatch.setenv("PGPASSWORD", password)
    done = cli("office", "status", url, "--json")
    assert done.returncode == 0, done.stderr


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_at_a_terminal_the_password_is_asked_again_until_right(password_office, monkeypatch):
    url, password = password_office
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin", Terminal(""))
    typed = ["wrong", password]
    prompts = []

    def fake_getpass(prompt):
        prompts.append(prompt)
        return typed.pop(0)

    monkeypatch.setattr(getpass, "getpass", fake_getpass)
    done = cli("office", "status", url, "--json")
    assert done.returncode == 0, done.stderr
    assert len(prompts) == 2 and all(p.startswith("Password for hmtest at ") for p in prompts)
    assert "none was given" in done.stderr and "authentication failed" in done.stderr
    assert password not in done.stderr + done.stdout and "wrong" not in done.stderr


def test_three_wrong_passwords_give_up_in_one_line(password_office, monkeypatch):
    url, _password = password_office
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin", Terminal(""))
    monkeypatch.setattr(getpass, "getpass", lambda prompt: "wrong")
    done = cli("office", "status", url)
    assert done.returncode != 0
    assert done.stderr.splitlines()[-1].endswith("authentication failed for user 'hmtest'")
    assert "Traceback" not in done.stderr

"""The office database's address: the URL psql takes, mapped to the psycopg 3 driver, and
the one-line errors a user sees when the server cannot be reached or refuses them."""

from __future__ import annotations

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError

from hmfield.core.errors import HmError

DRIVER = "postgresql+psycopg"
_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")


def office_url(text: str) -> URL:
    """``postgresql://user@host:port/db`` (or ``postgres://``, ``postgresql+psycopg://``) as
    the SQLAlchemy URL of the psycopg driver; query options (``sslmode=require``, ...) pass
    through to libpq unchanged."""
    raw = (text or "").strip()
    if raw.startswith("postgres://"):
        raw = "postgresql://" + raw[len("postgres://") :]
    try:
        url = make_url(raw)
    except ArgumentError:
        raise HmError(
            f"{text!r} is not a database address; give postgresql://USER@HOST:PORT/DATABASE"
        ) from None
    if url.drivername not in _SCHEMES:
        raise HmError(
            f"{url.drivername}:// is not an office database; give postgresql://USER@HOST:PORT/DB"
        )
    if not url.database:
        raise HmError(f"{shown(url)}: name the database (postgresql://USER@HOST:PORT/DATABASE)")
    return url.set(drivername=DRIVER)


class PasswordNeeded(HmError):
    """The server asks for a password it was not given (or refused the one it was): the
    caller may ask the user for one and connect again."""


def with_password(url: URL, password: str) -> str:
    """The address text of ``url`` with ``password`` (for this session only: never saved)."""
    return url.set(password=password).render_as_string(hide_password=False)


def shown(url: URL) -> str:
    """The URL as it may be printed: never the password."""
    return url.set(drivername="postgresql").render_as_string(hide_password=True)


def connection_problem(exc: BaseException, url: URL) -> HmError | None:
    """A connection failure as one line (server unreachable, authentication, no database);
    None for anything else."""
    orig = getattr(exc, "orig", exc)
    try:
        import psycopg
    except ImportError:  # pragma: no cover
        return None
    if not isinstance(orig, psycopg.OperationalError) and not isinstance(exc, DBAPIError):
        return None
    text = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
    where = shown(url)
    low = text.lower()
    if "no password supplied" in low:
        return PasswordNeeded(
            f"{where}: the server asks a password for user {url.username!r} and none was given "
            "(~/.pgpass, PGPASSWORD, or type it when asked)"
        )
    if "password authentication failed" in low:
        return PasswordNeeded(f"{where}: authentication failed for user {url.username!r}")
    if "role" in low and "does not exist" in low:
        return HmError(f"{where}: authentication failed: the server has no user {url.username!r}")
    if "does not exist" in low and "database" in low:
        return HmError(f"{where}: the server has no database {url.database!r}")
    if (
        "connection refused" in low
        or "could not connect" in low
        or "timeout" in low
        or ("could not translate host name" in low)
    ):
        return HmError(f"{where}: the office server cannot be reached ({text})")
    if isinstance(orig, psycopg.OperationalError):
        return HmError(f"{where}: {text}")
    return None

"""Domain tables. :func:`load_all` imports every module in this package, which registers every
table with SQLModel's metadata; the store (``store/schema.py``) and the bundle payload call it
before they create, migrate or list tables. A feature adds its tables as a new module here,
nothing else to register.

Importing the package itself is cheap: ``enums`` and ``labels`` need no SQLAlchemy, so the
window starts without it (the names below are loaded on first use)."""

import importlib
import pkgutil

_EXPORTS = {
    "AuditEvent": "audit",
    "Person": "project",
    "Project": "project",
    "Record": "base",
    "new_id": "base",
}


def load_all() -> None:
    """Import every table module (registers every table with SQLModel's metadata)."""
    for info in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{info.name}")


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(importlib.import_module(f"{__name__}.{_EXPORTS[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["AuditEvent", "Person", "Project", "Record", "load_all", "new_id"]

"""Domain tables. Importing this package imports every module in it, which registers every
table with SQLModel's metadata; the store uses that to create and migrate project files.
A feature adds its tables as a new module here, nothing else to register."""

import importlib
import pkgutil

from hmfield.core.model.audit import AuditEvent
from hmfield.core.model.base import Record, new_id
from hmfield.core.model.project import Person, Project

for _info in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_info.name}")

__all__ = ["AuditEvent", "Person", "Project", "Record", "new_id"]

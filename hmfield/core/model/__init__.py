"""Domain tables. Importing this package registers every table with SQLModel's metadata,
which the store uses to create and migrate project files."""

from hmfield.core.model.audit import AuditEvent
from hmfield.core.model.base import Record, new_id
from hmfield.core.model.project import Person, Project

__all__ = ["AuditEvent", "Person", "Project", "Record", "new_id"]

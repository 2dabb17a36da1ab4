"""Domain tables. :func:`load_all` imports every module in this package, which registers every
table with SQLModel's metadata; what creates, migrates or lists every table calls it first
(``store/schema.py``'s creation and migrations, the bundle payload, the office). A feature
adds its tables as a new module here and names them in :data:`TABLES`.

A module of tables imports the modules of the tables its foreign keys name (a flush sorts a
table's keys by them), so importing one is enough to use it. Opening a project at the
current schema builds only the tables the opening and its first screen use: the store checks
the file's tables against :data:`TABLES` (``schema.create_missing_tables``), the other
modules load with the services that need them.

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


# the tables of each module, by name (``tests/core/store/test_table_models.py`` holds them to
# the classes): which tables a file must have is known without building every class
TABLES = {
    "archive": ("project_archive",),
    "assess": ("host_verdict", "non_host_object", "verdict_override", "verdict_reasons"),
    "assess_notes": ("assessment_note",),
    "audit": ("audit_event",),
    "checklist": ("attachment", "attachment_blob", "checklist_item", "host_task"),
    "import_log": ("inventory_import",),
    "inventory": ("business_system", "disk", "host", "nic", "partition"),
    "operate": (
        "acceptance_signoff",
        "cloud_bill",
        "incident",
        "observation_check",
        "observation_plan",
    ),
    "plan": (
        "dependency",
        "drill_plan",
        "host_time_estimate",
        "network_plan",
        "object_wave",
        "risk",
        "rollback_plan",
        "wave",
        "wave_preference",
    ),
    "plan_settings": ("plan_settings",),
    "project": ("person", "project"),
    "runbook": (
        "drill_host_result",
        "drill_run",
        "finding",
        "notice",
        "rollback_event",
        "run",
        "run_step",
        "runbook",
        "runbook_step",
        "stability_observation",
    ),
    "sync": ("merge_conflict", "sync_import"),
}


def table_names() -> frozenset[str]:
    """Every table of the schema (the names of :data:`TABLES`)."""
    return frozenset(name for names in TABLES.values() for name in names)


def load_all() -> None:
    """Import every table module (registers every table with SQLModel's metadata)."""
    for info in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{info.name}")


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(importlib.import_module(f"{__name__}.{_EXPORTS[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "TABLES",
    "AuditEvent",
    "Person",
    "Project",
    "Record",
    "load_all",
    "new_id",
    "table_names",
]

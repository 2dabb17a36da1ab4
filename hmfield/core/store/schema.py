"""Schema version and ordered migrations, on both engines.

In a project file (SQLite) the version lives in ``PRAGMA user_version`` and ``PRAGMA
application_id`` marks the file as an hmfield project. In the office database (PostgreSQL, one
schema per project) the same two numbers live in the one-row table ``hmfield_schema`` of the
project's schema. A migration is a function applied in one transaction to a store one version
older; it adds columns through :func:`add_column`, which writes each engine's DDL; after the
migrations, tables added since (new modules) are created if missing.

Importing this module builds no table: creating and migrating load every table module first
(``model.load_all``); a file at the current version is checked against the names of
``model.TABLES``, so an opening builds only the tables its services use.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import JSON, Connection, bindparam, insert, inspect, text, update
from sqlalchemy import column as sa_column
from sqlalchemy import table as sa_table
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

from hmfield.core.model import load_all
from hmfield.core.model import table_names as model_tables

APPLICATION_ID = 0x484D4644  # "HMFD"
SCHEMA_VERSION = 9
VERSION_TABLE = "hmfield_schema"  # PostgreSQL: (application_id, version), one row


def add_column(conn: Connection, table: str, column: str, kind: str) -> None:
    """ALTER TABLE ADD COLUMN unless present, ``kind`` in SQLite's words (made PostgreSQL's
    there: DATETIME is text like every UTCDateTime column, boolean defaults TRUE/FALSE)."""
    if column in {c["name"] for c in inspect(conn).get_columns(table)}:
        return  # a store that skipped a version may already have it
    if conn.dialect.name != "sqlite":
        kind = kind.replace("DATETIME", "VARCHAR")
        if kind.startswith("BOOLEAN"):
            kind = kind.replace("DEFAULT 0", "DEFAULT FALSE").replace("DEFAULT 1", "DEFAULT TRUE")
    conn.exec_driver_sql(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")


def _v2_platform_facts(conn: Connection) -> None:
    """Host facts the rules read from real exports: the hypervisor build and the managing
    platform's version (vCenter and ESXi have different support lists), the host CPU, the
    datastores (CBT needs VMFS/NFS), snapshots and linked clones (FusionCompute)."""
    for column, kind in (
        ("platform_build", "VARCHAR"),
        ("manager_version", "VARCHAR"),
        ("cpu_model", "VARCHAR"),
        ("datastore_kinds", "JSON"),
        ("vmfs_versions", "JSON"),
        ("snapshot_count", "INTEGER"),
        ("linked_clone", "BOOLEAN"),
    ):
        add_column(conn, "host", column, kind)


def _v4_timing(conn: Connection) -> None:
    """Time in the plan: when the transfer calendar starts, the regular incremental interval
    and the observation period (plan settings); a non-host object's tool throughput and
    whether its last copy runs in the cutover window. Values the engineer entered stay."""
    for table, column, kind in (
        ("plan_settings", "sync_start", "VARCHAR"),
        ("plan_settings", "sync_interval_h", "FLOAT NOT NULL DEFAULT 24.0"),
        ("plan_settings", "observation_h", "FLOAT NOT NULL DEFAULT 24.0"),
        ("non_host_object", "throughput_mbps", "FLOAT"),
        ("non_host_object", "final_copy_in_window", "BOOLEAN NOT NULL DEFAULT 1"),
    ):
        add_column(conn, table, column, kind)


_V5_STEP_COLUMNS = (
    ("branch", "VARCHAR NOT NULL DEFAULT ''"),
    ("criteria_zh", "VARCHAR NOT NULL DEFAULT ''"),
    ("criteria_en", "VARCHAR NOT NULL DEFAULT ''"),
)
_V5_RUN_STEP_COLUMNS = (
    ("status_by_id", "VARCHAR(32)"),
    ("status_by", "VARCHAR NOT NULL DEFAULT ''"),
    ("status_at", "DATETIME"),
)
_V5_ROLLBACK_COLUMNS = (
    ("entered_from", "VARCHAR NOT NULL DEFAULT ''"),
    ("after_no_return", "BOOLEAN NOT NULL DEFAULT 0"),
)


def _v5_runbook_branches(conn: Connection) -> None:
    """Runbooks from the method: a step's branch (the stage-eight rollback branch) and a
    gate's written criteria; who last changed a run step's status and when; where a rollback
    was entered from. (The notice table is new and created from the metadata.)"""
    for table, columns in (
        ("runbook_step", _V5_STEP_COLUMNS),
        ("run_step", _V5_STEP_COLUMNS + _V5_RUN_STEP_COLUMNS),
        ("rollback_event", _V5_ROLLBACK_COLUMNS),
    ):
        for column, kind in columns:
            add_column(conn, table, column, kind)


def _v6_grouping(conn: Connection) -> None:
    """Move groups: a dependency's strength (hard/soft, NULL = by kind) and the policy the
    applied wave proposal used (plan settings). The wave_preference table is new."""
    for table, column, kind in (
        ("dependency", "strength", "VARCHAR"),
        ("plan_settings", "proposal_policy", "JSON"),
    ):
        add_column(conn, table, column, kind)


def _v7_scope(conn: Connection) -> None:
    """Scope: a host in or out of scope, with the reason (resources/plan/scope.yaml) and a
    note (every host stays in scope); the plan's target storage mode (block by default)."""
    for table, column, kind in (
        ("host", "in_scope", "BOOLEAN NOT NULL DEFAULT 1"),
        ("host", "scope_reason", "VARCHAR"),
        ("host", "scope_note", "VARCHAR NOT NULL DEFAULT ''"),
        ("plan_settings", "storage_mode", "VARCHAR NOT NULL DEFAULT 'block'"),
    ):
        add_column(conn, table, column, kind)


def _v8_unknown_durations(conn: Connection) -> None:
    """Unknown durations instead of invented ones: a runbook step and its run copy say when
    the plan cannot give their minutes (no bandwidth, no host size)."""
    for table in ("runbook_step", "run_step"):
        add_column(conn, table, "duration_unknown", "BOOLEAN NOT NULL DEFAULT 0")


def _v9_verdict_reasons(conn: Connection) -> None:
    """Narrow verdict rows: each distinct list of verdict reasons (~3 KB of bilingual texts
    that many hosts share) moves from every ``host_verdict`` row to ``verdict_reasons``,
    stored once under its digest, which the verdict row keeps (``reasons_digest``). The
    verdicts, their rule set version and times stay as they were."""
    from hmfield.core.model.assess import VerdictReasons, reasons_digest, reasons_text

    VerdictReasons.__table__.create(conn, checkfirst=True)
    if "reasons" not in {c["name"] for c in inspect(conn).get_columns("host_verdict")}:
        return  # already narrow
    add_column(conn, "host_verdict", "reasons_digest", "VARCHAR(32) NOT NULL DEFAULT ''")
    old = sa_table("host_verdict", sa_column("host_id"), sa_column("reasons", JSON))
    lists: dict[str, list] = {}
    keys = []
    for host_id, reasons in conn.execute(old.select()):
        digest = reasons_digest(reasons_text(list(reasons or [])))
        lists.setdefault(digest, list(reasons or []))
        keys.append({"hid": host_id, "digest": digest})
    if lists:
        rows = [{"digest": d, "reasons": r} for d, r in lists.items()]
        conn.execute(insert(VerdictReasons.__table__), rows)
        narrow = sa_table("host_verdict", sa_column("host_id"), sa_column("reasons_digest"))
        stmt = update(narrow).where(narrow.c.host_id == bindparam("hid"))
        conn.execute(stmt.values(reasons_digest=bindparam("digest")), keys)
    conn.exec_driver_sql("ALTER TABLE host_verdict DROP COLUMN reasons")


# version N -> function migrating a version N-1 file to N
MIGRATIONS: dict[int, Callable[[Connection], None]] = {
    2: _v2_platform_facts,
    4: _v4_timing,
    5: _v5_runbook_branches,
    6: _v6_grouping,
    7: _v7_scope,
    8: _v8_unknown_durations,
    9: _v9_verdict_reasons,
}


def read_versions(conn: Connection) -> tuple[int, int]:
    if conn.dialect.name != "sqlite":
        if VERSION_TABLE not in table_names(conn):
            return 0, 0
        row = conn.exec_driver_sql(f"SELECT application_id, version FROM {VERSION_TABLE}").first()
        return (int(row[0]), int(row[1])) if row else (0, 0)
    app_id = conn.exec_driver_sql("PRAGMA application_id").scalar() or 0
    version = conn.exec_driver_sql("PRAGMA user_version").scalar() or 0
    return int(app_id), int(version)


def write_version(conn: Connection, version: int) -> None:
    """Mark the store as an hmfield project at ``version`` (inside the caller's transaction)."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
        conn.exec_driver_sql(f"PRAGMA user_version={int(version)}")
        return
    conn.exec_driver_sql(
        f"CREATE TABLE IF NOT EXISTS {VERSION_TABLE} (slot INTEGER PRIMARY KEY CHECK (slot = 1), "
        "application_id BIGINT NOT NULL, version INTEGER NOT NULL)"
    )
    conn.exec_driver_sql(
        f"INSERT INTO {VERSION_TABLE} (slot, application_id, version) "
        f"VALUES (1, {APPLICATION_ID}, {int(version)}) "
        "ON CONFLICT (slot) DO UPDATE SET version = excluded.version"
    )


def create_schema(engine: Engine) -> None:
    load_all()  # every table registered with SQLModel's metadata
    SQLModel.metadata.create_all(engine)
    with engine.begin() as conn:
        write_version(conn, SCHEMA_VERSION)


def migrate(engine: Engine, from_version: int, to_version: int | None = None) -> None:
    to_version = SCHEMA_VERSION if to_version is None else to_version
    load_all()
    for version in range(from_version + 1, to_version + 1):
        step = MIGRATIONS.get(version)
        with engine.begin() as conn:
            if step is not None:
                step(conn)
            write_version(conn, version)
    SQLModel.metadata.create_all(engine)


def create_missing_tables(engine: Engine) -> None:
    """Tables added by features since the file was made (by name: no table class is built
    unless one is missing)."""
    with engine.connect() as conn:
        present = table_names(conn)
    if model_tables() - present:
        load_all()
        SQLModel.metadata.create_all(engine)


def table_names(conn: Connection) -> set[str]:
    if conn.dialect.name != "sqlite":  # the tables of the schema on the search path
        return set(inspect(conn).get_table_names())
    rows = conn.execute(text("SELECT name FROM sqlite_master WHERE type='table'"))
    return {r[0] for r in rows}

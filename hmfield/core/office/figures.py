"""The portfolio's figures of each project, stored by the import that last changed it.

``office status`` would otherwise run the aggregates of ``core.office.counts`` over every
project's hosts on every call (about 17 ms of server time per 10,000 hosts, and the rules
engine for stale verdicts). Instead every office import ends by judging the project's stale
verdicts again (written, as ``assess`` does) and storing the project's portfolio line in
``public.hmfield_office_figures``; status reads one row per project.

The stored line can never be older than the data: a statement-level trigger on every table
of a project's schema that the figures read (all but :data:`UNREAD`) deletes the project's
row in the same transaction as the change, whoever makes it (a merge, an office user's edit
in the app, a migration, plain SQL). A missing row, or one stored under another
:func:`figures_key` (another rule set, checklist templates, schema version or line format),
sends status back to the aggregates for that project. Readers see the row and the data in one
snapshot, so they agree.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import json

from sqlalchemy.engine import Connection

from hmfield.core.store import schema

FIGURES = "public.hmfield_office_figures"
STALE = "public.hmfield_office_figures_stale"  # the trigger function
TRIGGER = "office_figures_stale"
FORMAT = 1  # of the stored line (core.office.portfolio.line_json)
# tables no figure reads (tests/core/office/test_figures checks the statements): no trigger,
# so the bulk writes of audit events cost nothing more
UNREAD = frozenset({"audit_event"})

DDL = (
    f"CREATE TABLE IF NOT EXISTS {FIGURES} (project_id VARCHAR(32) PRIMARY KEY, "
    "key VARCHAR NOT NULL, figures TEXT NOT NULL, stored_at VARCHAR NOT NULL)",
    # a project's schema is p_<project id>: the row of the schema whose table changed
    f"CREATE OR REPLACE FUNCTION {STALE}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    f"DELETE FROM {FIGURES} WHERE project_id = substr(TG_TABLE_SCHEMA, 3); RETURN NULL; "
    "END $$",
)


def installed(conn: Connection) -> bool:
    """The table and its trigger function exist (``office init`` of this hmfield ran)."""
    found = conn.exec_driver_sql(
        "SELECT to_regclass(%s) IS NOT NULL AND to_regprocedure(%s) IS NOT NULL",
        (FIGURES, f"{STALE}()"),
    ).scalar()
    return bool(found)


def ensure_triggers(conn: Connection, sname: str) -> int:
    """The trigger on every table of schema ``sname`` but :data:`UNREAD` (the missing ones
    made: a new project, a table a migration added or rebuilt); how many were made."""
    rows = conn.exec_driver_sql(
        "SELECT c.relname, EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = c.oid "
        "AND t.tgname = %s) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = %s AND c.relkind IN ('r', 'p') ORDER BY c.relname",
        (TRIGGER, sname),
    ).fetchall()
    made = 0
    for table, has in rows:
        if not has and table not in UNREAD:
            conn.exec_driver_sql(
                f"CREATE TRIGGER {TRIGGER} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "
                f'"{sname}"."{table}" FOR EACH STATEMENT EXECUTE FUNCTION {STALE}()'
            )
            made += 1
    return made


_TEMPLATES: dict[int, tuple[object, str]] = {}


def _canonical(value):
    """``value`` as plain JSON data that is the same in every process: sets sorted (their
    ``repr`` follows the string hash seed, which differs per process), dataclasses by field."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [type(value).__name__] + [
            [f.name, _canonical(getattr(value, f.name))] for f in dataclasses.fields(value)
        ]
    if isinstance(value, enum.Enum):
        return _canonical(value.value)
    if isinstance(value, dict):
        pairs = [[_canonical(k), _canonical(v)] for k, v in value.items()]
        return sorted(pairs, key=lambda kv: json.dumps(kv[0], sort_keys=True))
    if isinstance(value, (set, frozenset)):
        return sorted((_canonical(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    if isinstance(value, (list, tuple)):
        return [_canonical(v) for v in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return repr(value)  # dates, paths: their repr does not depend on the process


def templates_digest(templates) -> str:
    """A digest of everything the checklist templates hold, equal in every process."""
    cached = _TEMPLATES.get(id(templates))
    if cached is None or cached[0] is not templates:
        text = json.dumps(_canonical(templates), ensure_ascii=False, sort_keys=True)
        digest = hashlib.blake2b(text.encode(), digest_size=8).hexdigest()
        cached = _TEMPLATES[id(templates)] = (templates, digest)
    return cached[1]


def figures_key(ruleset_version: str, templates) -> str:
    """What the stored figures were worked out with: the line format, the project schema
    version, the rule set and the checklist templates (a digest of all they hold)."""
    return f"{FORMAT}:{schema.SCHEMA_VERSION}:{ruleset_version}:{templates_digest(templates)}"


def stored(conn: Connection, key: str) -> dict[str, dict]:
    """project id -> its stored line (as JSON) of every project stored under ``key``."""
    if conn.exec_driver_sql("SELECT to_regclass(%s)", (FIGURES,)).scalar() is None:
        return {}  # an office no hmfield of this kind has initialised yet
    rows = conn.exec_driver_sql(
        f"SELECT project_id, figures FROM {FIGURES} WHERE key = %s", (key,)
    ).fetchall()
    return {pid: json.loads(text) for pid, text in rows}


def stored_key(conn: Connection, project_id: str) -> str | None:
    return conn.exec_driver_sql(
        f"SELECT key FROM {FIGURES} WHERE project_id = %s", (project_id.lower(),)
    ).scalar()


def store(conn: Connection, project_id: str, key: str, line: dict, at: str) -> None:
    """Keep ``line`` as the project's figures (the last statement of its transaction: any
    later change in it would delete the row again, as it should)."""
    conn.exec_driver_sql(
        f"INSERT INTO {FIGURES} VALUES (%s, %s, %s, %s) ON CONFLICT (project_id) DO UPDATE "
        "SET key = EXCLUDED.key, figures = EXCLUDED.figures, stored_at = EXCLUDED.stored_at",
        (project_id.lower(), key, json.dumps(line, ensure_ascii=False), at),
    )


def forget(conn: Connection, project_id: str) -> None:
    conn.exec_driver_sql(f"DELETE FROM {FIGURES} WHERE project_id = %s", (project_id.lower(),))

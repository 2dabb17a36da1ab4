"""Assessment records: verdict overrides (user data), computed verdicts (derived, recomputed,
not merged) and objects HyperMotion does not move (non-host objects with their alternative)."""

import hashlib
import json
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import JSON
from sqlmodel import Field, SQLModel
from sqlmodel.main import SQLModelConfig

import hmfield.core.model.inventory  # noqa: F401  (tables its foreign keys name)
from hmfield.core.model.base import Record, UTCDateTime


class HostVerdict(SQLModel, table=True):
    """The rules engine's latest verdict for a host. Derived data: recomputed whenever the host
    or the rule set changes, never audited, never carried in bundles (rebuilt after a merge).
    The row is narrow: its reasons (~3 KB of bilingual texts, shared by many hosts) are stored
    once in ``verdict_reasons`` under their digest (schema 9); the rule set version and time
    it was computed live here only."""

    model_config = SQLModelConfig(defer_build=True)  # see model/base.py

    __tablename__ = "host_verdict"

    host_id: str = Field(primary_key=True, foreign_key="host.id", max_length=32)
    verdict: str  # Verdict
    mode: str  # RecommendedMode
    reasons_digest: str = Field(default="", max_length=32)  # verdict_reasons.digest
    missing: list = Field(default_factory=list, sa_type=JSON)  # fact names
    alternative: str | None = None
    ruleset_version: str = ""
    computed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class VerdictReasons(SQLModel, table=True):
    """One distinct list of verdict reasons ``[{code, effect, zh, en, source, ...}]``, keyed by
    the digest of its JSON text (:func:`reasons_digest`). Derived like ``host_verdict``: the
    lists no verdict names any more are removed when verdicts are recomputed."""

    model_config = SQLModelConfig(defer_build=True)  # see model/base.py

    __tablename__ = "verdict_reasons"

    digest: str = Field(primary_key=True, max_length=32)
    reasons: list = Field(default_factory=list, sa_type=JSON)


def reasons_text(reasons: list) -> str:
    """The JSON text a reasons list is stored and digested as."""
    return json.dumps(reasons, ensure_ascii=False)


def reasons_digest(text: str) -> str:
    """The key of a reasons list: a digest of its JSON text (:func:`reasons_text`)."""
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def reasons_digest_of(items: Iterable[bytes]) -> str:
    """:func:`reasons_digest` of the list whose items' JSON texts, UTF-8 encoded, are
    ``items``, without building the text (``"[" + ", ".join(items) + "]"``)."""
    h = hashlib.blake2b(b"[", digest_size=16)
    sep = b""
    for item in items:
        h.update(sep)
        h.update(item)
        sep = b", "
    h.update(b"]")
    return h.hexdigest()


class VerdictOverride(Record, table=True):
    """A person's decision overriding the computed verdict, with the reason (audited)."""

    __tablename__ = "verdict_override"

    host_id: str = Field(foreign_key="host.id", max_length=32, index=True)
    verdict: str = ""
    mode: str = ""
    reason: str = ""


class NonHostObject(Record, table=True):
    """Something HyperMotion does not move (database service, NAS share, bucket, Kubernetes,
    Oracle RAC, ...), with the alternative tool and a short plan (seed 调研 待办3)."""

    __tablename__ = "non_host_object"

    name: str = ""
    kind: str = "other"  # mysql | postgresql | oracle | sqlserver | other_db | nas | ...
    size_mib: float | None = None
    owner_id: str | None = Field(default=None, max_length=32)
    business_system_id: str | None = Field(default=None, max_length=32)
    linked_host_ids: list[str] = Field(default_factory=list, sa_type=JSON)
    # rclone | velero | mysqldump | pg_dump | aws_s3_cli | azcopy | rebuild | other
    tool: str | None = None
    throughput_mbps: float | None = None  # the tool's measured rate (schema 4); None = default
    final_copy_in_window: bool = True  # its last copy runs in the wave's cutover window
    plan: str = ""
    status: str = "planned"  # planned | in_progress | done | blocked
    notes: str = ""

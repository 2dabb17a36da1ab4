"""Reading verdicts as people see them: stored (or freshly computed) verdict plus any override.

The effective verdict is a person's override when one exists, else the rules engine's. A stored
verdict is stale when the rule files changed since, or the host or one of its disks, partitions
or NICs changed after it was computed; read-only callers (``hmfield assess``) recompute stale
verdicts in memory instead of writing them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select

from hmfield.core.assess.facts import (
    _rows,
    current_ruleset,
    latest_change,
    load_engine_hosts,
    verdict_row,
)
from hmfield.core.assess.rules import assess
from hmfield.core.model.assess import HostVerdict, VerdictOverride, VerdictReasons
from hmfield.core.model.inventory import Host
from hmfield.core.model.labels import os_text


def lang_key(lang: str | None) -> str:
    """ "zh" for any Chinese language code (zh, zh_CN, zh-Hans), else "en"."""
    return "zh" if (lang or "").lower().startswith("zh") else "en"


@dataclass
class OverrideInfo:
    id: str
    verdict: str
    mode: str
    reason: str
    changed_by: str | None
    at: datetime | None


def chosen_mode(host_mode: str | None, assessed_mode: str | None) -> str | None:
    """How a host is to be moved: the engineer's choice on the host (its migration mode),
    else the assessment's (a person's override, else the rules'). The plan, the assessment
    conclusion and every screen that says "by its own plan" read it here."""
    return host_mode or assessed_mode


def own_plan(h: HostAssessment) -> bool:
    """Whether the team moves ``h`` by a plan of its own (chosen mode "alternative")."""
    return chosen_mode(h.host_mode, h.mode) == "alternative"


@dataclass
class HostAssessment:
    """One host's assessment for screens, CLI and reports (plain data, no session)."""

    host_id: str
    name: str
    platform: str | None
    os: str | None
    verdict: str  # effective: the override's when present
    mode: str
    computed_verdict: str
    computed_mode: str
    reasons: list[dict] = field(default_factory=list)  # {code, effect, zh, en, source, ...}
    missing: list[str] = field(default_factory=list)
    alternative: str | None = None
    override: OverrideInfo | None = None
    availability_domain: str | None = None
    host_mode: str | None = None  # the engineer's migration mode on the host, if chosen
    stale: bool = False  # computed in memory because the stored verdict was missing or old

    @property
    def overridden(self) -> bool:
        return self.override is not None

    def messages(self, lang: str | None) -> list[dict[str, Any]]:
        key = lang_key(lang)
        return [
            {
                "code": r.get("code"),
                "effect": r.get("effect"),
                "message": r.get(key) or r.get("en") or "",
                "source": r.get("source"),
            }
            for r in self.reasons
        ]

    def reason_text(self, lang: str | None) -> str:
        return "\n".join(m["message"] for m in self.messages(lang))


def _is_stale(stored: dict | None, version: str, changed: Any) -> bool:
    if stored is None or stored["ruleset_version"] != version:
        return True
    at = stored["computed_at"]
    return changed is not None and (at is None or changed > at)


def stored_verdicts(
    session, host_ids: Sequence[str] | None = None, *, with_reasons: bool = True
) -> dict[str, dict]:
    """host id -> its stored ``host_verdict`` row as a dict, with ``reasons`` (the list its
    ``reasons_digest`` names; empty when none) unless ``with_reasons`` is false. Each
    distinct list is decoded once and shared by the hosts that have it: read only."""
    t = HostVerdict.__table__
    names = [c.name for c in t.c]
    out = {
        row[0]: dict(zip(names, row, strict=True))
        for row in _rows(session, select(*t.c), t.c.host_id, host_ids)
    }
    if with_reasons:
        lists = stored_reasons(session, {row["reasons_digest"] for row in out.values()})
        for row in out.values():
            row["reasons"] = lists.get(row["reasons_digest"], [])
    return out


def stored_reasons(session, digests: set[str] | None = None) -> dict[str, list]:
    """digest -> its reasons list ``[{code, effect, zh, en, source, ...}]`` from
    ``verdict_reasons`` (those of ``digests``, or every one)."""
    t = VerdictReasons.__table__
    ids = None if digests is None else sorted(digests)
    if ids is not None and not ids:
        return {}
    return dict(_rows(session, select(t.c.digest, t.c.reasons), t.c.digest, ids))


def overrides(session, host_ids: Sequence[str] | None = None) -> dict[str, OverrideInfo]:
    """host id -> its live override (the newest when a merge brought two)."""
    t = VerdictOverride.__table__
    stmt = (
        select(t.c.host_id, t.c.id, t.c.verdict, t.c.mode, t.c.reason, t.c.changed_by)
        .add_columns(t.c.updated_at)
        .where(t.c.deleted == False)  # noqa: E712
        .order_by(t.c.updated_at)
    )
    return {row[0]: OverrideInfo(*row[1:]) for row in _rows(session, stmt, t.c.host_id, host_ids)}


def collect(
    session, host_ids: Sequence[str] | None = None, *, recompute_stale: bool = True
) -> list[HostAssessment]:
    """Every live host (or ``host_ids``) with its effective verdict, sorted by name.

    Hosts whose stored verdict is missing or stale are assessed in memory when
    ``recompute_stale`` (nothing is written); otherwise they show as ``unknown``.
    """
    ruleset = current_ruleset()
    stored = stored_verdicts(session, host_ids)
    changed = latest_change(session, host_ids)
    t = Host.__table__
    stmt = select(
        t.c.id, t.c.name, t.c.platform, t.c.os_name, t.c.os_version, t.c.os_tools, t.c.extra,
        t.c.migration_mode,
    ).where(t.c.deleted == False)  # noqa: E712  # fmt: skip
    basics = list(_rows(session, stmt, t.c.id, host_ids))
    stale = [
        r[0] for r in basics if _is_stale(stored.get(r[0]), ruleset.version, changed.get(r[0]))
    ]
    fresh: dict[str, dict] = {}
    if stale and recompute_stale:
        for host in load_engine_hosts(session, stale, ruleset):
            fresh[host.id] = verdict_row(host.id, assess(host, ruleset), None)
    over = overrides(session, host_ids)
    out = []
    stale_set = set(stale)
    for hid, name, platform, os_name, os_version, os_tools, extra, host_mode in basics:
        row = fresh.get(hid) or (None if hid in stale_set else stored.get(hid))
        if row is None:
            row = {"verdict": "unknown", "mode": "none", "reasons": [], "missing": []}
            row["alternative"] = None
        item = HostAssessment(
            host_id=hid,
            name=name,
            platform=platform,
            os=os_text(os_name, os_version, os_tools) or None,
            verdict=row["verdict"],
            mode=row["mode"],
            computed_verdict=row["verdict"],
            computed_mode=row["mode"],
            reasons=list(row["reasons"] or []),
            missing=list(row["missing"] or []),
            alternative=row["alternative"],
            availability_domain=(extra or {}).get("availability_domain"),
            stale=hid in stale_set,
            host_mode=host_mode,
        )
        o = over.get(hid)
        if o is not None:
            item.override = o
            item.verdict = o.verdict or item.verdict
            item.mode = o.mode or item.mode
        out.append(item)
    out.sort(key=lambda a: (a.name.casefold(), a.host_id))
    return out


def effective_verdicts(session, host_ids: Sequence[str] | None = None) -> dict[str, tuple]:
    """host id -> (verdict, mode, overridden) from stored rows and overrides, no recompute:
    for the inventory's verdict column (cheap: two queries)."""
    stored = stored_verdicts(session, host_ids, with_reasons=False)
    over = overrides(session, host_ids)
    out = {hid: (row["verdict"], row["mode"], False) for hid, row in stored.items()}
    for hid, o in over.items():
        base = out.get(hid, ("unknown", "none", False))
        out[hid] = (o.verdict or base[0], o.mode or base[1], True)
    return out

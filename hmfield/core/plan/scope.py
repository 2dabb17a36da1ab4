"""Scope: which hosts the migration moves. Out-of-scope hosts (the vCenter appliance, backup
and SRM proxies, hosts to retire, databases replaced by a managed service such as RDS) leave
their wave, the planning maths (``inputs.load_plan_inputs`` drops them, so bandwidth, the
window check, timing, the calendar and the proposal never see them) and are listed in the
plan document with their reason.

The reasons and their zh/en labels live in ``resources/plan/scope.yaml``. A bulk change is one
use case: one transaction, one audited update per host that changes (in_scope, reason and
note restated together, and the wave it leaves).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import yaml
from sqlalchemy import select

from hmfield.core.assess.verdicts import carry_verdicts
from hmfield.core.context import ServiceContext
from hmfield.core.errors import HmError, InputError
from hmfield.core.model.inventory import Host
from hmfield.core.model.plan import Wave
from hmfield.core.yamltext import load_yaml
from hmfield.paths import resource_path

LANGS = ("zh", "en")
SCOPE_FIELDS = ("in_scope", "scope_reason", "scope_note", "wave_id")


@dataclass(frozen=True)
class ScopeTexts:
    reasons: dict[str, dict[str, str]]  # code -> {"zh": ..., "en": ...}
    words: dict[str, dict[str, str]]

    def reason(self, code: str | None, lang: str = "en") -> str:
        key = "zh" if lang.lower().startswith("zh") else "en"
        entry = self.reasons.get(code or "")
        return entry[key] if entry else (code or "")

    def word(self, code: str, lang: str = "en") -> str:
        key = "zh" if lang.lower().startswith("zh") else "en"
        return self.words[code][key]


@lru_cache(maxsize=2)
def scope_texts(path: str | None = None) -> ScopeTexts:
    src = path or str(resource_path("plan", "scope.yaml"))
    try:
        with open(src, encoding="utf-8") as fh:
            doc = load_yaml(fh)
    except OSError as exc:
        raise InputError(f"cannot read scope reasons: {exc.strerror}", file=src) from None
    except yaml.YAMLError as exc:
        raise InputError(f"invalid YAML: {exc}", file=src) from None
    out = {}
    for section in ("reasons", "words"):
        entries = (doc or {}).get(section) or {}
        for key, entry in entries.items():
            if not isinstance(entry, dict) or any(not entry.get(lang) for lang in LANGS):
                raise InputError(f"scope {section} entry '{key}' needs zh and en", file=src)
        out[section] = {k: dict(v) for k, v in entries.items()}
    return ScopeTexts(out["reasons"], out["words"])


def scope_reasons() -> tuple[str, ...]:
    return tuple(scope_texts().reasons)


@dataclass(frozen=True)
class ScopeRow:
    """One host's scope (what ``scope list``, the inventory column and the plan show)."""

    host_id: str
    name: str
    in_scope: bool
    reason: str | None
    note: str
    wave: str | None


@dataclass(frozen=True)
class ScopeChange:
    """What one bulk change did: hosts changed, and those that left a wave (name -> wave)."""

    changed: list[str]
    left_waves: dict[str, str]
    unchanged: int
    # host id -> (in_scope, reason, note, wave id) before the change (what undo writes back)
    before: dict[str, tuple[bool, str | None, str, str | None]] = field(default_factory=dict)


def _check(in_scope: bool, reason: str | None, note: str) -> tuple[str | None, str]:
    note = (note or "").strip()
    if in_scope:
        return None, note
    if not reason:
        raise HmError(f"a host out of scope needs a reason: {', '.join(scope_reasons())}")
    if reason not in scope_texts().reasons:
        raise HmError(f"unknown scope reason {reason!r}; use one of {', '.join(scope_reasons())}")
    if reason == "other" and not note:
        raise HmError("the reason 'other' needs a note saying why")
    return reason, note


class ScopeService:
    """Hosts in or out of scope, in bulk."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def rows(self, *, out_only: bool = False) -> list[ScopeRow]:
        h, w = Host.__table__, Wave.__table__
        stmt = (
            select(h.c.id, h.c.name, h.c.in_scope, h.c.scope_reason, h.c.scope_note, w.c.name)
            .select_from(h)
            .outerjoin(w, (w.c.id == h.c.wave_id) & (w.c.deleted == False))  # noqa: E712
            .where(h.c.deleted == False)  # noqa: E712
            .order_by(h.c.name, h.c.id)
        )
        if out_only:
            stmt = stmt.where(h.c.in_scope == False)  # noqa: E712
        with self.ctx.read() as s:
            return [
                ScopeRow(r[0], r[1] or r[0][:8], bool(r[2]), r[3], r[4] or "", r[5])
                for r in s.execute(stmt)
            ]

    def set_scope(
        self, host_ids: Iterable[str], in_scope: bool, reason: str | None = None, note: str = ""
    ) -> ScopeChange:
        """Put hosts in or out of scope (one transaction). A host put out of scope leaves its
        wave; the audit trail holds the scope, reason, note and the wave it left."""
        reason, note = _check(in_scope, reason, note)
        ids = list(dict.fromkeys(host_ids))
        if not ids:
            raise HmError("no hosts selected")
        h, w = Host.__table__, Wave.__table__
        with self.ctx.write() as uow:
            waves = {r[0]: r[1] for r in uow.session.execute(select(w.c.id, w.c.name))}
            found = {}
            for start in range(0, len(ids), 500):
                part = ids[start : start + 500]
                stmt = select(*(h.c[f] for f in ("id", "name", *SCOPE_FIELDS))).where(
                    h.c.id.in_(part),
                    h.c.deleted == False,  # noqa: E712
                )
                found.update({r[0]: r for r in uow.session.execute(stmt)})
            missing = [i for i in ids if i not in found]
            if missing:
                raise HmError(f"unknown host(s): {', '.join(missing[:5])}")
            batch, left, before = [], {}, {}
            for hid in ids:
                _, name, was_in, old_reason, old_note, wave_id = found[hid]
                new = {"in_scope": bool(in_scope), "scope_reason": reason, "scope_note": note}
                old = {"in_scope": bool(was_in), "scope_reason": old_reason}
                old["scope_note"] = old_note or ""
                if new == old:
                    continue
                fields = {k: (old[k], new[k]) for k in new}  # the decision, whole
                before[hid] = (old["in_scope"], old["scope_reason"], old["scope_note"], wave_id)
                if not in_scope and wave_id is not None:
                    fields["wave_id"] = (wave_id, None)
                    left[name or hid] = waves.get(wave_id, wave_id)
                batch.append((hid, fields))
            carry_verdicts(uow, [hid for hid, _ in batch], SCOPE_FIELDS)
            uow.rec.bulk_update(Host, batch)
        return ScopeChange([b[0] for b in batch], left, len(ids) - len(batch), before)

    def restore(self, before: dict[str, tuple[bool, str | None, str, str | None]]) -> int:
        """Write back each host's earlier scope and wave (``ScopeChange.before``: what undo
        does), one transaction; a wave deleted meanwhile is not restored."""
        h, w = Host.__table__, Wave.__table__
        with self.ctx.write() as uow:
            live = {
                r[0]
                for r in uow.session.execute(select(w.c.id).where(w.c.deleted == False))  # noqa: E712
            }
            ids = list(before)
            stmt = select(*(h.c[f] for f in ("id", *SCOPE_FIELDS))).where(h.c.id.in_(ids))
            batch = []
            for hid, *now in uow.session.execute(stmt):
                was_in, reason, note, wave = before[hid]
                wave = wave if wave in live else now[3]
                fields = {
                    k: (old, new)
                    for k, old, new in zip(
                        SCOPE_FIELDS, now, (bool(was_in), reason, note or "", wave), strict=True
                    )
                    if old != new
                }
                if fields:
                    batch.append((hid, fields))
            carry_verdicts(uow, [hid for hid, _ in batch], SCOPE_FIELDS)
            uow.rec.bulk_update(Host, batch)
        return len(batch)

"""Judging every host against HyperMotion's support rules (seed 调研阶段 待办1) and keeping the
verdicts current.

:func:`reassess_hosts` is the seam the inventory calls after it writes hosts: it recomputes the
derived ``host_verdict`` rows in the caller's transaction (plain Core upsert: derived data is
not audited). :class:`AssessmentService` is what screens and commands use: summary, per-host
reasons, audited overrides with a reason, the not-supported list and the conclusion text.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import and_, delete, exists, or_, select, update

from hmfield.core.assess.facts import (
    CHUNK,
    current_ruleset,
    load_engine_hosts,
    projection,
    reason_dict,
)
from hmfield.core.assess.rules import assess
from hmfield.core.assess.views import HostAssessment, collect, lang_key, own_plan
from hmfield.core.bulk import paused_gc
from hmfield.core.context import ServiceContext
from hmfield.core.errors import HmError
from hmfield.core.model.assess import (
    HostVerdict,
    NonHostObject,
    VerdictOverride,
    reasons_digest_of,
)
from hmfield.core.model.assess_notes import AssessmentNote
from hmfield.core.model.base import to_jsonable
from hmfield.core.model.enums import RecommendedMode, Verdict
from hmfield.core.model.inventory import Disk, Host, Nic, Partition
from hmfield.core.progress import NULL_PROGRESS, Progress
from hmfield.core.store.dialect import raw_cursor

_BATCH = 2000  # hosts per progress report / cancel check


def reassess_hosts(
    uow,
    host_ids: Iterable[str] | None = None,
    progress: Progress = NULL_PROGRESS,
    results: list | None = None,
) -> int:
    """Recompute verdicts for ``host_ids`` inside the caller's transaction; returns how many
    were computed. ``host_ids`` None: every live host whose verdict is missing or stale (a
    new rule set, a change to the host or its children since); hosts whose verdict is
    current keep it, and the count returned includes them (every live host then has a
    current verdict). Verdicts of deleted hosts are removed.
    ``results``, when given, receives every engine Assessment computed (an import sums them
    up without reading the verdicts back)."""
    # ~10 objects per host and no cycles: collector passes would cost ~30%
    with paused_gc(promote=True):
        return _reassess(uow, host_ids, progress, results)


def judge_new_hosts(uow, hosts: list, results: list | None = None) -> int:
    """Judge hosts just written, given as engine hosts built from the rows inserted
    (``facts.engine_hosts_from_rows``: exactly what :func:`reassess_hosts` would load back),
    and upsert their verdicts in the caller's transaction: the import's new hosts are judged
    from memory, not read back from the project. ``results`` as in :func:`reassess_hosts`."""
    if not hosts:
        return 0
    with paused_gc(promote=True):
        writer = _VerdictWriter(uow.session.connection(), to_jsonable(uow.rec.now))
        try:
            ruleset = current_ruleset()
            judged = [assess(h, ruleset) for h in hosts]
            if results is not None:
                results.extend(judged)
            writer.write(hosts, judged)
        finally:
            writer.close()
    return len(hosts)


def carry_verdicts(uow, host_ids: Iterable[str], fields: Iterable[str]) -> int:
    """Call before a write that changes only ``fields`` of these hosts (a wave, the scope, a
    business system): when the rules read none of them, each of these verdicts that is
    current now is marked current as of the write (``computed_at`` becomes the
    transaction's time, which the write stamps on the hosts too), so the write does not
    make it stale and no reader re-judges the host. Returns how many were carried.

    When a rule reads one of ``fields`` nothing is carried: the write makes the verdicts
    stale, as any change of a fact does, and the next assessment judges them again."""
    ids = list(dict.fromkeys(host_ids))
    ruleset = current_ruleset()
    if not ids or set(fields) & set(projection(ruleset.record_reads).host):
        return 0
    hv, h = HostVerdict.__table__, Host.__table__
    unchanged = [
        ~exists().where(t.c.host_id == hv.c.host_id, t.c.updated_at > hv.c.computed_at)
        for t in (Disk.__table__, Partition.__table__, Nic.__table__)
    ]
    current = and_(
        hv.c.ruleset_version == ruleset.version,
        hv.c.computed_at.is_not(None),
        exists().where(
            h.c.id == hv.c.host_id,
            or_(h.c.updated_at.is_(None), h.c.updated_at <= hv.c.computed_at),
        ),
        *unchanged,
    )
    conn = uow.session.connection()
    carried = 0
    for part in _chunks(ids):
        stmt = update(hv).where(hv.c.host_id.in_(part), current)
        carried += conn.execute(stmt.values(computed_at=uow.rec.now)).rowcount
    return carried


def _reassess(uow, host_ids: Iterable[str] | None, progress: Progress, results) -> int:
    session = uow.session
    ids = None if host_ids is None else list(dict.fromkeys(host_ids))
    if ids is not None and not ids:
        return 0
    ruleset = current_ruleset()
    conn = session.connection()
    kept = 0
    every = ids is None  # every live host judged
    if every and _any_current(conn, ruleset.version):
        # every host, but only those whose verdict is stale: unchanged hosts keep theirs (when
        # no verdict is of this rule set, all are stale: the per-host test is skipped)
        stale, live = _stale_hosts(conn, ruleset.version)
        kept = len(live) - len(stale)
        if kept:  # some are current: load only the stale ones (else all in one scan)
            gone = _verdict_ids(conn) - live
            if _delete_verdicts(conn, gone) and not stale:  # deleted hosts' verdicts
                conn.exec_driver_sql(_DROP_UNUSED_REASONS)
            if not stale:
                return kept
            ids, every = stale, False
    writer = _VerdictWriter(conn, to_jsonable(uow.rec.now), every=every)
    judged_ids: set[str] = set()
    try:
        for batch, total in _batches(session, ids, ruleset):
            progress.check()
            judged_ids.update(h.id for h in batch)
            judged = [assess(h, ruleset) for h in batch]
            if results is not None:
                results.extend(judged)
            writer.write(batch, judged)
            progress.report(len(judged_ids), total, "")
        writer.finish()
        # the verdicts of deleted hosts: every other one stored before (all live hosts
        # judged: the writer read them), or those asked for that are not live
        had = writer.verdict_hosts() if every else set(ids)
        _delete_verdicts(conn, had - judged_ids)
        writer.drop_unused()
    finally:
        writer.close()
    return len(judged_ids) + kept


def _verdict_ids(conn) -> set[str]:
    """The hosts with a stored verdict (the narrow table's key: one quick scan)."""
    cursor = raw_cursor(conn)
    try:
        return {hid for (hid,) in cursor.execute("SELECT host_id FROM host_verdict")}
    finally:
        cursor.close()


def _delete_verdicts(conn, host_ids: set[str]) -> bool:
    """Remove these hosts' verdicts; whether there were any (reasons lists may be unused)."""
    table = HostVerdict.__table__
    for part in _chunks(sorted(host_ids)):
        conn.execute(delete(table).where(table.c.host_id.in_(part)))
    return bool(host_ids)


def _any_current(conn, version: str) -> bool:
    """Whether any stored verdict was computed by this rule set (else every host is stale)."""
    cursor = raw_cursor(conn)
    try:
        found = cursor.execute(
            "SELECT 1 FROM host_verdict WHERE ruleset_version = ? LIMIT 1", (version,)
        ).fetchall()
        return bool(found)
    finally:
        cursor.close()


# A live host's stored verdict is current when it was computed by this rule set at or after
# the last change of the host and of each of its disks, partitions and NICs (tombstones
# count: removing a disk changes the verdict); the same test as ``views._is_stale``. Times
# are UTCDateTime text (ISO, UTC, microseconds): ordered as text.
_CHILD_CHANGED = (
    "EXISTS (SELECT 1 FROM {t} c WHERE c.host_id = h.id AND c.updated_at > v.computed_at)"
)
_CURRENT = (
    "SELECT h.id, v.host_id IS NOT NULL AND v.ruleset_version = ? AND v.computed_at IS NOT NULL"
    " AND (h.updated_at IS NULL OR h.updated_at <= v.computed_at) AND NOT ("
    + " OR ".join(_CHILD_CHANGED.format(t=t) for t in ("disk", "partition", "nic"))
    + ") FROM host h LEFT JOIN host_verdict v ON v.host_id = h.id WHERE h.deleted = false"
)


def _stale_hosts(conn, version: str) -> tuple[list[str], set[str]]:
    """(ids of the live hosts whose verdict is missing or stale, ids of every live host)."""
    cursor = raw_cursor(conn)
    try:
        stale, live = [], set()
        for hid, fresh in cursor.execute(_CURRENT, (version,)):
            live.add(hid)
            if not fresh:
                stale.append(hid)
        return stale, live
    finally:
        cursor.close()


def _batches(session, ids: list[str] | None, ruleset):
    """(engine hosts, total) per _BATCH hosts. Given ids are loaded a batch at a time: an
    import of 10,000 hosts never holds them all as engine hosts (peak memory); all hosts
    (ids None: a new rules version) are loaded in one go."""
    if ids is None:
        hosts = load_engine_hosts(session, None, ruleset)
        for start in range(0, len(hosts), _BATCH):
            yield hosts[start : start + _BATCH], len(hosts)
        return
    for start in range(0, len(ids), _BATCH):
        yield load_engine_hosts(session, ids[start : start + _BATCH], ruleset), len(ids)


_COLUMNS = [c.name for c in HostVerdict.__table__.c]
# the order _Encoder gives its values in
assert _COLUMNS == ["host_id", "verdict", "mode", "reasons_digest", "missing", "alternative",
                    "ruleset_version", "computed_at"], _COLUMNS  # fmt: skip
_UPSERT = (
    f"INSERT INTO host_verdict ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))}) "
    "ON CONFLICT(host_id) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in _COLUMNS if c != "host_id")
)
_ADD_REASONS = (
    "INSERT INTO verdict_reasons (digest, reasons) VALUES (?, ?) ON CONFLICT(digest) DO NOTHING"
)
# the reasons lists no verdict names (a rule set change or a deleted host left them)
_DROP_UNUSED_REASONS = (
    "DELETE FROM verdict_reasons WHERE digest NOT IN (SELECT reasons_digest FROM host_verdict)"
)


class _Encoder:
    """Assessment -> sqlite3 parameters in ``_COLUMNS`` order (JSON as SQLAlchemy's JSON type
    stores it), and the reasons lists encoded, by digest (``lists``; :meth:`text` gives the
    JSON text of one to store). Inventories repeat the same verdicts thousands of times, and
    the engine shares equal Reason objects, so everything but the host id is cached per
    identity of the reasons, questions, verdict and mode with the missing facts and
    alternative, each reason's JSON object (text and UTF-8) per reason, and the missing
    facts' JSON per list of names (a cached entry holds the objects whose ids it is keyed
    by: an id cannot be reused while it is a key): one dict lookup per host, a json.dumps per
    distinct reason, a digest per distinct list fed from its reasons' bytes (the list's text
    is built only when it is stored: after a rules change most lists are stored already)."""

    def __init__(self, stamp: str) -> None:
        self.stamp = stamp
        self.cache: dict[tuple, tuple] = {}
        self.parts: dict[int, tuple[str, bytes, object]] = {}
        self.missing: dict[tuple, str] = {}
        self.lists: dict[str, tuple] = {}  # digest -> the reasons of a list encoded

    def __call__(self, host_id: str, result) -> tuple:
        return (host_id, *self.tail(result))

    def tail(self, result) -> tuple:
        """The row after its host id: (verdict, mode, reasons digest, missing, alternative,
        rule set version, time)."""
        r = result
        key = (tuple(map(id, r.reasons)), tuple(map(id, r.questions)), tuple(r.missing),
               id(r.verdict), id(r.mode), r.alternative, r.ruleset_version)  # fmt: skip
        hit = self.cache.get(key)
        if hit is None:
            hit = self._encode(result)
            if len(self.cache) < 20_000:
                self.cache[key] = hit
        return hit[0]

    def _encode(self, r) -> tuple:
        """(the row after its host id, the objects whose ids key it). The digest is the one
        of the text ``json.dumps`` gives for :func:`verdict_row`'s list (:meth:`text`)."""
        every = (*r.reasons, *r.questions)
        digest = reasons_digest_of([self._reason(x)[1] for x in every])
        self.lists[digest] = every
        names = tuple(r.missing)
        missing = self.missing.get(names)
        if missing is None:
            missing = self.missing[names] = json.dumps(list(names), ensure_ascii=False)
        tail = (r.verdict.value, r.mode.value, digest, missing, r.alternative,
                r.ruleset_version, self.stamp)  # fmt: skip
        return tail, (every, r.verdict, r.mode)

    def text(self, digest: str) -> str:
        """The JSON text of the list encoded under ``digest``."""
        return "[" + ", ".join([self._reason(x)[0] for x in self.lists[digest]]) + "]"

    def _reason(self, reason) -> tuple[str, bytes, object]:
        found = self.parts.get(id(reason))
        if found is None:
            text = _reason_json(reason)
            found = (text, text.encode(), reason)  # the reason kept: its id stays unique
            if len(self.parts) < 20_000:
                self.parts[id(reason)] = found
        return found


def _reason_json(reason) -> str:
    """One reason as ``verdict_row`` stores it, as the JSON object ``json.dumps`` writes."""
    return json.dumps(reason_dict(reason), ensure_ascii=False)


_CONTENT = "SELECT host_id, verdict, mode, reasons_digest, missing, alternative FROM host_verdict"
_STAMP_ALL = "UPDATE host_verdict SET ruleset_version = ?, computed_at = ?"


class _VerdictWriter:
    """Writes the verdicts of judged hosts: each host's narrow ``host_verdict`` row (verdict,
    mode, missing facts, alternative, the digest of its reasons, rule set version and time)
    upserted whole, and each reasons list not stored yet added once to ``verdict_reasons``:
    a host whose reasons are as they were never has its ~3 KB of texts written again.

    ``every`` (a rules change: this writer judges every live host): a verdict whose content
    is what is stored is not written; :meth:`finish` stamps every row with the rule set
    version and time in one UPDATE. The same statements on both engines."""

    def __init__(self, conn, stamp: str, every: bool = False) -> None:
        self.cursor = raw_cursor(conn)
        self.encode = _Encoder(stamp)
        self.stamp, self.every = stamp, every
        self.version: str | None = None  # of the verdicts written, for the stamp
        self.content: dict[str, tuple] | None = None  # every: the stored content, by host
        self.stored: set[str] | None = None  # the digests in verdict_reasons, read when needed

    def verdict_hosts(self) -> set[str]:
        """``every``: the hosts that had a verdict before this writer wrote any."""
        return set(self._content())

    def _content(self) -> dict[str, tuple]:
        if self.content is None:  # read before the first write
            self.content = {r[0]: r[1:] for r in self.cursor.execute(_CONTENT)}
        return self.content

    def write(self, hosts: list, judged: list) -> None:
        tail = self.encode.tail
        if self.every:
            content, rows = self._content(), []
            for host, result in zip(hosts, judged):  # noqa: B905 - same length
                values = tail(result)
                if content.get(host.id) != values[:5]:
                    rows.append((host.id, *values))
            if judged:
                self.version = judged[0].ruleset_version
        else:
            rows = [(h.id, *tail(r)) for h, r in zip(hosts, judged)]  # noqa: B905
        stored = self._stored()
        new = [(d, self.encode.text(d)) for d in self.encode.lists if d not in stored]
        if new:
            self.cursor.executemany(_ADD_REASONS, new)
            stored.update(d for d, _ in new)
        if rows:
            self.cursor.executemany(_UPSERT, rows)

    def finish(self) -> None:
        """``every``: the verdicts left as they were get this rule set version and time (the
        rows written have them already)."""
        if self.every and self.version is not None:
            self.cursor.execute(_STAMP_ALL, (self.version, self.stamp))

    def drop_unused(self) -> None:
        """Remove the reasons lists no verdict names (call once the verdicts of deleted hosts
        are removed). ``every``: this writer wrote every verdict there is, so the lists it
        did not write are the unused ones."""
        if not self.every:
            self.cursor.execute(_DROP_UNUSED_REASONS)
            return
        stored = self._stored()
        unused = sorted(stored - set(self.encode.lists))
        for start in range(0, len(unused), CHUNK):
            part = unused[start : start + CHUNK]
            marks = ", ".join("?" * len(part))
            self.cursor.execute(f"DELETE FROM verdict_reasons WHERE digest IN ({marks})", part)
        stored.difference_update(unused)

    def _stored(self) -> set[str]:
        if self.stored is None:
            self.stored = {d for (d,) in self.cursor.execute("SELECT digest FROM verdict_reasons")}
        return self.stored

    def close(self) -> None:
        self.cursor.close()


def _chunks(items: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def _tool_label(code: str | None, lang: str) -> str:
    return current_ruleset().catalog.label(code, lang)


def _platform_label(code: str, lang: str) -> str:
    from hmfield.core.model.labels import ENUM_LABELS

    base, _, domain = code.partition("/")
    pair = ENUM_LABELS.get("platform", {}).get(base)
    label = (pair[0] if lang_key(lang) == "zh" else pair[1]) if pair else base
    return f"{label} ({domain})" if domain else label


@dataclass
class NotSupported:
    host: HostAssessment
    blocks: list[dict]  # the blocking reasons {code, message, source}
    alternative: str | None
    alternative_label: str
    own_plan: bool = False  # no tool named, the team moves it by a plan of its own


class AssessmentService:
    """Assessment use cases over the open project."""

    VERDICTS = tuple(v.value for v in Verdict)
    MODES = tuple(m.value for m in RecommendedMode)

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # -- computing ------------------------------------------------------------------------
    def assess_all(self, progress: Progress = NULL_PROGRESS) -> int:
        """Recompute every host's verdict in one transaction (cancel leaves the old ones)."""
        with self.ctx.write() as uow:
            return reassess_hosts(uow, None, progress)

    def hosts(self, *, recompute_stale: bool = True) -> list[HostAssessment]:
        """Every host with its effective verdict (stale ones assessed in memory, not saved)."""
        with self.ctx.read() as s:
            return collect(s, recompute_stale=recompute_stale)

    def host(self, host_id: str) -> HostAssessment:
        with self.ctx.read() as s:
            found = collect(s, [host_id])
        if not found:
            raise HmError(f"no host with id {host_id}")
        return found[0]

    # -- figures --------------------------------------------------------------------------
    def summary(self, hosts: list[HostAssessment] | None = None) -> dict:
        """Counts per effective verdict and mode, Sync Proxies per platform, missing facts."""
        hosts = self.hosts() if hosts is None else hosts
        ruleset = current_ruleset()
        verdicts = Counter(h.verdict for h in hosts)
        modes = Counter(h.mode for h in hosts)
        groups: Counter[str] = Counter()
        for h in hosts:
            if h.mode != RecommendedMode.AGENTLESS.value:
                continue
            key = (h.platform or "unknown").lower()
            if key in ruleset.per_availability_domain:
                key = f"{key}/{h.availability_domain or 'unknown'}"
            groups[key] += 1
        per = ruleset.hosts_per_proxy
        proxies = {k: math.ceil(n / per) for k, n in sorted(groups.items())}
        missing = Counter(f for h in hosts if h.verdict == "unknown" for f in h.missing)
        return {
            "total": len(hosts),
            "verdicts": {v: verdicts.get(v, 0) for v in self.VERDICTS},
            "modes": {m: modes.get(m, 0) for m in self.MODES},
            "overridden": sum(1 for h in hosts if h.overridden),
            "stale": sum(1 for h in hosts if h.stale),
            "agentless_hosts": dict(sorted(groups.items())),
            "hosts_per_proxy": per,
            "sync_proxies": proxies,
            "sync_proxies_total": sum(proxies.values()),
            "missing_facts": dict(missing.most_common()),
            "ruleset_version": ruleset.version,
        }

    def not_supported(
        self, lang: str = "en", hosts: list[HostAssessment] | None = None
    ) -> list[NotSupported]:
        """Hosts whose effective verdict is not_supported, with blockers and alternative
        (of ``hosts`` when the caller has read them: :meth:`hosts`, once per screen)."""
        out = []
        for h in self.hosts() if hosts is None else hosts:
            if h.verdict != Verdict.NOT_SUPPORTED.value:
                continue
            blocks = [
                m for m in h.messages(lang) if m["effect"] in ("block", "alternative")
            ] or h.messages(lang)
            label = _tool_label(h.alternative, lang)
            out.append(NotSupported(h, blocks, h.alternative, label, own_plan(h)))
        return out

    def conclusion(self, lang: str = "zh", hosts: list[HostAssessment] | None = None) -> str:
        """The assessment conclusion, from ``hosts`` when the caller has read them."""
        from hmfield.core.assess.conclusion import render

        hosts = self.hosts() if hosts is None else hosts
        with self.ctx.read() as s:
            objects = list(
                s.execute(select(NonHostObject).where(NonHostObject.deleted == False))  # noqa: E712
                .scalars()
                .all()
            )
        ruleset = current_ruleset()
        return render(
            self.summary(hosts),
            hosts,
            objects,
            lang=lang,
            tool_label=_tool_label,
            platform_label=_platform_label,
            ruleset_version=ruleset.version,
            ruleset_reviewed=ruleset.last_reviewed,
            fact_label=ruleset.fact_label,
        )

    # -- overrides ------------------------------------------------------------------------
    def override(self, host_id: str, verdict: str, mode: str, reason: str) -> HostAssessment:
        """A person's verdict for a host; the reason is required and the change audited."""
        return self.override_many([host_id], verdict, mode, reason)[0]

    def override_many(
        self, host_ids: Iterable[str], verdict: str, mode: str, reason: str
    ) -> list[HostAssessment]:
        """One person's verdict for many hosts, in one transaction (all or nothing), each
        host's override audited; the hosts' assessments afterwards, in the order given."""
        reason = (reason or "").strip()
        if verdict not in self.VERDICTS:
            raise HmError(f"verdict {verdict!r}: use one of {', '.join(self.VERDICTS)}")
        if mode not in self.MODES:
            raise HmError(f"mode {mode!r}: use one of {', '.join(self.MODES)}")
        if not reason:
            raise HmError("an override needs a reason (why the rules' verdict does not apply)")
        ids = list(dict.fromkeys(host_ids))
        if not ids:
            raise HmError("no hosts chosen; nothing was changed")
        values = {"verdict": verdict, "mode": mode, "reason": reason}
        with self.ctx.write() as uow:
            s = uow.session
            alive = {
                hid
                for (hid,) in s.execute(select(Host.id).where(Host.deleted == False))  # noqa: E712
            }
            gone = [hid for hid in ids if hid not in alive]
            if gone:
                raise HmError(f"no host with id {gone[0]}; nothing was changed")
            existing: dict[str, VerdictOverride] = {}
            rows = s.execute(
                select(VerdictOverride).order_by(
                    VerdictOverride.deleted.desc(), VerdictOverride.updated_at
                )
            ).scalars()
            for row in rows:  # the live one (else the newest tombstone) wins
                existing[row.host_id] = row
            for hid in ids:
                row = existing.get(hid)
                if row is None:
                    uow.rec.create(VerdictOverride(host_id=hid, **values))
                else:
                    uow.rec.restore(row)
                    uow.rec.update(row, values)
        with self.ctx.read() as s:
            found = {h.host_id: h for h in collect(s, ids)}
        return [found[hid] for hid in ids]

    def clear_override(self, host_id: str) -> bool:
        """Back to the rules' verdict (the override becomes a tombstone: audited, mergeable)."""
        return bool(self.clear_overrides([host_id]))

    def clear_overrides(self, host_ids: Iterable[str]) -> list[str]:
        """Many hosts back to the rules' verdict in one transaction; the hosts whose override
        was cleared (a host without one is left as it is)."""
        ids = set(host_ids)
        cleared: list[str] = []
        with self.ctx.write() as uow:
            rows = uow.session.execute(
                select(VerdictOverride).where(VerdictOverride.deleted == False)  # noqa: E712
            ).scalars()
            for row in list(rows):
                if row.host_id in ids and uow.rec.delete(row):
                    cleared.append(row.host_id)
        return list(dict.fromkeys(cleared))

    # -- the free-text addendum to the conclusion -----------------------------------------
    def note(self, topic: str = "conclusion") -> str:
        with self.ctx.read() as s:
            row = s.execute(
                select(AssessmentNote.text).where(
                    AssessmentNote.topic == topic,
                    AssessmentNote.deleted == False,  # noqa: E712
                )
            ).first()
        return row[0] if row else ""

    def set_note(self, text: str, topic: str = "conclusion") -> bool:
        """Save the engineer's addendum; returns whether anything changed (audited)."""
        with self.ctx.write() as uow:
            note = (
                uow.session.execute(select(AssessmentNote).where(AssessmentNote.topic == topic))
                .scalars()
                .first()
            )
            if note is None:
                if not text.strip():
                    return False
                uow.rec.create(AssessmentNote(topic=topic, text=text))
                return True
            restored = uow.rec.restore(note)
            return bool(uow.rec.update(note, {"text": text})) or restored

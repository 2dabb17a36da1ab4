"""Re-judging writes narrow verdict rows (issue 19): each distinct reasons list (~3 KB of
bilingual texts) is stored once in ``verdict_reasons`` under its digest, so a rules change
that leaves a host's reasons as they were rewrites its narrow row only (new rule set version
and time stamp), never its texts; the lists no verdict names any more are removed. The rows
end exactly as judging every host again gives them, and the encoded JSON is the text
json.dumps gives for verdict_row."""

from __future__ import annotations

import json
import sys
from collections import Counter
from datetime import timedelta
from pathlib import Path

from sqlalchemy import delete, insert, select, update

from hmfield.core.assess import verdicts
from hmfield.core.assess.facts import current_ruleset, load_engine_hosts, verdict_row
from hmfield.core.assess.rules import assess
from hmfield.core.assess.rules.engine import Assessment, Reason
from hmfield.core.assess.verdicts import reassess_hosts
from hmfield.core.assess.views import collect, stored_verdicts
from hmfield.core.inventory.service import InventoryService
from hmfield.core.model.assess import (
    HostVerdict,
    VerdictReasons,
    reasons_digest,
    reasons_digest_of,
    reasons_text,
)
from hmfield.core.model.base import to_jsonable
from hmfield.core.model.enums import RecommendedMode, Verdict
from hmfield.core.store.dialect import raw_cursor

sys.path.insert(0, str(Path(__file__).parents[3] / "bench"))
from assess import make_hosts  # noqa: E402 - the rules bench's varied hosts

_FIELDS = ("verdict", "mode", "reasons", "missing", "alternative", "ruleset_version")


def _rows(ctx) -> dict[str, tuple]:
    with ctx.read() as s:
        cols = [c for c in HostVerdict.__table__.c]
        return {r[0]: tuple(r) for r in s.execute(select(*cols)).all()}


def _content(ctx) -> dict[str, tuple]:
    """host id -> its stored verdict as readers get it (reasons resolved by digest)."""
    with ctx.read() as s:
        return {hid: tuple(row[f] for f in _FIELDS) for hid, row in stored_verdicts(s).items()}


def _expected(ctx) -> dict[str, tuple]:
    """Every verdict judged again (the engine's verdict_row), as readers get them."""
    ruleset = current_ruleset()
    with ctx.read() as s:
        hosts = load_engine_hosts(s, None, ruleset)
    out = {}
    for h in hosts:
        row = verdict_row(h.id, assess(h, ruleset), None)
        out[h.id] = tuple(row[f] for f in _FIELDS)
    return out


def _lists(ctx) -> dict[str, list]:
    with ctx.read() as s:
        t = VerdictReasons.__table__
        return dict(s.execute(select(t.c.digest, t.c.reasons)).all())


class _Recording:
    """A cursor recording what it writes to verdict_reasons and host_verdict."""

    def __init__(self, cursor, lists: list, rows: list) -> None:
        self.cursor, self.lists, self.rows = cursor, lists, rows

    def execute(self, sql, params=()):
        if sql.startswith("UPDATE"):  # the stamp: every verdict row, no content
            assert sql == verdicts._STAMP_ALL, sql
            self.rows.append(("stamp", *params))
        assert not sql.startswith("INSERT"), sql  # inserts go through executemany
        return self.cursor.execute(sql, params)

    def executemany(self, sql, rows):
        rows = list(rows)
        (self.lists if "verdict_reasons" in sql.split("(")[0] else self.rows).extend(rows)
        return self.cursor.executemany(sql, rows)

    def __getattr__(self, name):
        return getattr(self.cursor, name)


def _spy(monkeypatch) -> tuple[list, list]:
    """(reasons lists added, verdict rows upserted) by every _VerdictWriter from now on."""
    lists: list[tuple] = []
    rows: list[tuple] = []
    real = verdicts._VerdictWriter.__init__

    def init(self, conn, stamp, **kw):
        real(self, conn, stamp, **kw)
        self.cursor = _Recording(self.cursor, lists, rows)

    monkeypatch.setattr(verdicts._VerdictWriter, "__init__", init)
    return lists, rows


def test_a_rules_change_rewrites_narrow_rows_and_only_the_reasons_that_changed(
    ctx, add_hosts, clock, monkeypatch
):
    ids = add_hosts(make_hosts(60, seed=3))
    start = _rows(ctx)
    shared = Counter(r[3] for r in start.values())
    alone = next(hid for hid in ids if shared[start[hid][3]] == 1)  # its reasons are its own
    before = _lists(ctx)
    assert set(before) == set(shared)  # every list stored once, none without a verdict
    with ctx.write() as uow:
        s = uow.session
        s.execute(update(HostVerdict).values(ruleset_version="0.old"))
        # a verdict an older rule set judged otherwise: other reasons, other verdict
        s.execute(delete(VerdictReasons).where(VerdictReasons.digest == start[alone][3]))
        s.execute(insert(VerdictReasons).values(digest="f" * 32, reasons=[{"code": "old"}]))
        s.execute(update(HostVerdict).where(HostVerdict.host_id == alone)
                  .values(verdict="supported", reasons_digest="f" * 32, missing=["x"]))  # fmt: skip
        s.execute(update(HostVerdict).where(HostVerdict.host_id == ids[1])
                  .values(alternative="zzz"))  # fmt: skip
    added, upserted = _spy(monkeypatch)
    clock.advance(timedelta(minutes=5))
    with ctx.write() as uow:
        assert reassess_hosts(uow) == 60
        now = to_jsonable(uow.rec.now)
    # only the changed hosts' rows are written, and only the new texts; the others get the
    # new rule set version and time stamp (one UPDATE of the narrow rows)
    assert [d for d, _ in added] == [start[alone][3]]
    assert json.loads(added[0][1]) == _expected(ctx)[alone][2]
    version = current_ruleset().version
    assert sorted(r[0] for r in upserted) == sorted([alone, ids[1], "stamp"])
    assert ("stamp", version, now) in upserted
    assert _content(ctx) == _expected(ctx)
    assert _lists(ctx) == before  # the old list is gone, the rest untouched
    assert {r[6] for r in _rows(ctx).values()} == {version}
    with ctx.read() as s:
        stamps = {r[0] for r in raw_cursor(s.connection()).execute(
            "SELECT DISTINCT computed_at FROM host_verdict").fetchall()}  # fmt: skip
    assert stamps == {now}
    added.clear(), upserted.clear()
    with ctx.write() as uow:  # now every verdict is current: nothing judged, nothing written
        assert reassess_hosts(uow) == 60
    assert added == upserted == []


def test_a_changed_host_is_stale_and_judged_again_with_its_new_reasons(ctx, add_hosts, clock):
    ids = add_hosts(make_hosts(30, seed=7))
    with ctx.read() as s:
        assert not any(h.stale for h in collect(s))
    old = _rows(ctx)[ids[4]]
    with ctx.write() as uow:  # a change to the host made without re-judging (a merge)
        uow.session.execute(update(HostVerdict).where(HostVerdict.host_id == ids[4])
                            .values(computed_at=old[7] - timedelta(days=1)))  # fmt: skip
    with ctx.read() as s:
        assert [h.host_id for h in collect(s) if h.stale] == [ids[4]]
    clock.advance(timedelta(minutes=1))
    hid = next(h for h in ids[5:] if _rows(ctx)[h][1] == "supported")
    changed = _rows(ctx)[hid]
    InventoryService(ctx).update(hid, os_name="Windows Server 2003", os_version="")
    with ctx.write() as uow:
        assert reassess_hosts(uow) == 30
    assert _content(ctx) == _expected(ctx)
    with ctx.read() as s:
        assert not any(h.stale for h in collect(s))
    assert _rows(ctx)[hid][1:4] != changed[1:4]  # another verdict, other reasons
    assert set(_lists(ctx)) == {r[3] for r in _rows(ctx).values()}


def test_a_deleted_hosts_verdict_and_its_own_reasons_are_removed(ctx, add_hosts):
    ids = add_hosts(make_hosts(40, seed=9))
    rows = _rows(ctx)
    shared = Counter(r[3] for r in rows.values())
    first, second = [hid for hid in ids if shared[rows[hid][3]] == 1][:2]
    InventoryService(ctx).delete([first])  # the others' verdicts stay current
    with ctx.write() as uow:
        assert reassess_hosts(uow) == 39
    assert first not in _rows(ctx) and len(_rows(ctx)) == 39
    assert rows[first][3] not in _lists(ctx)
    assert set(_lists(ctx)) == {r[3] for r in _rows(ctx).values()}
    InventoryService(ctx).delete([second])
    with ctx.write() as uow:  # and after a rules change (every verdict written again)
        uow.session.execute(update(HostVerdict).values(ruleset_version="0.old"))
    with ctx.write() as uow:
        assert reassess_hosts(uow) == 38
    assert second not in _rows(ctx) and len(_rows(ctx)) == 38
    assert rows[second][3] not in _lists(ctx)
    assert set(_lists(ctx)) == {r[3] for r in _rows(ctx).values()}
    assert _content(ctx) == _expected(ctx)


def test_judging_a_few_hosts_writes_only_theirs_when_changed(ctx, add_hosts):
    ids = add_hosts(make_hosts(20, seed=5))
    before = _rows(ctx)
    with ctx.write() as uow:
        uow.session.execute(update(HostVerdict).where(HostVerdict.host_id == ids[2])
                            .values(mode="none", reasons_digest=""))  # fmt: skip
    with ctx.read() as s:
        assert stored_verdicts(s, [ids[2]])[ids[2]]["reasons"] == []  # names no list
    with ctx.write() as uow:
        assert reassess_hosts(uow, [ids[2], ids[3]]) == 2
    after = _rows(ctx)
    assert _content(ctx) == _expected(ctx)
    assert {hid for hid in ids if after[hid] != before[hid]} <= {ids[2], ids[3]}
    assert after[ids[2]][1:6] == before[ids[2]][1:6]  # the tampered one restored


def test_the_encoder_writes_the_json_verdict_row_would():
    ruleset = current_ruleset()
    encode = verdicts._Encoder("2026-01-01 00:00:00.000000")
    cols = verdicts._COLUMNS
    for host in make_hosts(400, seed=11):
        result = assess(host, ruleset)
        row = dict(zip(cols, encode("h", result), strict=True))
        want = verdict_row("h", result, None)
        text = json.dumps(want["reasons"], ensure_ascii=False)
        assert text == reasons_text(want["reasons"])  # what the migration digests
        assert row["reasons_digest"] == reasons_digest(text)
        assert encode.text(row["reasons_digest"]) == text
        assert row["missing"] == json.dumps(want["missing"], ensure_ascii=False)


def test_a_digest_fed_from_the_items_is_the_digest_of_the_text():
    items = ['{"code": "a", "zh": "中文"}', '{"code": "b"}', "{}"]
    for n in range(len(items) + 1):
        text = "[" + ", ".join(items[:n]) + "]"
        assert reasons_digest_of([i.encode() for i in items[:n]]) == reasons_digest(text)
    assert reasons_digest_of([b"{}"]) != reasons_digest_of([b"{}", b"{}"])


def test_equal_reasons_with_other_questions_are_encoded_apart():
    """The encoder's cache keys on the questions too (two hosts can share every reason and
    differ only by a pre-check question)."""
    reason = Reason("os.x", "condition", "中", "en", "src")
    ask = Reason("ask.multipath", "ask", "问", "ask", "src")
    plain = Assessment(Verdict.SUPPORTED, RecommendedMode.AGENT, [reason], ruleset_version="v")
    asked = Assessment(Verdict.SUPPORTED, RecommendedMode.AGENT, [reason], ruleset_version="v",
                       questions=[ask])  # fmt: skip
    encode = verdicts._Encoder("t")
    digest = verdicts._COLUMNS.index("reasons_digest")
    first, second = encode("a", plain)[digest], encode("b", asked)[digest]
    first, second = encode.text(first), encode.text(second)
    assert [r["code"] for r in json.loads(first)] == ["os.x"]
    assert [r["code"] for r in json.loads(second)] == ["os.x", "ask.multipath"]


def test_equal_reasons_with_another_verdict_are_encoded_apart():
    """The cache keys on the verdict, mode and alternative too, not only the reasons."""
    reason = Reason("os.x", "condition", "中", "en", "src")
    cols = verdicts._COLUMNS
    encode = verdicts._Encoder("t")
    rows = [
        dict(zip(cols, encode(hid, a), strict=True))
        for hid, a in (
            ("a", Assessment(Verdict.SUPPORTED, RecommendedMode.AGENT, [reason])),
            ("b", Assessment(Verdict.UNKNOWN, RecommendedMode.AGENT, [reason])),
            ("c", Assessment(Verdict.SUPPORTED, RecommendedMode.AGENTLESS, [reason])),
            ("d", Assessment(Verdict.SUPPORTED, RecommendedMode.AGENT, [reason],
                             alternative="rclone")),
        )
    ]  # fmt: skip
    assert [(r["host_id"], r["verdict"], r["mode"], r["alternative"]) for r in rows] == [
        ("a", "supported", "agent", None),
        ("b", "unknown", "agent", None),
        ("c", "supported", "agentless", None),
        ("d", "supported", "agent", "rclone"),
    ]
    assert len({r["reasons_digest"] for r in rows}) == 1

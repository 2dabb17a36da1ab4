"""Re-judging writes only the verdicts that changed (issue 19); the others get the new rule
set version and time stamp. The rows end exactly as writing every verdict whole leaves them,
and the encoded JSON is the text json.dumps gives for verdict_row."""

from __future__ import annotations

import json
import sys
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select, update

from hmfield.core.assess import verdicts
from hmfield.core.assess.facts import current_ruleset, load_engine_hosts, verdict_row
from hmfield.core.assess.rules import assess
from hmfield.core.assess.rules.engine import Assessment, Reason
from hmfield.core.assess.verdicts import reassess_hosts
from hmfield.core.model.assess import HostVerdict
from hmfield.core.model.base import to_jsonable
from hmfield.core.model.enums import RecommendedMode, Verdict
from hmfield.core.store.dialect import raw_cursor

sys.path.insert(0, str(Path(__file__).parents[3] / "bench"))
from assess import make_hosts  # noqa: E402 - the rules bench's varied hosts


def _rows(ctx) -> dict[str, tuple]:
    with ctx.read() as s:
        cols = [c for c in HostVerdict.__table__.c]
        return {r[0]: tuple(r) for r in s.execute(select(*cols)).all()}


def _expected(ctx) -> dict[str, tuple]:
    """Every verdict judged again and written whole (the old path), as stored rows."""
    ruleset = current_ruleset()
    with ctx.read() as s:
        hosts = load_engine_hosts(s, None, ruleset)
    out = {}
    for h in hosts:
        row = verdict_row(h.id, assess(h, ruleset), None)
        out[h.id] = (row["verdict"], row["mode"], row["reasons"], row["missing"],
                     row["alternative"], row["ruleset_version"])  # fmt: skip
    return out


def _content(rows: dict[str, tuple]) -> dict[str, tuple]:
    return {hid: (r[1], r[2], r[3], r[4], r[5], r[6]) for hid, r in rows.items()}


def test_a_rules_change_stamps_unchanged_verdicts_and_rewrites_changed_ones(
    ctx, add_hosts, clock, monkeypatch
):
    ids = add_hosts(make_hosts(60, seed=3))
    with ctx.write() as uow:
        uow.session.execute(update(HostVerdict).values(ruleset_version="0.old"))
        # two verdicts stored wrong (as an older rule set might have judged them)
        uow.session.execute(update(HostVerdict).where(HostVerdict.host_id == ids[0])
                            .values(verdict="supported", reasons=[], missing=["x"]))  # fmt: skip
        uow.session.execute(update(HostVerdict).where(HostVerdict.host_id == ids[1])
                            .values(alternative="zzz"))  # fmt: skip
    written: list[list[tuple]] = []
    real = verdicts._VerdictWriter.write

    class Recording:  # the writer's cursor, recording the rows it upserts
        def __init__(self, cursor, calls: list) -> None:
            self.cursor, self.calls = cursor, calls

        def executemany(self, sql, rows):
            rows = list(rows)
            self.calls.extend(rows)
            return self.cursor.executemany(sql, rows)

        def __getattr__(self, name):
            return getattr(self.cursor, name)

    def spy(self, hosts, judged):
        calls: list[tuple] = []
        cursor, self.cursor = self.cursor, Recording(self.cursor, calls)
        try:
            real(self, hosts, judged)
        finally:
            self.cursor = cursor
        written.append(calls)

    monkeypatch.setattr(verdicts._VerdictWriter, "write", spy)
    clock.advance(timedelta(minutes=5))
    with ctx.write() as uow:
        assert reassess_hosts(uow) == 60
        now = to_jsonable(uow.rec.now)
    upserted = {row[0] for calls in written for row in calls}
    assert upserted == {ids[0], ids[1]}  # only the verdicts whose content changed
    rows = _rows(ctx)
    assert _content(rows) == _expected(ctx)
    version = current_ruleset().version
    assert {r[6] for r in rows.values()} == {version}
    with ctx.read() as s:
        stamps = {r[0] for r in raw_cursor(s.connection()).execute(
            "SELECT DISTINCT computed_at FROM host_verdict").fetchall()}  # fmt: skip
    assert stamps == {now}
    with ctx.write() as uow:  # now every verdict is current: nothing judged, nothing written
        written.clear()
        assert reassess_hosts(uow) == 60
    assert written == []


def test_judging_a_few_hosts_writes_only_theirs_when_changed(ctx, add_hosts):
    ids = add_hosts(make_hosts(20, seed=5))
    before = _rows(ctx)
    with ctx.write() as uow:
        uow.session.execute(update(HostVerdict).where(HostVerdict.host_id == ids[2])
                            .values(mode="none", reasons=[]))  # fmt: skip
    with ctx.write() as uow:
        assert reassess_hosts(uow, [ids[2], ids[3]]) == 2
    after = _rows(ctx)
    assert _content(after) == _expected(ctx)
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
        assert row["reasons"] == json.dumps(want["reasons"], ensure_ascii=False)
        assert row["missing"] == json.dumps(want["missing"], ensure_ascii=False)
        assert json.loads(row["reasons"]) == want["reasons"]


def test_equal_reasons_with_other_questions_are_encoded_apart():
    """The encoder's cache keys on the questions too (two hosts can share every reason and
    differ only by a pre-check question)."""
    reason = Reason("os.x", "condition", "中", "en", "src")
    ask = Reason("ask.multipath", "ask", "问", "ask", "src")
    plain = Assessment(Verdict.SUPPORTED, RecommendedMode.AGENT, [reason], ruleset_version="v")
    asked = Assessment(Verdict.SUPPORTED, RecommendedMode.AGENT, [reason], ruleset_version="v",
                       questions=[ask])  # fmt: skip
    encode = verdicts._Encoder("t")
    first, second = encode.encoded(plain)[0], encode.encoded(asked)[0]
    assert [r["code"] for r in json.loads(first)] == ["os.x"]
    assert [r["code"] for r in json.loads(second)] == ["os.x", "ask.multipath"]

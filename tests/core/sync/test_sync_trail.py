"""The merge's comparison of audit trails (issue 19): events a bundle holds byte for byte as
this project does are neither parsed nor hashed again; any other line is checked in full, so
a trail written another way (an older hmfield, another encoder) merges to the same state,
and an altered or repeated known event is still refused."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sync_craft import member, rebuild
from sync_helpers import (
    ACTOR_A,
    ACTOR_B,
    BASE_TIME,
    content,
    event_ids,
    fork,
    make_base,
    open_copy,
    sha256_file,
)

from hmfield.core.audit.chain import event_hash
from hmfield.core.audit.service import AuditService
from hmfield.core.errors import HmError
from hmfield.core.model.inventory import Host
from hmfield.core.sync.bundle import merge
from hmfield.core.sync.bundle.trail import _held_prefix, _other_lines
from hmfield.core.sync.service import SyncService

LATER = BASE_TIME + timedelta(hours=1)
AUDIT = "data/audit.jsonl"


@pytest.fixture
def world(tmp_path):
    """A (closed) and a bundle of B, both edited since the fork; B's bundle holds A's
    first events, not A's own edit."""
    base = tmp_path / "base.hmfield"
    hosts = make_base(base, hosts=12)
    a_path, b_path = fork(base, tmp_path)
    a = open_copy(a_path, ACTOR_A, LATER)
    with a.write() as uow:
        uow.rec.update(uow.session.get(Host, hosts[0]), {"notes": "from A", "cpu_cores": 4})
    a.store.close()
    b = open_copy(b_path, ACTOR_B, LATER + timedelta(minutes=5))
    with b.write() as uow:
        for h in hosts[:4]:
            uow.rec.update(uow.session.get(Host, h), {"notes": "from B"})
        uow.rec.bulk_create(Host, [{"name": f"b-new-{i}"} for i in range(3)])
    bundle = SyncService(b).export_bundle(tmp_path / "b.hmbundle").path
    b.store.close()
    return {"a": a_path, "bundle": bundle, "tmp": tmp_path}


def _import(path, bundle):
    ctx = open_copy(path, ACTOR_A, LATER + timedelta(hours=1))
    try:
        svc = SyncService(ctx)
        result = svc.apply_import(svc.preview_import(bundle))
        return result, content(ctx), event_ids(ctx), AuditService(ctx).verify()
    finally:
        ctx.store.close()


def _copy(world, name):
    target = world["tmp"] / name
    target.write_bytes(world["a"].read_bytes())
    return target


def _hashed(monkeypatch) -> list[str]:
    """The ids of the events the merge hashes (recorded)."""
    seen: list[str] = []
    real = merge.event_hash

    def counting(ev):
        seen.append(ev["id"])
        return real(ev)

    monkeypatch.setattr(merge, "event_hash", counting)
    return seen


def _rewrite(bundle, dst, encode):
    """The bundle with every audit line re-encoded by ``encode`` (another writer)."""
    lines = member(bundle, AUDIT).decode().split("\n")
    again = [lines[0]] + [encode(json.loads(line)) for line in lines[1:]]
    return rebuild(bundle, dst, swap={AUDIT: "\n".join(again).encode()})


def test_known_events_are_not_hashed_again(world, monkeypatch):
    hashed = _hashed(monkeypatch)
    result, _, _, problem = _import(_copy(world, "x.hmfield"), world["bundle"])
    assert problem is None
    assert result.new_events > 0
    assert len(hashed) == result.new_events  # only the events A lacked


def test_a_trail_written_another_way_merges_to_the_same_state(world, monkeypatch):
    older = _rewrite(world["bundle"], world["tmp"] / "older.hmbundle",
                     lambda row: json.dumps(row))  # ASCII escapes, ", " separators  # fmt: skip
    hashed = _hashed(monkeypatch)
    other = _import(_copy(world, "older.hmfield"), older)  # (unsigned: before the signed one)
    hashed = list(hashed)
    plain = _import(_copy(world, "plain.hmfield"), world["bundle"])
    assert other[1:] == plain[1:]  # content, events, verify
    assert other[0].new_events == plain[0].new_events
    lines = member(older, AUDIT).count(b"\n")  # events (the header is line 1)
    assert sorted(hashed) == sorted(set(hashed)) and len(hashed) == lines  # each checked once


def test_an_altered_known_event_is_refused_wherever_it_is(world):
    lines = member(world["bundle"], AUDIT).decode().split("\n")
    columns = json.loads(lines[0])["columns"]
    for at in (1, len(lines) // 2, len(lines) - 1):
        row = json.loads(lines[at])
        row[columns.index("person_name")] = "someone else"
        bad_lines = [*lines[:at], json.dumps(row, ensure_ascii=False), *lines[at + 1 :]]
        bad = rebuild(world["bundle"], world["tmp"] / f"bad{at}.hmbundle",
                      swap={AUDIT: "\n".join(bad_lines).encode()})  # fmt: skip
        target = _copy(world, f"t{at}.hmfield")
        before = sha256_file(target)
        with pytest.raises(HmError, match="altered"):
            _import(target, bad)
        assert sha256_file(target) == before


def test_a_known_event_twice_is_refused(world):
    lines = member(world["bundle"], AUDIT).decode().split("\n")
    twice = rebuild(world["bundle"], world["tmp"] / "twice.hmbundle",
                    swap={AUDIT: "\n".join([*lines, lines[2]]).encode()})  # fmt: skip
    with pytest.raises(HmError, match="twice|gap"):
        _import(_copy(world, "twice.hmfield"), twice)


def test_an_empty_line_in_a_known_run_is_named(world):
    lines = member(world["bundle"], AUDIT).decode().split("\n")
    gap = rebuild(world["bundle"], world["tmp"] / "empty.hmbundle",
                  swap={AUDIT: "\n".join([*lines[:3], "", *lines[3:]]).encode()})  # fmt: skip
    with pytest.raises(HmError, match="line 4 is not valid JSON"):
        _import(_copy(world, "empty.hmfield"), gap)


def test_merging_both_ways_after_the_fast_path_gives_one_state(world, tmp_path):
    a_path = _copy(world, "both.hmfield")
    _import(a_path, world["bundle"])
    a = open_copy(a_path, ACTOR_A, LATER + timedelta(hours=2))
    back = SyncService(a).export_bundle(tmp_path / "back.hmbundle").path
    a_content = content(a)
    a.store.close()
    again = _import(a_path, back)  # its own bundle: nothing new
    assert again[0].changed is False and again[1] == a_content


def test_the_longest_run_of_whole_lines_is_found():
    block = b'[1,"a"]\n[2,"b"]\n[3,"c"]'
    body = b'[9,"x"]\n[1,"a"]\n[2,"b"]\n[3,"cc"]\n[4]'
    assert _held_prefix(body, block) == (2, (8, 23))  # line 3 differs: two held
    assert _held_prefix(b'[1,"a"]\n[2,"b"]\n[3,"c"]', block) == (3, (0, 23))
    assert _held_prefix(b'[1,"a"]x\n', block) is None  # not a whole line
    assert _other_lines(body, [(8, 23)]) == b'[9,"x"]\n[3,"cc"]\n[4]'


@pytest.mark.parametrize(
    ("at", "reason"),
    [("2026-11-26T10:05:00Z", "canonical UTC"), ("yesterday", "not a date and time")],
)
def test_a_new_event_at_a_time_not_written_canonically_is_refused(world, at, reason):
    lines = member(world["bundle"], AUDIT).decode().split("\n")
    columns = json.loads(lines[0])["columns"]
    events = [dict(zip(columns, json.loads(line), strict=True)) for line in lines[1:]]
    a = open_copy(world["a"], ACTOR_A, LATER)
    known = event_ids(a)
    a.store.close()
    new = [ev for ev in events if ev["id"] not in known]
    last = max(new, key=lambda ev: ev["seq"])  # the end of B's chain: nothing links to it
    at_line = events.index(last) + 1
    last["at"] = at
    last["hash"] = event_hash(last)  # a well-hashed event, only its time is off
    lines[at_line] = json.dumps([last[c] for c in columns], ensure_ascii=False)
    bad = rebuild(world["bundle"], world["tmp"] / "time.hmbundle",
                  swap={AUDIT: "\n".join(lines).encode()})  # fmt: skip
    with pytest.raises(HmError, match=reason):
        _import(_copy(world, "time.hmfield"), bad)

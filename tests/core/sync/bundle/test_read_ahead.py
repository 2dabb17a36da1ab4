"""ReadAhead: members read (and verified) by a thread within a byte budget, attachments by
another; what the caller takes is what the bundle holds, and a damaged member or
attachment is raised where it is taken."""

from __future__ import annotations

import os

import pytest
from bundle_craft import MEMBERS, make_bundle

from hmfield.core.sync.bundle import BundleError, read_bundle
from hmfield.core.sync.bundle.reader import ReadAhead

NAMES = sorted(MEMBERS)


@pytest.mark.parametrize("budget", [1, 100, 1 << 30])
@pytest.mark.parametrize("passphrase", [None, "pw"])
def test_members_come_in_order_within_any_budget(tmp_path, monkeypatch, budget, passphrase):
    monkeypatch.setattr(ReadAhead, "AHEAD_BYTES", budget)
    photos = [os.urandom(300_000), b"text " * 50_000]
    path = make_bundle(tmp_path, passphrase, attachments=photos)
    with read_bundle(path, passphrase, verify=False) as opened:
        ahead = ReadAhead(opened, NAMES, list(opened.manifest.attachments))
        try:
            assert [ahead.member(n) for n in NAMES] == [MEMBERS[n] for n in NAMES]
            ahead.attachments_checked()
        finally:
            ahead.close()


def _damage(path, content: bytes) -> None:
    """Flip a byte inside ``content`` where the bundle stores it (a stored member)."""
    raw = bytearray(path.read_bytes())
    at = raw.find(content)
    assert at >= 0
    raw[at + len(content) // 2] ^= 0x20
    path.write_bytes(bytes(raw))


def test_a_damaged_attachment_is_raised_by_attachments_checked(tmp_path):
    photo = os.urandom(200_000)
    path = make_bundle(tmp_path, attachments=[photo])
    _damage(path, photo)
    with read_bundle(path, verify=False) as opened:
        ahead = ReadAhead(opened, NAMES, list(opened.manifest.attachments))
        try:
            assert [ahead.member(n) for n in NAMES] == [MEMBERS[n] for n in NAMES]
            with pytest.raises(BundleError, match="attachments/"):
                ahead.attachments_checked()
        finally:
            ahead.close()


def test_a_damaged_member_is_raised_where_it_is_taken_and_after(tmp_path):
    stored = {"data/a.json": os.urandom(5000), "data/b.json": os.urandom(5000)}
    path = make_bundle(tmp_path, members=stored)
    _damage(path, stored["data/a.json"][1000:3000])
    names = sorted(stored)
    with read_bundle(path, verify=False) as opened:
        ahead = ReadAhead(opened, names, [])
        try:
            for name in names:
                with pytest.raises(BundleError, match="data/a.json"):
                    ahead.member(name)
        finally:
            ahead.close()


def test_close_stops_the_threads_before_anything_is_taken(tmp_path, monkeypatch):
    monkeypatch.setattr(ReadAhead, "AHEAD_BYTES", 1)
    path = make_bundle(tmp_path, attachments=[os.urandom(100_000) for _ in range(5)])
    with read_bundle(path, verify=False) as opened:
        ahead = ReadAhead(opened, NAMES, list(opened.manifest.attachments))
        ahead.close()
        assert not any(t.is_alive() for t in ahead._threads)

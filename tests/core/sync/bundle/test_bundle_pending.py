"""Writing members while they are made (issue 19: the export builds the next member while
the last one is compressed and hashed): the same bundle as from a finished dict, and a
failure on either side writes nothing and names the failure."""

from __future__ import annotations

import threading
import time
import zipfile

import pytest
from bundle_craft import FIELDS, MEMBERS, make_attachment

from hmfield.core.sync.bundle import (
    BundleError,
    BundleProblem,
    container,
    read_bundle,
    write_bundle,
)
from hmfield.core.sync.bundle.container import write_bundle_while
from hmfield.core.sync.bundle.safety import Limits


def _produce(members, attachments=None, folder=None, fail_at=None):
    def produce(pending):
        for i, name in enumerate(sorted(members)):
            if i == fail_at:
                raise RuntimeError("the project could not be read")
            if attachments is not None and not attachments:  # listed as the export does
                attachments.update([make_attachment(folder, b"photo " * 60)])
            pending.put(name, members[name])
        return "made"

    return produce


def _contents(path, passphrase=None):
    with read_bundle(path, passphrase) as opened:
        return {n: opened.member(n) for n in opened.manifest.members}


@pytest.mark.parametrize("passphrase", [None, "secret"])
def test_pending_members_give_the_bundle_a_dict_gives(tmp_path, passphrase):
    attachments: dict = {}
    manifest, made = write_bundle_while(
        _produce(MEMBERS, attachments, tmp_path), list(MEMBERS), tmp_path / "p.hmbundle",
        FIELDS, attachments, passphrase,
    )  # fmt: skip
    assert made == "made"
    whole = write_bundle(tmp_path / "d.hmbundle", FIELDS, MEMBERS, attachments, passphrase)
    assert manifest.members == whole.members
    assert _contents(tmp_path / "p.hmbundle", passphrase) == _contents(
        tmp_path / "d.hmbundle", passphrase
    )


def test_a_failing_producer_writes_nothing(tmp_path):
    target = tmp_path / "p.hmbundle"
    target.write_bytes(b"the bundle of yesterday")
    with pytest.raises(RuntimeError, match="could not be read"):
        write_bundle_while(_produce(MEMBERS, fail_at=2), list(MEMBERS), target, FIELDS, {})
    assert target.read_bytes() == b"the bundle of yesterday"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.hmbundle"]


def test_a_failing_writer_stops_the_producer_and_writes_nothing(tmp_path, monkeypatch):
    real = container._ZipWriter._write_pieces
    written = []

    failed = threading.Event()

    def full_disk(self, zf, name, pieces):
        if written:
            failed.set()
            raise OSError(28, "No space left on device")
        written.append(name)
        real(self, zf, name, pieces)

    monkeypatch.setattr(container._ZipWriter, "_write_pieces", full_disk)
    many = {f"data/m{i:03}.json": b"x" * 1000 for i in range(200)}
    put: list[str] = []

    def produce(pending):
        for name in sorted(many):
            pending.put(name, many[name])
            put.append(name)
            if len(put) == 2:
                assert failed.wait(10)  # the writer failed on the second member
                deadline = time.monotonic() + 10
                while not pending.writer_failed and time.monotonic() < deadline:
                    time.sleep(0.01)  # (its thread records the failure)

    with pytest.raises(BundleError) as info:
        write_bundle_while(produce, list(many), tmp_path / "p.hmbundle", FIELDS, {})
    assert info.value.kind is BundleProblem.WRITE_FAILED
    assert len(put) == 2  # the producer stopped at its next member
    assert list(tmp_path.iterdir()) == []


def test_limits_are_checked_before_the_attachments(tmp_path):
    big = {"data/big.json": b"y" * 5000}
    with pytest.raises(BundleError) as info:
        write_bundle_while(_produce(big), list(big), tmp_path / "p.hmbundle", FIELDS, {},
                           limits=Limits(max_member_size=4000))  # fmt: skip
    assert info.value.kind is BundleProblem.TOO_LARGE
    assert list(tmp_path.iterdir()) == []


def test_a_member_not_named_up_front_is_refused(tmp_path):
    def produce(pending):
        pending.put("data/other.json", b"{}")

    with pytest.raises(ValueError, match="not named up front"):
        write_bundle_while(produce, list(MEMBERS), tmp_path / "p.hmbundle", FIELDS, {})
    assert list(tmp_path.iterdir()) == []


def test_a_member_in_pieces_is_written_as_it_comes(tmp_path, monkeypatch):
    """The writer takes each piece as it is put (the producer waits for it here)."""
    taken = threading.Event()
    real = container.PendingMembers.pieces

    def pieces(self, name):
        for piece in real(self, name):
            if piece == b"first half,":
                taken.set()
            yield piece

    whole = {"data/long.json": b"first half,second half", **MEMBERS}

    def produce(pending):
        for name in sorted(whole):
            if name == "data/long.json":
                pending.put_part(name, b"first half,")
                assert taken.wait(10)  # written before the rest is made
                pending.put_part(name, b"second half", last=True)
            else:
                pending.put(name, whole[name])

    monkeypatch.setattr(container.PendingMembers, "pieces", pieces)
    write_bundle_while(produce, list(whole), tmp_path / "p.hmbundle", FIELDS, {})
    assert _contents(tmp_path / "p.hmbundle") == whole


def _listing_early(members, attachments, folder, photos, monkeypatch):
    """A producer that lists the attachments, and says so, while the writer takes the first
    member (so it sees them before the second), and makes each later member only once the
    writer waits for it (after the attachments)."""
    taken = {name: threading.Event() for name in members}
    real = container.PendingMembers.pieces

    def pieces(self, name):
        taken[name].set()
        yield from real(self, name)

    monkeypatch.setattr(container.PendingMembers, "pieces", pieces)

    def produce(pending):
        for i, name in enumerate(sorted(members)):
            assert taken[name].wait(10)
            pending.put_part(name, members[name])
            if i == 0:
                attachments.update(make_attachment(folder, p) for p in photos)
                pending.attachments_listed.set()
            pending.put_part(name, b"", last=True)
        return "made"

    return produce


@pytest.mark.parametrize("passphrase", [None, "secret"])
def test_attachments_listed_early_are_copied_before_the_members_to_come(
    tmp_path, monkeypatch, passphrase
):
    photos = [b"photo " * 60, b"scan " * 80]
    attachments: dict = {}
    path = tmp_path / "p.hmbundle"
    manifest, _ = write_bundle_while(
        _listing_early(MEMBERS, attachments, tmp_path, photos, monkeypatch), list(MEMBERS), path,
        FIELDS,
        attachments, passphrase,
    )  # fmt: skip
    with zipfile.ZipFile(path) as zf:
        order = [n for n in zf.namelist() if n in manifest.members]
    first = sorted(MEMBERS)[0]
    assert order[0] == first and all(n.startswith("attachments/") for n in order[1:3])
    whole = write_bundle(tmp_path / "d.hmbundle", FIELDS, MEMBERS, attachments, passphrase)
    assert manifest.members == whole.members
    assert _contents(path, passphrase) == _contents(tmp_path / "d.hmbundle", passphrase)


def test_limits_are_checked_at_the_end_when_the_attachments_go_first(tmp_path, monkeypatch):
    """Members made after the attachments were copied still count against the limits."""
    members = {"data/a.json": b"{}", "data/z.json": b"z" * 5000}
    attachments: dict = {}
    with pytest.raises(BundleError) as info:
        write_bundle_while(
            _listing_early(members, attachments, tmp_path, [b"photo " * 60], monkeypatch),
            list(members),
            tmp_path / "p.hmbundle", FIELDS, attachments, limits=Limits(max_total_size=4000),
        )  # fmt: skip
    assert info.value.kind is BundleProblem.TOO_LARGE
    assert not (tmp_path / "p.hmbundle").exists()
    assert not list(tmp_path.glob(".*partial"))

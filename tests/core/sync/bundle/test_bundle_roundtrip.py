"""Round trips, passphrases and safe writing of the bundle container."""

from __future__ import annotations

import errno
import json
import os
import zipfile

import pytest
from bundle_craft import FIELDS, MEMBERS, data_regions, make_attachment, make_bundle, sha

from hmfield.core.errors import Cancelled
from hmfield.core.progress import ThreadProgress
from hmfield.core.sync.bundle import (
    BUNDLE_FORMAT_VERSION,
    BundleError,
    BundleProblem,
    Limits,
    inspect_bundle,
    read_bundle,
    write_bundle,
)
from hmfield.core.sync.bundle import container as container_mod
from hmfield.core.sync.bundle.crypto import CHUNK_SIZE


@pytest.mark.parametrize("passphrase", [None, "correct horse 电池"])
def test_round_trip(tmp_path, passphrase):
    contents = [b"", os.urandom(CHUNK_SIZE), os.urandom(CHUNK_SIZE + 1), b"log line\n" * 30_000]
    path = make_bundle(tmp_path, passphrase, attachments=contents)
    with read_bundle(path, passphrase) as opened:
        manifest = opened.manifest
        assert manifest.format_version == BUNDLE_FORMAT_VERSION
        assert manifest.encrypted is (passphrase is not None)
        for key in FIELDS:
            assert getattr(manifest, key) == FIELDS[key]
        assert manifest.created.utcoffset().total_seconds() == 0
        assert manifest.data_members == sorted(MEMBERS)
        assert manifest.attachments == sorted(sha(c) for c in contents)
        for name, data in MEMBERS.items():
            assert opened.member(name) == data
            assert manifest.members[name].sha256 == sha(data)
        for content in contents:
            out = opened.extract_attachment(sha(content), tmp_path / "out.bin")
            assert out.read_bytes() == content
    found, problems = inspect_bundle(path, passphrase)
    assert problems == [] and found == manifest
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".partial")] == []


def test_encrypted_bundle_hides_customer_data(tmp_path):
    path = make_bundle(tmp_path, "pw")
    raw = path.read_bytes()
    for secret in (
        b"SECRET-MARKER",
        FIELDS["person"].encode(),
        FIELDS["project_name"].encode(),
        b"srv1",
    ):
        assert secret not in raw
    with zipfile.ZipFile(path) as zf:
        envelope = json.loads(zf.read("manifest.json"))
    assert envelope["project_name"] == "" and envelope["person"] == "" and envelope["members"] == {}
    assert envelope["project_id"] == FIELDS["project_id"] and envelope["encrypted"] is True
    # Without the passphrase, inspect still identifies the bundle and checks every stored byte.
    manifest, problems = inspect_bundle(path)
    assert problems == []
    assert manifest.encrypted and manifest.project_id == FIELDS["project_id"]
    assert set(manifest.stored) == set(envelope["stored"])


def test_wrong_and_missing_passphrase(tmp_path):
    path = make_bundle(tmp_path, "right")
    with pytest.raises(BundleError) as wrong:
        read_bundle(path, "Right")
    assert wrong.value.kind is BundleProblem.WRONG_PASSPHRASE
    assert str(wrong.value) == f"wrong passphrase for {path}"
    with pytest.raises(BundleError) as missing:
        read_bundle(path)
    assert missing.value.kind is BundleProblem.PASSPHRASE_NEEDED and "passphrase" in str(
        missing.value
    )
    manifest, problems = inspect_bundle(path, "nope")
    assert (
        problems == [f"wrong passphrase for {path}"] and manifest.project_id == FIELDS["project_id"]
    )


def test_passphrase_unicode_normalised(tmp_path):
    path = make_bundle(tmp_path, "caf\u00e9")
    with read_bundle(path, "cafe\u0301") as opened:  # same text typed as NFD (macOS)
        assert opened.member("data/audit.json") == MEMBERS["data/audit.json"]


def test_overwrite_replaces_existing_bundle(tmp_path):
    path = make_bundle(tmp_path)
    make_bundle(tmp_path, "pw", members={"data/other.json": b"{}"})
    with read_bundle(path, "pw") as opened:
        assert opened.manifest.data_members == ["data/other.json"]


def _old_bundle(tmp_path):
    path = make_bundle(tmp_path)
    return path, path.read_bytes()


def _assert_untouched(tmp_path, path, before):
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if "partial" in p.name] == []


def test_failure_midway_leaves_no_partial_and_keeps_old_bundle(tmp_path, monkeypatch):
    path, before = _old_bundle(tmp_path)

    def disk_full(self, zf, sha, source):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(container_mod._ZipWriter, "_write_attachment", disk_full)
    with pytest.raises(BundleError) as err:
        make_bundle(tmp_path, "pw")
    assert err.value.kind is BundleProblem.WRITE_FAILED
    assert str(err.value) == "the disk holding b.hmbundle is full: free space, nothing was changed"
    _assert_untouched(tmp_path, path, before)


def test_fresh_target_failure_leaves_nothing(tmp_path, monkeypatch):
    def boom(self, zf, name, data):
        raise RuntimeError("simulated crash")

    monkeypatch.setattr(container_mod._ZipWriter, "_write_data", boom)
    with pytest.raises(RuntimeError):
        make_bundle(tmp_path, name="new.hmbundle")
    assert not (tmp_path / "new.hmbundle").exists()
    assert [p.name for p in tmp_path.iterdir() if "partial" in p.name] == []


def test_corruption_on_disk_is_caught_by_read_back(tmp_path, monkeypatch):
    path, before = _old_bundle(tmp_path)
    real_write = container_mod._ZipWriter.write

    def write_then_rot(self, members, attachments):
        manifest = real_write(self, members, attachments)
        raw = bytearray(self.tmp.read_bytes())
        raw[data_regions(self.tmp)[0][0] + 3] ^= 0x10  # a bad USB stick
        self.tmp.write_bytes(bytes(raw))
        return manifest

    monkeypatch.setattr(container_mod._ZipWriter, "write", write_then_rot)
    with pytest.raises(BundleError) as err:
        make_bundle(tmp_path)
    assert (
        err.value.kind is BundleProblem.WRITE_FAILED
        and "verification after writing failed" in str(err.value)
    )
    _assert_untouched(tmp_path, path, before)


def test_changed_attachment_file_is_refused(tmp_path):
    digest, source = make_attachment(tmp_path, b"original")
    source.write_bytes(b"edited later")
    with pytest.raises(BundleError) as err:
        write_bundle(tmp_path / "x.hmbundle", FIELDS, MEMBERS, {digest: source})
    assert err.value.kind is BundleProblem.BAD_INPUT and str(source) in str(err.value)
    assert list(tmp_path.glob("*hmbundle*")) == []


def test_missing_attachment_file_is_refused(tmp_path):
    with pytest.raises(BundleError) as err:
        write_bundle(tmp_path / "x.hmbundle", FIELDS, MEMBERS, {"a" * 64: tmp_path / "gone.png"})
    assert err.value.kind is BundleProblem.BAD_INPUT and "gone.png" in str(err.value)


@pytest.mark.parametrize(
    "name", ["../x", "/etc/passwd", "C:/x", "a\\b", "manifest.json", "attachments/x", "d/"]
)
def test_writer_refuses_bad_member_names(tmp_path, name):
    with pytest.raises(ValueError):
        write_bundle(tmp_path / "x.hmbundle", FIELDS, {name: b"x"}, {})


def test_progress_and_cancel(tmp_path):
    seen = []
    progress = ThreadProgress(lambda done, total, text: seen.append((done, total)), min_interval=0)
    digest, source = make_attachment(tmp_path, os.urandom(3 * CHUNK_SIZE))
    write_bundle(tmp_path / "p.hmbundle", FIELDS, MEMBERS, {digest: source}, progress=progress)
    assert seen[-1][0] == seen[-1][1] > 3 * CHUNK_SIZE
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)

    progress = ThreadProgress()
    progress.cancel()
    with pytest.raises(Cancelled):
        write_bundle(tmp_path / "c.hmbundle", FIELDS, MEMBERS, {digest: source}, progress=progress)
    assert (
        not (tmp_path / "c.hmbundle").exists() and not (tmp_path / ".c.hmbundle.partial").exists()
    )


def test_writer_refuses_what_no_reader_would_open(tmp_path):
    with pytest.raises(BundleError) as err:
        write_bundle(
            tmp_path / "x.hmbundle", FIELDS, MEMBERS, {}, limits=Limits(max_member_size=100)
        )
    assert err.value.kind is BundleProblem.TOO_LARGE and err.value.member == "data/project.json"
    assert list(tmp_path.iterdir()) == []

"""Damaged and hostile bundles: every one must give a clear BundleError, never another exception."""

from __future__ import annotations

import json
import os
import random
import struct
import time
import zipfile

import pytest
from bundle_craft import MEMBERS, data_regions, entries, make_bundle, rebuild, sha

from hmfield.core.sync.bundle import BundleError, BundleProblem, Limits, inspect_bundle, read_bundle


def _read_everything(path, passphrase=None, limits=Limits(), *, verify=True):
    """Every member's bytes; ``verify=False``: each checked only as ``member`` reads it (in
    one call for a plain bundle), as the import reads them."""
    with read_bundle(path, passphrase, limits, verify=verify) as opened:
        data = {name: opened.member(name) for name in opened.manifest.members}
        return opened.manifest, data


def _expect_error(path, passphrase=None, kind=None, limits=Limits()) -> BundleError:
    with pytest.raises(BundleError) as err:
        _read_everything(path, passphrase, limits)
    message = str(err.value)
    assert "\n" not in message and str(path) in message
    if kind is not None:
        assert err.value.kind is kind, message
    with pytest.raises(BundleError) as unverified:  # read member by member: the same refusal
        _read_everything(path, passphrase, limits, verify=False)
    assert "\n" not in str(unverified.value) and str(path) in str(unverified.value)
    assert unverified.value.kind is err.value.kind, str(unverified.value)
    manifest, problems = inspect_bundle(path, passphrase, limits)  # never raises
    assert problems
    return err.value


@pytest.mark.parametrize("passphrase", [None, "pw"])
def test_truncation_at_every_offset(tmp_path, passphrase):
    path = make_bundle(tmp_path, passphrase)
    raw = path.read_bytes()
    cut = tmp_path / "cut.hmbundle"
    for offset in range(len(raw)):
        cut.write_bytes(raw[:offset])
        _expect_error(cut, passphrase)


def test_truncation_sampled_in_larger_bundle(tmp_path):
    path = make_bundle(tmp_path, "pw", attachments=[os.urandom(1_500_000), b"text " * 100_000])
    raw = path.read_bytes()
    cut = tmp_path / "cut.hmbundle"
    for offset in random.Random(7).sample(range(len(raw)), 60):
        cut.write_bytes(raw[:offset])
        _expect_error(cut, "pw")


@pytest.mark.parametrize("passphrase", [None, "pw"])
def test_flipped_bits(tmp_path, passphrase):
    """A flip anywhere either gives a BundleError or leaves the content intact (a flip in a
    timestamp, or in the padding bits of a deflate stream); a flip inside the bytes of a
    stored member (every encrypted member) is always caught."""
    path = make_bundle(tmp_path, passphrase)
    _, original = _read_everything(path, passphrase)
    raw = path.read_bytes()
    in_data = {i for start, end in data_regions(path, stored_only=True) for i in range(start, end)}
    bad = tmp_path / "flip.hmbundle"
    caught = 0
    for offset in range(0, len(raw), 3 if passphrase is None else 5):
        flipped = bytearray(raw)
        flipped[offset] ^= 1 << (offset % 8)
        bad.write_bytes(bytes(flipped))
        try:
            _, data = _read_everything(bad, passphrase)
        except BundleError as exc:
            assert "\n" not in str(exc)
            caught += 1
            with pytest.raises(BundleError):  # read member by member: refused as well
                _read_everything(bad, passphrase, verify=False)
            continue
        assert offset not in in_data, f"flip at {offset} inside member data went unnoticed"
        assert data == original
        assert _read_everything(bad, passphrase, verify=False)[1] == original
    assert caught > len(raw) // 6


def test_not_found_and_not_a_zip(tmp_path):
    assert _expect_error(tmp_path / "absent.hmbundle", kind=BundleProblem.NOT_FOUND)
    text = tmp_path / "notes.hmbundle"
    text.write_text("hello")
    assert "not a zip" in str(_expect_error(text, kind=BundleProblem.NOT_A_BUNDLE))
    plain_zip = tmp_path / "other.hmbundle"
    with zipfile.ZipFile(plain_zip, "w") as zf:
        zf.writestr("readme.txt", "hi")
    assert "no manifest.json" in str(_expect_error(plain_zip, kind=BundleProblem.NOT_A_BUNDLE))


def test_missing_member(tmp_path):
    path = make_bundle(tmp_path)
    bad = rebuild(path, tmp_path / "bad.hmbundle", drop=("data/audit.json",), relist=False)
    err = _expect_error(bad, kind=BundleProblem.DAMAGED)
    assert err.member == "data/audit.json" and "missing" in str(err)


def test_extra_member(tmp_path):
    path = make_bundle(tmp_path)
    bad = rebuild(path, tmp_path / "bad.hmbundle", add={"data/sneaky.json": b"{}"}, relist=False)
    err = _expect_error(bad, kind=BundleProblem.UNSAFE)
    assert err.member == "data/sneaky.json" and "not listed" in str(err)


@pytest.mark.parametrize(
    "name", ["../x", "data/../../x", "/etc/x", "C:/Windows/x", "data\\x", "data//x"]
)
@pytest.mark.parametrize("listed", [False, True])
def test_unsafe_member_names(tmp_path, name, listed):
    path = make_bundle(tmp_path)
    bad = rebuild(path, tmp_path / "bad.hmbundle", add={name: b"owned"}, relist=listed)
    with zipfile.ZipFile(bad) as zf:
        assert name in zf.namelist()
    err = _expect_error(bad)
    assert name in str(err) or "name" in str(err)
    assert not (tmp_path / "x").exists()


def test_duplicate_member(tmp_path):
    path = make_bundle(tmp_path)
    bad = tmp_path / "dup.hmbundle"
    rebuild(path, bad)
    with zipfile.ZipFile(bad, "a") as zf, pytest.warns(UserWarning):
        zf.writestr("data/audit.json", b"[]")
    assert "twice" in str(_expect_error(bad, kind=BundleProblem.UNSAFE))


def test_bomb_by_declared_size(tmp_path):
    path = make_bundle(tmp_path, attachments=[os.urandom(200_000)])
    err = _expect_error(path, kind=BundleProblem.TOO_LARGE, limits=Limits(max_member_size=100_000))
    assert "limit" in str(err)
    _expect_error(path, kind=BundleProblem.TOO_LARGE, limits=Limits(max_total_size=150_000))
    _expect_error(path, kind=BundleProblem.TOO_LARGE, limits=Limits(max_members=2))


def test_bomb_by_compression_ratio(tmp_path):
    zeros = bytes(20 * 1024 * 1024)
    path = make_bundle(tmp_path)
    bad = rebuild(path, tmp_path / "bomb.hmbundle", add={"data/bomb.json": zeros})
    started = time.perf_counter()
    err = _expect_error(bad, kind=BundleProblem.TOO_LARGE)
    assert "zip bomb" in str(err) and err.member == "data/bomb.json"
    assert time.perf_counter() - started < 1.0  # refused before inflating anything


def _patch_declared_size(path, name: str, size: int) -> None:
    """Make the zip directory and local header lie: declare ``size`` for member ``name``."""
    raw = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(name)
    struct.pack_into("<I", raw, info.header_offset + 22, size)
    central = raw.find(b"PK\x01\x02")
    while central >= 0:
        name_len = struct.unpack_from("<H", raw, central + 28)[0]
        if raw[central + 46 : central + 46 + name_len] == name.encode():
            struct.pack_into("<I", raw, central + 24, size)
        central = raw.find(b"PK\x01\x02", central + 4)
    path.write_bytes(bytes(raw))


def test_bomb_with_lying_header(tmp_path):
    real = bytes(30 * 1024 * 1024)
    small_claim = b"\0" * 100
    path = make_bundle(tmp_path)
    bad = rebuild(
        path,
        tmp_path / "liar.hmbundle",
        add={"data/liar.json": real},
        relist=False,
        edit_manifest=lambda m: m["members"].__setitem__(
            "data/liar.json", {"sha256": sha(small_claim), "size": 100}
        ),
    )
    _patch_declared_size(bad, "data/liar.json", 100)
    with zipfile.ZipFile(bad) as zf:
        assert zf.getinfo("data/liar.json").file_size == 100
    started = time.perf_counter()
    _expect_error(bad, kind=BundleProblem.DAMAGED)
    assert time.perf_counter() - started < 1.0


def test_newer_format_version(tmp_path):
    path = make_bundle(tmp_path)

    def future(manifest):
        manifest["format_version"] = 2
        manifest["members"] = ["a new layout"]

    bad = rebuild(path, tmp_path / "future.hmbundle", edit_manifest=future)
    err = _expect_error(bad, kind=BundleProblem.NEWER_VERSION)
    assert "made by a newer hmfield (format 2, this app reads up to 1): update hmfield" in str(err)


@pytest.mark.parametrize(
    "edit",
    [
        lambda m: m.pop("project_id"),
        lambda m: m.__setitem__("created_at", "yesterday"),
        lambda m: m["members"].__setitem__("data/audit.json", {"sha256": "zz", "size": 1}),
        lambda m: m.__setitem__("format_version", "1"),
    ],
)
def test_malformed_manifest(tmp_path, edit):
    path = make_bundle(tmp_path)
    bad = rebuild(path, tmp_path / "bad.hmbundle", edit_manifest=edit)
    assert "manifest.json" in str(_expect_error(bad))


def test_member_content_altered_with_stale_manifest(tmp_path):
    path = make_bundle(tmp_path)
    bad = rebuild(
        path,
        tmp_path / "bad.hmbundle",
        swap={"data/audit.json": b'[{"event": "SECRET-MARKER-audiT"}]'},
        relist=False,
    )
    err = _expect_error(bad, kind=BundleProblem.DAMAGED)
    assert err.member == "data/audit.json" and "SHA-256" in str(err)


def test_encrypted_member_swap_detected(tmp_path):
    path = make_bundle(tmp_path, "pw")
    stored = dict((i.filename, d) for i, d in entries(path))
    a, b = "data/audit.json", "data/project.json"
    # Swap the encrypted bytes and fix the plain listing, so only the AES-GCM binding can tell.
    bad = rebuild(path, tmp_path / "swap.hmbundle", swap={a: stored[b], b: stored[a]})
    err = _expect_error(bad, "pw", kind=BundleProblem.DAMAGED)
    assert "authentication" in str(err) and err.member in (a, b)


def test_encrypted_envelope_tampering_detected(tmp_path):
    path = make_bundle(tmp_path, "pw")
    bad = rebuild(
        path, tmp_path / "t.hmbundle", edit_manifest=lambda m: m.__setitem__("project_id", "other")
    )
    assert "altered" in str(_expect_error(bad, "pw"))
    dropped = rebuild(path, tmp_path / "d.hmbundle", drop=("data/audit.json",))
    assert "altered" in str(_expect_error(dropped, "pw"))


def test_encrypted_member_cut_short_with_consistent_listing(tmp_path):
    payload = os.urandom(3 * 1024 * 1024)
    path = make_bundle(tmp_path, "pw", attachments=[payload])
    name = f"attachments/{sha(payload)}"
    stored = dict((i.filename, d) for i, d in entries(path))[name]
    for cut in (len(stored) - 1, 6 + 2 * (12 + 1024 * 1024 + 16), 6 + 12 + 1024 * 1024 + 16, 6):
        bad = rebuild(path, tmp_path / "cut.hmbundle", swap={name: stored[:cut]})
        err = _expect_error(bad, "pw", kind=BundleProblem.DAMAGED)
        assert err.member == name


def test_inspect_lists_all_problems(tmp_path):
    path = make_bundle(tmp_path)
    bad = rebuild(
        path,
        tmp_path / "bad.hmbundle",
        drop=("data/audit.json",),
        add={"../evil": b"x", "data/extra.json": b"{}"},
        relist=False,
    )
    manifest, problems = inspect_bundle(bad)
    assert manifest is not None and manifest.project_id
    assert len(problems) == 3
    assert any("missing" in p for p in problems) and any("not listed" in p for p in problems)
    assert any("'..'" in p for p in problems)


def test_reading_a_good_bundle_member_that_is_not_listed(tmp_path):
    path = make_bundle(tmp_path)
    with read_bundle(path) as opened, pytest.raises(BundleError):
        opened.member("data/nothing.json")
    assert json.loads(MEMBERS["data/project.json"])  # the fixture data itself is sane

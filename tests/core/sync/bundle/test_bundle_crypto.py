"""The chunked AES-GCM member stream and the scrypt parameters."""

from __future__ import annotations

import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hmfield.core.sync.bundle import crypto
from hmfield.core.sync.bundle.crypto import DecryptError, KdfParams, decrypt_stream, encrypt_stream

KEY = bytes(range(32))
SMALL = 64  # chunk size used in these tests so boundaries are cheap to hit


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch):
    monkeypatch.setattr(crypto, "CHUNK_SIZE", SMALL)
    monkeypatch.setattr(crypto, "SEALED_CHUNK_SIZE", crypto.NONCE_SIZE + SMALL + crypto.TAG_SIZE)


def _seal(data: bytes, *, name="data/a.json", export="e1", compress=False, pieces=7) -> bytes:
    parts = [data[i : i + pieces] for i in range(0, len(data), pieces)] or [b""]
    return b"".join(encrypt_stream(KEY, export, name, parts, compress=compress))


def _open(sealed: bytes, *, name="data/a.json", export="e1", max_size=10**6, piece=13) -> bytes:
    parts = [sealed[i : i + piece] for i in range(0, len(sealed), piece)]
    return b"".join(decrypt_stream(KEY, export, name, parts, max_size=max_size))


@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=5 * SMALL + 3), compress=st.booleans(), piece=st.integers(1, 200))
def test_round_trip_any_length_and_split(data, compress, piece):
    assert _open(_seal(data, compress=compress), piece=piece) == data


@pytest.mark.parametrize("length", [0, SMALL - 1, SMALL, SMALL + 1, 3 * SMALL])
def test_every_cut_and_flip_is_detected(length):
    sealed = _seal(os.urandom(length))
    for cut in range(len(sealed)):
        with pytest.raises(DecryptError):
            _open(sealed[:cut])
    for offset in range(len(sealed)):
        flipped = bytearray(sealed)
        flipped[offset] ^= 0x01
        with pytest.raises(DecryptError):
            _open(bytes(flipped))


def test_chunks_cannot_be_reordered_dropped_or_moved():
    data = os.urandom(3 * SMALL + 5)
    sealed = _seal(data)
    head, size = crypto.HEADER_SIZE, crypto.SEALED_CHUNK_SIZE
    chunks = [sealed[head + i * size : head + (i + 1) * size] for i in range(4)]
    variants = [
        sealed[:head] + chunks[1] + chunks[0] + chunks[2] + chunks[3],  # reordered
        sealed[:head] + chunks[0] + chunks[2] + chunks[3],  # middle chunk dropped
        sealed[:head] + chunks[0] + chunks[1] + chunks[2],  # final chunk dropped
    ]
    for variant in variants:
        with pytest.raises(DecryptError):
            _open(variant)
    with pytest.raises(DecryptError):
        _open(sealed, name="data/b.json")
    with pytest.raises(DecryptError):
        _open(sealed, export="e2")


def test_compressed_bomb_inside_encryption_is_capped():
    sealed = _seal(bytes(2_000_000), compress=True, pieces=100_000)
    assert len(sealed) < 100_000
    with pytest.raises(DecryptError, match="more data than the manifest"):
        _open(sealed, max_size=1000)


def test_key_check_tells_wrong_passphrase(monkeypatch):
    monkeypatch.setattr(crypto, "SCRYPT_N", 2**10)
    key, params = crypto.new_key("right")
    assert crypto.key_matches(key, params)
    assert crypto.key_matches(crypto.derive_key("right", params), params)
    assert not crypto.key_matches(crypto.derive_key("wrong", params), params)
    assert KdfParams.from_json(params.to_json()) == params


@pytest.mark.parametrize(
    "change",
    [
        {"n": 2**30},
        {"n": 3000},
        {"r": 1000},
        {"p": 64},
        {"name": "pbkdf2"},
        {"salt": "!!"},
        {"key_check": "AAAA"},
    ],
)
def test_hostile_kdf_parameters_refused(change, monkeypatch):
    monkeypatch.setattr(crypto, "SCRYPT_N", 2**10)
    _, params = crypto.new_key("x")
    with pytest.raises(ValueError):
        KdfParams.from_json({**params.to_json(), **change})

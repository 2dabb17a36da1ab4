"""Passphrase encryption of bundle members: scrypt key, chunked AES-GCM streams.

Why chunked: attachments can be large and must be streamed to disk without holding them in
memory, and every chunk is authenticated before its plaintext is used. Each chunk has its own
random 96-bit nonce; the associated data binds the export id, the member name, the stream
header, the chunk index and a final-chunk flag, so chunks cannot be reordered, dropped, cut
off or moved to another member or bundle without the tag check failing.

Stored member layout: ``HEADER`` (magic ``HMGC``, version 1, flags) then chunks of
``nonce(12) + ciphertext + tag(16)``. Every chunk but the last holds exactly ``CHUNK_SIZE``
plaintext bytes; the last holds fewer (possibly zero), which is how the reader knows it is last.
"""

from __future__ import annotations

import base64
import os
import unicodedata
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

SCRYPT_N = 2**15
SCRYPT_R = 8
SCRYPT_P = 1
SALT_SIZE = 16
KEY_SIZE = 32
NONCE_SIZE = 12
TAG_SIZE = 16
CHUNK_SIZE = 1024 * 1024
SEALED_CHUNK_SIZE = NONCE_SIZE + CHUNK_SIZE + TAG_SIZE

MAGIC = b"HMGC"
STREAM_VERSION = 1
FLAG_ZLIB = 0x01
HEADER_SIZE = len(MAGIC) + 2

_KEY_CHECK_PLAIN = b"hmfield bundle key check v1"
_KEY_CHECK_AD = b"hmfield-key-check"

# Bounds a bundle's KDF parameters must respect: a crafted bundle must not make us allocate
# gigabytes or spin for minutes before we can say "wrong passphrase".
_N_RANGE = (2**10, 2**20)
_R_RANGE = (1, 16)
_P_RANGE = (1, 4)


class DecryptError(Exception):
    """A chunk failed authentication or the stream is malformed (caller adds file/member)."""


@dataclass(frozen=True)
class KdfParams:
    """scrypt parameters and a key-check token, stored plainly in the manifest."""

    salt: bytes
    n: int
    r: int
    p: int
    key_check: bytes = b""

    def to_json(self) -> dict:
        return {
            "name": "scrypt",
            "salt": base64.b64encode(self.salt).decode("ascii"),
            "n": self.n,
            "r": self.r,
            "p": self.p,
            "key_check": base64.b64encode(self.key_check).decode("ascii"),
        }

    @classmethod
    def from_json(cls, data: object) -> KdfParams:
        """Parse and bound-check; raises ValueError with a short reason."""
        if not isinstance(data, dict) or data.get("name") != "scrypt":
            raise ValueError("unknown key derivation (expected scrypt)")
        try:
            salt = base64.b64decode(data["salt"], validate=True)
            key_check = base64.b64decode(data["key_check"], validate=True)
            n, r, p = data["n"], data["r"], data["p"]
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError("key derivation parameters are unreadable") from exc
        for value, (low, high), label in (
            (n, _N_RANGE, "n"),
            (r, _R_RANGE, "r"),
            (p, _P_RANGE, "p"),
        ):
            if type(value) is not int or not low <= value <= high:
                raise ValueError(f"scrypt {label} out of range")
        if (
            n & (n - 1)
            or not 8 <= len(salt) <= 64
            or len(key_check) != NONCE_SIZE + len(_KEY_CHECK_PLAIN) + TAG_SIZE
        ):
            raise ValueError("key derivation parameters are invalid")
        return cls(salt=salt, n=n, r=r, p=p, key_check=key_check)


def _passphrase_bytes(passphrase: str) -> bytes:
    # NFC so the same passphrase typed on macOS (NFD input) and Windows gives the same key.
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def derive_key(passphrase: str, params: KdfParams) -> bytes:
    kdf = Scrypt(salt=params.salt, length=KEY_SIZE, n=params.n, r=params.r, p=params.p)
    return kdf.derive(_passphrase_bytes(passphrase))


def new_key(passphrase: str) -> tuple[bytes, KdfParams]:
    """A fresh salt, the derived key, and parameters carrying a key-check token."""
    params = KdfParams(salt=os.urandom(SALT_SIZE), n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P)
    key = derive_key(passphrase, params)
    nonce = os.urandom(NONCE_SIZE)
    check = nonce + AESGCM(key).encrypt(nonce, _KEY_CHECK_PLAIN, _KEY_CHECK_AD)
    return key, KdfParams(params.salt, params.n, params.r, params.p, check)


def key_matches(key: bytes, params: KdfParams) -> bool:
    """True when ``key`` opens the key-check token: tells a wrong passphrase from damage."""
    nonce, sealed = params.key_check[:NONCE_SIZE], params.key_check[NONCE_SIZE:]
    try:
        return AESGCM(key).decrypt(nonce, sealed, _KEY_CHECK_AD) == _KEY_CHECK_PLAIN
    except InvalidTag:
        return False


def _associated_data(export_id: str, name: str, header: bytes, index: int, final: bool) -> bytes:
    return b"\0".join(
        (
            b"hmfield-bundle",
            export_id.encode("utf-8"),
            name.encode("utf-8"),
            header,
            index.to_bytes(8, "big") + (b"\1" if final else b"\0"),
        )
    )


def _rechunk(pieces: Iterable[bytes], size: int) -> Iterator[bytes]:
    """Regroup ``pieces`` into blocks of exactly ``size`` bytes; the last block may be shorter."""
    buffer = bytearray()
    for piece in pieces:
        buffer += piece
        while len(buffer) >= size:
            yield bytes(buffer[:size])
            del buffer[:size]
    yield bytes(buffer)


def encrypt_stream(
    key: bytes, export_id: str, name: str, plain: Iterable[bytes], *, compress: bool = False
) -> Iterator[bytes]:
    """Yield the stored bytes of member ``name``: header, then sealed chunks."""
    header = MAGIC + bytes((STREAM_VERSION, FLAG_ZLIB if compress else 0))
    yield header
    if compress:
        plain = _zlib_pieces(plain)
    aead = AESGCM(key)
    for index, block in enumerate(_rechunk(plain, CHUNK_SIZE)):
        # A block shorter than CHUNK_SIZE is final; a full final block is followed by an empty one.
        final = len(block) < CHUNK_SIZE
        nonce = os.urandom(NONCE_SIZE)
        yield nonce + aead.encrypt(
            nonce, block, _associated_data(export_id, name, header, index, final)
        )
        if final:
            return


def _zlib_pieces(plain: Iterable[bytes]) -> Iterator[bytes]:
    packer = zlib.compressobj(3)  # same level as plain bundles' data members
    for piece in plain:
        out = packer.compress(piece)
        if out:
            yield out
    yield packer.flush()


def decrypt_stream(
    key: bytes, export_id: str, name: str, stored: Iterable[bytes], *, max_size: int
) -> Iterator[bytes]:
    """Yield authenticated plaintext of member ``name``; at most ``max_size`` bytes.

    Raises :class:`DecryptError` on any tampering, truncation or excess output.
    """
    pieces = iter(stored)
    head = bytearray()
    for piece in pieces:
        head += piece
        if len(head) >= HEADER_SIZE:
            break
    header, rest = bytes(head[:HEADER_SIZE]), bytes(head[HEADER_SIZE:])
    if (
        len(header) < HEADER_SIZE
        or header[:4] != MAGIC
        or header[4] != STREAM_VERSION
        or header[5] & ~FLAG_ZLIB
    ):
        raise DecryptError("is not an encrypted hmfield member (bad header)")
    unpacker = zlib.decompressobj() if header[5] & FLAG_ZLIB else None
    produced = 0
    aead = AESGCM(key)
    sealed_blocks = _rechunk(_chain_first(rest, pieces), SEALED_CHUNK_SIZE)
    for index, block in enumerate(sealed_blocks):
        final = len(block) < SEALED_CHUNK_SIZE
        if len(block) < NONCE_SIZE + TAG_SIZE:
            raise DecryptError("is cut short (last encrypted chunk missing)")
        ad = _associated_data(export_id, name, header, index, final)
        try:
            plain = aead.decrypt(block[:NONCE_SIZE], block[NONCE_SIZE:], ad)
        except InvalidTag:
            raise DecryptError("failed authentication (damaged, altered or moved)") from None
        if unpacker is not None:
            plain = _inflate(unpacker, plain, max_size - produced)
        produced += len(plain)
        if produced > max_size:
            raise DecryptError("holds more data than the manifest says")
        if plain:
            yield plain
        if final:
            if unpacker is not None and not unpacker.eof:
                raise DecryptError("compressed data is incomplete")
            return
    raise AssertionError("unreachable: _rechunk always ends with a short block")


def _chain_first(first: bytes, blocks: Iterator[bytes]) -> Iterator[bytes]:
    yield first
    yield from blocks


def _inflate(unpacker, data: bytes, room: int) -> bytes:
    """Decompress ``data`` but never produce more than ``room + 1`` bytes (bomb guard)."""
    try:
        out = unpacker.decompress(data, max(room, 0) + 1)
    except zlib.error as exc:
        raise DecryptError(f"compressed data is damaged ({exc})") from None
    if len(out) > room or unpacker.unconsumed_tail:
        raise DecryptError("holds more data than the manifest says")
    return out

"""Bundle signatures: Ed25519 over the exact bytes of ``manifest.json``.

The manifest lists the SHA-256 of every member (for an encrypted bundle, of every stored
member, the encrypted manifest included), so one signature over it covers the whole bundle:
a bundle whose member and manifest hash were both edited no longer matches its signature.
``manifest.sig`` holds the signer's public key and the signature (JSON); the signer's name
is the manifest's ``person``, the engineer. The key is per install (``identity.signing_key``);
its fingerprint is what a person compares, and what this install remembers per bundle source
(trust on first use): a later bundle from that source signed by another key, or unsigned, is
refused.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

SIGNATURE_NAME = "manifest.sig"
MAX_SIGNATURE_SIZE = 4096


@dataclass(frozen=True)
class Signature:
    public_key: bytes  # raw 32 bytes
    fingerprint: str  # readable: the first 128 bits of SHA-256 of the key, in groups of 4


def fingerprint(public_key: bytes) -> str:
    digest = hashlib.sha256(public_key).hexdigest()[:32]
    return ":".join(digest[i : i + 4] for i in range(0, 32, 4))


def raw_public(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def sign(key: Ed25519PrivateKey, manifest_bytes: bytes) -> bytes:
    """The ``manifest.sig`` member for ``manifest_bytes``."""
    return json.dumps(
        {
            "algorithm": "ed25519",
            "public_key": base64.b64encode(raw_public(key)).decode("ascii"),
            "signature": base64.b64encode(key.sign(manifest_bytes)).decode("ascii"),
        },
        sort_keys=True,
    ).encode("utf-8")


def verify(sig_member: bytes, manifest_bytes: bytes) -> Signature:
    """The signer of ``manifest_bytes``; ValueError with a short reason when it does not
    match (the bundle was changed after signing) or the member is malformed."""
    try:
        data = json.loads(sig_member.decode("utf-8"))
        if data.get("algorithm") != "ed25519":
            raise ValueError
        public = base64.b64decode(data["public_key"], validate=True)
        signature = base64.b64decode(data["signature"], validate=True)
        key = Ed25519PublicKey.from_public_bytes(public)
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError):
        raise ValueError("the signature is malformed") from None
    try:
        key.verify(signature, manifest_bytes)
    except InvalidSignature:
        raise ValueError(
            "the signature does not match: the bundle was changed after it was signed"
        ) from None
    return Signature(public, fingerprint(public))

"""Defences against hostile or broken zips: member-name rules and size limits.

A bundle arrives on a USB stick from another laptop; it may be damaged or crafted. Names are
checked so nothing can point outside the bundle (``../``, absolute paths, drive letters,
backslashes), and sizes are capped twice: the sizes declared in the zip directory are checked
before anything is read, and the bytes actually produced are counted while reading, so a
header that lies cannot make us inflate more than we agreed to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MiB = 1024 * 1024
GiB = 1024 * MiB

MANIFEST_NAME = "manifest.json"
PRIVATE_MANIFEST_NAME = "manifest.enc"
ATTACHMENT_PREFIX = "attachments/"
SIGNATURE_NAME = "manifest.sig"  # see signature.py
RESERVED_NAMES = frozenset({MANIFEST_NAME, PRIVATE_MANIFEST_NAME, SIGNATURE_NAME})

_SHA256_HEX = re.compile(r"[0-9a-f]{64}")
_MAX_NAME_LENGTH = 240


@dataclass(frozen=True)
class Limits:
    """Upper bounds a bundle must respect before we read it (generous for real deliveries)."""

    max_members: int = 100_000
    max_member_size: int = 4 * GiB
    max_total_size: int = 8 * GiB
    max_ratio: float = 200.0
    """Largest uncompressed/compressed ratio allowed for members of at least ``ratio_min_size``
    (real JSON compresses 5-30x; deflate bombs reach ~1000x)."""
    ratio_min_size: int = 1 * MiB
    max_manifest_size: int = 64 * MiB


DEFAULT_LIMITS = Limits()


def is_sha256_hex(text: object) -> bool:
    """True for a lowercase 64-digit hex string (how attachments are named)."""
    return isinstance(text, str) and _SHA256_HEX.fullmatch(text) is not None


def attachment_member_name(sha256_hex: str) -> str:
    return ATTACHMENT_PREFIX + sha256_hex


def unsafe_name_reason(name: str) -> str | None:
    """Why ``name`` is not acceptable as a bundle member name, or None when it is fine."""
    if not isinstance(name, str) or not name:
        return "has an empty name"
    if len(name) > _MAX_NAME_LENGTH:
        return "has a name longer than 240 characters"
    if "\\" in name:
        return "has a backslash in its name"
    if name.startswith("/"):
        return "has an absolute path as its name"
    if ":" in name:
        return "has a drive letter or colon in its name"
    if any(ord(ch) < 32 or ch == "\x7f" for ch in name):
        return "has control characters in its name"
    parts = name.split("/")
    if ".." in parts:
        return "has '..' in its name (points outside the bundle)"
    if any(part in ("", ".") for part in parts):
        return "has an empty or '.' path part in its name (folders are not members)"
    return None


def check_declared_sizes(
    sizes: dict[str, tuple[int, int]], limits: Limits
) -> list[tuple[str | None, str]]:
    """Check zip-directory sizes ``{name: (file_size, compress_size)}`` against ``limits``.

    Returns ``(member or None, reason)`` pairs; empty when everything is within limits.
    """
    problems: list[tuple[str | None, str]] = []
    if len(sizes) > limits.max_members + 2:
        problems.append(
            (None, f"has {len(sizes)} members, more than the limit of {limits.max_members}")
        )
    total = 0
    for name, (size, packed) in sizes.items():
        total += size
        if size > limits.max_member_size:
            problems.append(
                (name, f"declares {size} bytes, more than the limit of {limits.max_member_size}")
            )
        elif size >= limits.ratio_min_size and size > limits.max_ratio * max(packed, 1):
            problems.append(
                (
                    name,
                    f"expands {size / max(packed, 1):.0f}x, more than the limit of {limits.max_ratio:.0f}x (zip bomb?)",
                )
            )
    if total > limits.max_total_size:
        problems.append(
            (None, f"declares {total} bytes in all, more than the limit of {limits.max_total_size}")
        )
    return problems

"""Bundle errors: one line naming the bundle file (and member), plus a machine-readable kind.

The GUI shows ``str(error)``; it can look at ``error.kind`` to react, e.g. ask for the
passphrase again on :attr:`BundleProblem.WRONG_PASSPHRASE` instead of just showing a message.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from hmfield.core.errors import HmError


class BundleProblem(StrEnum):
    """What kind of problem a :class:`BundleError` reports (stable codes)."""

    NOT_FOUND = "not_found"
    NOT_A_BUNDLE = "not_a_bundle"
    DAMAGED = "damaged"
    UNSAFE = "unsafe"
    TOO_LARGE = "too_large"
    NEWER_VERSION = "newer_version"
    PASSPHRASE_NEEDED = "passphrase_needed"
    WRONG_PASSPHRASE = "wrong_passphrase"
    WRITE_FAILED = "write_failed"
    BAD_INPUT = "bad_input"


class BundleError(HmError):
    """A bundle could not be written, read or trusted; ``str()`` is a one-line message."""

    def __init__(
        self,
        reason: str,
        *,
        file: str | Path | None = None,
        member: str | None = None,
        kind: BundleProblem = BundleProblem.DAMAGED,
    ) -> None:
        self.reason = reason
        self.file = str(file) if file is not None else None
        self.member = member
        self.kind = kind
        super().__init__(self.message)

    @property
    def message(self) -> str:
        if self.kind is BundleProblem.WRONG_PASSPHRASE and self.file:
            return f"wrong passphrase for {self.file}"
        where = []
        if self.file:
            where.append(self.file)
        if self.member:
            where.append(f"member {self.member}")
        return f"{', '.join(where)}: {self.reason}" if where else self.reason

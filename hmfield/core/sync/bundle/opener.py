"""Structural checks when a bundle is opened, before any member is trusted.

Order matters: the manifest is read first so a bundle from a newer hmfield gets the
"update hmfield" message rather than a list of members we do not understand; then the
passphrase is checked (a key-check token tells a wrong passphrase from damage); then names,
sizes and the member list are compared with the manifest; for encrypted bundles the encrypted
manifest is opened and must agree with the plain envelope.
"""

from __future__ import annotations

import zipfile
from dataclasses import replace
from pathlib import Path

from hmfield.core.sync.bundle.crypto import DecryptError, decrypt_stream, derive_key, key_matches
from hmfield.core.sync.bundle.errors import BundleError, BundleProblem
from hmfield.core.sync.bundle.manifest import ENVELOPE_FIELDS, Manifest, NewerFormat
from hmfield.core.sync.bundle.reader import OpenedBundle, zip_errors
from hmfield.core.sync.bundle.safety import (
    DEFAULT_LIMITS,
    MANIFEST_NAME,
    PRIVATE_MANIFEST_NAME,
    RESERVED_NAMES,
    SIGNATURE_NAME,
    Limits,
    check_declared_sizes,
    unsafe_name_reason,
)
from hmfield.core.sync.bundle.signature import MAX_SIGNATURE_SIZE, Signature, verify


class BundleOpener:
    """Opens and structurally checks a bundle. ``strict`` raises the first problem; otherwise
    problems are collected in ``problems`` (for inspect) and only fatal ones raise."""

    def __init__(
        self,
        path: Path | str,
        limits: Limits = DEFAULT_LIMITS,
        *,
        strict: bool = True,
        display: Path | str | None = None,
    ) -> None:
        self.path = Path(path)
        self.display = Path(display) if display else self.path
        self.limits = limits
        self.strict = strict
        self.problems: list[BundleError] = []
        self.manifest: Manifest | None = None
        self.signature: Signature | None = None
        self._manifest_bytes = b""

    def _fail(
        self, reason: str, member: str | None = None, kind: BundleProblem = BundleProblem.DAMAGED
    ) -> BundleError:
        return BundleError(reason, file=self.display, member=member, kind=kind)

    def _report(self, problem: BundleError) -> None:
        if self.strict:
            raise problem
        self.problems.append(problem)

    def open(self, passphrase: str | None = None, *, key: bytes | None = None) -> OpenedBundle:
        zf = self._open_zip()
        try:
            self.manifest = self._read_manifest(zf)
            if self.manifest.encrypted and key is None and passphrase is not None:
                key = derive_key(passphrase, self.manifest.kdf)
            if self.manifest.encrypted:
                if key is None and self.strict:
                    raise self._fail(
                        "is encrypted: enter its passphrase", kind=BundleProblem.PASSPHRASE_NEEDED
                    )
                if key is not None and not key_matches(key, self.manifest.kdf):
                    raise self._fail("wrong passphrase", kind=BundleProblem.WRONG_PASSPHRASE)
            self._check_structure(zf, self.manifest)
            self.signature = self._check_signature(zf)
            opened = OpenedBundle(self.path, zf, self.manifest, key, self.limits, self.display)
            opened.signature = self.signature
            if self.manifest.encrypted and key is not None:
                self.manifest = self._merge_private(opened)
                opened.manifest = self.manifest
            return opened
        except BaseException:
            zf.close()
            raise

    def _open_zip(self) -> zipfile.ZipFile:
        if not self.path.exists():
            raise self._fail("not found", kind=BundleProblem.NOT_FOUND)
        if not self.path.is_file():
            raise self._fail("is not a file", kind=BundleProblem.NOT_A_BUNDLE)
        try:
            with zip_errors(self.display):
                return zipfile.ZipFile(self.path)
        except BundleError as exc:
            with zip_errors(self.display), open(self.path, "rb") as f:
                magic = f.read(4)
            if not magic:
                raise self._fail(
                    "is empty (0 bytes): the copy did not finish", kind=BundleProblem.NOT_A_BUNDLE
                ) from None
            if magic not in (b"PK\x03\x04", b"PK\x05\x06"):
                raise self._fail(
                    "is not an hmfield bundle (not a zip file)", kind=BundleProblem.NOT_A_BUNDLE
                ) from None
            raise self._fail("is damaged or truncated (the zip directory cannot be read)") from exc

    def _read_manifest(self, zf: zipfile.ZipFile) -> Manifest:
        infos = [i for i in zf.infolist() if i.filename == MANIFEST_NAME]
        if len(infos) != 1:
            raise self._fail(
                "is not an hmfield bundle (no manifest.json)"
                if not infos
                else "has manifest.json twice",
                kind=BundleProblem.NOT_A_BUNDLE,
            )
        info = infos[0]
        if info.file_size > self.limits.max_manifest_size:
            raise self._fail("is too large", MANIFEST_NAME, BundleProblem.TOO_LARGE)
        with zip_errors(self.display, MANIFEST_NAME), zf.open(info) as stream:
            raw = stream.read(self.limits.max_manifest_size + 1)
        self._manifest_bytes = raw
        return self._parse_manifest(raw, MANIFEST_NAME)

    def _check_signature(self, zf: zipfile.ZipFile) -> Signature | None:
        """The signer when ``manifest.sig`` is present and matches; a mismatch is refused."""
        infos = [i for i in zf.infolist() if i.filename == SIGNATURE_NAME]
        if not infos:
            return None
        if len(infos) > 1 or infos[0].file_size > MAX_SIGNATURE_SIZE:
            raise self._fail("the signature is malformed", SIGNATURE_NAME, BundleProblem.UNSAFE)
        with zip_errors(self.display, SIGNATURE_NAME), zf.open(infos[0]) as stream:
            raw = stream.read(MAX_SIGNATURE_SIZE + 1)
        try:
            return verify(raw, self._manifest_bytes)
        except ValueError as exc:
            raise self._fail(str(exc), SIGNATURE_NAME, BundleProblem.UNSAFE) from None

    def _parse_manifest(self, raw: bytes, member: str) -> Manifest:
        if len(raw) > self.limits.max_manifest_size:
            raise self._fail("is too large", member, BundleProblem.TOO_LARGE)
        try:
            return Manifest.from_json(raw)
        except NewerFormat as exc:
            raise self._fail(str(exc), kind=BundleProblem.NEWER_VERSION) from None
        except ValueError as exc:
            raise self._fail(str(exc), member) from None

    def _check_structure(self, zf: zipfile.ZipFile, manifest: Manifest) -> None:
        seen: set[str] = set()
        refused: set[str] = set()
        declared: dict[str, tuple[int, int]] = {}
        for info in zf.infolist():
            name = info.filename
            reason = unsafe_name_reason(name) or unsafe_name_reason(info.orig_filename)
            if reason:
                refused.add(name)
                self._report(self._fail(f"is refused: it {reason}", name, BundleProblem.UNSAFE))
            if name in seen:
                self._report(self._fail("appears twice in the zip", name, BundleProblem.UNSAFE))
            seen.add(name)
            if info.flag_bits & 0x1:
                self._report(self._fail("uses zip encryption, which hmfield never writes", name))
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                self._report(
                    self._fail(f"uses unsupported compression method {info.compress_type}", name)
                )
            declared[name] = (info.file_size, info.compress_size)
        for member, reason in check_declared_sizes(declared, self.limits):
            self._report(self._fail(reason, member, BundleProblem.TOO_LARGE))
        listed = manifest.stored if manifest.encrypted else manifest.members
        if manifest.encrypted:
            if manifest.members or PRIVATE_MANIFEST_NAME not in listed:
                raise self._fail("encrypted manifest is missing or malformed", MANIFEST_NAME)
        elif RESERVED_NAMES & listed.keys():
            raise self._fail("lists a reserved name as a member", MANIFEST_NAME)
        for name in sorted(seen - listed.keys() - refused - {MANIFEST_NAME, SIGNATURE_NAME}):
            self._report(
                self._fail(
                    "is not listed in the manifest (extra member)", name, BundleProblem.UNSAFE
                )
            )
        for name in sorted(listed):
            if name not in declared:
                self._report(self._fail("is missing", name))
            elif declared[name][0] != listed[name].size:
                self._report(
                    self._fail(
                        f"size in the zip ({declared[name][0]}) differs from the "
                        f"manifest ({listed[name].size})",
                        name,
                    )
                )

    def _merge_private(self, opened: OpenedBundle) -> Manifest:
        """Decrypt manifest.enc, check it agrees with the plain envelope, return the full manifest."""
        envelope = opened.manifest
        assert opened._key is not None
        stream = decrypt_stream(
            opened._key,
            envelope.export_id,
            PRIVATE_MANIFEST_NAME,
            opened._stored_chunks(PRIVATE_MANIFEST_NAME),
            max_size=self.limits.max_manifest_size,
        )
        try:
            raw = b"".join(stream)
        except DecryptError as exc:
            raise self._fail(str(exc), PRIVATE_MANIFEST_NAME) from None
        private = self._parse_manifest(raw, PRIVATE_MANIFEST_NAME)
        differs = [f for f in ENVELOPE_FIELDS if getattr(private, f) != getattr(envelope, f)]
        if private.kdf != envelope.kdf:
            differs.append("kdf")
        if differs or private.stored:
            raise self._fail(
                f"manifest.json was altered ({', '.join(differs) or 'stored'} differ)",
                MANIFEST_NAME,
            )
        if private.members.keys() != envelope.stored.keys() - {PRIVATE_MANIFEST_NAME}:
            raise self._fail("the member list was altered", MANIFEST_NAME)
        sizes = {n: (i.size, i.size) for n, i in private.members.items()}
        problems = check_declared_sizes(sizes, self.limits)
        if problems:
            member, reason = problems[0]
            raise self._fail(reason, member, BundleProblem.TOO_LARGE)
        return replace(private, stored=envelope.stored)

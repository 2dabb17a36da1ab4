"""Writing, reading and inspecting ``*.hmbundle`` files (the public API of this package).

Writing is safe on a USB stick: the zip goes to ``.NAME.partial`` in the same folder, is
flushed and fsynced, dropped from the page cache where the OS allows (so the read-back really
reads the stick), read back and fully verified, and only then renamed over the final name and
the folder fsynced. On any failure the partial file is removed; an existing bundle at the final
name is untouched until the new one is complete and verified.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import threading
import uuid
import zipfile
import zlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from hmfield.core.fileutil import storage_problem
from hmfield.core.progress import NULL_PROGRESS, Progress
from hmfield.core.sync.bundle.crypto import KdfParams, encrypt_stream, new_key
from hmfield.core.sync.bundle.errors import BundleError, BundleProblem
from hmfield.core.sync.bundle.manifest import (
    BUNDLE_FORMAT_VERSION,
    CALLER_FIELDS,
    Manifest,
    MemberInfo,
)
from hmfield.core.sync.bundle.opener import BundleOpener
from hmfield.core.sync.bundle.reader import READ_SIZE, OpenedBundle
from hmfield.core.sync.bundle.safety import (
    ATTACHMENT_PREFIX,
    DEFAULT_LIMITS,
    MANIFEST_NAME,
    PRIVATE_MANIFEST_NAME,
    RESERVED_NAMES,
    SIGNATURE_NAME,
    Limits,
    attachment_member_name,
    check_declared_sizes,
    is_sha256_hex,
    unsafe_name_reason,
)
from hmfield.core.sync.bundle.signature import sign

BUNDLE_SUFFIX = ".hmbundle"
# zlib level 3 deflates JSON about twice as fast as the default 6 for ~7% more bytes.
DATA_COMPRESS_LEVEL = 3
_ZIP64_THRESHOLD = 1 << 30  # stream members above this with zip64 headers (encryption adds bytes)


def read_bundle(
    path: Path | str,
    passphrase: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    progress: Progress = NULL_PROGRESS,
    *,
    verify: bool = True,
) -> OpenedBundle:
    """Open a bundle, check its structure and (by default) verify every member before
    returning, so an import never starts on a damaged bundle. Use the result in ``with``."""
    opened = BundleOpener(path, limits).open(passphrase)
    try:
        if verify:
            opened.verify_all(progress)
    except BaseException:
        opened.close()
        raise
    return opened


def inspect_bundle(
    path: Path | str,
    passphrase: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    progress: Progress = NULL_PROGRESS,
) -> tuple[Manifest | None, list[str]]:
    """Describe a bundle and list every problem found (one line each); never raises
    BundleError. Without the passphrase an encrypted bundle's stored bytes are still checked,
    and the manifest returned is the envelope (no project name, person or member list)."""
    opener = BundleOpener(path, limits, strict=False)
    try:
        with opener.open(passphrase) as opened:
            problems = opener.problems + list(opened.iter_problems(progress))
            return opened.manifest, [str(p) for p in problems]
    except BundleError as exc:
        return opener.manifest, [str(p) for p in [*opener.problems, exc]]


def write_bundle(
    path: Path | str,
    manifest_fields: Mapping[str, Any],
    members: Mapping[str, bytes],
    attachments: Mapping[str, Path | str],
    passphrase: str | None = None,
    progress: Progress = NULL_PROGRESS,
    *,
    limits: Limits = DEFAULT_LIMITS,
    signing_key=None,
) -> Manifest:
    """Write a verified bundle to ``path`` and return its (full) manifest.

    ``manifest_fields`` holds schema_version (int), app_version, project_id, project_name,
    device_id, person, and optionally export_id and created_at (made when missing).
    ``members`` maps member names (e.g. ``data/project.json``) to bytes; ``attachments`` maps
    lowercase SHA-256 hex to the file holding that content (checked while copying).
    """
    path = Path(path)
    fields = _manifest_fields(manifest_fields)
    pending = isinstance(members, PendingMembers)  # checked as each member comes
    if not pending:
        _check_inputs(members, attachments)
    if passphrase is not None and not passphrase:
        raise BundleError("the passphrase is empty", file=path, kind=BundleProblem.BAD_INPUT)
    key, kdf = new_key(passphrase) if passphrase is not None else (None, None)
    tmp = path.with_name(f".{path.name}.partial")
    sizes: dict[str, int] = {}
    if not pending:
        sizes = _checked_sizes(path, members, attachments, limits)
    total = sum(sizes.values())
    try:
        writer = _ZipWriter(tmp, fields, key, kdf, _Phase(progress, 0, 2 * total))
        writer.signing_key = signing_key
        if pending:  # the members' bytes come while they are written: no bar until the last
            _check_as_they_come(writer, path, members, attachments, limits, progress)
        manifest = writer.write(members, attachments)
        if pending:
            total = sum(i.size for i in manifest.members.values())
        _verify_written(tmp, path, key, manifest, limits, _Phase(progress, total, 2 * total))
        os.replace(tmp, path)
        _fsync_dir(path.parent)
    except OSError as exc:
        _remove(tmp)
        problem = storage_problem(exc, path)
        if problem is not None:  # the one disk-full line, still a write failure by kind
            raise BundleError(str(problem), kind=BundleProblem.WRITE_FAILED) from None
        raise BundleError(
            f"cannot write ({exc.strerror or exc})", file=path, kind=BundleProblem.WRITE_FAILED
        ) from None
    except BaseException:
        _remove(tmp)
        raise
    progress.report(2 * total, 2 * total, "Bundle written and verified")
    return manifest


def _check_as_they_come(writer, path: Path, members, attachments, limits, progress) -> None:
    """Members given as they are produced: their sizes are known only once written, so the
    limits are checked before the attachments (maybe before the last members: then again
    before the manifest) and the bar stays quiet until the read-back."""
    writer.progress = _Phase(_Quiet(progress), 0, 0)

    def before_attachments() -> None:
        _check_inputs({}, attachments)
        _checked_sizes(path, members, attachments, limits)

    writer.before_attachments = before_attachments
    writer.before_manifest = before_attachments


def _verify_written(
    tmp: Path, path: Path, key, manifest: Manifest, limits: Limits, progress: Progress
) -> None:
    """Read the written ``tmp`` back in full: every member against its hash, the manifest
    against the one written. A failure names the stick, not the bytes."""
    verifier = BundleOpener(tmp, limits, display=path)
    try:
        with verifier.open(key=key) as opened:
            opened.verify_all(progress)
            if opened.manifest != manifest:
                raise BundleError("manifest read back differs", file=path)
    except BundleError as exc:
        raise BundleError(
            f"verification after writing failed ({exc.reason}); the disk or "
            "USB stick may be failing",
            file=path,
            member=exc.member,
            kind=BundleProblem.WRITE_FAILED,
        ) from None


def _checked_sizes(path: Path, members, attachments, limits: Limits) -> dict[str, int]:
    """Every member's size, refused when over ``limits`` (rather than write a bundle no
    hmfield would open)."""
    if isinstance(members, PendingMembers):
        sizes = {name: members.size(name) for name in members}
    else:
        sizes = {name: len(data) for name, data in members.items()}
    sizes.update({sha: _file_size(p, path) for sha, p in attachments.items()})
    too_big = check_declared_sizes({n: (size, size) for n, size in sizes.items()}, limits)
    if too_big:
        member, reason = too_big[0]
        raise BundleError(reason, file=path, member=member, kind=BundleProblem.TOO_LARGE)
    return sizes


class PendingMembers(Mapping[str, bytes]):
    """Members still being built, named up front: ``write_bundle`` given this writes each
    one (in name order) as soon as it is ``put``, so building the next overlaps compressing
    and hashing this one (see :func:`write_bundle_while`)."""

    def __init__(self, names: list[str]) -> None:
        self._names = sorted(names)
        self._data: dict[str, bytes] = {}  # the members complete
        self._parts: dict[str, list[bytes]] = {}
        self._ready = threading.Condition()
        self._failed: BaseException | None = None
        self.writer_failed = False
        # set by the producer once the attachments are all listed: the writer may copy them
        # before the members still to come (else after the last member)
        self.attachments_listed = threading.Event()

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def __getitem__(self, name: str) -> bytes:
        with self._ready:
            while name not in self._data:
                if self._failed is not None:
                    raise _ProducerFailed from self._failed
                if name not in self._names:
                    raise KeyError(name)
                self._ready.wait()
            return b"".join(self._parts[name])

    def put(self, name: str, data: bytes) -> None:
        self.put_part(name, data, last=True)

    def put_part(self, name: str, piece: bytes, *, last: bool = False) -> None:
        """The next piece of member ``name`` (``last``: the member is complete): the writer
        compresses a long member while its next pieces are made."""
        if name not in self._names:
            raise ValueError(f"member {name!r} was not named up front")
        if not isinstance(piece, bytes | bytearray | memoryview):
            raise ValueError(f"member {name!r} must be bytes")
        with self._ready:
            if self.writer_failed:
                raise _WriterFailed
            if name in self._data:
                raise ValueError(f"member {name!r} was put twice")
            self._parts.setdefault(name, []).append(bytes(piece))
            if last:
                self._data[name] = b""  # complete: taken by pieces(), or joined below
            self._ready.notify_all()

    def pieces(self, name: str) -> Iterator[bytes]:
        """Member ``name``'s pieces as they come (for the writer)."""
        taken = 0
        while True:
            with self._ready:
                while len(self._parts.get(name, ())) == taken and name not in self._data:
                    if self._failed is not None:
                        raise _ProducerFailed from self._failed
                    self._ready.wait()
                fresh = self._parts.get(name, [])[taken:]
                done = name in self._data  # its pieces are all in (put under this lock)
            taken += len(fresh)
            yield from fresh
            if done:
                return

    def size(self, name: str) -> int:
        with self._ready:
            return sum(len(p) for p in self._parts.get(name, []))

    def fail(self, exc: BaseException) -> None:
        with self._ready:
            self._failed = exc
            self._ready.notify_all()


class _ProducerFailed(Exception):
    """The members' producer failed: the writer stops (the producer's error is raised)."""


class _WriterFailed(Exception):
    """The writer failed: the producer stops (the writer's error is raised)."""


def write_bundle_while(produce: Callable[[PendingMembers], Any], names: list[str],
                       path: Path | str, manifest_fields: Mapping[str, Any],
                       attachments: Mapping[str, Path | str], passphrase: str | None = None,
                       progress: Progress = NULL_PROGRESS, **kwargs) -> tuple[Manifest, Any]:  # fmt: skip
    """``write_bundle`` of members that ``produce`` builds in this thread and puts into the
    PendingMembers it is given (in name order, each once), while a second thread writes
    them: (manifest, what ``produce`` returned). ``attachments`` may be filled by
    ``produce``: they are read after the last member, or before the next one once
    ``produce`` sets ``pending.attachments_listed`` (not to change them after). Either
    side's failure stops both, and the bundle is not written."""
    pending = PendingMembers(names)
    outcome: dict[str, Any] = {}

    def write() -> None:
        try:
            outcome["manifest"] = write_bundle(
                path, manifest_fields, pending, attachments, passphrase, progress, **kwargs
            )
        except BaseException as exc:  # noqa: BLE001 - raised in the caller's thread
            outcome["error"] = exc
            with pending._ready:
                pending.writer_failed = True

    writer = threading.Thread(target=write, name="bundle-write", daemon=True)
    writer.start()
    try:
        made = produce(pending)
    except _WriterFailed:
        writer.join()
        raise outcome["error"] from None
    except BaseException as exc:
        pending.fail(exc)
        writer.join()
        raise
    writer.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["manifest"], made


class _Quiet:
    """A progress that only passes cancellation on (the producer reports meanwhile)."""

    def __init__(self, inner: Progress) -> None:
        self._inner = inner

    @property
    def cancelled(self) -> bool:
        return self._inner.cancelled

    def report(self, done: int, total: int | None = None, text: str = "") -> None:
        pass

    def check(self) -> None:
        self._inner.check()


class _Phase:
    """Maps one phase's progress onto a single bar (writing, then verifying)."""

    def __init__(self, inner: Progress, offset: int, grand_total: int) -> None:
        self._inner, self._offset, self._total = inner, offset, grand_total

    @property
    def cancelled(self) -> bool:
        return self._inner.cancelled

    def report(self, done: int, total: int | None = None, text: str = "") -> None:
        self._inner.report(self._offset + done, self._total, text)

    def check(self) -> None:
        self._inner.check()


class _ZipWriter:
    """Streams members and attachments into a new zip file, hashing as it goes."""

    def __init__(
        self,
        tmp: Path,
        fields: dict[str, Any],
        key: bytes | None,
        kdf: KdfParams | None,
        progress: _Phase,
    ) -> None:
        self.tmp, self.fields, self.key, self.kdf, self.progress = tmp, fields, key, kdf, progress
        self.signing_key = None  # Ed25519 key: manifest.sig is written when set
        self.before_attachments: Callable[[], Any] | None = None  # checks, members written
        self.before_manifest: Callable[[], Any] | None = None  # checks, everything written
        self.plain: dict[str, MemberInfo] = {}
        self.stored: dict[str, MemberInfo] = {}
        self.done = 0
        created = datetime.fromisoformat(fields["created_at"]).astimezone(UTC)
        self.date_time = created.timetuple()[:6]

    def _info(self, name: str, compressed: bool) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, self.date_time)
        info.compress_type = zipfile.ZIP_DEFLATED if compressed else zipfile.ZIP_STORED
        info.external_attr = 0o600 << 16
        return info

    def write(
        self, members: Mapping[str, bytes], attachments: Mapping[str, Path | str]
    ) -> Manifest:
        with open(self.tmp, "wb", buffering=READ_SIZE) as raw:
            with zipfile.ZipFile(raw, "w", allowZip64=True) as zf:
                pending = isinstance(members, PendingMembers)
                copied = False
                for name in sorted(members):
                    if pending and not copied and members.attachments_listed.is_set():
                        copied = self._write_attachments(zf, attachments)  # while the last
                    if pending:  # members are made (the zip holds them in any order)
                        self._write_pieces(zf, name, members.pieces(name))
                    else:
                        self._write_data(zf, name, members[name])
                if not copied:
                    self._write_attachments(zf, attachments)
                if self.before_manifest is not None:
                    self.before_manifest()
                manifest = self._write_manifest(zf)
            raw.flush()
            os.fsync(raw.fileno())
            if hasattr(os, "posix_fadvise"):  # make the read-back hit the device, not the cache
                with contextlib.suppress(OSError):
                    os.posix_fadvise(raw.fileno(), 0, 0, os.POSIX_FADV_DONTNEED)
        return manifest

    def _write_attachments(
        self, zf: zipfile.ZipFile, attachments: Mapping[str, Path | str]
    ) -> bool:
        if self.before_attachments is not None:
            self.before_attachments()
        for sha in sorted(attachments):
            self._write_attachment(zf, sha, Path(attachments[sha]))
        return True

    def _write_data(self, zf: zipfile.ZipFile, name: str, data: bytes) -> None:
        self.progress.check()
        self.plain[name] = MemberInfo(hashlib.sha256(data).hexdigest(), len(data))
        if self.key is None:  # the stored bytes are the plain ones (hashed once)
            zf.writestr(self._info(name, True), data, compresslevel=DATA_COMPRESS_LEVEL)
            self.stored[name] = self.plain[name]
        else:
            stored = b"".join(
                encrypt_stream(self.key, self.fields["export_id"], name, [data], compress=True)
            )  # compressed at DATA_COMPRESS_LEVEL inside the encrypted stream
            zf.writestr(self._info(name, False), stored)
            self.stored[name] = MemberInfo(hashlib.sha256(stored).hexdigest(), len(stored))
        self.done += len(data)
        self.progress.report(self.done, None, "Writing bundle")

    def _write_pieces(self, zf: zipfile.ZipFile, name: str, pieces: Iterator[bytes]) -> None:
        """A data member given in pieces (as they are made): the same entry and checks as
        :meth:`_write_data`, the pieces compressed and hashed as they come."""
        plain, size = hashlib.sha256(), 0

        def counted() -> Iterator[bytes]:
            nonlocal size
            for piece in pieces:
                self.progress.check()
                plain.update(piece)
                size += len(piece)
                yield piece

        if self.key is None:
            info = self._info(name, True)
            info._compresslevel = DATA_COMPRESS_LEVEL  # what writestr(compresslevel=) sets
            with zf.open(info, "w", force_zip64=True) as out:  # size unknown up front
                for piece in counted():
                    out.write(piece)
            self.plain[name] = self.stored[name] = MemberInfo(plain.hexdigest(), size)
        else:
            stored = b"".join(
                encrypt_stream(self.key, self.fields["export_id"], name, counted(), compress=True)
            )
            zf.writestr(self._info(name, False), stored)
            self.plain[name] = MemberInfo(plain.hexdigest(), size)
            self.stored[name] = MemberInfo(hashlib.sha256(stored).hexdigest(), len(stored))
        self.done += size

    def _write_attachment(self, zf: zipfile.ZipFile, sha: str, source: Path) -> None:
        name = attachment_member_name(sha)
        plain_digest, stored_digest = hashlib.sha256(), hashlib.sha256()
        plain_size = stored_size = 0
        with _reading(source) as src:
            sample = src.read(16 * 1024)
            src.seek(0)
            compress = bool(sample) and len(zlib.compress(sample, 1)) < 0.9 * len(sample)
            size = os.fstat(src.fileno()).st_size

            def plain_pieces() -> Iterator[bytes]:
                nonlocal plain_size
                while piece := src.read(READ_SIZE):
                    self.progress.check()
                    plain_digest.update(piece)
                    plain_size += len(piece)
                    self.done += len(piece)
                    self.progress.report(self.done, None, "Writing bundle")
                    yield piece

            if self.key is None:
                info, pieces = self._info(name, compress), plain_pieces()
            else:
                pieces = encrypt_stream(
                    self.key, self.fields["export_id"], name, plain_pieces(), compress=compress
                )
                info = self._info(name, False)
            with zf.open(info, "w", force_zip64=size > _ZIP64_THRESHOLD) as out:
                for piece in pieces:
                    if self.key is not None:  # else the plain bytes, hashed already
                        stored_digest.update(piece)
                    stored_size += len(piece)
                    out.write(piece)
        if plain_digest.hexdigest() != sha:
            raise BundleError(
                f"attachment file {source} does not match its SHA-256 (changed "
                "since it was added?)",
                kind=BundleProblem.BAD_INPUT,
            )
        self.plain[name] = MemberInfo(sha, plain_size)
        stored_sha = stored_digest.hexdigest() if self.key is not None else sha
        self.stored[name] = MemberInfo(stored_sha, stored_size)

    def _write_manifest(self, zf: zipfile.ZipFile) -> Manifest:
        manifest = Manifest(
            format_version=BUNDLE_FORMAT_VERSION,
            encrypted=self.key is not None,
            kdf=self.kdf,
            members=dict(self.plain),
            **self.fields,
        )
        if self.key is None:
            self._write_signed(zf, manifest.to_json())
            return manifest
        sealed = b"".join(
            encrypt_stream(
                self.key,
                manifest.export_id,
                PRIVATE_MANIFEST_NAME,
                [manifest.to_json()],
                compress=True,
            )
        )
        zf.writestr(self._info(PRIVATE_MANIFEST_NAME, False), sealed)
        self.stored[PRIVATE_MANIFEST_NAME] = MemberInfo(
            hashlib.sha256(sealed).hexdigest(), len(sealed)
        )
        full = replace(manifest, stored=dict(self.stored))
        self._write_signed(zf, full.envelope().to_json())
        return full

    def _write_signed(self, zf: zipfile.ZipFile, manifest_bytes: bytes) -> None:
        """manifest.json, and its signature when the engineer has a key."""
        zf.writestr(self._info(MANIFEST_NAME, True), manifest_bytes)
        if self.signing_key is not None:
            zf.writestr(self._info(SIGNATURE_NAME, True), sign(self.signing_key, manifest_bytes))


@contextlib.contextmanager
def _reading(source: Path) -> Iterator[Any]:
    try:
        f = open(source, "rb")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise BundleError(
            f"attachment file {source} cannot be read ({exc.strerror or exc})",
            kind=BundleProblem.BAD_INPUT,
        ) from None
    with f:
        yield f


def _file_size(source: Path | str, bundle: Path) -> int:
    try:
        return Path(source).stat().st_size
    except OSError as exc:
        raise BundleError(
            f"attachment file {source} cannot be read ({exc.strerror or exc})",
            file=bundle,
            kind=BundleProblem.BAD_INPUT,
        ) from None


def _manifest_fields(given: Mapping[str, Any]) -> dict[str, Any]:
    """Validate caller fields (programming errors -> ValueError) and fill export_id/created_at."""
    unknown = set(given) - set(CALLER_FIELDS) - {"export_id", "created_at"}
    missing = set(CALLER_FIELDS) - set(given)
    if unknown or missing:
        raise ValueError(f"manifest fields: unknown {sorted(unknown)}, missing {sorted(missing)}")
    fields = dict(given)
    fields.setdefault("export_id", uuid.uuid4().hex)
    fields.setdefault(
        "created_at", datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    )
    if type(fields["schema_version"]) is not int:
        raise ValueError("schema_version must be an int")
    for name in (*CALLER_FIELDS[1:], "export_id", "created_at"):
        if not isinstance(fields[name], str):
            raise ValueError(f"manifest field {name} must be a str")
    if not fields["project_id"] or not fields["export_id"]:
        raise ValueError("project_id and export_id must not be empty")
    created = datetime.fromisoformat(fields["created_at"])
    if created.utcoffset() is None:
        raise ValueError("created_at must carry a time zone (UTC)")
    return fields


def _check_inputs(members: Mapping[str, bytes], attachments: Mapping[str, Path | str]) -> None:
    for name in members:
        reason = unsafe_name_reason(name)
        if reason or name in RESERVED_NAMES or name.startswith(ATTACHMENT_PREFIX):
            raise ValueError(f"member name {name!r} is not allowed ({reason or 'reserved'})")
        if not isinstance(members[name], bytes | bytearray | memoryview):
            raise ValueError(f"member {name!r} must be bytes")
    for sha in attachments:
        if not is_sha256_hex(sha):
            raise ValueError(f"attachment key {sha!r} is not a lowercase SHA-256 hex digest")


def _fsync_dir(folder: Path) -> None:
    """Persist the rename (POSIX); some file systems refuse directory fsync, which is fine."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _remove(tmp: Path) -> None:
    with contextlib.suppress(OSError):
        tmp.unlink()

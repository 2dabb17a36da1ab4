"""Opening a bundle: structure checks, then members that are verified as they are read.

Every byte handed to the caller has been checked against the manifest: the stored bytes'
SHA-256 and size (plain and encrypted bundles), and for encrypted bundles the AES-GCM tag of
every chunk plus the plaintext SHA-256 and size from the encrypted manifest. Any zip-level
failure (truncation, CRC error, odd headers) becomes a one-line :class:`BundleError`.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import struct
import threading
import zipfile
import zlib
from collections.abc import Iterator
from concurrent.futures import Future
from pathlib import Path

from hmfield.core.progress import NULL_PROGRESS, Progress
from hmfield.core.sync.bundle.crypto import DecryptError, decrypt_stream
from hmfield.core.sync.bundle.errors import BundleError, BundleProblem
from hmfield.core.sync.bundle.manifest import Manifest, MemberInfo
from hmfield.core.sync.bundle.safety import Limits, attachment_member_name

READ_SIZE = 1024 * 1024

# What zipfile and zlib raise on damaged input (truncation, bit flips, crafted headers).
ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    EOFError,
    zlib.error,
    struct.error,
    OSError,
    ValueError,
    NotImplementedError,
    RuntimeError,
    OverflowError,
    IndexError,
    KeyError,
    UnicodeError,
)


def _describe(exc: BaseException) -> tuple[str, BundleProblem]:
    if isinstance(exc, EOFError):
        return "is cut short (the file is truncated or damaged)", BundleProblem.DAMAGED
    if isinstance(exc, NotImplementedError):
        return f"uses a zip feature hmfield does not read ({_short(exc)})", BundleProblem.DAMAGED
    real_io = isinstance(exc, OSError) and not isinstance(exc, zipfile.BadZipFile)
    if real_io and exc.errno not in (None, errno.EINVAL) and exc.strerror:
        return f"cannot be read ({exc.strerror})", BundleProblem.DAMAGED
    if "File name in directory" in str(exc):
        return "is damaged (its header does not match the zip directory)", BundleProblem.DAMAGED
    return f"is damaged ({_short(exc)})", BundleProblem.DAMAGED


def _short(exc: BaseException, limit: int = 100) -> str:
    """A single short line from an exception (zip messages can embed raw bytes)."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"


@contextlib.contextmanager
def zip_errors(file: Path | str, member: str | None = None) -> Iterator[None]:
    """Turn zipfile/zlib failures into a BundleError naming the file and member."""
    try:
        yield
    except BundleError:
        raise
    except ZIP_ERRORS as exc:
        reason, kind = _describe(exc)
        raise BundleError(reason, file=file, member=member, kind=kind) from None


class OpenedBundle:
    """An open, structurally checked bundle. Use as a context manager (it holds the file)."""

    def __init__(
        self,
        path: Path,
        zf: zipfile.ZipFile,
        manifest: Manifest,
        key: bytes | None,
        limits: Limits,
        display: Path | None = None,
    ) -> None:
        self.path = path
        self.display = display or path  # the name used in messages
        self.manifest = manifest
        self.limits = limits
        self._zip = zf
        self._key = key
        self._infos = {info.filename: info for info in zf.infolist()}
        self.signature = None  # signature.Signature of a signed bundle (set by the opener)

    def __enter__(self) -> OpenedBundle:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._zip.close()

    @property
    def project_id(self) -> str:
        return self.manifest.project_id

    @property
    def can_decrypt(self) -> bool:
        return not self.manifest.encrypted or self._key is not None

    def member(self, name: str) -> bytes:
        """The verified bytes of data member ``name``."""
        if not self.manifest.encrypted and name in self.manifest.members:
            return self._stored_whole(name)
        return b"".join(self.member_chunks(name))

    def member_chunks(self, name: str) -> Iterator[bytes]:
        """Stream member ``name``. Chunks are authenticated as they come (encrypted bundles),
        but the final SHA-256 check happens at the end: only trust the data once the
        iterator is exhausted without error."""
        info = self.manifest.members.get(name)
        if info is None:
            raise BundleError("is not in this bundle", file=self.display, member=name)
        if not self.manifest.encrypted:
            yield from self._stored_chunks(name)
            return
        if self._key is None:
            raise BundleError(
                "is encrypted: enter its passphrase",
                file=self.display,
                kind=BundleProblem.PASSPHRASE_NEEDED,
            )
        digest, count = hashlib.sha256(), 0
        try:
            for piece in decrypt_stream(
                self._key,
                self.manifest.export_id,
                name,
                self._stored_chunks(name),
                max_size=info.size,
            ):
                digest.update(piece)
                count += len(piece)
                yield piece
        except DecryptError as exc:
            raise BundleError(str(exc), file=self.display, member=name) from None
        if count != info.size or digest.hexdigest() != info.sha256:
            raise BundleError(
                "does not match its SHA-256 in the manifest", file=self.display, member=name
            )

    def attachment_chunks(self, sha256_hex: str) -> Iterator[bytes]:
        """Stream an attachment (same caveat as :meth:`member_chunks`)."""
        return self.member_chunks(attachment_member_name(sha256_hex))

    def extract_attachment(self, sha256_hex: str, dest: Path | str) -> Path:
        """Copy an attachment to ``dest`` via a temporary file, renamed only once verified."""
        dest = Path(dest)
        tmp = dest.with_name(f".{dest.name}.partial")
        try:
            with open(tmp, "wb") as out:
                for piece in self.attachment_chunks(sha256_hex):
                    out.write(piece)
            os.replace(tmp, dest)
        except BaseException:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise
        return dest

    def verify_all(self, progress: Progress = NULL_PROGRESS, *, stored_only: bool = False) -> None:
        """Read every member through the checks; raise the first problem found."""
        for problem in self.iter_problems(progress, stored_only=stored_only):
            raise problem

    def iter_problems(
        self, progress: Progress = NULL_PROGRESS, *, stored_only: bool = False
    ) -> Iterator[BundleError]:
        """Verify every member, yielding a BundleError per damaged member (used by inspect)."""
        if stored_only or not self.can_decrypt:
            names = [n for n in self._listed_stored() if n in self._infos]
            reader = self._stored_chunks
            sizes = self._listed_stored()
        else:
            names = [n for n in sorted(self.manifest.members) if n in self._infos]
            reader = self.member_chunks
            sizes = self.manifest.members
        total = sum(sizes[n].size for n in names)
        done = 0
        for name in names:
            try:
                for piece in reader(name):
                    done += len(piece)
                    progress.report(done, total, "Verifying bundle")
                    progress.check()
            except BundleError as exc:
                yield exc

    def _listed_stored(self) -> dict[str, MemberInfo]:
        return self.manifest.stored if self.manifest.encrypted else self.manifest.members

    def _stored_chunks(self, name: str) -> Iterator[bytes]:
        """The bytes of zip member ``name`` as stored, checked against the manifest."""
        expected = self._listed_stored().get(name)
        info = self._infos.get(name)
        if expected is None or info is None:
            raise BundleError("is missing", file=self.display, member=name)
        digest, count = hashlib.sha256(), 0
        with zip_errors(self.display, name), self._zip.open(info) as stream:
            while True:
                piece = stream.read(READ_SIZE)
                if not piece:
                    break
                count += len(piece)
                if count > expected.size:
                    raise BundleError(
                        "holds more bytes than the manifest says (zip bomb?)",
                        file=self.display,
                        member=name,
                        kind=BundleProblem.TOO_LARGE,
                    )
                digest.update(piece)
                yield piece
        if count != expected.size or digest.hexdigest() != expected.sha256:
            raise BundleError(
                "does not match its SHA-256 in the manifest (damaged or altered)",
                file=self.display,
                member=name,
            )

    def _stored_whole(self, name: str) -> bytes:
        """:meth:`_stored_chunks` joined, read in one call: zipfile then inflates, checks the
        CRC and hashes the member in a few long calls that release the GIL (another thread
        parsing is not held up at every piece). The same checks; the output is bounded by
        the manifest's size (a zip bomb yields one byte more, and is refused)."""
        expected = self._listed_stored().get(name)
        info = self._infos.get(name)
        if expected is None or info is None:
            raise BundleError("is missing", file=self.display, member=name)
        with zip_errors(self.display, name), self._zip.open(info) as stream:
            data = stream.read(expected.size + 1)  # short only at the end (CRC checked)
        if len(data) > expected.size:
            raise BundleError(
                "holds more bytes than the manifest says (zip bomb?)",
                file=self.display,
                member=name,
                kind=BundleProblem.TOO_LARGE,
            )
        if len(data) != expected.size or hashlib.sha256(data).hexdigest() != expected.sha256:
            raise BundleError(
                "does not match its SHA-256 in the manifest (damaged or altered)",
                file=self.display,
                member=name,
            )
        return data


class ReadAhead:
    """Reads, and so verifies, members of ``opened`` in a thread while the caller parses
    the ones read already (zlib, SHA-256, AES-GCM and file reads release the GIL, the JSON
    parse does not), and reads back every attachment in another. The caller takes the
    members in the order given (``member``), waits for the attachments
    (``attachments_checked``) and closes it (``close``, also after a failure: the threads
    stop before the bundle closes). A failure is raised where the caller takes that member,
    as reading it in place would."""

    AHEAD_BYTES = 256 * 2**20  # members read but not yet taken (one at least, whatever size)

    def __init__(self, opened: OpenedBundle, names: list[str], attachments: list[str]) -> None:
        self.opened, self.names, self.attachments = opened, names, attachments
        self._futures: dict[str, Future] = {name: Future() for name in names}
        self._checked: Future = Future()
        self._held = 0  # bytes read and not taken
        self._room = threading.Condition()
        self._stop = threading.Event()
        self._threads = [
            threading.Thread(target=self._run, name="bundle-read", daemon=True),
            threading.Thread(target=self._check_attachments, name="bundle-read", daemon=True),
        ]
        for thread in self._threads:
            thread.start()

    def _size(self, name: str) -> int:
        info = self.opened.manifest.members.get(name)
        return info.size if info is not None else 0

    def _wait_for_room(self, size: int) -> bool:
        """Wait until ``size`` more bytes may be held; False when stopped meanwhile."""
        with self._room:
            while self._held and self._held + size > self.AHEAD_BYTES:
                if self._stop.is_set():
                    return False
                self._room.wait(timeout=0.1)
            self._held += size
        return not self._stop.is_set()

    def _run(self) -> None:
        failed: BaseException | None = None
        for name in self.names:
            future = self._futures[name]
            if self._stop.is_set():
                return
            if failed is None:
                if not self._wait_for_room(self._size(name)):
                    return
                try:
                    future.set_result(self.opened.member(name))
                except BaseException as exc:  # noqa: BLE001 - handed to the caller
                    failed = exc
            if failed is not None:
                future.set_exception(failed)

    def _check_attachments(self) -> None:
        try:
            for sha in self.attachments:
                for _chunk in self.opened.attachment_chunks(sha):
                    if self._stop.is_set():
                        return
            self._checked.set_result(None)
        except BaseException as exc:  # noqa: BLE001 - handed to the caller
            self._checked.set_exception(exc)

    def member(self, name: str) -> bytes:
        data = self._futures[name].result()
        with self._room:
            self._held -= self._size(name)
            self._room.notify_all()
        return data

    def attachments_checked(self) -> None:
        self._checked.result()

    def close(self) -> None:
        self._stop.set()
        with self._room:
            self._room.notify_all()
        for thread in self._threads:
            thread.join()

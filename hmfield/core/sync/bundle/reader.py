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


class ReadAhead:
    """Reads, and so verifies, members of ``opened`` in a thread while the caller parses
    the ones read already (zlib, SHA-256, AES-GCM and file reads release the GIL, the JSON
    parse does not), then reads back every attachment. The caller takes the members in the
    order given (``member``), waits for the attachments (``attachments_checked``) and
    closes it (``close``, also after a failure: the thread stops before the bundle closes).
    A failure is raised where the caller takes that member, as reading it in place would."""

    AHEAD = 3  # members read but not yet taken

    def __init__(self, opened: OpenedBundle, names: list[str], attachments: list[str]) -> None:
        self.opened, self.names, self.attachments = opened, names, attachments
        self._futures: dict[str, Future] = {name: Future() for name in names}
        self._checked: Future = Future()
        self._room = threading.Semaphore(self.AHEAD)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="bundle-read", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        failed: BaseException | None = None
        for name in self.names:
            future = self._futures[name]
            if self._stop.is_set():
                return
            if failed is None:
                while not self._room.acquire(timeout=0.1):
                    if self._stop.is_set():
                        return
                try:
                    future.set_result(self.opened.member(name))
                except BaseException as exc:  # noqa: BLE001 - handed to the caller
                    failed = exc
            if failed is not None:
                future.set_exception(failed)
        try:
            if failed is not None:
                raise failed
            for sha in self.attachments:
                for _chunk in self.opened.attachment_chunks(sha):
                    if self._stop.is_set():
                        return
            self._checked.set_result(None)
        except BaseException as exc:  # noqa: BLE001 - handed to the caller
            self._checked.set_exception(exc)

    def member(self, name: str) -> bytes:
        data = self._futures[name].result()
        self._room.release()
        return data

    def attachments_checked(self) -> None:
        self._checked.result()

    def close(self) -> None:
        self._stop.set()
        self._thread.join()

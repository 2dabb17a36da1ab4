"""The archive of a delivery: one folder (or zip) with every final report, the final bundle,
the evidence files and ``manifest.json`` naming each file with its SHA-256 (plus
``SHA256SUMS`` for ``sha256sum -c``). Afterwards the project is read-only: every
``ctx.write()`` refuses until :meth:`ArchiveService.reopen`, which is audited.

What goes in besides the evidence is given by the caller as :class:`ArchiveItem`s (the
reports and the bundle are written by packages above this one; see
``core/reports/archive_set.py``). A report that cannot be written (a wave never drilled) is
listed in the manifest as skipped with the reason, so the archive says what is missing.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlmodel import Session, select

from hmfield import __version__
from hmfield.core.checklists.evidence import EvidenceService, safe_file_name
from hmfield.core.context import ServiceContext
from hmfield.core.errors import Cancelled, HmError
from hmfield.core.fileutil import usual_mode
from hmfield.core.model.archive import ProjectArchive
from hmfield.core.model.base import to_jsonable
from hmfield.core.model.checklist import Attachment
from hmfield.core.model.project import Project
from hmfield.core.progress import NULL_PROGRESS, Progress

MANIFEST = "manifest.json"
SUMS = "SHA256SUMS"


@dataclass(frozen=True)
class ArchiveItem:
    name: str  # path inside the archive, with "/" (reports/stability-W01.pdf)
    write: Callable[[Path], Any]  # writes the file at the path it is given
    required: bool = False  # a failure aborts the archive instead of being listed


@dataclass(frozen=True)
class ArchivedFile:
    name: str
    sha256: str
    size: int


@dataclass(frozen=True)
class ArchiveResult:
    location: Path
    files: list[ArchivedFile]
    skipped: list[tuple[str, str]]  # (name, reason)
    manifest_sha256: str
    record: ProjectArchive


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def current_archive(s: Session) -> ProjectArchive | None:
    return s.exec(
        select(ProjectArchive)
        .where(ProjectArchive.reopened_at == None, ProjectArchive.deleted == False)  # noqa: E711, E712
        .order_by(ProjectArchive.archived_at.desc())
    ).first()


def read_manifest(location: Path) -> dict:
    """The manifest of an archive folder or zip (for checks and the CLI)."""
    location = Path(location)
    if location.suffix.lower() == ".zip":
        with zipfile.ZipFile(location) as zf:
            return json.loads(zf.read(MANIFEST).decode("utf-8"))
    return json.loads((location / MANIFEST).read_text(encoding="utf-8"))


class ArchiveService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def state(self) -> ProjectArchive | None:
        """The standing archive (the project is read-only), else None."""
        with self.ctx.read() as s:
            return current_archive(s)

    def history(self) -> list[ProjectArchive]:
        with self.ctx.read() as s:
            rows = s.exec(select(ProjectArchive).where(ProjectArchive.deleted == False))  # noqa: E712
            return sorted(rows, key=lambda a: a.archived_at or a.created_at)

    def evidence_items(self) -> list[ArchiveItem]:
        """Every evidence file of the project, under ``evidence/`` with unique names."""
        with self.ctx.read() as s:
            rows = list(
                s.exec(
                    select(Attachment)
                    .where(Attachment.deleted == False)  # noqa: E712
                    .order_by(Attachment.created_at)
                )
            )
        evidence = EvidenceService(self.ctx)
        seen: set[str] = set()
        items = []
        for att in rows:
            name = safe_file_name(att.file_name)
            if name.casefold() in seen:
                name = f"{att.sha256[:8]}-{name}"
            seen.add(name.casefold())

            def write(path: Path, att_id: str = att.id) -> None:
                path.write_bytes(evidence.attachment_data(att_id)[1])

            items.append(ArchiveItem(f"evidence/{name}", write, required=True))
        return items

    def archive(
        self,
        out: str | os.PathLike[str],
        items: Sequence[ArchiveItem],
        *,
        accepted: bool | None = None,
        progress: Progress = NULL_PROGRESS,
    ) -> ArchiveResult:
        """Write the archive to ``out`` (a new folder, or a zip when it ends in .zip), then
        mark the project archived. Nothing is marked when writing fails or is cancelled."""
        target = Path(out)
        as_zip = target.suffix.lower() == ".zip"
        if self.state() is not None:
            raise HmError("the project is archived already; reopen it before archiving again")
        if self.ctx.store.readonly:
            raise HmError(f"{self.ctx.store.path.name} is open read-only; nothing was archived")
        if target.exists() and (as_zip or any(target.iterdir())):
            raise HmError(f"{target} exists already; choose a new folder or zip name")
        parent = target.parent
        if not parent.is_dir():
            raise HmError(f"{parent}: no such folder")
        all_items = [*items, *self.evidence_items()]
        _unique_names(all_items)
        work = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=parent))
        try:
            _usual_dir_mode(work)
            files, skipped = _write_items(work, all_items, progress)
            manifest = self._manifest(files, skipped, accepted)
            text = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True)
            (work / MANIFEST).write_text(text + "\n", encoding="utf-8")
            sums = "".join(f"{f.sha256}  {f.name}\n" for f in files)
            (work / SUMS).write_text(sums, encoding="utf-8")
            manifest_sha = sha256_of(work / MANIFEST)
            if as_zip:
                _zip_folder(work, target)
            else:
                if target.exists():
                    target.rmdir()
                os.replace(work, target)
        except OSError as exc:
            raise HmError(f"cannot write the archive {target}: {exc.strerror or exc}") from None
        finally:
            if work.exists():
                shutil.rmtree(work, ignore_errors=True)
        with self.ctx.write() as uow:
            record = uow.rec.create(
                ProjectArchive(
                    archived_at=uow.rec.now,
                    archived_by=self.ctx.actor.name,
                    location=str(target),
                    files=len(files),
                    manifest_sha256=manifest_sha,
                )
            )
        return ArchiveResult(target, files, skipped, manifest_sha, record)

    def reopen(self, reason: str) -> ProjectArchive:
        """Make an archived project writable again; the reason and who did it are audited."""
        reason = (reason or "").strip()
        if not reason:
            raise HmError("reopening an archived project needs a reason")
        with self.ctx.write(archived_ok=True) as uow:
            record = current_archive(uow.session)
            if record is None:
                raise HmError("the project is not archived; nothing to reopen")
            uow.rec.update(
                record,
                {
                    "reopened_at": uow.rec.now,
                    "reopened_by": self.ctx.actor.name,
                    "reopen_reason": reason,
                },
            )
            return record

    def _manifest(self, files, skipped, accepted: bool | None) -> dict:
        with self.ctx.read() as s:
            project = s.get(Project, self.ctx.store.project_id)
        return {
            "format": "hmfield-archive",
            "version": 1,
            "app_version": __version__,
            "project_id": project.id if project else "",
            "project_name": project.name if project else "",
            "customer": project.customer if project else "",
            "archived_at": to_jsonable(self.ctx.clock.now()),
            "archived_by": self.ctx.actor.name,
            "device_id": self.ctx.actor.device_id,
            "project_accepted": accepted,
            "files": [{"path": f.name, "sha256": f.sha256, "bytes": f.size} for f in files],
            "skipped": [{"path": n, "reason": r} for n, r in skipped],
        }


def _unique_names(items: Sequence[ArchiveItem]) -> None:
    seen: set[str] = set()
    for item in items:
        key = item.name.casefold()
        if key in seen or item.name in (MANIFEST, SUMS) or item.name.startswith("/"):
            raise HmError(f"the archive cannot hold two files named {item.name}")
        seen.add(key)


def _write_items(work: Path, items: Sequence[ArchiveItem], progress: Progress):
    files: list[ArchivedFile] = []
    skipped: list[tuple[str, str]] = []
    for n, item in enumerate(items, 1):
        progress.check()
        progress.report(n - 1, len(items), item.name)
        path = work / item.name
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            item.write(path)
        except Cancelled:
            raise
        except HmError as exc:
            if item.required:
                raise HmError(f"{item.name}: {exc}") from None
            with contextlib.suppress(OSError):
                path.unlink()
            skipped.append((item.name, str(exc)))
            continue
        if not path.is_file():
            skipped.append((item.name, "nothing was written"))
            continue
        files.append(ArchivedFile(item.name, sha256_of(path), path.stat().st_size))
    progress.report(len(items), len(items), "")
    return files, skipped


def _zip_folder(work: Path, target: Path) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=".zip", dir=target.parent)
    os.close(fd)
    usual_mode(tmp)
    try:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for path in sorted(work.rglob("*")):
                if path.is_file():
                    zf.write(path, path.relative_to(work).as_posix())
        os.replace(tmp, target)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def _usual_dir_mode(path: Path) -> None:
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(path, 0o777 & ~umask)

"""Evidence files attached to checklist items and host tasks, stored in the project by hash.

The bytes go into ``attachment_blob`` once per distinct content (the same screenshot attached
to three items is stored once); each attachment is an audited record naming the owner, the
file name and the hash. Reading verifies the hash, so a damaged blob is reported, not
silently handed out.
"""

from __future__ import annotations

import contextlib
import hashlib
import mimetypes
import os
import re
import tempfile
from pathlib import Path

from sqlalchemy import insert
from sqlmodel import select

from hmfield.core.checklists import ChecklistTemplates
from hmfield.core.checklists.item_records import require_item, shipped_templates
from hmfield.core.context import ServiceContext
from hmfield.core.errors import HmError
from hmfield.core.fileutil import usual_mode
from hmfield.core.model.checklist import Attachment, AttachmentBlob, ChecklistItem, HostTask

MAX_BYTES = 100 * 1024 * 1024  # one evidence file; keeps the project file easy to copy
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def safe_file_name(name: str) -> str:
    """A file name that is safe on Windows and Linux (no folders, no reserved characters)."""
    base = _UNSAFE.sub("_", Path(name.replace("\\", "/")).name).strip(" .")
    return base or "evidence"


class EvidenceService:
    """Evidence of checklist items and host tasks: one public method per use case."""

    def __init__(self, ctx: ServiceContext, templates: ChecklistTemplates | None = None) -> None:
        self.ctx = ctx
        self.templates = templates or shipped_templates()

    def _owner(self, uow, owner_ref: str) -> tuple[str, str]:
        """(owner table, owner id): a host task id, a checklist item id or template id."""
        task = uow.session.get(HostTask, owner_ref)
        if task is not None and not task.deleted:
            return HostTask.__tablename__, task.id
        item = require_item(self.ctx, self.templates, uow, owner_ref)
        return ChecklistItem.__tablename__, item.id

    def attach(self, owner_ref: str, path: str | os.PathLike[str]) -> Attachment:
        """Copy a file into the project as evidence of ``owner_ref``."""
        source = Path(path)
        if not source.exists():
            raise HmError(f"{source}: no such file")
        if not source.is_file():
            raise HmError(f"{source}: not a file; attach files one by one")
        size = source.stat().st_size
        if size > MAX_BYTES:
            raise HmError(
                f"{source}: {size / 2**20:.0f} MiB is over the {MAX_BYTES // 2**20} MiB evidence "
                "limit; attach a smaller file or note where the full file is kept"
            )
        try:
            data = source.read_bytes()
        except OSError as exc:
            raise HmError(f"{source}: cannot be read ({exc.strerror or exc})") from None
        return self.attach_bytes(owner_ref, source.name, data)

    def attach_bytes(
        self, owner_ref: str, file_name: str, data: bytes, media_type: str | None = None
    ) -> Attachment:
        """Store bytes (e.g. a pasted screenshot) as evidence; the same content attached to
        the same owner again returns the existing attachment."""
        if len(data) > MAX_BYTES:
            raise HmError(f"{file_name}: over the {MAX_BYTES // 2**20} MiB evidence limit")
        name = safe_file_name(file_name)
        digest = hashlib.sha256(data).hexdigest()
        kind = media_type or mimetypes.guess_type(name)[0] or "application/octet-stream"
        with self.ctx.write() as uow:
            owner_type, owner_id = self._owner(uow, owner_ref)
            same = uow.session.exec(
                select(Attachment).where(
                    Attachment.owner_id == owner_id, Attachment.sha256 == digest
                )
            ).first()
            if same is not None:
                uow.rec.restore(same)
                return same
            if uow.session.get(AttachmentBlob, digest) is None:
                uow.session.execute(
                    insert(AttachmentBlob).values(sha256=digest, size=len(data), data=data)
                )
            att = Attachment(
                sha256=digest,
                file_name=name,
                size=len(data),
                media_type=kind,
                owner_type=owner_type,
                owner_id=owner_id,
            )
            uow.rec.create(att)
        return att

    def attachments(self, owner_ref: str) -> list[Attachment]:
        """Live attachments of an owner (a checklist item ref or a host task id), oldest first."""
        with self.ctx.read() as s:
            owner_id = owner_ref
            if s.get(HostTask, owner_ref) is None and s.get(ChecklistItem, owner_ref) is None:
                item = s.exec(
                    select(ChecklistItem).where(ChecklistItem.template_id == owner_ref)
                ).first()
                owner_id = item.id if item is not None else owner_ref
            stmt = (
                select(Attachment)
                .where(Attachment.owner_id == owner_id, Attachment.deleted == False)  # noqa: E712
                .order_by(Attachment.created_at)
            )
            return list(s.exec(stmt))

    def attachment_data(self, attachment_id: str) -> tuple[Attachment, bytes]:
        with self.ctx.read() as s:
            att = s.get(Attachment, attachment_id)
            if att is None or att.deleted:
                raise HmError(f"no attachment with id {attachment_id}")
            blob = s.get(AttachmentBlob, att.sha256)
        if blob is None:
            raise HmError(f"{att.file_name}: its content is missing from the project file")
        if hashlib.sha256(blob.data).hexdigest() != att.sha256:
            raise HmError(f"{att.file_name}: stored content is damaged (hash mismatch)")
        return att, blob.data

    def export_attachment(self, attachment_id: str, dest: str | os.PathLike[str]) -> Path:
        """Write an attachment to ``dest`` (a file path, or a folder to keep its name)."""
        att, data = self.attachment_data(attachment_id)
        target = Path(dest)
        if target.is_dir():
            target = target / safe_file_name(att.file_name)
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
            usual_mode(tmp)
        except OSError as exc:
            raise HmError(f"cannot write {target}: {exc.strerror or exc}") from None
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, target)
        except OSError as exc:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise HmError(f"cannot write {target}: {exc.strerror or exc}") from None
        return target

    def remove_attachment(self, attachment_id: str) -> None:
        """Tombstone the attachment (the bytes stay: other owners or an undo may need them)."""
        with self.ctx.write() as uow:
            att = uow.session.get(Attachment, attachment_id)
            if att is None:
                raise HmError(f"no attachment with id {attachment_id}")
            uow.rec.delete(att)

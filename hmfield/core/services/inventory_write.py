"""Writing many already-diffed host updates through the recorder.

Why not ``Recorder.bulk_update`` yet: as committed it builds ``values({...}, revision=...)``,
which SQLAlchemy refuses (positional and keyword values together), and it appends its audit
events before failing. Until the lead fixes it, updates go per record through
``uow.rec.update`` (audited the same way, ~3x slower for thousands of hosts). Switch
``USE_BULK`` to True once ``Recorder.bulk_update`` works.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from hmfield.core.services.context import UnitOfWork

USE_BULK = True


def update_many(
    uow: UnitOfWork, model: type, batch: Sequence[tuple[str, dict[str, tuple]]]
) -> None:
    """``batch``: (record id, {field: (old, new)}) pairs; one audit event per changed field."""
    batch = [(rid, fields) for rid, fields in batch if fields]
    if not batch:
        return
    if USE_BULK:
        uow.rec.bulk_update(model, batch)
        return
    wanted = dict(batch)
    ids = list(wanted)
    for start in range(0, len(ids), 900):  # SQLite's bound-parameter limit
        chunk = ids[start : start + 900]
        for obj in uow.session.scalars(select(model).where(model.id.in_(chunk))):
            uow.rec.update(obj, {name: new for name, (_old, new) in wanted[obj.id].items()})
    uow.session.flush()

"""Writing many already-diffed host updates through the recorder in one bulk statement."""

from __future__ import annotations

from collections.abc import Sequence

from hmfield.core.context import UnitOfWork


def update_many(
    uow: UnitOfWork, model: type, batch: Sequence[tuple[str, dict[str, tuple]]]
) -> None:
    """``batch``: (record id, {field: (old, new)}) pairs; one audit event per changed field."""
    batch = [(rid, fields) for rid, fields in batch if fields]
    if not batch:
        return
    uow.rec.bulk_update(model, batch)

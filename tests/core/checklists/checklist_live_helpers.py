"""Helpers shared by the live checklist tests (imported by name: unique in the tree)."""

from __future__ import annotations

from hmfield.core.model.inventory import Host
from hmfield.core.model.plan import Wave


def add_hosts(ctx, modes: list[str | None], wave_names: tuple[str, ...] = ()) -> list[str]:
    """Create hosts with the given migration modes (and waves, assigned round robin)."""
    with ctx.write() as uow:
        waves = [uow.rec.create(Wave(name=name, order=n)) for n, name in enumerate(wave_names)]
        ids = []
        for n, mode in enumerate(modes):
            wave_id = waves[n % len(waves)].id if waves else None
            host = Host(name=f"host-{n:03d}", migration_mode=mode, ips=[f"10.0.0.{n + 1}"])
            host.wave_id = wave_id
            ids.append(uow.rec.create(host).id)
    return ids

"""Fixtures for the assessment tests: hosts written the way the inventory writes them."""

from __future__ import annotations

import pytest
from sqlalchemy import insert

from hmfield.core.assess.verdicts import reassess_hosts
from hmfield.core.model.base import new_id
from hmfield.core.model.inventory import Disk, Host, Nic, Partition
from hmfield.core.model.records import HostRecord

_SKIP = {"disks", "partitions", "nics", "source_file", "sheet", "row", "host_id",
         "is_srm_placeholder", "business_system"}  # fmt: skip


def write_hosts(
    ctx, records: list[HostRecord], *, assess: bool = True, audit: bool = True
) -> list[str]:
    """Store ``records`` (with disks, partitions, NICs) in one transaction; return host ids.
    ``audit=False`` inserts with plain Core (set-up for big tests only: 10x faster)."""
    host_cols = set(Host.model_fields)
    hosts, disks, parts, nics, ids = [], [], [], [], []
    for rec in records:
        hid = new_id()
        ids.append(hid)
        row = {k: v for k, v in vars(rec).items() if k not in _SKIP and k in host_cols}
        row["id"] = hid
        row["notes"] = row.get("notes") or ""
        hosts.append(row)
        disks += [{**vars(d), "host_id": hid} for d in rec.disks]
        parts += [{**vars(p), "host_id": hid} for p in rec.partitions]
        nics += [{**vars(n), "host_id": hid} for n in rec.nics]
    with ctx.write() as uow:
        for model, rows in ((Host, hosts), (Disk, disks), (Partition, parts), (Nic, nics)):
            if not audit and rows:
                stamp = {"updated_at": uow.rec.now, "created_at": uow.rec.now}
                uow.session.execute(insert(model), [{**r, **stamp} for r in rows])
            else:
                uow.rec.bulk_create(model, rows)
        if assess:
            reassess_hosts(uow, ids)
    return ids


@pytest.fixture
def add_hosts(ctx):
    return lambda records, **kw: write_hosts(ctx, records, **kw)

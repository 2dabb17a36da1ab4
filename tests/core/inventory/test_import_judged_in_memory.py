"""An import judges its new hosts from the rows it writes, not from the project (issue 19):
the engine hosts built from the written rows must be exactly what the project reads back,
and the stored verdicts exactly what re-judging the stored hosts gives."""

from pathlib import Path

import pytest
from sqlalchemy import select

from hmfield.core.assess import verdicts
from hmfield.core.assess.facts import as_dict, engine_hosts_from_rows, load_engine_hosts
from hmfield.core.inventory.formats.registry import parse_file
from hmfield.core.inventory.importing import ImportService
from hmfield.core.model.assess import HostVerdict
from hmfield.core.model.inventory import Disk, Host, Nic, Partition

FIXTURES = Path(__file__).parents[2] / "fixtures" / "rvtools"

# values whose stored form differs from the Python value given (column affinity, JSON)
HOST = {
    "name": "db01",
    "ips": ("10.0.0.1", "10.0.0.2"),  # a tuple: JSON reads back a list
    "cpu_cores": 8.0,  # a whole float into an Integer column: read back as 8
    "memory_mib": 16384,  # an int into a Float column: read back as 16384.0
    "os_version": 7,  # a number into a text column: read back as "7"
    "secure_boot": True,
    "cbt": None,
    "tags": (),  # an empty tuple: read back as []
    "extra": {"srm_placeholder": 0, "n": (1, 2), "中文": None},
}


def _plain(host) -> dict:
    out = as_dict(host)  # a loaded host is a named tuple, a host from rows a plain object
    for key in ("disks", "partitions", "nics"):
        out[key] = [as_dict(item) for item in out[key]]
    return out


def test_rows_as_written_are_what_the_project_reads_back(ctx):
    written = {Host: [], Disk: [], Partition: [], Nic: []}
    with ctx.write() as uow:
        (hid,) = uow.rec.bulk_create(Host, [HOST], written[Host])
        uow.rec.bulk_create(Disk, [{"host_id": hid, "name": "sda", "capacity_mib": 40960,
                                    "thin": 1}], written[Disk])  # fmt: skip
        uow.rec.bulk_create(Partition, [{"host_id": hid, "mount": "/", "free_pct": 12}],
                            written[Partition])  # fmt: skip
        uow.rec.bulk_create(Nic, [{"host_id": hid, "ips": ["10.0.0.1"]}], written[Nic])
        (memory,) = engine_hosts_from_rows(written.pop(Host), written)
        (stored,) = load_engine_hosts(uow.session, [hid])
    assert _plain(memory) == _plain(stored)
    assert memory.cpu_cores == 8 and type(memory.cpu_cores) is int
    assert type(memory.memory_mib) is float and memory.os_version == "7"
    assert memory.is_srm_placeholder is False and memory.disks[0].thin is True


def _verdict_rows(ctx) -> dict:
    with ctx.read() as s:
        rows = s.execute(select(HostVerdict.__table__)).mappings().all()
    return {r["host_id"]: {k: v for k, v in r.items() if k != "computed_at"} for r in rows}


@pytest.mark.parametrize(
    "fixture", ["rvtools-small-complete", "sizingworkshop-with-vnetwork", "kubev2v-example1"]
)
def test_verdicts_judged_in_memory_equal_verdicts_judged_from_the_project(ctx, fixture):
    svc = ImportService(ctx)
    result = svc.apply(svc.preview(FIXTURES / f"{fixture}.xlsx"), backup=False)
    assert result.created > 0
    imported = _verdict_rows(ctx)
    assert len(imported) == result.created
    with ctx.write() as uow:  # judge every stored host again, loaded from the project
        assert verdicts.reassess_hosts(uow, list(imported)) == len(imported)
    assert _verdict_rows(ctx) == imported
    assert result.verdicts.total == result.created


def test_new_hosts_are_never_read_back_to_be_judged(ctx, monkeypatch):
    loads: list = []
    real = verdicts.load_engine_hosts
    monkeypatch.setattr(
        verdicts, "load_engine_hosts", lambda s, ids=None: loads.append(ids) or real(s, ids)
    )
    svc = ImportService(ctx)
    inv = parse_file(FIXTURES / "rvtools-small-complete.xlsx")
    result = svc.apply(svc.preview_parsed(inv, judge=False), backup=False)
    assert result.created == 3 and result.verdicts.total == 3
    assert loads == []

"""Bundle export and import (merge) of a large project, beside the bare container doing the
same bytes in the same run.

Project: 10,000 hosts with 90,000 disks, partitions and NICs (100,000 records, 100,000 audit
events) and 50 MB of attachments (50 incompressible 1 MB blobs, when this build has a
content-addressed attachment table). Two copies diverge (edits on both sides, some on the same
hosts, new hosts on one side); we time exporting the colleague's copy and importing (preview +
merge) it into ours, then the bare ``write_bundle``/``read_bundle`` of the same members;
also (not in the ratio) the same bundle opened as a new project. The last line is the ratio
(export + import) / (bare write + bare read).

Run: .venv/bin/python bench/bundle.py
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="hmfield-bench-bundle-"))
os.environ["HMFIELD_DATA_DIR"] = str(WORK / "data")
os.environ["HMFIELD_CONFIG_DIR"] = str(WORK / "config")

from sqlalchemy import insert  # noqa: E402
from sqlmodel import select  # noqa: E402

from hmfield.core.clock import FixedClock  # noqa: E402
from hmfield.core.context import Actor  # noqa: E402
from hmfield.core.model.inventory import Disk, Host, Nic, Partition  # noqa: E402
from hmfield.core.project.service import NewProject, create_project, open_project  # noqa: E402
from hmfield.core.sync.bundle import read_bundle, write_bundle  # noqa: E402
from hmfield.core.sync.bundle.payload import build_payload, catalog  # noqa: E402
from hmfield.core.sync.projects import import_as_new_project  # noqa: E402
from hmfield.core.sync.service import SyncService, open_payload  # noqa: E402

HOSTS = 10_000
BLOBS = 50
A = Actor("a" * 32, "李敏", "d" * 32)
B = Actor("b" * 32, "王建国", "e" * 32)
T0 = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)


def build(path: Path) -> tuple[list[str], bool]:
    ctx = create_project(path, NewProject(name="基准项目"), actor=A, clock=FixedClock(T0))
    with ctx.write() as uow:
        ids = uow.rec.bulk_create(
            Host,
            [
                {
                    "name": f"srv{i:05}",
                    "ips": [f"10.{i // 250}.{i % 250}.1"],
                    "cpu_cores": 4,
                    "memory_mib": 8192.0,
                    "os_family": "linux",
                    "os_name": "CentOS 7.9",
                }
                for i in range(HOSTS)
            ],
        )
        for model, extra in (
            (Disk, {"name": "disk"}),
            (Partition, {"mount": "/"}),
            (Nic, {"name": "eth"}),
        ):
            uow.rec.bulk_create(model, [{"host_id": h, **extra} for h in ids for _ in range(3)])
        blobs = catalog().blobs
        has_blobs = bool(blobs) and "attachment" in catalog().records
        if has_blobs:
            table = next(iter(blobs.values()))
            conn = uow.session.connection()
            rows = []
            for i in range(BLOBS):
                data = os.urandom(1 << 20)
                digest = hashlib.sha256(data).hexdigest()
                conn.execute(insert(table), {"sha256": digest, "size": len(data), "data": data})
                rows.append(
                    {
                        "sha256": digest,
                        "file_name": f"photo{i}.jpg",
                        "size": len(data),
                        "owner_type": "host",
                        "owner_id": ids[i],
                    }
                )
            uow.rec.bulk_create(catalog().records["attachment"], rows)
    ctx.store.close()
    return ids, has_blobs


def diverge(path: Path, actor: Actor, start: datetime, ids: list[str], note: str, new: int) -> None:
    ctx = open_project(path, actor=actor, clock=FixedClock(start, timedelta(milliseconds=10)))
    with ctx.write() as uow:
        for host in uow.session.exec(select(Host).where(Host.id.in_(ids))):
            uow.rec.update(host, {"notes": note, "cpu_cores": 8})
        if new:
            uow.rec.bulk_create(Host, [{"name": f"new-{note}-{i}"} for i in range(new)])
    ctx.store.close()


def main() -> None:
    base = WORK / "base.hmfield"
    t = time.perf_counter()
    ids, has_blobs = build(base)
    print(
        f"built {HOSTS} hosts, 100,000 records/events"
        f"{', 50 MB attachments' if has_blobs else ' (no attachment table: measured without)'}"
        f" in {time.perf_counter() - t:.1f} s"
    )
    ours, theirs = WORK / "ours.hmfield", WORK / "theirs.hmfield"
    shutil.copy(base, ours)
    shutil.copy(base, theirs)
    diverge(ours, A, T0 + timedelta(hours=1), ids[:200], "ours", 0)
    diverge(theirs, B, T0 + timedelta(hours=2), ids[150:350], "theirs", 100)

    b = open_project(theirs, readonly=True, actor=B)
    t = time.perf_counter()
    exported = SyncService(b).export_bundle(WORK / "theirs.hmbundle")
    export_s = time.perf_counter() - t
    blob_folder = WORK / "blobs"
    blob_folder.mkdir()
    with b.read() as s:
        data = build_payload(s.connection(), blob_folder)
    b.store.close()
    files = data.attachments
    fields = {
        "schema_version": 1,
        "app_version": "bench",
        "project_id": "p",
        "project_name": "p",
        "device_id": "d",
        "person": "p",
    }
    t = time.perf_counter()
    write_bundle(WORK / "bare.hmbundle", fields, data.members, files)
    bare_write = time.perf_counter() - t

    a = open_project(ours, actor=A, clock=FixedClock(T0 + timedelta(hours=3)))
    svc = SyncService(a)
    t = time.perf_counter()
    preview = svc.preview_import(exported.path)
    preview_s = time.perf_counter() - t
    result = svc.apply_import(preview)
    import_s = time.perf_counter() - t
    a.store.close()
    t = time.perf_counter()
    with read_bundle(WORK / "bare.hmbundle") as opened:
        for name in opened.manifest.members:
            for _ in opened.member_chunks(name):
                pass
    bare_read = time.perf_counter() - t

    with open_payload(exported.path) as payload:  # the other user path: a new project
        t = time.perf_counter()
        import_as_new_project(payload, WORK / "new.hmfield", actor=A)
        new_project_s = time.perf_counter() - t
    size = exported.size / 1e6
    print(f"bundle: {size:.1f} MB, {exported.counts['audit_event']} audit events")
    print(
        f"export (read project + write + verify): {export_s:.2f} s; bare container write: {bare_write:.2f} s"
    )
    print(
        f"import (verify + preview {preview_s:.2f} s + merge): {import_s:.2f} s; bare container read: {bare_read:.2f} s"
    )
    print(
        f"merged {result.new_events} new events, {result.changed_records} records changed, "
        f"{result.conflicts} conflicts"
    )
    print(f"opened as a new project (check every event, write, assess): {new_project_s:.2f} s")
    print(
        f"goal under 3 s plus the attachment copy: export {export_s - bare_write:.2f} s, "
        f"import {import_s - bare_read:.2f} s beyond the bare container"
    )
    shutil.rmtree(WORK, ignore_errors=True)
    print(
        f"ratio (export + import) / (bare write + bare read): "
        f"{(export_s + import_s) / (bare_write + bare_read):.2f}"
    )


if __name__ == "__main__":
    main()

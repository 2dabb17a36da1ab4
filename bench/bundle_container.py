"""Benchmark: the bundle container beside bare zipfile doing the same work, in the same run.

Payload: ~30 MB of JSON-ish members (10,000 hosts, 100,000 audit events) and 50 MB of
incompressible attachments (50 x 1 MB, like photos). "hmfield write" includes fsync and the
full read-back verification; "hmfield read" verifies every member and extracts every
attachment. The bare baseline writes/reads the same members with zipfile (no hashes, no
fsync, no verification). Last line: the ratio of hmfield (plain) to bare zipfile.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hmfield.core.sync.bundle import read_bundle, write_bundle  # noqa: E402

FIELDS = {
    "schema_version": 1,
    "app_version": "0.1.0",
    "project_id": "bench",
    "project_name": "Bench",
    "device_id": "bench-laptop",
    "person": "Bench",
}


def make_members() -> dict[str, bytes]:
    rnd = random.Random(1)
    hosts = [
        {
            "id": i,
            "name": f"srv-{i:05d}",
            "ip": f"10.{i // 65536}.{i // 256 % 256}.{i % 256}",
            "os": rnd.choice(["CentOS 7.9", "Windows Server 2016", "RHEL 8.6", "Ubuntu 20.04"]),
            "cpu": rnd.choice([2, 4, 8, 16]),
            "memory_gb": rnd.choice([4, 8, 16, 32, 64]),
            "disks": [{"size_gb": rnd.randint(40, 2000), "path": f"/dev/sd{c}"} for c in "abc"],
            "notes": "".join(rnd.choices("abcdefghijklmnopqrstuvwxyz ", k=rnd.randint(20, 400))),
        }
        for i in range(10_000)
    ]
    audit = [
        {
            "id": i,
            "at": f"2026-05-{1 + i % 28:02d}T{i % 24:02d}:{i % 60:02d}:00Z",
            "who": rnd.choice(["wang", "li", "zhang"]),
            "entity": "host",
            "entity_id": rnd.randrange(10_000),
            "field": rnd.choice(["status", "wave", "notes", "owner"]),
            "old": "".join(rnd.choices("abcdef0123456789", k=rnd.randint(4, 90))),
            "new": "".join(rnd.choices("abcdef0123456789", k=rnd.randint(4, 90))),
        }
        for i in range(100_000)
    ]
    return {
        "data/hosts.json": json.dumps(hosts, indent=1).encode(),
        "data/audit.json": json.dumps(audit, indent=1).encode(),
    }


def make_attachments(folder: Path) -> dict[str, Path]:
    out = {}
    for _ in range(50):
        data = os.urandom(1024 * 1024)
        digest = hashlib.sha256(data).hexdigest()
        path = folder / digest
        path.write_bytes(data)
        out[digest] = path
    return out


def timed(fn, repeat: int = 3) -> float:
    """Best of ``repeat`` runs (the machine may be busy with other work)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="hm-bench-"))
    (work / "src").mkdir()
    members = make_members()
    attachments = make_attachments(work / "src")
    mb = sum(map(len, members.values())) / 1e6
    print(f"payload: {mb:.1f} MB of members, {len(attachments)} MB of attachments")

    def bare_write() -> None:
        with zipfile.ZipFile(work / "bare.zip", "w") as zf:
            for name, data in members.items():
                zf.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=3)
            for digest, path in attachments.items():
                zf.write(path, f"attachments/{digest}", compress_type=zipfile.ZIP_STORED)

    def bare_read() -> None:
        out = work / "bare-out"
        out.mkdir(exist_ok=True)
        with zipfile.ZipFile(work / "bare.zip") as zf:
            for name in members:
                zf.read(name)
            for digest in attachments:
                with zf.open(f"attachments/{digest}") as src, open(out / digest, "wb") as dst:
                    while piece := src.read(1024 * 1024):
                        dst.write(piece)

    def ours_read(passphrase):
        def run() -> None:
            out = work / "ours-out"
            out.mkdir(exist_ok=True)
            with read_bundle(work / "b.hmbundle", passphrase) as opened:
                for name in members:
                    opened.member(name)
                for digest in attachments:
                    opened.extract_attachment(digest, out / digest)

        return run

    results = {}
    for label, passphrase in (("plain", None), ("encrypted", "bench passphrase")):
        write = timed(
            lambda p=passphrase: write_bundle(work / "b.hmbundle", FIELDS, members, attachments, p)
        )
        read = timed(ours_read(passphrase))
        size = (work / "b.hmbundle").stat().st_size / 1e6
        results[label] = (write, read)
        print(
            f"hmfield {label:9s}: write+verify {write:.2f} s, read+verify+extract {read:.2f} s, {size:.1f} MB"
        )
    bare = (timed(bare_write), timed(bare_read))
    print(f"bare zipfile      : write {bare[0]:.2f} s, read+extract {bare[1]:.2f} s")
    ours = results["plain"]
    print(f"encrypted/bare (write+read): {sum(results['encrypted']) / sum(bare):.2f}")
    shutil.rmtree(work, ignore_errors=True)
    print(f"ratio hmfield plain / bare zipfile (write+read): {sum(ours) / sum(bare):.2f}")


if __name__ == "__main__":
    main()

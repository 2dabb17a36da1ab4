"""Helpers for the bundle tests: make small bundles and craft damaged or hostile zips by hand."""

from __future__ import annotations

import hashlib
import json
import struct
import zipfile
from pathlib import Path

from hmfield.core.sync.bundle import write_bundle

FIELDS = {
    "schema_version": 3,
    "app_version": "0.1.0",
    "project_id": "proj-7f3a",
    "project_name": "银行核心迁移 Bank core",
    "device_id": "laptop-42",
    "person": "Wang Fang",
}
MEMBERS = {
    "data/project.json": b'{"hosts": ['
    + b",".join(b'{"name": "srv%d"}' % i for i in range(40))
    + b"]}",
    "data/audit.json": b'[{"event": "SECRET-MARKER-audit"}]',
    "data/empty.json": b"",
}


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def make_attachment(folder: Path, content: bytes) -> tuple[str, Path]:
    path = folder / f"att-{sha(content)[:8]}.bin"
    path.write_bytes(content)
    return sha(content), path


def make_bundle(
    folder: Path,
    passphrase: str | None = None,
    *,
    name: str = "b.hmbundle",
    attachments: list[bytes] | None = None,
    members: dict[str, bytes] | None = None,
) -> Path:
    src = folder / "src"
    src.mkdir(exist_ok=True)
    atts = dict(
        make_attachment(src, c)
        for c in (attachments if attachments is not None else [b"photo " * 50])
    )
    path = folder / name
    write_bundle(path, FIELDS, members if members is not None else MEMBERS, atts, passphrase)
    return path


def entries(path: Path) -> list[tuple[zipfile.ZipInfo, bytes]]:
    """Every zip entry with its uncompressed content (stored bytes for encrypted members)."""
    with zipfile.ZipFile(path) as zf:
        return [(info, zf.read(info)) for info in zf.infolist()]


def rebuild(
    src: Path,
    dst: Path,
    *,
    drop: tuple[str, ...] = (),
    add: dict[str, bytes] | None = None,
    swap: dict[str, bytes] | None = None,
    edit_manifest=None,
    relist: bool = True,
) -> Path:
    """Copy bundle ``src`` to ``dst`` dropping/adding/replacing members. With ``relist`` the
    manifest's listing is updated to match, so the only defect is the one under test."""
    add, swap = add or {}, swap or {}
    items = [(i, swap.get(i.filename, data)) for i, data in entries(src) if i.filename not in drop]
    manifest = json.loads(dict((i.filename, d) for i, d in items)["manifest.json"])
    listing = manifest["stored"] if manifest["encrypted"] else manifest["members"]
    if relist:
        for name in drop:
            listing.pop(name, None)
        for name, data in {**swap, **add}.items():
            listing[name] = {"sha256": sha(data), "size": len(data)}
    if edit_manifest:
        edit_manifest(manifest)
    raw_manifest = json.dumps(manifest).encode()
    with zipfile.ZipFile(dst, "w") as zf:
        for info, data in items:
            if info.filename == "manifest.json":
                data = raw_manifest
            zf.writestr(
                zipfile.ZipInfo(info.filename, info.date_time),
                data,
                compress_type=info.compress_type,
            )
        for name, data in add.items():
            zf.writestr(zipfile.ZipInfo(name), data, compress_type=zipfile.ZIP_DEFLATED)
    return dst


def data_regions(path: Path, *, stored_only: bool = False) -> list[tuple[int, int]]:
    """(start, end) byte ranges of each member's (compressed) data inside the zip file."""
    raw = path.read_bytes()
    regions = []
    with zipfile.ZipFile(path) as zf:
        for info in zf.infolist():
            if stored_only and info.compress_type != zipfile.ZIP_STORED:
                continue
            name_len, extra_len = struct.unpack(
                "<HH", raw[info.header_offset + 26 : info.header_offset + 30]
            )
            start = info.header_offset + 30 + name_len + extra_len
            regions.append((start, start + info.compress_size))
    return regions

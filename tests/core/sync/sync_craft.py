"""Crafting damaged or hostile copies of a (plain) project bundle for the sync tests."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def rebuild(
    src: Path,
    dst: Path,
    *,
    drop: tuple[str, ...] = (),
    add: dict[str, bytes] | None = None,
    swap: dict[str, bytes] | None = None,
    edit_manifest=None,
    relist: bool = True,
    keep_signature: bool = False,
) -> Path:
    """Copy ``src`` to ``dst`` dropping/adding/replacing members; with ``relist`` the manifest
    lists exactly what is there, so the defect under test is the only one. The copy is
    unsigned (its manifest changes) unless ``keep_signature``."""
    add, swap = add or {}, swap or {}
    with zipfile.ZipFile(src) as zf:
        items = [(i.filename, swap.get(i.filename, zf.read(i))) for i in zf.infolist()]
    items = [(n, d) for n, d in items if n not in drop]
    if not keep_signature:
        items = [(n, d) for n, d in items if n != "manifest.sig"]
    manifest = json.loads(dict(items)["manifest.json"])
    if relist:
        for name in drop:
            manifest["members"].pop(name, None)
        for name, data in {**swap, **add}.items():
            manifest["members"][name] = {"sha256": sha(data), "size": len(data)}
    if edit_manifest:
        edit_manifest(manifest)
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in items:
            zf.writestr(name, json.dumps(manifest).encode() if name == "manifest.json" else data)
        for name, data in add.items():
            zf.writestr(zipfile.ZipInfo(name), data, compress_type=zipfile.ZIP_DEFLATED)
    return dst


def member(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as zf:
        return zf.read(name)


def data_regions(path: Path) -> list[tuple[int, int]]:
    """(start, end) byte ranges of each member's stored data inside the zip file."""
    import struct

    raw = path.read_bytes()
    regions = []
    with zipfile.ZipFile(path) as zf:
        for info in zf.infolist():
            name_len, extra_len = struct.unpack(
                "<HH", raw[info.header_offset + 26 : info.header_offset + 30]
            )
            start = info.header_offset + 30 + name_len + extra_len
            regions.append((start, start + info.compress_size))
    return regions

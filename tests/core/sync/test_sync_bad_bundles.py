"""Every kind of bad bundle gets a clear one-line message and leaves the project file
byte-for-byte unchanged (sha256 before and after the attempt)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sync_craft import data_regions, member, rebuild
from sync_helpers import ACTOR_A, ACTOR_B, BASE_TIME, fork, make_base, open_copy, sha256_file

from hmfield.core.context import Actor
from hmfield.core.errors import HmError
from hmfield.core.model.inventory import Host
from hmfield.core.project.service import NewProject, create_project
from hmfield.core.store.schema import SCHEMA_VERSION
from hmfield.core.sync.bundle import BundleError, BundleProblem, crypto, write_bundle
from hmfield.core.sync.service import SyncService

LATER = BASE_TIME + timedelta(hours=1)


@pytest.fixture(autouse=True)
def fast_scrypt(monkeypatch):
    monkeypatch.setattr(crypto, "SCRYPT_N", 2**10)


@pytest.fixture
def world(tmp_path):
    """The target project (closed, hashed) and good bundles of its other copy."""
    base = tmp_path / "base.hmfield"
    hosts = make_base(base, hosts=30)
    target, other = fork(base, tmp_path)
    b = open_copy(other, ACTOR_B, LATER)
    with b.write() as uow:
        uow.rec.update(uow.session.get(Host, hosts[0]), {"notes": "from B"})
    plain = SyncService(b).export_bundle(tmp_path / "good.hmbundle").path
    sealed = SyncService(b).export_bundle(tmp_path / "sealed.hmbundle", "secret").path
    b.store.close()
    return {"target": target, "plain": plain, "sealed": sealed, "sha": sha256_file(target)}


def attempt(world, bundle, passphrase=None, **kwargs) -> str:
    """Try to import ``bundle`` the way the app does; return the one-line message."""
    ctx = open_copy(world["target"], ACTOR_A, LATER)
    try:
        svc = SyncService(ctx)
        svc.apply_import(svc.preview_import(bundle, passphrase, **kwargs))
    except HmError as exc:
        message = str(exc)
    else:
        message = ""
    finally:
        ctx.store.close()
    assert sha256_file(world["target"]) == world["sha"], f"the project file changed ({message})"
    assert "\n" not in message
    return message


def test_control_open_close_keeps_and_good_import_changes_the_file(world):
    """The procedure alone leaves the file as it was, and a good bundle does change it: so
    the unchanged hash in the other tests means the bad bundle was refused."""
    open_copy(world["target"], ACTOR_A, LATER).store.close()
    assert sha256_file(world["target"]) == world["sha"]
    ctx = open_copy(world["target"], ACTOR_A, LATER)
    try:
        svc = SyncService(ctx)
        assert svc.apply_import(svc.preview_import(world["plain"])).changed
    finally:
        ctx.store.close()
    assert sha256_file(world["target"]) != world["sha"]


@pytest.mark.parametrize("fraction", [0.0, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.999])
def test_truncated(world, tmp_path, fraction):
    raw = world["plain"].read_bytes()
    cut = tmp_path / "cut.hmbundle"
    cut.write_bytes(raw[: int(len(raw) * fraction)])
    message = attempt(world, cut)
    assert "cut.hmbundle" in message
    assert any(w in message for w in ("truncated", "damaged", "empty", "cut short", "not"))


def test_truncated_at_every_byte_of_the_tail(world, tmp_path):
    raw = world["plain"].read_bytes()
    cut = tmp_path / "cut.hmbundle"
    for end in range(len(raw) - 60, len(raw)):
        cut.write_bytes(raw[:end])
        assert "cut.hmbundle" in attempt(world, cut)


@pytest.mark.parametrize("where", [0.05, 0.2, 0.4, 0.6, 0.8, 0.95])
@pytest.mark.parametrize("which", ["plain", "sealed"])
def test_flipped_bit(world, tmp_path, where, which):
    original = world[which].read_bytes()
    regions = data_regions(world[which])  # bytes that carry content (headers may be slack)
    offsets = [o for start, end in regions for o in range(start, end)]
    bad = tmp_path / "flip.hmbundle"
    for offset in offsets[int(len(offsets) * where) :]:
        raw = bytearray(original)
        raw[offset] ^= 0x10
        bad.write_bytes(bytes(raw))
        if _alters_content(bad, world[which]):  # skip deflate padding bits that change nothing
            break
    message = attempt(world, bad, "secret" if which == "sealed" else None)
    assert "flip.hmbundle" in message


def _alters_content(bad, good) -> bool:
    import zipfile

    try:
        with zipfile.ZipFile(bad) as zb, zipfile.ZipFile(good) as zg:
            return any(zb.read(n) != zg.read(n) for n in zg.namelist())
    except Exception:  # noqa: BLE001 - any failure to read means the flip matters
        return True


def test_missing_member(world, tmp_path):
    bad = rebuild(
        world["plain"], tmp_path / "m.hmbundle", drop=("data/tables/host.jsonl",), relist=False
    )
    assert "member data/tables/host.jsonl: is missing" in attempt(world, bad)
    bad = rebuild(world["plain"], tmp_path / "m2.hmbundle", drop=("data/audit.jsonl",))
    assert "member data/audit.jsonl: is missing" in attempt(world, bad)


def test_extra_member(world, tmp_path):
    bad = rebuild(
        world["plain"], tmp_path / "x.hmbundle", add={"data/x.jsonl": b"{}"}, relist=False
    )
    assert "not listed in the manifest" in attempt(world, bad)
    bad = rebuild(world["plain"], tmp_path / "x2.hmbundle", add={"data/x.jsonl": b"{}"})
    assert "data/x.jsonl: is not a member hmfield writes" in attempt(world, bad)


@pytest.mark.parametrize(
    ("name", "words"),
    [("../evil.txt", "'..'"), ("data/../../evil", "'..'"), ("/etc/evil", "absolute path")],
)
@pytest.mark.parametrize("listed", [False, True])
def test_member_outside_the_bundle(world, tmp_path, name, words, listed):
    bad = rebuild(world["plain"], tmp_path / "evil.hmbundle", add={name: b"owned"}, relist=listed)
    message = attempt(world, bad)
    assert words in message and "evil.hmbundle" in message
    assert not (tmp_path.parent / "evil.txt").exists()


def test_zip_bomb(world, tmp_path):
    bad = rebuild(
        world["plain"], tmp_path / "bomb.hmbundle", add={"data/bomb.jsonl": bytes(20 << 20)}
    )
    assert "zip bomb" in attempt(world, bad)


def test_newer_bundle_format(world, tmp_path):
    bad = rebuild(
        world["plain"],
        tmp_path / "new.hmbundle",
        edit_manifest=lambda m: m.update(format_version=99),
    )
    assert "newer hmfield" in attempt(world, bad)


def test_newer_schema_names_both_versions(world, tmp_path):
    members = {
        name: member(world["plain"], name)
        for name in json.loads(member(world["plain"], "manifest.json"))["members"]
    }
    manifest = json.loads(member(world["plain"], "manifest.json"))
    fields = {
        k: manifest[k] for k in ("app_version", "project_id", "project_name", "device_id", "person")
    }
    bad = tmp_path / "future.hmbundle"
    write_bundle(bad, {**fields, "schema_version": SCHEMA_VERSION + 1}, members, {})
    message = attempt(world, bad)
    assert f"schema version {SCHEMA_VERSION + 1}" in message
    assert f"up to version {SCHEMA_VERSION}" in message and "update hmfield" in message


def test_wrong_or_missing_passphrase(world):
    assert "wrong passphrase" in attempt(world, world["sealed"], "guess")
    assert "enter its passphrase" in attempt(world, world["sealed"])


def test_different_project(world, tmp_path, clock):
    stranger = Actor("c" * 32, "外人", "f" * 32)
    other = create_project(
        tmp_path / "o.hmfield", NewProject(name="别的项目"), clock=clock, actor=stranger
    )
    path = SyncService(other).export_bundle(tmp_path / "o.hmbundle").path
    other.store.close()
    message = attempt(world, path)
    assert "别的项目" in message and "nothing was imported" in message


def test_altered_audit_event(world, tmp_path):
    lines = member(world["plain"], "data/audit.jsonl").decode().split("\n")
    columns = json.loads(lines[0])["columns"]
    event = json.loads(lines[-1])
    event[columns.index("new_value")] = json.dumps("forged")
    lines[-1] = json.dumps(event, ensure_ascii=False)
    bad = rebuild(
        world["plain"],
        tmp_path / "forged.hmbundle",
        swap={"data/audit.jsonl": "\n".join(lines).encode()},
    )
    assert "altered" in attempt(world, bad)


def test_removed_audit_event(world, tmp_path):
    lines = member(world["plain"], "data/audit.jsonl").decode().split("\n")
    bad = rebuild(
        world["plain"],
        tmp_path / "gap.hmbundle",
        swap={"data/audit.jsonl": "\n".join(lines[:3] + lines[4:]).encode()},
    )
    message = attempt(world, bad)
    assert "gap" in message or "broken" in message


def test_malformed_table_line(world, tmp_path):
    bad = rebuild(
        world["plain"],
        tmp_path / "junk.hmbundle",
        swap={"data/tables/host.jsonl": b'{"id": "x"}\n{not json'},
    )
    assert "data/tables/host.jsonl: line 2 is not valid JSON" in attempt(world, bad)


def test_unknown_column_from_a_newer_app(world, tmp_path):
    bad = rebuild(
        world["plain"],
        tmp_path / "col.hmbundle",
        swap={"data/tables/host.jsonl": b'{"columns": ["id", "warp_drive"]}\n["x", 1]'},
    )
    assert "warp_drive" in attempt(world, bad) and "update hmfield" in attempt(world, bad)


def test_error_kinds_let_the_gui_react(world):
    ctx = open_copy(world["target"], ACTOR_A, LATER)
    try:
        with pytest.raises(BundleError) as info:
            SyncService(ctx).preview_import(world["sealed"])
    finally:
        ctx.store.close()
    assert info.value.kind is BundleProblem.PASSPHRASE_NEEDED


@pytest.mark.parametrize("defect", ["altered", "gap"])
def test_a_broken_trail_opened_as_a_new_project_leaves_no_file(world, tmp_path, defect):
    """A bundle opened as a new project writes its records before its trail is parsed and
    checked (peak memory); a broken trail is still refused whole: no project, no .partial."""
    from hmfield.core.sync.service import import_as_new_project, open_payload

    lines = member(world["plain"], "data/audit.jsonl").decode().split("\n")
    if defect == "altered":
        columns = json.loads(lines[0])["columns"]
        event = json.loads(lines[-1])
        event[columns.index("new_value")] = json.dumps("forged")
        lines[-1] = json.dumps(event, ensure_ascii=False)
    else:
        lines = lines[:3] + lines[4:]
    bad = rebuild(
        world["plain"],
        tmp_path / "bad.hmbundle",
        swap={"data/audit.jsonl": "\n".join(lines).encode()},
    )
    dest = tmp_path / "fresh" / "new.hmfield"
    with open_payload(bad) as payload, pytest.raises(BundleError) as info:
        import_as_new_project(payload, dest, actor=ACTOR_A)
    assert ("altered" if defect == "altered" else "gap") in str(info.value) or "broken" in str(
        info.value
    )
    assert "\n" not in str(info.value)
    assert not dest.exists()
    assert not [p.name for p in dest.parent.iterdir()]  # nothing half written is left

"""Signed bundles: Ed25519 over the manifest with this install's key; the signer (the
engineer) and the key's fingerprint are shown at preview; an edited bundle is refused.

Before: a bundle whose member and manifest hash were both edited was accepted."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sync_craft import member, rebuild
from sync_helpers import ACTOR_A, ACTOR_B, BASE_TIME, fork, make_base, open_copy

from hmfield.core.errors import HmError
from hmfield.core.identity import signing_key
from hmfield.core.sync.bundle.signature import fingerprint, raw_public
from hmfield.core.sync.service import SyncService

LATER = BASE_TIME + timedelta(hours=1)


@pytest.fixture
def signed(tmp_path):
    base = tmp_path / "base.hmfield"
    make_base(base)
    a_path, b_path = fork(base, tmp_path)
    b = open_copy(b_path, ACTOR_B, LATER)
    bundle = SyncService(b).export_bundle(tmp_path / "b.hmbundle").path
    b.store.close()
    a = open_copy(a_path, ACTOR_A, LATER)
    yield a, bundle
    a.store.close()


def test_preview_names_the_engineer_and_the_key(signed):
    a, bundle = signed
    with SyncService(a).preview_import(bundle) as preview:
        data = preview.to_json()
    assert data["signed"] is True
    assert data["exported_by"] == ACTOR_B.name  # the engineer, not the OS user
    assert data["key_fingerprint"] == fingerprint(raw_public(signing_key()))


def test_consistently_edited_bundle_is_refused(signed, tmp_path):
    a, bundle = signed
    lines = member(bundle, "data/tables/host.jsonl").decode().replace("srv1", "evil")
    bad = rebuild(
        bundle, tmp_path / "edited.hmbundle",
        swap={"data/tables/host.jsonl": lines.encode()}, keep_signature=True,
    )  # fmt: skip
    with pytest.raises(HmError, match="changed after it was signed"):
        SyncService(a).preview_import(bad)


def test_stripped_signature_is_refused_once_the_source_is_known(signed, tmp_path):
    a, bundle = signed
    svc = SyncService(a)
    svc.apply_import(svc.preview_import(bundle))  # trusted on first use
    stripped = rebuild(bundle, tmp_path / "stripped.hmbundle")
    with pytest.raises(HmError, match="not signed"):
        SyncService(a).preview_import(stripped)
    manifest = json.loads(member(bundle, "manifest.json"))
    assert manifest["person"] == ACTOR_B.name

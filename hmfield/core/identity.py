"""Who is acting and on which device: kept per install in the config folder.

The person id is generated once per install and reused in every project, so that the same
engineer is one Person when two laptops' bundles are merged.
"""

from __future__ import annotations

import getpass
import json
import os
import uuid
from dataclasses import asdict, dataclass

from hmfield.paths import config_dir


@dataclass
class Identity:
    device_id: str
    person_id: str
    name: str
    organisation: str = ""
    confirmed: bool = False  # the engineer typed their name (GUI first start)


def _os_user() -> str:
    try:
        return getpass.getuser() or "user"
    except Exception:  # noqa: BLE001 - no passwd entry in some containers
        return os.environ.get("USER") or os.environ.get("USERNAME") or "user"


def _path():
    return config_dir() / "identity.json"


def load_identity() -> Identity:
    """Read the install's identity, creating device and person ids on first use.

    Writing the file is best effort: a read-only config folder still yields a usable
    identity (ids stable for this process)."""
    path = _path()
    data: dict = {}
    if path.exists():
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {}
    ident = Identity(
        device_id=data.get("device_id") or uuid.uuid4().hex,
        person_id=data.get("person_id") or uuid.uuid4().hex,
        name=data.get("name") or _os_user(),
        organisation=data.get("organisation") or "",
        confirmed=bool(data.get("confirmed", False)),
    )
    if data != asdict(ident):
        save_identity(ident)
    return ident


def save_identity(ident: Identity) -> None:
    path = _path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(asdict(ident), ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass


def set_person(name: str, organisation: str = "") -> Identity:
    ident = load_identity()
    ident.name = name.strip() or ident.name
    ident.organisation = organisation.strip()
    ident.confirmed = True
    save_identity(ident)
    return ident


# -- the install's signing key (Ed25519) and the signers seen before ---------------------------
def _key_path():
    return config_dir() / "signing-key.pem"


def signing_key():
    """This install's Ed25519 key for signing bundles, made on first use (file mode 0600).
    None when the config folder cannot hold it (bundles are then written unsigned)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    path = _key_path()
    try:
        return serialization.load_pem_private_key(path.read_bytes(), password=None)
    except FileNotFoundError:
        pass
    except (OSError, ValueError, TypeError):
        return None
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(pem)
        os.replace(tmp, path)
    except OSError:
        return None
    return key


def _signers_path():
    return config_dir() / "known-signers.json"


def known_signers() -> dict[str, str]:
    """Bundle source (the copy's replica id) -> fingerprint of the key that signed it first."""
    try:
        data = json.loads(_signers_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, str)}


def remember_signer(source: str, fingerprint: str) -> None:
    known = known_signers()
    if known.get(source) == fingerprint:
        return
    known.setdefault(source, fingerprint)
    path = _signers_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(known, indent=1, sort_keys=True), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass

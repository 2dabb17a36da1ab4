"""The bundle manifest: who made the bundle, from which project, and what it must contain.

``manifest.json`` is always stored plainly so a bundle can be identified (and its integrity
checked) without the passphrase. In an encrypted bundle that plain copy is an *envelope*: it
keeps only non-identifying fields (versions, ids, device id, time, KDF parameters) plus the
SHA-256 and size of every stored (encrypted) member in ``stored``; the project name, the
person and the plaintext member list live in the encrypted ``manifest.enc``, which also
authenticates the envelope (the two must agree).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime

from hmfield.core.sync.bundle.crypto import KdfParams
from hmfield.core.sync.bundle.safety import ATTACHMENT_PREFIX, is_sha256_hex, unsafe_name_reason

BUNDLE_FORMAT_VERSION = 1

# Fields the caller supplies to write_bundle (export_id and created_at are made if missing).
CALLER_FIELDS = (
    "schema_version",
    "app_version",
    "project_id",
    "project_name",
    "device_id",
    "person",
)
# Fields that must match between the plain envelope and the encrypted manifest.
ENVELOPE_FIELDS = (
    "format_version",
    "schema_version",
    "app_version",
    "project_id",
    "export_id",
    "device_id",
    "created_at",
    "encrypted",
)


@dataclass(frozen=True)
class MemberInfo:
    sha256: str
    size: int


@dataclass(frozen=True)
class Manifest:
    """What a bundle says about itself. ``members`` are the plaintext members (data and
    ``attachments/<sha256>``); ``stored`` is filled only for encrypted bundles and describes
    the encrypted bytes as they sit in the zip."""

    format_version: int
    schema_version: int
    app_version: str
    project_id: str
    project_name: str
    export_id: str
    device_id: str
    person: str
    created_at: str
    encrypted: bool = False
    kdf: KdfParams | None = None
    members: dict[str, MemberInfo] = field(default_factory=dict)
    stored: dict[str, MemberInfo] = field(default_factory=dict)

    @property
    def attachments(self) -> list[str]:
        """SHA-256 hex of every attachment listed."""
        return sorted(
            n[len(ATTACHMENT_PREFIX) :] for n in self.members if n.startswith(ATTACHMENT_PREFIX)
        )

    @property
    def data_members(self) -> list[str]:
        return sorted(n for n in self.members if not n.startswith(ATTACHMENT_PREFIX))

    @property
    def created(self) -> datetime:
        return datetime.fromisoformat(self.created_at)

    def envelope(self) -> Manifest:
        """The plain copy written as manifest.json of an encrypted bundle."""
        return replace(self, project_name="", person="", members={})

    def to_json(self) -> bytes:
        data = asdict(self)
        data["kdf"] = self.kdf.to_json() if self.kdf else None
        return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8")

    @classmethod
    def from_json(cls, raw: bytes) -> Manifest:
        """Parse and validate; raises ValueError with a short reason (caller adds file name).

        Raises :class:`NewerFormat` first when the format is newer than we read, since a newer
        format may legitimately fail the rest of the validation.
        """
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ValueError(f"is not valid JSON ({exc})") from None
        if not isinstance(data, dict):
            raise ValueError("is not a JSON object")
        version = data.get("format_version")
        if type(version) is not int or version < 1:
            raise ValueError("has no valid format_version")
        if version > BUNDLE_FORMAT_VERSION:
            raise NewerFormat(version)
        values = {}
        for name, kind in (
            ("schema_version", int),
            ("app_version", str),
            ("project_id", str),
            ("project_name", str),
            ("export_id", str),
            ("device_id", str),
            ("person", str),
            ("created_at", str),
            ("encrypted", bool),
        ):
            value = data.get(name)
            if type(value) is not kind:
                raise ValueError(f"field {name} is missing or not a {kind.__name__}")
            values[name] = value
        if not values["project_id"] or not values["export_id"]:
            raise ValueError("project_id or export_id is empty")
        try:
            created = datetime.fromisoformat(values["created_at"])
        except ValueError:
            raise ValueError("created_at is not an ISO date and time") from None
        if created.utcoffset() is None:
            raise ValueError("created_at has no time zone")
        kdf = KdfParams.from_json(data.get("kdf")) if values["encrypted"] else None
        if not values["encrypted"] and data.get("kdf") is not None:
            raise ValueError("has key derivation parameters but is not marked encrypted")
        return cls(
            format_version=version,
            kdf=kdf,
            members=_members(data.get("members"), "members"),
            stored=_members(data.get("stored", {}), "stored"),
            **values,
        )


class NewerFormat(ValueError):
    """The manifest's format_version is newer than this app reads."""

    def __init__(self, version: int) -> None:
        self.version = version
        super().__init__(
            f"made by a newer hmfield (format {version}, this app reads up to "
            f"{BUNDLE_FORMAT_VERSION}): update hmfield"
        )


def _members(data: object, label: str) -> dict[str, MemberInfo]:
    if not isinstance(data, dict):
        raise ValueError(f"{label} is not a JSON object")
    members = {}
    for name, info in data.items():
        reason = unsafe_name_reason(name)
        if reason:
            raise ValueError(f"lists a member that {reason}: {name!r}")
        if not isinstance(info, dict) or not is_sha256_hex(info.get("sha256")):
            raise ValueError(f"{label} entry {name} has no valid sha256")
        size = info.get("size")
        if type(size) is not int or size < 0:
            raise ValueError(f"{label} entry {name} has no valid size")
        is_attachment = label == "members" and name.startswith(ATTACHMENT_PREFIX)
        if is_attachment and name[len(ATTACHMENT_PREFIX) :] != info["sha256"]:
            raise ValueError(f"attachment {name} is not named by its sha256")
        members[name] = MemberInfo(info["sha256"], size)
    return members

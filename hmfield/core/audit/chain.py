"""Canonical JSON and the per-device hash chain of audit events."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from hmfield.core.model.base import to_jsonable

GENESIS = "0" * 64


def _default(value: Any) -> Any:
    converted = to_jsonable(value)
    if converted is value:
        raise TypeError(f"not JSON serialisable: {type(value).__name__}")
    return converted


# json.dumps with these options builds a new JSONEncoder per call; one shared instance gives
# the same text (encode() keeps no state between calls) and saves ~15% of a bulk import's events
_ENCODER = json.JSONEncoder(
    ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=_default
)


def canonical(value: Any) -> str | None:
    """JSON text that is identical for equal values on every machine (datetimes as UTC ISO
    text, dates ISO, tuples as lists; StrEnums are str already)."""
    if value is None:
        return None
    return _ENCODER.encode(value)


def event_hash(ev: dict) -> str:
    """SHA-256 over every content field of an event plus the previous hash."""
    parts = [
        ev["id"],
        ev["device_id"],
        str(ev["seq"]),
        ev["at"] if isinstance(ev["at"], str) else to_jsonable(ev["at"]),
        ev.get("person_id") or "",
        ev.get("person_name") or "",
        ev["entity"],
        ev["entity_id"],
        ev["action"],
        ev.get("field") or "",
        ev.get("old_value") if ev.get("old_value") is not None else "\x00",
        ev.get("new_value") if ev.get("new_value") is not None else "\x00",
        ev["prev_hash"],
    ]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()

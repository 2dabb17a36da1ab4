"""Merge rules: a record's state is the fold of the union of both audit trails.

Why from events and not from rows: the audit trail says who changed which field when, so the
merge can tell a field changed on one side (take it) from a field changed on both (conflict),
and the result depends only on the *set* of events, never on who imports whom:

* events are ordered by ``(at, device_id, seq)``; for every field the latest event wins
  (a ``create`` sets every field of its snapshot, ``delete``/``restore`` set the tombstone);
* bookkeeping (created_at, updated_at, changed_by, device_id, revision) is recomputed from
  the events too, so both sides of a merge hold byte-identical rows;
* a conflict is a field with changes on both sides since the last common point (events one
  side lacks) whose resulting values differ, or an edit against a deletion. Its id hashes
  the two competing events, so both sides list the same conflicts. The deletion holds (a
  tombstone is reversible and the edits are kept in the record); otherwise the later change
  holds. The other value stays in the conflict list until someone resolves it.

A merge writes rows and events directly (never through the Recorder): it must not create
events, or A-into-B and B-into-A would differ.
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections import defaultdict
from collections.abc import Container, Iterable
from operator import itemgetter
from typing import Any

from hmfield.core.audit.chain import GENESIS, canonical, event_hash
from hmfield.core.audit.recorder import ATOMIC_GROUPS
from hmfield.core.model.base import Record
from hmfield.core.sync.bundle.errors import BundleError, BundleProblem
from hmfield.core.sync.bundle.payload import jsonable
from hmfield.core.sync.bundle.payload_read import Payload, event_problem, time_problem

STATE_ACTIONS = frozenset({"create", "delete", "restore"})
# the field of a delete that retires another project's record matched to one of ours (its
# new value is our record's id): the record stays deleted whatever order the clocks give
RETIRED = "merged_into"


def order_key(ev: dict) -> tuple[str, str, int]:
    return (ev["at"], ev["device_id"], ev["seq"])


# -- the union of the audit trails ---------------------------------------------------------
_SEQ = itemgetter("seq")


def check_events(
    payload: Payload, local_hash: dict[str, str], local_seq: dict[tuple[str, int], str]
) -> list[dict]:
    """Verify every event of the bundle (parsed) against the others and this project's trail
    (see :func:`check_chains`); return the events this project lacks. A new project's
    import, where each event is new."""
    return check_chains(payload, payload.events, {}, local_hash, local_seq)


def check_chains(
    payload: Payload,
    events: list[dict],
    known: dict[str, tuple[int, str]],
    local_hash: dict[str, str],
    local_seq: Container[tuple[str, int]],
) -> list[dict]:
    """Verify the bundle's hash chains against themselves and this project's trail; return the
    events this project lacks. ``events`` are the bundle's parsed events; ``known`` gives,
    per device, how many of its first events the bundle holds byte for byte as this
    project does (trail.py), and the last one's hash: the chain continues from there.
    Known events must be identical (same hash); new ones must continue their device's chain
    without forking it. Raises BundleError before anything is written."""
    by_device: dict[str, list[dict]] = defaultdict(list)
    seen: set[str] = set()
    for ev in events:
        if not (
            isinstance(ev["id"], str)
            and isinstance(ev["device_id"], str)
            and type(ev["seq"]) is int
            and isinstance(ev["hash"], str)
        ):
            raise _chain_error(payload, {**ev, "id": str(ev["id"]), "device_id": "?"}, "malformed")
        if ev["id"] in seen:
            raise _chain_error(payload, ev, "appears twice")
        seen.add(ev["id"])
        by_device[ev["device_id"]].append(ev)
    new: list[dict] = []
    for device in sorted(by_device):
        done, prev = known.get(device, (0, GENESIS))
        for expected, ev in enumerate(sorted(by_device[device], key=_SEQ), done + 1):
            if ev["seq"] != expected:
                raise _chain_error(payload, ev, f"sequence gap (expected #{expected})")
            if ev["prev_hash"] != prev:
                raise _chain_error(payload, ev, "link to the previous event is broken")
            _check_event(payload, ev, local_hash, local_seq, new)
            prev = ev["hash"]
    return new


def _check_event(payload: Payload, ev: dict, local_hash, local_seq, new: list[dict]) -> None:
    known = local_hash.get(ev["id"])
    if known is not None:
        if known != ev["hash"] or event_hash(ev) != ev["hash"]:
            raise _chain_error(payload, ev, "differs from this project's copy (altered)")
        return
    if (ev["device_id"], ev["seq"]) in local_seq:
        raise _chain_error(
            payload,
            ev,
            "this project has a different event at the same place: the two "
            "copies were edited as the same device (was the project file copied "
            "and opened with the same identity?)",
        )
    problem = event_problem(ev) or time_problem(ev)
    if problem:
        raise _chain_error(payload, ev, problem)
    if event_hash(ev) != ev["hash"]:
        raise _chain_error(payload, ev, "content does not match its hash (altered)")
    new.append(ev)


def _chain_error(payload: Payload, ev: dict, reason: str) -> BundleError:
    return BundleError(
        f"audit event {ev['id'][:12]} (device {ev['device_id'][:8]}, #{ev['seq']}): {reason}; "
        "the bundle was not imported",
        file=payload.display,
        member="data/audit.jsonl",
        kind=BundleProblem.DAMAGED,
    )


# -- folding events into a record ----------------------------------------------------------
class Folder:
    """Folds events into rows for one table (caches parsed snapshots per event)."""

    def __init__(self, model: type[Record]) -> None:
        self.model = model
        self.fields = model.data_fields()
        self.field_set = set(self.fields)
        self.columns = list(model.__table__.columns.keys())
        self._snap: dict[str, dict] = {}
        # pydantic's model_fields is a computed property: read it once, not per column and fold
        fields = model.model_fields
        self._infos = [(name, fields.get(name)) for name in self.columns]
        self._defaults: dict | None = None
        self._mutable: list[str] = []

    def defaults(self) -> dict:
        """Each column's default in its JSON form (made once per table: a fold starts from a
        copy; lists and dicts are copied, as a factory would make new ones)."""
        if self._defaults is None:
            out = {}
            for name, info in self._infos:
                if info is None:
                    out[name] = None
                elif info.default_factory is not None:
                    out[name] = jsonable(info.default_factory())
                else:
                    value = info.default
                    out[name] = None if value is ... else jsonable(value)
            self._defaults = out
            self._mutable = [n for n, v in out.items() if isinstance(v, list | dict)]
        row = dict(self._defaults)
        for name in self._mutable:
            row[name] = copy.deepcopy(row[name])
        return row

    def snapshot(self, ev: dict) -> dict:
        snap = self._snap.get(ev["id"])
        if snap is None:
            snap = _loads(ev["new_value"]) or {}
            if not isinstance(snap, dict):
                snap = {}
            self._snap[ev["id"]] = snap
        return snap

    def value(self, ev: dict, name: str) -> Any:
        if ev["action"] == "create":
            return self.snapshot(ev).get(name)
        return _loads(ev["new_value"])

    def fold(self, entity_id: str, events: list[dict], base: dict | None) -> dict | None:
        """The row the sorted ``events`` produce (None when there is nothing to build on)."""
        has_create = any(ev["action"] == "create" for ev in events)
        if base is None and not has_create:
            return None
        row = self.defaults()
        if base is not None:
            row.update({k: v for k, v in base.items() if k in row})
        row["id"] = entity_id
        deleted = bool(row.get("deleted")) if not has_create else False
        created_at = None
        revision = 0
        prev: dict | None = None
        retired: dict | None = None
        for ev in events:
            action = ev["action"]
            if action == "create":
                snap = self.snapshot(ev)
                for name in self.fields:
                    if name in snap:
                        row[name] = snap[name]
                deleted = False
                created_at = created_at or ev["at"]
                revision += 1
            elif action == "update":
                if ev["field"] in self.field_set:
                    row[ev["field"]] = _loads(ev["new_value"])
                if not _same_call(prev, ev):
                    revision += 1
            else:
                deleted = action == "delete"
                if deleted and ev.get("field") == RETIRED:
                    retired = ev
                elif retired is not None and order_key(ev) > order_key(retired):
                    retired = None  # restored on purpose after the retirement
                revision += 1
            prev = ev
        if retired is not None:  # matched to one of ours: stays retired whatever the clocks
            deleted = True
        last = events[-1]
        row.update(
            created_at=created_at or row.get("created_at"),
            updated_at=last["at"],
            changed_by=last["person_id"],
            device_id=last["device_id"],
            revision=revision,
            deleted=deleted,
        )
        return row

    def side_fields(self, events: Iterable[dict]) -> dict[str, dict]:
        """field -> the latest event of one side that set it."""
        out: dict[str, dict] = {}
        for ev in events:
            if ev["action"] == "create":
                for name in self.snapshot(ev):
                    if name in self.field_set:
                        out[name] = ev
            elif ev["action"] == "update" and ev["field"] in self.field_set:
                out[ev["field"]] = ev
        return out


def _same_call(prev: dict | None, ev: dict) -> bool:
    """True when ``ev`` continues the same Recorder.update call as ``prev`` (one revision)."""
    return (
        prev is not None
        and prev["action"] == "update"
        and prev["device_id"] == ev["device_id"]
        and prev["at"] == ev["at"]
        and prev["seq"] + 1 == ev["seq"]
    )


def _loads(text: str | None) -> Any:
    return None if text is None else json.loads(text)


# -- conflicts -----------------------------------------------------------------------------
def conflict_id(entity: str, entity_id: str, field: str, a: str, b: str) -> str:
    parts = [entity, entity_id, field, *sorted((a, b))]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def detect_conflicts(
    folder: Folder,
    entity: str,
    entity_id: str,
    mine: list[dict],
    theirs: list[dict],
    result: dict,
) -> list[dict]:
    """Conflicts between one side's events (``mine``) and the other's, both sorted; the
    outcome is the same whichever side is called mine."""
    return [
        *_field_conflicts(folder, entity, entity_id, mine, theirs, result),
        *_deletion_conflicts(entity, entity_id, mine, theirs, result),
    ]


def _field_conflicts(folder: Folder, entity: str, entity_id: str, mine: list[dict],
                     theirs: list[dict], result: dict) -> list[dict]:  # fmt: skip
    """Fields (and atomic groups of fields) both sides set to different values: the later
    edit wins unless the folded ``result`` kept the earlier one."""
    out = []
    mf, tf = folder.side_fields(mine), folder.side_fields(theirs)
    grouped: set[str] = set()
    for group in ATOMIC_GROUPS.get(entity, ()):
        if not (mf.keys() & tf.keys() & set(group)):
            continue
        grouped.update(group)
        found = _group_conflict(folder, entity, entity_id, group, mf, tf, result)
        if found is not None:
            out.append(found)
    for name in sorted((mf.keys() & tf.keys()) - grouped):
        a, b = mf[name], tf[name]
        if folder.value(a, name) == folder.value(b, name):
            continue
        later, earlier = (a, b) if order_key(a) > order_key(b) else (b, a)
        winner = later
        if folder.value(earlier, name) == result.get(name) != folder.value(later, name):
            winner = earlier
        loser = b if winner is a else a
        out.append(_conflict(entity, entity_id, name, winner, folder.value(winner, name),
                             loser, folder.value(loser, name)))  # fmt: skip
    return out


def _deletion_conflicts(entity: str, entity_id: str, mine: list[dict], theirs: list[dict],
                        result: dict) -> list[dict]:  # fmt: skip
    """One side deleted (or restored) the record and the other did not, or one side deleted
    it while the other edited it."""
    sa, sb = _last_state(mine), _last_state(theirs)
    if sa and sb:
        if (sa["action"] == "delete") == (sb["action"] == "delete"):
            return []
        winner = sa if (sa["action"] == "delete") == result["deleted"] else sb
        loser = sb if winner is sa else sa
        return [_conflict(entity, entity_id, "deleted", winner, winner["action"] == "delete",
                          loser, loser["action"] == "delete")]  # fmt: skip
    out = []
    for state, other in ((sa, theirs), (sb, mine)):
        edits = [ev for ev in other if ev["action"] == "update"]
        if state and state["action"] == "delete" and edits:
            fields = sorted({ev["field"] for ev in edits})
            out.append(_conflict(entity, entity_id, "deleted", state, True, edits[-1], False,
                                 detail="edited: " + ", ".join(fields)))  # fmt: skip
    return out


def group_field(group: tuple[str, ...]) -> str:
    """The name a conflict over an atomic group goes by: its fields joined by ``+``."""
    return "+".join(group)


def _group_conflict(folder, entity, entity_id, group, mf, tf, result) -> dict | None:
    """Both sides decided on one atomic group: one conflict offering each side's whole
    decision (values of every field of the group), never a field-by-field mix."""

    def decision(side: dict[str, dict]) -> tuple[dict, dict]:
        values = {n: folder.value(side[n], n) if n in side else result.get(n) for n in group}
        last = max((side[n] for n in group if n in side), key=order_key)
        return values, last

    (va, ea), (vb, eb) = decision(mf), decision(tf)
    if va == vb:
        return None
    later, earlier = ((va, ea), (vb, eb)) if order_key(ea) > order_key(eb) else ((vb, eb), (va, ea))
    now = {n: result.get(n) for n in group}
    winner, loser = (earlier, later) if earlier[0] == now != later[0] else (later, earlier)
    return _conflict(
        entity, entity_id, group_field(group), winner[1], winner[0], loser[1], loser[0]
    )


def _last_state(events: list[dict]) -> dict | None:
    return next((ev for ev in reversed(events) if ev["action"] in STATE_ACTIONS), None)


def _conflict(entity, entity_id, name, winner, wvalue, loser, lvalue, detail="") -> dict:
    return {
        "id": conflict_id(entity, entity_id, name, winner["id"], loser["id"]),
        "entity": entity,
        "entity_id": entity_id,
        "field": name,
        "winner_event": winner["id"],
        "winner_value": canonical(wvalue),
        "winner_at": winner["at"],
        "winner_person": winner["person_name"] or "",
        "winner_device": winner["device_id"],
        "other_event": loser["id"],
        "other_value": canonical(lvalue),
        "other_at": loser["at"],
        "other_person": loser["person_name"] or "",
        "other_device": loser["device_id"],
        "detail": detail,
        "resolved": False,
        "resolution": "",
        "resolved_by": "",
        "resolved_at": None,
    }


RESOLUTION_KEYS = ("resolved", "resolution", "resolved_by", "resolved_at")


def pick_resolution(a: dict, b: dict) -> dict:
    """The resolution both sides keep for the same conflict (resolved beats open; of two
    resolutions the earlier one), so the choice does not depend on who imports whom."""
    if bool(a.get("resolved")) != bool(b.get("resolved")):
        chosen = a if a.get("resolved") else b
    else:
        chosen = min(a, b, key=lambda c: (c.get("resolved_at") or "", c.get("resolved_by") or ""))
    return {k: chosen.get(k) for k in RESOLUTION_KEYS}

"""Objects HyperMotion does not move (seed 调研阶段 待办3): managed databases, NAS shares,
buckets, Kubernetes clusters, Oracle RAC... Each gets an alternative tool (suggested from its
kind by ``resources/rules/alternatives.yaml``), a short plan, linked hosts and a status.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from hmfield.core.assess.facts import current_ruleset
from hmfield.core.assess.rules.alternatives import KINDS, TOOLS, Suggestion
from hmfield.core.context import ServiceContext
from hmfield.core.errors import HmError
from hmfield.core.model.assess import NonHostObject
from hmfield.core.model.inventory import Host
from hmfield.core.model.project import Project

STATUSES = ("planned", "in_progress", "done", "blocked")
FIELDS = (
    "name", "kind", "size_mib", "owner_id", "business_system_id", "linked_host_ids", "tool",
    "plan", "status", "notes", "throughput_mbps", "final_copy_in_window",
)  # fmt: skip


def suggestion(kind: str | None) -> Suggestion:
    """The catalog's suggestion for ``kind`` (unknown kinds get the ``other`` entry)."""
    return current_ruleset().catalog.suggest(kind)


def _validate(values: dict[str, Any]) -> dict[str, Any]:
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise HmError(f"unknown field(s) for a non-host object: {', '.join(sorted(unknown))}")
    out = dict(values)
    if "name" in out:
        out["name"] = (out["name"] or "").strip()
        if not out["name"]:
            raise HmError("a non-host object needs a name")
    if "kind" in out and out["kind"] not in KINDS:
        raise HmError(f"kind {out['kind']!r}: use one of {', '.join(KINDS)}")
    if out.get("tool") is not None and out["tool"] not in TOOLS:
        raise HmError(f"tool {out['tool']!r}: use one of {', '.join(TOOLS)}")
    if "status" in out and out["status"] not in STATUSES:
        raise HmError(f"status {out['status']!r}: use one of {', '.join(STATUSES)}")
    if out.get("size_mib") is not None:
        try:
            out["size_mib"] = float(out["size_mib"])
        except (TypeError, ValueError):
            raise HmError(f"size {out['size_mib']!r} is not a number (MiB)") from None
        if out["size_mib"] < 0:
            raise HmError("size cannot be negative")
    if out.get("throughput_mbps") is not None:
        try:
            out["throughput_mbps"] = float(out["throughput_mbps"])
        except (TypeError, ValueError):
            raise HmError(f"throughput {out['throughput_mbps']!r} is not a number (Mbps)") from None
        if not out["throughput_mbps"] > 0:
            raise HmError("the tool's throughput must be above 0 Mbps")
    if "final_copy_in_window" in out:
        out["final_copy_in_window"] = bool(out["final_copy_in_window"])
    return out


class NonHostService:
    """CRUD for non-host objects; every change is audited through the recorder."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def _lang(self, session) -> str:
        row = session.execute(
            select(Project.default_language).where(Project.deleted == False)  # noqa: E712
        ).first()
        return row[0] if row else "zh_CN"

    def list(self, include_deleted: bool = False) -> list[NonHostObject]:
        with self.ctx.read() as s:
            stmt = select(NonHostObject).order_by(NonHostObject.name)
            if not include_deleted:
                stmt = stmt.where(NonHostObject.deleted == False)  # noqa: E712
            return list(s.execute(stmt).scalars())

    def get(self, object_id: str) -> NonHostObject:
        with self.ctx.read() as s:
            obj = s.get(NonHostObject, object_id)
        if obj is None:
            raise HmError(f"no non-host object with id {object_id}")
        return obj

    def add(self, name: str, kind: str = "other", **values: Any) -> NonHostObject:
        """A new object; tool and plan default to the catalog's suggestion for ``kind``."""
        data = _validate({"name": name, "kind": kind, **values})
        hint = suggestion(data["kind"])
        with self.ctx.write() as uow:
            self._check_hosts(uow.session, data.get("linked_host_ids"))
            data.setdefault("tool", None)
            data["tool"] = data["tool"] or hint.tool.code
            if not (data.get("plan") or "").strip():
                data["plan"] = hint.plan(data["name"], self._lang(uow.session))
            obj = NonHostObject(**data)
            uow.rec.create(obj)
        return obj

    def update(self, object_id: str, **changes: Any) -> NonHostObject:
        """Edit fields. A kind change moves the tool along when it was still the suggestion."""
        data = _validate(changes)
        with self.ctx.write() as uow:
            obj = uow.session.get(NonHostObject, object_id)
            if obj is None or obj.deleted:
                raise HmError(f"no non-host object with id {object_id}")
            follows = obj.tool in (None, suggestion(obj.kind).tool.code)
            if "kind" in data and "tool" not in data and follows:
                data["tool"] = suggestion(data["kind"]).tool.code
            if "linked_host_ids" in data:
                data["linked_host_ids"] = self._check_hosts(uow.session, data["linked_host_ids"])
            uow.rec.update(obj, data)
        return obj

    def link_hosts(self, object_id: str, host_ids: list[str]) -> NonHostObject:
        return self.update(object_id, linked_host_ids=list(host_ids))

    def set_status(self, object_id: str, status: str) -> NonHostObject:
        return self.update(object_id, status=status)

    def remove(self, object_id: str) -> None:
        with self.ctx.write() as uow:
            obj = uow.session.get(NonHostObject, object_id)
            if obj is None:
                raise HmError(f"no non-host object with id {object_id}")
            uow.rec.delete(obj)

    def restore(self, object_id: str) -> None:
        with self.ctx.write() as uow:
            obj = uow.session.get(NonHostObject, object_id)
            if obj is None:
                raise HmError(f"no non-host object with id {object_id}")
            uow.rec.restore(obj)

    @staticmethod
    def _check_hosts(session, host_ids: list[str] | None) -> list[str]:
        ids = list(dict.fromkeys(host_ids or []))
        if not ids:
            return ids
        found = set(
            session.execute(
                select(Host.id).where(Host.id.in_(ids), Host.deleted == False)  # noqa: E712
            ).scalars()
        )
        missing = [h for h in ids if h not in found]
        if missing:
            raise HmError(f"linked host(s) not in the project: {', '.join(missing[:3])}")
        return ids

"""Whole-condition memoisation: the engine's main speed-up for large inventories.

Inventories repeat the same OS, kernel and platform strings thousands of times. A condition that
reads only host-level facts (no disks/partitions) gives the same answer for the same facts, so
its outcome and missing-fact names are cached per tuple of those facts.
"""

from __future__ import annotations

from typing import Any

from hmfield.core.assess.rules.conditions import ITEM_FORMS, FieldSpace, Pred, as_list


def scalar_fields(spec: Any) -> list[str] | None:
    """Host fields a condition reads, or None when it also reads disks/partitions/counts."""
    names: list[str] = []

    def walk(node: Any) -> bool:
        if isinstance(node, list):
            return all(walk(n) for n in node)
        if not isinstance(node, dict):
            return True
        if any(k in node for k in (*ITEM_FORMS, "count", "any_value")):
            return False
        if "field" in node:
            names.append(str(node["field"]))
        if "missing" in node:
            names.extend(str(n) for n in as_list(node["missing"]))
        return all(walk(v) for k, v in node.items() if k in ("all", "any", "not"))

    return list(dict.fromkeys(names)) if walk(spec) else None


def fact_reads(spec: Any) -> tuple[tuple[str, bool], ...] | None:
    """(host fact, read only by ``missing`` forms) for every fact a condition reads, or None
    when it also reads disks/partitions/NICs or counts. A fact read only by ``missing`` forms
    matters only through whether it is absent (so a list of partitions can key a cache)."""
    names = scalar_fields(spec)
    if names is None:
        return None
    in_fields: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, list):
            for n in node:
                walk(n)
        elif isinstance(node, dict):
            if "field" in node:
                in_fields.add(str(node["field"]))
            for k, v in node.items():
                if k in ("all", "any", "not"):
                    walk(v)

    walk(spec)
    return tuple((n, n not in in_fields) for n in names)


def memoized(pred: Pred, names: list[str], space: FieldSpace) -> Pred:
    """Cache a whole condition's outcome per combination of the host facts it reads.

    Worth it for conditions with several branches (the OS matrices): one tuple of attribute
    reads and a dict lookup replace a dozen closure calls and regex tests.
    """
    getters = [space.getter(n) for n in names]
    cache: dict[tuple[Any, ...], tuple[bool | None, tuple[str, ...]]] = {}

    def cached(obj: Any, missing: list[str]) -> bool | None:
        key = tuple([g(obj) for g in getters])
        try:
            hit = cache[key]
        except (KeyError, TypeError):  # TypeError: an unhashable value, evaluate directly
            found: list[str] = []
            result = pred(obj, found)
            hit = (result, tuple(found))
            try:
                if len(cache) > 4096:
                    cache.clear()
                cache[key] = hit
            except TypeError:
                pass
        if hit[1]:
            missing.extend(hit[1])
        return hit[0]

    return cached

"""Which record attributes a rule set reads: the column projection of issue 19.

The loader records, for every rule, the host, disk, partition and NIC attributes its ``when``
and its message placeholders read (:func:`rule_reads`); a derived fact counts as the
attributes it is computed from (``os_text`` reads os_name, os_version, os_tools, os_config).
The engine's own reads (the OS and platform texts every host's derived facts come from,
``extra`` for the object kind and SRM placeholders) are always included. The project loader
(:mod:`hmfield.core.assess.facts`) then selects only those columns.

Names are record attribute names (``HostRecord``, ``DiskRecord``, ...), not columns: the
caller maps them to its tables. A list fact read only by ``count`` or ``any_disk`` appears as
the list's name (``disks``) on the host level, so its rows are loaded even when no attribute
of them is read.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from hmfield.core.assess.rules.conditions import ITEM_FORMS, as_list

LEVELS = ("host", "disks", "partitions", "nics")

# derived fact -> the attributes it is computed from (rules/facts.py: the same functions)
_OS_SOURCES = ("os_name", "os_version", "os_tools", "os_config", "os_family", "arch", "platform")
HOST_DERIVED_READS: dict[str, tuple[tuple[str, str], ...]] = {
    **{
        name: tuple(("host", n) for n in _OS_SOURCES)
        for name in (
            "os_text",
            "os_release",
            "os_kind",
            "arch_norm",
            "os_distro",
            "os_level",
            "os_edition",
        )  # fmt: skip
    },
    "ram_per_mount_mib": (
        ("host", "memory_mib"),
        ("host", "partitions"),
        ("partitions", "mounted"),
        ("partitions", "filesystem"),
    ),
    "is_srm_placeholder": (("host", "is_srm_placeholder"), ("host", "extra")),
}
ITEM_DERIVED_READS: dict[str, dict[str, tuple[str, ...]]] = {
    "partitions": {
        "free_mib": ("capacity_mib", "used_mib", "free_pct"),
        "free_pct": ("capacity_mib", "used_mib", "free_pct"),
    },
}
# what assess() reads of every host whatever the rules say: the derived facts' sources
# (HostFacts computes them all), ``extra`` (object kind, SRM placeholder, availability domain)
ENGINE_READS: tuple[tuple[str, str], ...] = (
    *(("host", n) for n in _OS_SOURCES),
    ("host", "extra"),
)


@dataclass(frozen=True)
class Reads:
    """Attribute names read per level: ``host`` (HostRecord names, including ``disks`` etc.
    when the rows of a list are needed), ``disks``, ``partitions``, ``nics``."""

    host: frozenset[str] = frozenset()
    disks: frozenset[str] = frozenset()
    partitions: frozenset[str] = frozenset()
    nics: frozenset[str] = frozenset()

    def level(self, name: str) -> frozenset[str]:
        return getattr(self, name)

    def __or__(self, other: Reads) -> Reads:
        return Reads(**{lv: self.level(lv) | other.level(lv) for lv in LEVELS})

    @classmethod
    def of(cls, pairs: Iterable[tuple[str, str]]) -> Reads:
        found: dict[str, set[str]] = {lv: set() for lv in LEVELS}
        for level, name in pairs:
            found[level].add(name)
            if level != "host":  # an item's attribute needs the item rows
                found["host"].add(level)
        return cls(**{lv: frozenset(v) for lv, v in found.items()})


def _host_name(name: str) -> Iterable[tuple[str, str]]:
    if name.startswith("extra."):
        return (("host", "extra"),)
    if name in HOST_DERIVED_READS:
        return HOST_DERIVED_READS[name]
    return (("host", name),)


def _item_name(level: str, name: str) -> Iterable[tuple[str, str]]:
    derived = ITEM_DERIVED_READS.get(level, {}).get(name)
    return tuple((level, n) for n in derived) if derived else ((level, name),)


def condition_reads(spec: Any) -> list[tuple[str, str]]:
    """(level, attribute) for every attribute a ``when`` condition reads."""
    found: list[tuple[str, str]] = []

    def walk(node: Any, level: str) -> None:
        if isinstance(node, list):
            for n in node:
                walk(n, level)
            return
        if not isinstance(node, dict):
            return
        names = [str(node[k]) for k in ("field", "any_value") if k in node]
        if "missing" in node:
            names += [str(n) for n in as_list(node["missing"])]
        for name in names:
            found.extend(_host_name(name) if level == "host" else _item_name(level, name))
        if "count" in node:
            found.append(("host", str(node["count"])))
        for key, value in node.items():
            if key in ITEM_FORMS:
                list_name = ITEM_FORMS[key][0]
                found.append(("host", list_name))
                walk(value, list_name)
            elif key in ("all", "any", "not"):
                walk(value, level)

    walk(spec, "host")
    return found


def rule_reads(when: Any, placeholders: Iterable[str]) -> Reads:
    """What one rule reads: its condition and the facts its messages show."""
    pairs = condition_reads(when)
    for name in placeholders:
        pairs.extend(_host_name(name))
    return Reads.of(pairs)


def ruleset_reads(rule_reads_: Iterable[Reads]) -> Reads:
    """Every rule's reads plus the engine's own: what a host needs to be judged."""
    out = Reads.of(ENGINE_READS)
    for reads in rule_reads_:
        out = out | reads
    return out

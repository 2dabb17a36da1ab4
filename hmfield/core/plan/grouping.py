"""The grouping policy: dependency strength by kind, shared services, default wave limits,
the pilot rule and naming patterns, read from ``resources/plan/grouping.yaml`` (versioned,
zh/en labels). Everything that groups hosts or proposes waves reads its numbers here."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

import yaml

from hmfield.core.errors import InputError
from hmfield.core.plan.maths.graph import DependencyKind
from hmfield.core.plan.maths.waves import PilotRule
from hmfield.core.yamltext import load_yaml
from hmfield.paths import resource_path

STRENGTHS = ("hard", "soft")


@dataclass(frozen=True)
class GroupingPolicy:
    version: object
    strength: Mapping[str, str]  # dependency kind -> hard | soft
    shared_min_groups: int
    max_hosts_per_wave: int
    proxies: int
    hosts_per_proxy: int
    pilot: PilotRule
    min_prefix: int
    min_name_hosts: int
    tier_tokens: tuple[str, ...]
    labels: Mapping[str, Mapping[str, str]]

    def is_hard(self, kind: str, strength: str | None) -> bool:
        """Whether a dependency of this kind and stored strength (None = default) is hard."""
        return (strength or self.strength.get(str(kind), "soft")) == "hard"

    def label(self, key: str, lang: str = "en") -> str:
        entry = self.labels.get(key)
        if entry is None:
            return key.replace("_", " ")
        return entry["zh" if lang.lower().startswith("zh") else "en"]


def _check(doc: dict, src: str) -> None:
    strength = doc["strength"]
    missing = {k.value for k in DependencyKind} - set(strength)
    if missing:
        raise InputError(
            f"grouping: no default strength for {', '.join(sorted(missing))}", file=src
        )
    bad = {k: v for k, v in strength.items() if v not in STRENGTHS}
    if bad:
        raise InputError(f"grouping: strength must be hard or soft ({bad})", file=src)
    for key, entry in (doc.get("labels") or {}).items():
        if not isinstance(entry, dict) or not all(entry.get(lang) for lang in ("zh", "en")):
            raise InputError(f"grouping: label '{key}' needs zh and en", file=src)


@lru_cache(maxsize=2)
def grouping_policy(path: str | None = None) -> GroupingPolicy:
    src = path or str(resource_path("plan", "grouping.yaml"))
    try:
        with open(src, encoding="utf-8") as fh:
            doc = load_yaml(fh)
        _check(doc, src)
        defaults, pilot, naming = doc["defaults"], doc["pilot"], doc["naming"]
        return GroupingPolicy(
            version=doc["version"],
            strength=dict(doc["strength"]),
            shared_min_groups=int(doc["shared_service_min_groups"]),
            max_hosts_per_wave=int(defaults["max_hosts_per_wave"]),
            proxies=int(defaults["proxies"]),
            hosts_per_proxy=int(defaults["hosts_per_proxy"]),
            pilot=PilotRule(**{k: int(v) for k, v in pilot.items()}),
            min_prefix=int(naming["min_prefix"]),
            min_name_hosts=int(naming["min_hosts"]),
            tier_tokens=tuple(str(t).lower() for t in naming["tier_tokens"]),
            labels=doc.get("labels") or {},
        )
    except OSError as exc:
        raise InputError(f"cannot read grouping policy: {exc.strerror}", file=src) from None
    except (yaml.YAMLError, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise InputError(f"grouping policy is malformed: {exc}", file=src) from None

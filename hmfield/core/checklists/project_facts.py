"""What the project itself shows for the Assess checklist items: the figures an engineer
checks before ticking one (the inventory and its verdicts for assess.1, the dependencies
for assess.2, what HyperMotion does not move for assess.3, the waves for assess.4).

Nothing here ticks an item: an import fills the inventory, but only a person can say the
facts were checked. Every figure comes from the function its own screen reads: the
verdict counts from ``AssessmentService.summary`` (the Assess screen and ``assess``), the
plan's hosts from ``PlanningService.inputs`` (the Waves screen and the plan), so the item
and the screen never disagree. Wording: ``resources/checklists/facts.yaml``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import yaml
from sqlmodel import select

from hmfield.core.assess.facts import current_ruleset
from hmfield.core.assess.nonhost import NonHostService
from hmfield.core.assess.summary import VerdictSummary
from hmfield.core.assess.verdicts import AssessmentService
from hmfield.core.context import ServiceContext
from hmfield.core.errors import InputError
from hmfield.core.inventory.formats.registry import FORMATS
from hmfield.core.model.import_log import InventoryImport
from hmfield.core.model.plan_settings import plan_zone
from hmfield.core.plan.dependencies import DependencyService
from hmfield.core.plan.service import PlanningService
from hmfield.core.plan.timing import fmt_local
from hmfield.core.text import fill
from hmfield.core.yamltext import load_yaml
from hmfield.paths import resource_path

TOP_FACTS = 3  # the missing facts named, most common first


@lru_cache(maxsize=1)
def _texts() -> tuple[dict, dict]:
    path = resource_path("checklists", "facts.yaml")
    try:
        doc = load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(f"cannot read the checklist facts: {exc}", file=str(path)) from None
    entries = {"heading": doc.get("heading"), **(doc.get("texts") or {})}
    for key, entry in entries.items():
        if not isinstance(entry, dict) or not all(entry.get(k) for k in ("zh", "en")):
            raise InputError(f"entry '{key}' needs zh and en text", file=str(path))
    return doc["heading"], doc["texts"]


def _say(key: str, lang: str, **values: object) -> str:
    lang = "zh" if lang.startswith("zh") else "en"
    return fill(_texts()[1][key][lang], lang, **values)


def heading(lang: str) -> str:
    return _texts()[0]["zh" if lang.startswith("zh") else "en"]


def _inventory(ctx: ServiceContext, lang: str) -> list[str]:
    """assess.1: the imports, the verdicts as the Assess screen counts them (a verdict
    stored by older rules is judged again in memory, as there), the overrides and the facts
    the unknown hosts lack."""
    with ctx.read() as s:
        imports = list(
            s.exec(
                select(InventoryImport)
                .where(InventoryImport.deleted.is_(False))
                .order_by(InventoryImport.created_at)
            )
        )
        zone = plan_zone(s)
    svc = AssessmentService(ctx)
    hosts = svc.hosts()
    summary = svc.summary(hosts)
    if not imports and not hosts:
        return [_say("no_inventory", lang)]
    out = []
    if imports:
        last = imports[-1]
        fmt = FORMATS.get(last.format)
        label = (fmt.label_zh if lang.startswith("zh") else fmt.label_en) if fmt else last.format
        out.append(_say("inventory", lang, hosts=f"{summary['total']:,}", imports=len(imports),
                        file=last.file_name, format=label,
                        at=fmt_local(last.created_at, zone)))  # fmt: skip
    counts = VerdictSummary(summary["total"], summary["verdicts"], {}, {})
    out.append(counts.headline(lang))
    if summary["overridden"]:
        out.append(_say("overridden", lang, count=f"{summary['overridden']:,}"))
    ruleset = current_ruleset()
    for fact, n in list(summary["missing_facts"].items())[:TOP_FACTS]:
        out.append(_say("unknown_fact", lang, count=f"{n:,}", fact=ruleset.fact_label(fact, lang)))
    return out


def _dependencies(ctx: ServiceContext, lang: str) -> list[str]:
    """assess.2: the dependencies recorded and the plan's hosts that have none."""
    deps = DependencyService(ctx).list()
    hosts = PlanningService(ctx).inputs().hosts
    if not deps:
        return [_say("no_dependencies", lang, hosts=f"{len(hosts):,}")]
    touched = {d.from_id for d in deps if d.from_type == "host"}
    touched |= {d.to_id for d in deps if d.to_type == "host"}
    linked = sum(1 for hid in hosts if hid in touched)
    return [_say("dependencies", lang, count=f"{len(deps):,}", total=f"{len(hosts):,}",
                 hosts=f"{linked:,}", alone=f"{len(hosts) - linked:,}")]  # fmt: skip


def _not_moved(ctx: ServiceContext, lang: str) -> list[str]:
    """assess.3: the hosts HyperMotion does not move (the Assess screen's modes) and the
    database and storage objects recorded."""
    summary = AssessmentService(ctx).summary()
    objects = NonHostService(ctx).list()
    out = [
        _say("alternative", lang, count=f"{summary['modes'].get('alternative', 0):,}"),
        _say("no_mode", lang, count=f"{summary['modes'].get('none', 0):,}"),
        _say("objects", lang, count=f"{len(objects):,}"),
    ]
    return out


def _waves(ctx: ServiceContext, lang: str) -> list[str]:
    """assess.4: the waves and the plan's hosts in none (the plan's own inputs)."""
    inputs = PlanningService(ctx).inputs()
    hosts = inputs.hosts
    if not inputs.waves:
        return [_say("no_waves", lang, hosts=f"{len(hosts):,}")]
    unassigned = sum(1 for h in hosts.values() if not h.wave_id)
    return [_say("waves", lang, waves=len(inputs.waves), hosts=f"{len(hosts):,}",
                 unassigned=f"{unassigned:,}")]  # fmt: skip


_READERS: dict[str, Callable[[ServiceContext, str], list[str]]] = {
    "assess.1": _inventory,
    "assess.2": _dependencies,
    "assess.3": _not_moved,
    "assess.4": _waves,
}


def has_facts(item_id: str) -> bool:
    """Whether the project shows figures for this checklist item."""
    return item_id in _READERS


def item_facts(ctx: ServiceContext, item_id: str, lang: str = "en") -> list[str]:
    """The figures the project shows for ``item_id``, one sentence each ([] for an item
    without any): read-only, nothing is ticked or written."""
    reader = _READERS.get(item_id)
    return reader(ctx, lang) if reader else []

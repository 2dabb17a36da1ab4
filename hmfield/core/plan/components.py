"""Components to deploy, computed from the hosts in scope (support facts, "Target-side
components"; ``resources/plan/components.yaml`` holds the figures and their sources):

- Sync Proxies on the source side for agentless hosts: hosts per platform / 100, rounded up
  (a proxy serves one platform), each Ubuntu 24.04 with 4 vCPU / 8 GB RAM;
- in block-storage mode, cloud sync gateways on the target: total source disks / 20,
  rounded up, each 2 vCPU / 4 GB RAM and at least 40 GB per disk; none in object-storage mode;
- the console: one, 8 vCPU / 16 GB RAM / 200 GB disk.

:func:`deploy_components` is pure (inputs and per-host disk counts in, numbers out); the plan
document and the stage-one/two checklist guidance word it with :func:`component_lines`.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

import yaml

from hmfield.core.errors import InputError
from hmfield.core.model.labels import choice_label
from hmfield.core.plan.inputs import PlanInputs
from hmfield.core.text import fill
from hmfield.core.yamltext import load_yaml
from hmfield.paths import resource_path

LINES = ("proxies", "gateways", "console")


@dataclass(frozen=True)
class ComponentDefaults:
    hosts_per_proxy: int
    proxy_spec: Mapping[str, object]
    disks_per_gateway: int
    gateway_spec: Mapping[str, object]
    console_spec: Mapping[str, object]
    sources: Mapping[str, Mapping[str, str]]  # component -> {zh, en}
    texts: Mapping[str, Mapping[str, str]]
    checklist_items: Mapping[str, tuple[str, ...]]


@lru_cache(maxsize=2)
def component_defaults(path: str | None = None) -> ComponentDefaults:
    src = path or str(resource_path("plan", "components.yaml"))
    try:
        with open(src, encoding="utf-8") as fh:
            doc = load_yaml(fh)
        proxy, gateway, console = doc["sync_proxy"], doc["gateway"], doc["console"]
        texts = doc["texts"]
        for key, entry in texts.items():
            if not (entry.get("zh") and entry.get("en")):
                raise InputError(f"components text '{key}' needs zh and en", file=src)
        return ComponentDefaults(
            hosts_per_proxy=int(proxy["hosts_per_proxy"]),
            proxy_spec={k: proxy[k] for k in ("vcpu", "ram_gb", "os")},
            disks_per_gateway=int(gateway["disks_per_gateway"]),
            gateway_spec={k: gateway[k] for k in ("vcpu", "ram_gb", "disk_min_gb")},
            console_spec={k: console[k] for k in ("vcpu", "ram_gb", "disk_gb")},
            sources={k: doc[k]["source"] for k in ("sync_proxy", "gateway", "console")},
            texts=texts,
            checklist_items={k: tuple(v) for k, v in (doc.get("checklist_items") or {}).items()},
        )
    except OSError as exc:
        raise InputError(f"cannot read component defaults: {exc.strerror}", file=src) from None
    except (yaml.YAMLError, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise InputError(f"component defaults are malformed: {exc}", file=src) from None


@dataclass(frozen=True)
class Components:
    """What to deploy. ``proxies_by_platform``: platform -> (agentless hosts, proxies)."""

    storage_mode: str  # block | object
    agentless_hosts: int
    proxies_by_platform: dict[str, tuple[int, int]]
    disks: int  # source disks of the hosts in scope
    hosts_without_disks: int  # counted as one disk each
    gateways: int  # 0 in object-storage mode
    console: int
    defaults: ComponentDefaults

    @property
    def proxies(self) -> int:
        return sum(n for _, n in self.proxies_by_platform.values())


def deploy_components(
    inputs: PlanInputs,
    disk_counts: Mapping[str, int],
    defaults: ComponentDefaults | None = None,
) -> Components:
    """The components for the hosts in ``inputs`` (out-of-scope hosts are not there)."""
    d = defaults or component_defaults()
    mode = getattr(inputs.settings, "storage_mode", None) or "block"
    counts = Counter(h.platform or "other" for h in inputs.hosts.values() if h.agentless)
    by_platform = {p: (n, math.ceil(n / d.hosts_per_proxy)) for p, n in sorted(counts.items()) if n}
    missing = sum(1 for h in inputs.hosts if not disk_counts.get(h))
    disks = sum(disk_counts.get(h) or 1 for h in inputs.hosts)
    gateways = math.ceil(disks / d.disks_per_gateway) if mode == "block" and disks else 0
    return Components(mode, sum(counts.values()), by_platform, disks, missing, gateways, 1, d)


def _lang(lang: str) -> str:
    return "zh" if lang.lower().startswith("zh") else "en"


def component_lines(
    comp: Components, lang: str = "en", which: tuple[str, ...] = LINES
) -> list[str]:
    """The components in words, one line per component (``which``: proxies, gateways,
    console), with the numbers and each component's spec."""
    key, d = _lang(lang), comp.defaults

    def text(name: str, **values) -> str:
        return fill(d.texts[name][key], key, **values)

    sep = "、" if key == "zh" else ", "
    out: list[str] = []
    for part in which:
        if part == "proxies":
            if not comp.proxies:
                out.append(text("no_proxies"))
                continue
            by = sep.join(
                f"{choice_label('platform', p, key)} {n}→{k}"
                for p, (n, k) in comp.proxies_by_platform.items()
            )  # the platform in words (VMware, 物理机), never its code
            out.append(
                text(
                    "proxies",
                    proxies=comp.proxies,
                    hosts=comp.agentless_hosts,
                    per_proxy=d.hosts_per_proxy,
                    by_platform=by,
                    **d.proxy_spec,
                )
            )
        elif part == "gateways":
            if comp.storage_mode != "block":
                out.append(text("no_gateways"))
                continue
            line = text(
                "gateways",
                gateways=comp.gateways,
                disks=comp.disks,
                per_gateway=d.disks_per_gateway,
                **d.gateway_spec,
            )
            if comp.hosts_without_disks:
                line += ("；" if key == "zh" else "; ") + text(
                    "disks_assumed", count=comp.hosts_without_disks
                )
            out.append(line)
        elif part == "console":
            out.append(text("console", **d.console_spec))
    return out


def component_sources(comp: Components, lang: str = "en") -> list[str]:
    key = _lang(lang)
    return [comp.defaults.sources[k][key] for k in ("sync_proxy", "gateway", "console")]


def checklist_guidance(comp: Components, item_id: str, lang: str = "en") -> str | None:
    """The numbers a stage-one/two checklist item's guidance shows, or None for other items."""
    which = comp.defaults.checklist_items.get(item_id)
    if not which:
        return None
    head = comp.defaults.texts["heading"][_lang(lang)]
    return "\n".join([head, *(f"• {line}" for line in component_lines(comp, lang, which))])


def stage_guidance(comp: Components, item_ids, lang: str = "en") -> list[str]:
    """What to deploy before a checklist stage: the heading, then each component line the
    stage's items name (once, in the usual order); [] when no item of the stage names one."""
    wanted = {w for i in item_ids for w in comp.defaults.checklist_items.get(i, ())}
    which = tuple(part for part in LINES if part in wanted)
    if not which:
        return []
    head = comp.defaults.texts["heading"][_lang(lang)]
    return [head, *component_lines(comp, lang, which)]


def disk_counts(session, host_ids) -> dict[str, int]:
    """host id -> its live disk rows (hosts without any are absent)."""
    from sqlalchemy import func, select

    from hmfield.core.model.inventory import Disk

    ids = list(host_ids)
    out: dict[str, int] = {}
    for start in range(0, len(ids), 500):
        part = ids[start : start + 500]
        stmt = (
            select(Disk.host_id, func.count())
            .where(Disk.host_id.in_(part), Disk.deleted.is_(False))
            .group_by(Disk.host_id)
        )
        out.update({hid: int(n) for hid, n in session.execute(stmt)})
    return out


def read_components(ctx, inputs=None) -> Components:
    """The components of the stored plan (in-scope hosts only); ``inputs``: the plan inputs
    the caller read already (the plan document reads them once for every section)."""
    from hmfield.core.plan.inputs import load_plan_inputs

    with ctx.read() as s:
        if inputs is None:
            inputs = load_plan_inputs(s)
        counts = disk_counts(s, inputs.hosts)
    return deploy_components(inputs, counts)

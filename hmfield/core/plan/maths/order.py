"""Honest order inside a cutover (pure: no database, no Qt). The runbook generator builds
its steps from it and the plan's timing counts the same waits, so the window check and the
runbook agree.

* **Providers before consumers**: a host starts only after the hosts and objects it depends
  on have passed their checks. The links come from the plan's dependencies (``from`` depends
  on ``to``); within one group, hosts without a link of their own follow the tiers (database
  and middleware before the application tier before the web tier). Peer links (cluster
  members, primary/standby) order nothing. A link that would close a loop is dropped and
  reported, never silently kept.
* **Syncs share the link**: at most ``concurrency`` final syncs run at once. Syncs are dealt,
  providers first and longest first within a tier, onto ``concurrency`` lanes (the lane that
  frees first takes the next); each sync waits for the one before it in its lane.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

# tier -> rank; a lower rank provides for a higher one. Hosts of unknown tier are free.
TIER_RANK = {"db": 0, "middleware": 1, "app": 2, "web": 3}
PEER_KINDS = frozenset({"cluster_member", "primary_standby"})


@dataclass(frozen=True)
class ProviderLink:
    """``consumer`` waits for ``provider`` (host or object keys of the same wave)."""

    consumer: str
    provider: str
    kind: str = "call"


def _reaches(graph: Mapping[str, set[str]], start: str, goal: str) -> bool:
    seen, stack = {start}, [start]
    while stack:
        node = stack.pop()
        if node == goal:
            return True
        for nxt in graph.get(node, ()):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return False


def provider_links(
    members: Sequence[tuple[str, str | None, str | None]],
    links: Iterable[ProviderLink],
) -> tuple[dict[str, list[str]], list[ProviderLink]]:
    """Who each member waits for: ``{consumer: [providers]}`` and the links dropped (loops).

    ``members``: ``(key, group, tier)`` of every host and object in the wave. Explicit links
    between members come first; the tiers add links only inside a group and only for a
    consumer with no explicit provider in that group.
    """
    known = {key for key, _, _ in members}
    waits: dict[str, set[str]] = {}  # consumer -> providers (the graph walked for loops)
    dropped: list[ProviderLink] = []

    def add(link: ProviderLink) -> bool:
        c, p = link.consumer, link.provider
        if c == p or p in waits.get(c, set()):
            return True
        if _reaches(waits, p, c):  # p already waits (transitively) for c: a loop
            return False
        waits.setdefault(c, set()).add(p)
        return True

    explicit: set[str] = set()
    for link in links:
        if link.kind in PEER_KINDS or link.consumer not in known or link.provider not in known:
            continue
        if add(link):
            explicit.add(link.consumer)
        else:
            dropped.append(link)
    by_group: dict[str | None, dict[int, list[str]]] = {}
    for key, group, tier in members:
        if tier in TIER_RANK:
            by_group.setdefault(group, {}).setdefault(TIER_RANK[tier], []).append(key)
    for tiers in by_group.values():
        ranks = sorted(tiers)
        for lower, higher in zip(ranks, ranks[1:], strict=False):
            for consumer in tiers[higher]:
                if consumer in explicit:
                    continue
                for provider in tiers[lower]:
                    if not add(ProviderLink(consumer, provider, "tier")):
                        dropped.append(ProviderLink(consumer, provider, "tier"))
    return {c: sorted(p) for c, p in waits.items()}, dropped


def sync_lanes(
    syncs: Sequence[tuple[str, float, int]], concurrency: int | None
) -> dict[str, str | None]:
    """The sync each sync waits for in its lane (None: first in its lane).

    ``syncs``: ``(key, minutes, rank)`` with rank the provider order (lower first). Without a
    concurrency (or enough lanes for all) nothing waits.
    """
    if not concurrency or concurrency >= len(syncs):
        return {key: None for key, _, _ in syncs}
    ordered = sorted(enumerate(syncs), key=lambda e: (e[1][2], -e[1][1], e[0]))
    lanes: list[tuple[float, int, str | None]] = [(0.0, i, None) for i in range(concurrency)]
    heapq.heapify(lanes)
    before: dict[str, str | None] = {}
    for _, (key, minutes, _) in ordered:
        free, lane, last = heapq.heappop(lanes)
        before[key] = last
        heapq.heappush(lanes, (free + minutes, lane, key))
    return before

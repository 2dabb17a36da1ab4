"""Splitting a move group that alone breaks a wave limit, cutting as few hard edges as it can.

First the group falls apart along what glued it that is not a hard edge (members of one
business system with no hard link between them): those parts are packed into chunks, first
fit decreasing, and no hard edge is cut. A hard component that alone still breaks the limit is
cut in breadth-first order along its hard edges, so neighbours stay together where they can.
The cut hard edges are returned so the proposal can name them.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from hmfield.core.plan.maths.graph import PlanEdge, _UnionFind
from hmfield.core.plan.maths.limits import WaveLimits, WaveLoad, fits


@dataclass
class GroupSplit:
    chunks: list[list[str]]  # member ids per chunk, each within the limits
    cut: list[PlanEdge]  # hard edges whose ends landed in different chunks


def _bfs_order(part: list[str], adj: dict[str, list[str]]) -> list[str]:
    inside, seen, order = set(part), set(), []
    for start in part:
        if start in seen:
            continue
        seen.add(start)
        queue = deque([start])
        while queue:
            v = queue.popleft()
            order.append(v)
            for w in adj[v]:
                if w in inside and w not in seen:
                    seen.add(w)
                    queue.append(w)
    return order


def split_group(
    members: Sequence[str],
    hard_edges: Sequence[PlanEdge],
    load_of: Callable[[str], WaveLoad],
    limits: WaveLimits,
) -> GroupSplit:
    """Chunks of ``members`` that each fit ``limits`` (see module docstring)."""
    pos = {m: i for i, m in enumerate(members)}
    inner = [e for e in hard_edges if e.src in pos and e.dst in pos]
    uf = _UnionFind(len(members))
    adj: dict[str, list[str]] = defaultdict(list)
    for e in inner:
        uf.union(pos[e.src], pos[e.dst])
        adj[e.src].append(e.dst)
        adj[e.dst].append(e.src)
    parts: dict[int, list[str]] = defaultdict(list)
    for m in members:
        parts[uf.find(pos[m])].append(m)

    def weigh(ids: Sequence[str]) -> WaveLoad:
        total = WaveLoad()
        for i in ids:
            total.add(load_of(i))
        return total

    pieces: list[tuple[WaveLoad, list[str]]] = []
    for part in parts.values():
        load = weigh(part)
        if fits(WaveLoad(), load, limits):
            pieces.append((load, part))
            continue
        chunk: list[str] = []
        chunk_load = WaveLoad()
        for node in _bfs_order(part, adj):
            one = load_of(node)
            if chunk and not fits(chunk_load, one, limits):
                pieces.append((chunk_load, chunk))
                chunk, chunk_load = [], WaveLoad()
            chunk.append(node)
            chunk_load.add(one)
        if chunk:
            pieces.append((chunk_load, chunk))
    pieces.sort(key=lambda p: (-p[0].hosts, -p[0].data_mib, pos[p[1][0]]))
    bins: list[tuple[WaveLoad, list[str]]] = []
    for load, ids in pieces:
        for bin_load, bin_ids in bins:
            if fits(bin_load, load, limits):
                bin_load.add(load)
                bin_ids.extend(ids)
                break
        else:
            fresh = WaveLoad()
            fresh.add(load)
            bins.append((fresh, list(ids)))
    chunks = [sorted(ids, key=pos.__getitem__) for _, ids in bins]
    chunk_of = {m: i for i, ids in enumerate(chunks) for m in ids}
    cut = [e for e in inner if chunk_of[e.src] != chunk_of[e.dst]]
    return GroupSplit(chunks, cut)

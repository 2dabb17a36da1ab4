"""Transfers sharing one link, as the full syncs of a plan share the customer's line.

At most ``concurrency`` transfers run at once (HyperMotion's concurrent syncs); the ones
running share the link equally, and a transfer capped below its share (an object's own
tool, slower than the line) leaves the rest to the others (water-filling). When one of
them ends, the others speed up: a lone large VM at the end of a wave gets the whole line,
not the share it had while eight synced. So a batch that keeps the line busy takes its data
divided by the link ("full sync = data in use / effective bandwidth", support facts), and
the concurrency only matters while fewer transfers than it are left with caps, or when a
later transfer may not start yet (``earliest``: a wave waiting for a free Sync Proxy).

Transfers start in the order they are added (the caller orders them: waves in order,
longest first), each at its ``earliest`` or when a slot frees, whichever is later. Times
are minutes from 0; sizes in Mbit, rates in Mbps.
"""

from __future__ import annotations

import math
from collections.abc import Hashable
from dataclasses import dataclass

_EPS = 1e-9


@dataclass
class _Running:
    key: Hashable
    left: float  # Mbit still to move
    cap: float  # Mbps this transfer cannot exceed (math.inf: the link alone limits it)
    rate: float = 0.0


class LinkShare:
    """The link's schedule so far; :meth:`add` transfers in start order, then :meth:`spans`."""

    def __init__(self, link_mbps: float, concurrency: int) -> None:
        if not link_mbps or link_mbps <= 0:
            raise ValueError(f"the link needs a rate above 0 Mbps (got {link_mbps})")
        self.link = float(link_mbps)
        self.slots = max(int(concurrency), 1)
        self.now = 0.0
        self.running: list[_Running] = []
        self.started: dict[Hashable, float] = {}
        self.ended: dict[Hashable, float] = {}

    def add(
        self, key: Hashable, mbit: float, earliest: float = 0.0, cap_mbps: float | None = None
    ) -> float:
        """Start transfer ``key`` of ``mbit`` Mbit at the first moment from ``earliest`` on
        when a slot is free (never before the transfers added before it); its start minute."""
        if key in self.started:
            raise ValueError(f"transfer {key!r} was added twice")
        earliest = max(float(earliest), self.now)
        while len(self.running) >= self.slots or self.now < earliest - _EPS:
            target = earliest if len(self.running) < self.slots else math.inf
            self._advance(target)
        self.now = max(self.now, earliest)
        self.started[key] = self.now
        if mbit <= 0:
            self.ended[key] = self.now
        else:
            cap = float(cap_mbps) if cap_mbps and cap_mbps > 0 else math.inf
            self.running.append(_Running(key, float(mbit), cap))
            self._share()
        return self.now

    def spans(self) -> dict[Hashable, tuple[float, float]]:
        """Every transfer's (start, end) minutes, the link run until all have ended."""
        while self.running:
            self._advance(math.inf)
        return {k: (self.started[k], self.ended[k]) for k in self.started}

    def end_of(self, keys) -> float:
        """The minute the last of ``keys`` ends if nothing more is added (a look ahead: the
        schedule itself is not changed)."""
        ahead = LinkShare(self.link, self.slots)  # only what still runs is played on
        ahead.now = self.now
        ahead.running = [_Running(r.key, r.left, r.cap, r.rate) for r in self.running]
        while ahead.running:
            ahead._advance(math.inf)
        return max((ahead.ended.get(k, self.ended.get(k, self.now)) for k in keys),
                   default=self.now)  # fmt: skip

    def _share(self) -> None:
        """Water-filling: the capped ones get their cap, the rest split what remains."""
        left, count = self.link, len(self.running)
        for r in sorted(self.running, key=lambda r: r.cap):
            r.rate = min(r.cap, left / count)
            left -= r.rate
            count -= 1

    def _advance(self, target: float) -> None:
        """Run the link to the next end of a transfer, or to ``target`` if that comes first."""
        if not self.running:
            if math.isinf(target):
                raise RuntimeError("nothing runs on the link and nothing waits")
            self.now = target
            return
        first = min(self.running, key=lambda r: r.left / r.rate)
        step = first.left / first.rate / 60.0  # minutes
        if self.now + step > target:
            dt = target - self.now
            for r in self.running:
                r.left -= r.rate * dt * 60.0
            self.now = target
            return
        self.now += step
        for r in self.running:
            r.left -= r.rate * step * 60.0
        done = {id(r) for r in self.running if r is first or r.left <= _EPS * max(r.rate, 1.0)}
        for r in self.running:
            if id(r) in done:
                self.ended[r.key] = self.now
        self.running = [r for r in self.running if id(r) not in done]
        if self.running:
            self._share()


def makespan(mbits: list[tuple[float, float | None]], link_mbps: float, concurrency: int) -> float:
    """Minutes until the last of ``mbits`` ((Mbit, cap Mbps or None), started in this order,
    all free to start at 0) has ended on a link of ``link_mbps`` with ``concurrency`` slots."""
    if all(cap is None for _, cap in mbits):  # nothing capped: the link is never idle
        return sum(mbit for mbit, _ in mbits) / float(link_mbps) / 60.0
    link = LinkShare(link_mbps, concurrency)
    for i, (mbit, cap) in enumerate(mbits):
        link.add(i, mbit, 0.0, cap)
    return max((end for _, end in link.spans().values()), default=0.0)

"""Per-wave capacity: hosts, data in use, and agentless hosts per Sync Proxy.

One Sync Proxy serves at most 100 hosts (support facts, VMware and OpenStack docs); planning
counts proxies per platform, or as one pool when the engineer gives a single number.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from hmfield.core.errors import InputError
from hmfield.core.plan.maths.notes import fmt_num

ALL_PLATFORMS = "*"  # agentless key when proxies are counted as one pool
_EPS = 1e-9
Broken = tuple[str, float, float, str | None]  # dimension, needed, limit, platform key


@dataclass(frozen=True)
class WaveLimits:
    """Per-wave capacity. ``None`` means no limit.

    ``proxies`` is either one pool of Sync Proxies shared by all agentless hosts, or a count
    per platform (proxies do not cross platforms; for OCI key them per availability domain).
    """

    max_hosts: int | None = None
    max_data_mib: float | None = None
    proxies: int | Mapping[str, int] | None = None
    hosts_per_proxy: int = 100

    def __post_init__(self) -> None:
        for name in ("max_hosts", "max_data_mib"):
            value = getattr(self, name)
            if value is not None and value <= 0:
                raise InputError(f"{name} must be greater than 0 (got {value})", column=name)
        if self.hosts_per_proxy <= 0:
            raise InputError("hosts_per_proxy must be greater than 0", column="hosts_per_proxy")
        counts = self.proxies.values() if isinstance(self.proxies, Mapping) else [self.proxies]
        if any(c is not None and c < 0 for c in counts):
            raise InputError("proxies cannot be negative", column="proxies")

    def agentless_key(self, platform: str | None) -> str:
        return str(platform) if isinstance(self.proxies, Mapping) else ALL_PLATFORMS

    def proxies_for(self, key: str) -> int | None:
        if self.proxies is None:
            return None
        if isinstance(self.proxies, Mapping):
            return int(self.proxies.get(key, 0))
        return int(self.proxies)

    def agentless_capacity(self, key: str) -> int | None:
        count = self.proxies_for(key)
        return None if count is None else count * self.hosts_per_proxy


@dataclass
class WaveLoad:
    """What one wave (or one group) asks of the limits."""

    hosts: int = 0
    data_mib: float = 0.0
    agentless: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def add(self, other: WaveLoad) -> None:
        self.hosts += other.hosts
        self.data_mib += other.data_mib
        for key, count in other.agentless.items():
            self.agentless[key] += count


def over(load: WaveLoad, limits: WaveLimits) -> list[Broken]:
    """Limits the load breaks: (dimension, needed, limit, platform key)."""
    broken: list[Broken] = []
    if limits.max_hosts is not None and load.hosts > limits.max_hosts:
        broken.append(("hosts", load.hosts, limits.max_hosts, None))
    if limits.max_data_mib is not None and load.data_mib > limits.max_data_mib * (1 + _EPS):
        broken.append(("data_mib", load.data_mib, limits.max_data_mib, None))
    for key, count in load.agentless.items():
        capacity = limits.agentless_capacity(key)
        if capacity is not None and count > capacity:
            broken.append(("agentless", count, capacity, key))
    return broken


def fits(wave: WaveLoad, add: WaveLoad, limits: WaveLimits) -> bool:
    """Whether ``add`` can join ``wave`` without breaking any limit."""
    if limits.max_hosts is not None and wave.hosts + add.hosts > limits.max_hosts:
        return False
    if limits.max_data_mib is not None and wave.data_mib + add.data_mib > limits.max_data_mib * (
        1 + _EPS
    ):
        return False
    for key, count in add.agentless.items():
        capacity = limits.agentless_capacity(key)
        if capacity is not None and wave.agentless.get(key, 0) + count > capacity:
            return False
    return True


def full(wave: WaveLoad, limits: WaveLimits) -> bool:
    """A wave that nothing more can join (used to stop scanning it)."""
    hosts_full = limits.max_hosts is not None and wave.hosts >= limits.max_hosts
    data_full = limits.max_data_mib is not None and wave.data_mib >= limits.max_data_mib
    return hosts_full or data_full


def limit_text(
    dimension: str, needed: float, limit: float, key: str | None, limits: WaveLimits
) -> str:
    """English wording of one broken limit, with the numbers."""
    if dimension == "hosts":
        return f"{fmt_num(needed)} hosts, a wave holds at most {fmt_num(limit)}"
    if dimension == "data_mib":
        return f"{fmt_num(needed)} MiB in use, a wave holds at most {fmt_num(limit)} MiB"
    where = "" if key == ALL_PLATFORMS else f" on {key}"
    proxies = limits.proxies_for(key or ALL_PLATFORMS) or 0
    return (
        f"{fmt_num(needed)} agentless hosts{where}, capacity {proxies} Sync Proxies x "
        f"{limits.hosts_per_proxy} hosts = {fmt_num(limit)}"
    )

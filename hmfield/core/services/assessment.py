"""Keeping host verdicts current: the inventory calls :func:`reassess_hosts` after it writes.

Integration seam (being filled by the Assess work in this session): until the rules engine is
wired in, no verdict is computed and the inventory shows none.
"""

from __future__ import annotations

from collections.abc import Iterable


def reassess_hosts(uow, host_ids: Iterable[str] | None = None) -> int:
    """Recompute verdicts for ``host_ids`` (all hosts when None) inside the caller's
    transaction; returns how many were computed."""
    return 0

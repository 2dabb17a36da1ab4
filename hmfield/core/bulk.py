"""Bulk work over thousands of records (imports, assessing a whole estate)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """The cycle collector off for a bulk load that makes many small objects and no cycles
    (its passes cost 20-40 % of a 10k-host import); back as it was afterwards, whatever
    happens."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()

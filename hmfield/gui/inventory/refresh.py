"""Keeping the inventory table current: each host's lifecycle, and noticing changes made on
other screens (a wave assigned on Waves, a verdict overridden on Assess, a checklist item done)
so that coming back to the inventory shows them.

Why here and not in the core rows: the lifecycle is derived from checklist work across the
project (``lifecycle.host_lifecycles``); computing it per edited row would mean reading every
host's tasks again. It is computed once per load and kept per host; rows that come back after
an edit get their host's known state (or discovered/assessed for a new host).
"""

from __future__ import annotations

from collections.abc import Iterable

from hmfield.core.checklists.lifecycle import ASSESSED, DISCOVERED, host_lifecycles
from hmfield.core.errors import HmError
from hmfield.core.project.status import change_stamp


class InventoryFreshness:
    def __init__(self, ctx) -> None:
        self.ctx = ctx
        self.lifecycles: dict[str, str] = {}
        self.stamp = -1

    def load(self, rows: list) -> list:
        """Before a full load: read every host's lifecycle and remember the change stamp."""
        return self.adopt(*self.read(), rows)

    def read(self) -> tuple[dict[str, str], int]:
        """The lifecycles and the change stamp of a full load: plain reads, safe on the job
        helper's thread (nothing of this object changes until :meth:`adopt`)."""
        stamp = change_stamp(self.ctx)  # first: a change during the read makes it stale
        try:
            lifecycles = host_lifecycles(self.ctx)
        except HmError:
            lifecycles = {}
        return lifecycles, stamp

    def adopt(self, lifecycles: dict[str, str], stamp: int, rows: list) -> list:
        """Keep what :meth:`read` returned and set the rows' lifecycles (GUI thread)."""
        self.lifecycles, self.stamp = lifecycles, stamp
        return self.fill(rows)

    def fill(self, rows: Iterable) -> list:
        """Set ``row.lifecycle`` on rows read after an edit (their host's known state)."""
        out = list(rows)
        for row in out:
            known = self.lifecycles.get(row.id)
            if known in (None, DISCOVERED, ASSESSED):
                known = ASSESSED if row.verdict else DISCOVERED
            row.lifecycle = known
        return out

    def seen_own_edit(self) -> None:
        """This screen wrote: its rows are current, only later outside writes count."""
        self.stamp = change_stamp(self.ctx)

    def stale(self) -> bool:
        """Did anything change since the last load or own edit?"""
        return change_stamp(self.ctx) != self.stamp

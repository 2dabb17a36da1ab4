"""The cycle collector and a large project's screens.

A large project's screens keep their rows for the session (their models survive
navigation). Each full collection of Python's cycle collector walks every tracked object
with the GIL held: at 10,000 hosts, after the Inventory's first visit, each walked 55-95 ms
and three ran during the Waves' first visit, stalls of the window. So once a screen's first
visit has loaded (every job it started is done), the objects alive are frozen
(``gc.freeze``: moved to the permanent generation, never walked again). Frozen objects are
still freed by reference counting when dropped (a model replaced by a refresh, its rows);
only a cycle among them would stay until the project closes, when :func:`release` hands
them back to the collector. The young generations are collected first (the objects made
since the last collections: a few thousand, about a millisecond) so that recent cyclic
garbage is not frozen with them.
"""

from __future__ import annotations

import gc


class HeapSettler:
    """Freezes the heap once the jobs of a screen's first visit are done (:meth:`visited`,
    then :meth:`idle` when the job helper has nothing left), and hands it back when the
    project closes (:meth:`release`)."""

    def __init__(self) -> None:
        self.pending = False
        self.settled = 0  # times the heap was frozen (tests, diagnostics)

    def visited(self) -> None:
        """A screen was built for its first visit: its rows are about to be loaded."""
        self.pending = True

    def idle(self) -> None:
        """The job helper has finished everything queued: the visit's rows are loaded."""
        if not self.pending:
            return
        self.pending = False
        gc.collect(1)
        gc.freeze()
        self.settled += 1

    def release(self) -> None:
        """The project closed: what was frozen goes back to the collector (its next full
        collection frees the closed project's cycles). The next opening freezes the
        services' objects again (``main_window._open_session``)."""
        self.pending = False
        gc.unfreeze()

"""Bulk work over thousands of records (imports, assessing a whole estate)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager, suppress


@contextmanager
def paused_gc(*, promote: bool = False) -> Iterator[None]:
    """The cycle collector off for a bulk load that makes many small objects and no cycles
    (its passes cost 20-40 % of a 10k-host import); back as it was afterwards, whatever
    happens. ``promote``: the objects made meanwhile are moved to the oldest generation
    as they are (``gc.freeze`` then ``gc.unfreeze``, two list splices), so that the first
    young collection after it does not walk them all (90 ms after a 10,000-host bundle's
    preview); only while nothing else is frozen (the app freezes its first opening's
    objects for good, and ``unfreeze`` would let those go too)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            if promote and gc.get_freeze_count() == 0:
                gc.freeze()
                gc.unfreeze()
            gc.enable()


BULK_CACHE_KIB = 16 * 1024  # SQLite's page cache during a bulk write (its default is 2 MiB)
BULK_CACHE_MAX_KIB = 80 * 1024  # ... growing with the write: 16 MiB per 10,000 records
_PER_RECORDS = 10_000


def bulk_cache_kib(records: int = 0) -> int:
    """The page cache (KiB) for a bulk write of ``records`` hosts: 16 MiB up to 10,000, as
    much again per 10,000 more, at most 80 MiB (50,000 hosts: the indexes on random keys of
    a project five times as large; beyond 80 MiB nothing was faster)."""
    scaled = BULK_CACHE_KIB * max(records, 0) // _PER_RECORDS
    return max(BULK_CACHE_KIB, min(BULK_CACHE_MAX_KIB, scaled))


@contextmanager
def bulk_cache(conn, records: int = 0) -> Iterator[None]:
    """A larger SQLite page cache for one bulk write on ``conn`` (a SQLAlchemy connection),
    as it was afterwards (:func:`bulk_cache_kib` of ``records``). A 10,000-host import
    updates ~15 indexes on random keys (ids, host ids): beyond 2 MiB of cache their pages
    are spilled and read back again and again; at 50,000 hosts 16 MiB is too little the same
    way (the events' inserts took 9x the 10k time, 6.5x with 80 MiB). Only the cache's size
    changes: journal and sync settings, hence crash safety, stay as they are; the office
    database (PostgreSQL) is left alone."""
    if conn.dialect.name != "sqlite":
        yield
        return
    raw = conn.connection.dbapi_connection  # sqlite3's own: works after a failed statement too
    before = raw.execute("PRAGMA cache_size").fetchone()[0]
    raw.execute(f"PRAGMA cache_size=-{int(bulk_cache_kib(records))}")
    try:
        yield
    finally:
        with suppress(Exception):  # a closed connection has no cache to give back
            raw.execute(f"PRAGMA cache_size={int(before)}")


ANALYZE_ABOVE = 500  # records written by one bulk change before the statistics are renewed
ANALYSIS_LIMIT = 1000  # rows SQLite samples per index (its exact count costs a full scan)


def renew_statistics(conn, records: int) -> None:
    """SQLite's table statistics renewed after a bulk write of ``records`` (``ANALYZE``
    sampling ``ANALYSIS_LIMIT`` rows per index, in the caller's transaction: 3 ms at
    10,000 hosts). Without them the planner takes the index on ``deleted`` (every row has
    the same value) over the one on ``host_id`` for "the live disks of these hosts", and each
    such query scans the whole table: the 50,000-host plan document's disk counts took 3.2 s,
    100 queries each reading 100,000 disks. Small changes and the office database
    (PostgreSQL analyses by itself) are left alone."""
    if conn.dialect.name != "sqlite" or records < ANALYZE_ABOVE:
        return
    raw = conn.connection.dbapi_connection
    raw.execute(f"PRAGMA analysis_limit={ANALYSIS_LIMIT}")
    raw.execute("ANALYZE")

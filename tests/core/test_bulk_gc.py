"""The cycle collector paused over a bulk load (``core.bulk.paused_gc``) and, with
``promote``, the objects made meanwhile handed to the oldest generation without a pass over
them (issue 19: the first young collection after a bundle's preview walked them all)."""

from __future__ import annotations

import gc

from hmfield.core.bulk import paused_gc


def _generation(obj) -> int | None:
    for generation in (0, 1, 2):
        if any(o is obj for o in gc.get_objects(generation)):
            return generation
    return None


def test_paused_and_back_as_it_was():
    assert gc.isenabled()
    with paused_gc(promote=True):
        assert not gc.isenabled()
        with paused_gc(promote=True):  # nested: the outer one restores
            pass
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with paused_gc(promote=True):
            pass
        assert not gc.isenabled()  # it was off: left off
    finally:
        gc.enable()


def test_promoted_objects_are_in_the_oldest_generation():
    frozen = gc.get_freeze_count()
    if frozen:  # an earlier test froze the app's objects: they stay frozen, nothing moves
        with paused_gc(promote=True):
            made = [[i] for i in range(100)]
        assert gc.get_freeze_count() == frozen
        assert _generation(made) in (0, 1)
        return
    with paused_gc(promote=True):
        made = [[i] for i in range(100)]
    assert gc.get_freeze_count() == 0
    assert _generation(made) == 2 and _generation(made[0]) == 2
    with paused_gc():
        young = [[i] for i in range(100)]
    assert _generation(young) in (0, 1)  # without promote: left to the young collections


def test_what_the_app_froze_stays_frozen():
    if gc.get_freeze_count():
        return  # covered above
    kept = [[1], [2]]
    gc.freeze()
    try:
        count = gc.get_freeze_count()
        with paused_gc(promote=True):
            made = [[i] for i in range(10)]
        assert gc.get_freeze_count() == count  # not let go by an unfreeze
        assert _generation(kept) is None  # still in the permanent generation
        assert _generation(made) in (0, 1)
    finally:
        gc.unfreeze()

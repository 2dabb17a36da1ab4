"""Split Prophet's nested cells: items separated by a space, fields of an item by ``|``.

Why not ``split(" ")``: names contain spaces (``[ds01] web01/web01.vmdk``, Windows adapter
names, disk models such as ``INTEL SSDSC2KB48``). Items are found by an anchor field at a
known position (a size or a MAC) instead; the space that separates two items is the one in
the segment just before the next anchor.
"""

from __future__ import annotations

from collections.abc import Callable


def split_items(cell: str | None, is_anchor: Callable[[str], bool]) -> list[list[str]]:
    """Items of a nested cell whose field 1 satisfies ``is_anchor``.

    ``'sda|10|ATA|X Y sdb|20|ATA|Z'`` with a numeric anchor ->
    ``[['sda', '10', 'ATA', 'X Y'], ['sdb', '20', 'ATA', 'Z']]``.
    """
    if not cell or not cell.strip():
        return []
    segs = cell.strip().split("|")
    if len(segs) == 1:
        return [[segs[0].strip()]]
    anchors = [1]  # segment index of field 1 of each item
    for i in range(2, len(segs)):
        if " " in segs[i - 1].strip() and is_anchor(segs[i].strip().split(" ", 1)[0]):
            anchors.append(i)
    items: list[list[str]] = []
    name = segs[0]
    for n, start in enumerate(anchors):
        if n + 1 == len(anchors):
            items.append([f.strip() for f in [name, *segs[start:]]])
            break
        boundary = anchors[n + 1] - 1
        seg = segs[boundary].strip()
        if boundary == start:  # "size nextname": the anchor is a single token
            left, _, right = seg.partition(" ")
        else:  # "free text nextname": the next item's name is the last word
            left, _, right = seg.rpartition(" ")
        items.append([f.strip() for f in [name, *segs[start:boundary], left]])
        name = right
    return items

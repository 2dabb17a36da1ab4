"""Copy and paste planning for the inventory table (no widgets: easy to test and reason about).

Copy writes the selected cells' display text (what the person sees, e.g. "16 GiB", "是"),
so a block copied from the table pastes back unchanged. Paste maps a block onto the visible
columns from the current cell, validates every cell with the same rules as the service, and
returns the changes plus one line per bad cell naming its row and column.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QCoreApplication

from hmfield.core.errors import HmError
from hmfield.core.inventory.fields import validate_field


@dataclass
class Target:
    """One cell the block lands on: table row number as shown (1-based), the host, the
    column key and header, and the pasted text."""

    row: int
    host_id: str
    host_name: str
    key: str
    header: str
    text: str


@dataclass
class PastePlan:
    changes: dict[str, dict[str, Any]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    cells: int = 0
    good: int = 0


def problem_line(t: Target, reason: str) -> str:
    return (
        QCoreApplication.translate("InventoryPaste", "Row %1 (%2), column %3: %4")
        .replace("%1", str(t.row))
        .replace("%2", t.host_name)
        .replace("%3", t.header)
        .replace("%4", reason)
    )


def plan_paste(
    targets: Sequence[Target],
    editable: set[str],
    names: dict[str, Callable[[], Sequence[str]]],
) -> PastePlan:
    """Validate every target cell. ``names["owner"]()`` / ``names["wave"]()`` list the names a
    reference cell may hold (business systems are created when new, like in the service)."""
    plan = PastePlan(cells=len(targets))
    known: dict[str, set[str]] = {}
    for t in targets:
        if t.key not in editable:
            plan.problems.append(
                problem_line(t, QCoreApplication.translate("InventoryPaste", "read-only column"))
            )
            continue
        try:
            if t.key in ("owner", "wave"):
                if t.key not in known:
                    known[t.key] = {n.casefold() for n in names[t.key]()}
                text = t.text.strip()
                if text and text.casefold() not in known[t.key]:
                    reason = QCoreApplication.translate("InventoryPaste", "no %1 named %2")
                    if t.key == "owner":
                        what = QCoreApplication.translate("InventoryPaste", "person")
                    else:
                        what = QCoreApplication.translate("InventoryPaste", "wave")
                    raise HmError(reason.replace("%1", what).replace("%2", repr(text)))
                value: Any = text or None
            elif t.key == "business_system":
                value = t.text.strip() or None
            else:
                value = validate_field(t.key, t.text)
        except HmError as exc:
            plan.problems.append(problem_line(t, str(exc)))
            continue
        plan.changes.setdefault(t.host_id, {})[t.key] = value
        plan.good += 1
    return plan


def block_targets(
    grid: Sequence[Sequence[str]],
    start_row: int,
    columns: Sequence[tuple[str, str]],
    row_info: Callable[[int], tuple[str, str] | None],
) -> tuple[list[Target], int]:
    """Lay ``grid`` onto the table from proxy row ``start_row`` and the first of ``columns``
    ((key, header) of the visible columns from the current one, in screen order).

    ``row_info(proxy_row)`` gives (host id, name) or None past the last row. Returns the
    targets and how many grid cells fell outside the table.
    """
    targets: list[Target] = []
    outside = 0
    for dr, cells in enumerate(grid):
        info = row_info(start_row + dr)
        for dc, text in enumerate(cells):
            if info is None or dc >= len(columns):
                outside += 1
                continue
            key, header = columns[dc]
            targets.append(Target(start_row + dr + 1, info[0], info[1], key, header, text))
    return targets, outside

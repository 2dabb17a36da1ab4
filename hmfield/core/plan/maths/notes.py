"""One shape for every explanation, warning and line of maths the planning core returns.

The core returns codes and numbers (``code`` + ``params``) so the GUI and the reports can word
them in Chinese or English from their own resources; ``text`` is a ready English rendering for
logs, the CLI and tests. ``nodes`` names the node ids concerned so a screen can select them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class PlanFinding:
    """A coded, numbered statement: an infeasibility, a violation, or one line of maths."""

    code: str
    text: str
    severity: Severity = "warning"
    params: Mapping[str, Any] = field(default_factory=dict)
    nodes: tuple[str, ...] = ()

    def __str__(self) -> str:
        return self.text


# Readable names used in signatures; they are the same shape.
Explanation = PlanFinding
Violation = PlanFinding


def fmt_num(value: float, digits: int = 1) -> str:
    """Format a number for a message: integers without decimals, others rounded."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.{digits}f}"


def fmt_minutes(value: float) -> str:
    """Minutes as the plan check and the runbook both print them (``188.5``, ``370``): to a
    tenth, whole minutes without decimals, so the two never read 189 against 188.5."""
    return fmt_num(round(float(value), 1))


def sample(ids: list[str] | tuple[str, ...], limit: int = 5) -> str:
    """A short list of ids for a message ("a, b, c and 7 more")."""
    shown = ", ".join(ids[:limit])
    rest = len(ids) - limit
    return f"{shown} and {rest} more" if rest > 0 else shown

"""Shared text helpers of the runbook, cutover, drill and acceptance reports.

Report text comes from ``resources/reports/runbook_labels.yaml`` (zh/en) next to the
toolkit's generic labels; times are printed in the plan's zone, which the page footer names.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from hmfield.core.model.labels import choice_label
from hmfield.core.reports.labels import Labels, labels
from hmfield.paths import resource_path

LABELS_FILE = ("reports", "runbook_labels.yaml")


def rlabels(lang: str) -> Labels:
    """The runbook reports' own labels in ``lang``."""
    return labels(lang, resource_path(*LABELS_FILE))


def hhmm(value: datetime | None, tz: str, with_date: bool = False) -> str:
    """A time in the report zone: ``23:05`` (or ``11-28 23:05``); blank for None."""
    if value is None:
        return ""
    local = value.astimezone(ZoneInfo(tz))
    return local.strftime("%m-%d %H:%M" if with_date else "%H:%M")


def full_time(value: datetime | None, tz: str) -> str:
    if value is None:
        return ""
    return value.astimezone(ZoneInfo(tz)).strftime("%Y-%m-%d %H:%M")


def role_text(lab: Labels, code: str) -> str:
    """A role in ``lab``'s language: the one table screens and paper read (model.labels)."""
    return choice_label("person_role", code, lab.lang)


def roles_text(lab: Labels, codes, sep: str = "、") -> str:
    return sep.join(role_text(lab, c) for c in codes)


def minutes_text(value: float | None) -> str:
    """Planned minutes as the pen reads them: whole minutes from 10 up, one decimal below
    ("0.6", "4.9", "153"), never a long float that wraps its cell."""
    if value is None:
        return ""
    if abs(value - round(value)) <= 0.05 or abs(value) >= 10:
        return str(round(value))
    return f"{value:.1f}"


def signed(value: float | None) -> str:
    if value is None:
        return ""
    n = round(value)
    return f"+{n}" if n > 0 else str(n)


def landscape_cover(ctx, title: str, rows=()) -> list:
    """A cover that fits an A4 landscape page even with long rollback triggers: the toolkit's
    portrait cover leaves 45 mm above the title and a 100 mm value column."""
    from reportlab.lib.units import mm
    from reportlab.platypus import PageBreak, Spacer, Table, TableStyle

    from hmfield.core.reports.blocks import para, report_styles
    from hmfield.core.reports.document import GREY_RULE, GREY_ZEBRA
    from hmfield.core.reports.fonts import register_fonts

    styles = report_styles()
    lab = ctx.labels
    info = [(lab["project"], ctx.project_name), (lab["customer"], ctx.customer)]
    if ctx.wave:
        info.append((lab["wave"], ctx.wave))
    info += list(rows)
    info.append((lab["printed_at"], ctx.printed_text()))
    data = [[para(k, styles.body), para(v, styles.body)] for k, v in info]
    table = Table(data, colWidths=[45 * mm, 170 * mm], hAlign="CENTER")
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), register_fonts(), 9),
                ("LINEBELOW", (0, 0), (-1, -1), 0.5, GREY_RULE),
                ("BACKGROUND", (0, 0), (0, -1), GREY_ZEBRA),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    out = [Spacer(1, 12 * mm), para(title, styles.title)]
    if ctx.subtitle:
        out.append(para(ctx.subtitle, styles.subtitle))
    return [*out, table, PageBreak()]


PREDECESSORS_SHOWN = 40
"""Characters of a predecessors cell on paper: beyond it the cell sums up (see below)."""


def step_ranges(numbers: str) -> str:
    """Step numbers ``"3, 4, 5, 9"`` as ranges ``"3-5, 9"`` (anything not a number kept)."""
    ints: list[int] = []
    other: list[str] = []
    for part in (p.strip() for p in numbers.split(",")):
        if part.isdigit():
            ints.append(int(part))
        elif part:
            other.append(part)
    out: list[str] = []
    for n in sorted(set(ints)):
        if out and out[-1][1] == n - 1:
            out[-1][1] = n
        else:
            out.append([n, n])
    text = [f"{a}-{b}" if b > a else str(a) for a, b in out]
    return ", ".join(text + other)


def predecessors_text(numbers: str, lab: Labels, limit: int = PREDECESSORS_SHOWN) -> str:
    """What a printed predecessors cell holds: ranges, or when even those run long the
    first ranges and a count ("12-14, 20 … 187 steps (12-240)"), never a cell over a page.
    The workbook keeps the full ranges."""
    text = step_ranges(numbers)
    if len(text) <= limit:
        return text
    ints = [int(p) for p in (x.strip() for x in numbers.split(",")) if p.isdigit()]
    head = text[:limit].rsplit(",", 1)[0]
    if not ints:
        return head + " …"
    return lab("predecessors_more", head=head, count=len(set(ints)), low=min(ints), high=max(ints))

"""Building blocks for report pages: styles, headings with TOC entries, cover, sign-off.

All styles use the one embedded CJK font; every paragraph is a ``typeset.TextParagraph``
(Chinese breaks between characters, never before closing punctuation, Latin words and
numbers never break) and is never clipped; meaning is carried by text, size and grey
shades, never by colour, so a black-and-white printout keeps it.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from hmfield.core.reports.document import (
    GREY_HEADER,
    GREY_RULE,
    GREY_TEXT,
    GREY_ZEBRA,
    ReportContext,
)
from hmfield.core.reports.fonts import register_fonts
from hmfield.core.reports.typeset import TextParagraph


@dataclass(frozen=True)
class Styles:
    """Paragraph styles; all use the embedded CJK font and CJK wrapping."""

    title: ParagraphStyle
    subtitle: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    cell_header: ParagraphStyle
    toc_levels: list[ParagraphStyle] = field(default_factory=list)


@lru_cache(maxsize=1)
def report_styles() -> Styles:
    """Build the shared styles once (fonts are registered first)."""
    font = register_fonts()

    def st(name: str, size: float, leading: float | None = None, **kw) -> ParagraphStyle:
        kw.setdefault("textColor", colors.black)
        return ParagraphStyle(
            name, fontName=font, fontSize=size, leading=leading or size * 1.35, wordWrap="CJK", **kw
        )

    toc = [
        st("toc0", 10.5, leftIndent=0, firstLineIndent=0, spaceBefore=3),
        st("toc1", 9.5, leftIndent=14, firstLineIndent=0),
        st("toc2", 9, leftIndent=28, firstLineIndent=0, textColor=GREY_TEXT),
    ]
    return Styles(
        title=st("title", 24, 32, alignment=TA_CENTER, spaceAfter=10),
        subtitle=st("subtitle", 14, 20, alignment=TA_CENTER, textColor=GREY_TEXT, spaceAfter=24),
        h1=st("h1", 16, 22, spaceBefore=10, spaceAfter=6, keepWithNext=1),
        h2=st("h2", 12.5, 17, spaceBefore=8, spaceAfter=4, keepWithNext=1),
        h3=st("h3", 10.5, 14, spaceBefore=6, spaceAfter=3, keepWithNext=1),
        body=st("body", 9.5, 13.5, spaceAfter=4),
        small=st("small", 8, 10.5, textColor=GREY_TEXT),
        cell=st("cell", 8, 10.5),
        cell_header=st("cell_header", 8, 10.5),
        toc_levels=toc,
    )


def _font_cmds() -> list[tuple]:
    """Table FONT command: without it reportlab references an unembedded Helvetica."""
    return [("FONT", (0, 0), (-1, -1), register_fonts(), 9)]


def para(text: str, style: ParagraphStyle | None = None) -> Paragraph:
    """The one paragraph of plain text every report uses (newlines kept, body style by
    default), broken into lines by ``typeset.break_lines``."""
    return TextParagraph(text, style or report_styles().body)


_heading_keys = itertools.count(1)


class _Heading(TextParagraph):
    """Heading paragraph; level 0 draws a grey rule under itself (there is no bold face)."""

    _hm_rule = False

    def draw(self) -> None:
        super().draw()
        if self._hm_rule:
            self.canv.saveState()
            self.canv.setStrokeColor(GREY_RULE)
            self.canv.setLineWidth(0.8)
            self.canv.line(0, -2, self.width, -2)
            self.canv.restoreState()


def heading(text: str, level: int = 0) -> Flowable:
    """A section heading that appears in the TOC and the PDF outline (levels 0-2).

    Without a weight to use (no bold CJK face), level 0 carries a grey rule under it.
    """
    styles = report_styles()
    level = max(0, min(level, 2))
    style = (styles.h1, styles.h2, styles.h3)[level]
    p = _Heading(text, style)
    p._hm_rule = level == 0
    p._hm_toc = (level, text, f"h{next(_heading_keys)}")
    return p


def toc(ctx: ReportContext) -> list[Flowable]:
    """Contents title and a TableOfContents; its presence makes build_pdf run multiple passes."""
    styles = report_styles()
    contents = TableOfContents(
        levelStyles=styles.toc_levels,
        dotsMinLevel=0,
        tableStyle=TableStyle(_font_cmds() + [("VALIGN", (0, 0), (-1, -1), "TOP")]),
    )
    return [para(ctx.labels["contents"], styles.h1), contents, PageBreak()]


def cover(
    ctx: ReportContext, title: str, rows: Sequence[tuple[str, str]] = (), note: str | None = None
) -> list[Flowable]:
    """A cover page: title, subtitle, and a key/value block (project, customer, wave, time)."""
    styles = report_styles()
    lab = ctx.labels
    info: list[tuple[str, str]] = [
        (lab["project"], ctx.project_name),
        (lab["customer"], ctx.customer),
    ]
    if ctx.wave:
        info.append((lab["wave"], ctx.wave))
    info.extend(rows)
    info.append((lab["printed_at"], ctx.printed_text()))
    data = [[para(k, styles.body), para(v, styles.body)] for k, v in info]
    table = Table(data, colWidths=[40 * mm, 100 * mm], hAlign="CENTER")
    table.setStyle(
        TableStyle(
            _font_cmds()
            + [
                ("LINEBELOW", (0, 0), (-1, -1), 0.5, GREY_RULE),
                ("BACKGROUND", (0, 0), (0, -1), GREY_ZEBRA),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    out: list[Flowable] = [Spacer(1, 45 * mm), para(title, styles.title)]
    if ctx.subtitle:
        out.append(para(ctx.subtitle, styles.subtitle))
    out += [Spacer(1, 18 * mm), table]
    if note:
        out += [Spacer(1, 12 * mm), para(note, styles.small)]
    out.append(PageBreak())
    return out


@dataclass(frozen=True)
class Signer:
    """One sign-off line: the role is printed, the name may be left blank for pen."""

    role: str
    name: str = ""
    organisation: str = ""


def signoff_block(
    ctx: ReportContext,
    signers: Sequence[Signer],
    title: str | None = None,
    width: float | None = None,
    note: str | None = None,
) -> Flowable:
    """Sign-off table (role, organisation, name, signature, date) kept on one page;
    ``note`` says what signing means (default: the generic sentence)."""
    styles = report_styles()
    lab = ctx.labels
    width = width or 170 * mm
    header = [
        para(lab[k], styles.cell_header)
        for k in ("role", "organisation", "name", "signature", "date")
    ]
    rows = [
        [
            para(s.role, styles.cell),
            para(s.organisation, styles.cell),
            para(s.name, styles.cell),
            "",
            "",
        ]
        for s in signers
    ]
    fr = (0.18, 0.2, 0.17, 0.27, 0.18)
    table = Table(
        [header, *rows],
        colWidths=[width * f for f in fr],
        minRowHeights=[0] + [14 * mm] * len(rows),
    )
    table.setStyle(
        TableStyle(
            _font_cmds()
            + [
                ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), GREY_HEADER),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    parts: list[Flowable] = [
        heading(title or lab["sign_off"], 0),
        para(note or lab["sign_off_note"], styles.small),
        Spacer(1, 3 * mm),
        table,
    ]
    return KeepTogether(parts)

"""A4 report builder shared by every hmfield printout (plan, checklists, runbook, drill,
cutover, acceptance).

Reports are printed and signed on site, so the builder guarantees what paper needs:
one embedded CJK font with CJK line breaking (Chinese never clipped), grey shades
only (legible on a black-and-white printer), the project, wave and print time with its
time zone on every page, "page x of y", and an atomic write so a cancelled or failed
build never leaves a half-written PDF where the old one was.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.pagesizes import landscape as to_landscape
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    LayoutError,
    PageTemplate,
)
from reportlab.platypus.tableofcontents import TableOfContents

from hmfield.core.errors import Cancelled, HmError
from hmfield.core.fileutil import usual_mode
from hmfield.core.progress import NULL_PROGRESS, Progress
from hmfield.core.reports.fonts import FONT_NAME, register_fonts
from hmfield.core.reports.labels import Labels, labels

MARGIN_X = 16 * mm
MARGIN_TOP = 20 * mm
MARGIN_BOTTOM = 18 * mm
GREY_TEXT = colors.Color(0.3, 0.3, 0.3)
GREY_RULE = colors.Color(0.55, 0.55, 0.55)
GREY_HEADER = colors.Color(0.82, 0.82, 0.82)
GREY_ZEBRA = colors.Color(0.92, 0.92, 0.92)


@dataclass(frozen=True)
class ReportContext:
    """Who the report is for and when it was printed; shown on every page."""

    project_name: str
    customer: str
    lang: str
    printed_at: dt.datetime
    tz: str | dt.tzinfo
    subtitle: str | None = None
    wave: str | None = None

    def __post_init__(self) -> None:
        if self.printed_at.tzinfo is None or self.printed_at.utcoffset() is None:
            raise HmError("report print time must carry a time zone (got a naive datetime)")
        self.zone  # validates tz now, not halfway through a build  # noqa: B018
        self.labels  # validates lang  # noqa: B018

    @property
    def zone(self) -> dt.tzinfo:
        if isinstance(self.tz, dt.tzinfo):
            return self.tz
        try:
            return ZoneInfo(self.tz)
        except (ZoneInfoNotFoundError, ValueError):
            raise HmError(
                f"unknown time zone '{self.tz}' for the report (use a name like Asia/Shanghai)"
            ) from None

    @property
    def labels(self) -> Labels:
        return labels(self.lang)

    def printed_text(self) -> str:
        """Print time in the report's zone with the zone named: ``2025-03-01 14:05 Asia/Shanghai (UTC+08:00)``."""
        local = self.printed_at.astimezone(self.zone)
        offset = local.strftime("%z")
        offset = f"UTC{offset[:3]}:{offset[3:]}" if offset else "UTC"
        name = getattr(self.zone, "key", None) or local.tzname() or ""
        return f"{local:%Y-%m-%d %H:%M} {name} ({offset})".replace("  ", " ")

    @property
    def zone_name(self) -> str:
        """The zone every printed time is in: ``Asia/Shanghai`` (or its UTC offset)."""
        key = getattr(self.zone, "key", None)
        if key:
            return key
        offset = self.printed_at.astimezone(self.zone).strftime("%z")
        return f"UTC{offset[:3]}:{offset[3:]}" if offset else "UTC"

    def timed(self, header: str) -> str:
        """A time column's header naming the zone: ``计划开始 (Asia/Shanghai)``."""
        return time_header(header, self.zone_name)

    def project_line(self) -> str:
        """Page header: project, wave and, once, the zone every time is printed in."""
        lab = self.labels
        sep = "：" if self.lang == "zh" else ": "
        text = f"{lab['project']}{sep}{self.project_name}"
        if self.wave:
            text += f"    {lab['wave']}{sep}{self.wave}"
        return text + f"    {lab['time_zone']}{sep}{self.zone_name}"


def time_header(header: str, zone_name: str) -> str:
    """The one way a time column names its zone, on paper and in workbooks."""
    return f"{header} ({zone_name})"


def page_size(landscape: bool = False) -> tuple[float, float]:
    return to_landscape(A4) if landscape else A4


def frame_width(landscape: bool = False) -> float:
    """Usable text width in points; tables size their columns from it."""
    return page_size(landscape)[0] - 2 * MARGIN_X


def widths_for(weights: Sequence[float], landscape: bool = False) -> list[float]:
    """Column widths in points from relative weights, filling the frame width."""
    total = float(sum(weights))
    if total <= 0:
        raise HmError("column weights must add up to more than zero")
    avail = frame_width(landscape)
    return [avail * w / total for w in weights]


def _fit(text: str, size: float, width: float) -> str:
    """Shorten text with an ellipsis so header/footer parts never overlap."""
    if stringWidth(text, FONT_NAME, size) <= width:
        return text
    while text and stringWidth(text + "…", FONT_NAME, size) > width:
        text = text[:-1]
    return text + "…"


@dataclass(frozen=True)
class _Furniture:
    """Text drawn on every page (resolved once per build)."""

    title: str
    project: str
    printed: str
    page_fmt: Callable[[int, int], str]


class _NumberedCanvas(Canvas):
    """Canvas that holds pages until save() so each footer can say "page x of y" in one pass."""

    def __init__(self, *args, furniture: _Furniture, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._hm_furniture = furniture
        self._hm_pages: list[dict] = []

    def showPage(self) -> None:  # noqa: N802 (reportlab API)
        self._hm_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._hm_pages)
        for state in self._hm_pages:
            self.__dict__.update(state)
            self._draw_furniture(total)
            super().showPage()
        super().save()

    def _draw_furniture(self, total: int) -> None:
        f = self._hm_furniture
        w, h = self._pagesize
        left, right = MARGIN_X, w - MARGIN_X
        usable = right - left
        self.saveState()
        self.setFillColor(colors.black)
        self.setStrokeColor(GREY_RULE)
        self.setLineWidth(0.5)
        top_y = h - MARGIN_TOP + 4 * mm
        self.setFont(FONT_NAME, 8)
        self.drawString(left, top_y, _fit(f.title, 8, usable * 0.45))
        self.drawRightString(right, top_y, _fit(f.project, 8, usable * 0.53))
        self.line(left, top_y - 2 * mm, right, top_y - 2 * mm)
        bottom_y = MARGIN_BOTTOM - 8 * mm
        self.line(left, bottom_y + 4 * mm, right, bottom_y + 4 * mm)
        page_text = f.page_fmt(self._pageNumber, total)
        self.setFont(FONT_NAME, 9)
        self.drawRightString(right, bottom_y, page_text)
        page_w = stringWidth(page_text, FONT_NAME, 9)
        self.setFont(FONT_NAME, 7.5)
        self.drawString(left, bottom_y, _fit(f.printed, 7.5, usable - page_w - 6 * mm))
        self.restoreState()


class _KeepWithNext(KeepTogether):
    """keepWithNext group that only needs the *start* of a long table to fit.

    reportlab measures the whole group, so a heading followed by a 300-row table always
    jumped to a new page. A flowable with ``head_height()`` (DataTable: header row plus
    a few rows) is measured by that instead; the heading still never sits alone at the
    bottom of a page.
    """

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:  # noqa: N803
        result = super().wrap(aW, aH)
        last = self._content[-1] if self._content else None
        head = getattr(last, "head_height", None)
        if callable(head):
            self._H -= max(0.0, last.height - head())
        return result


class _ReportDoc(BaseDocTemplate):
    """Doc template that feeds headings to the TOC/outline and reports progress per page."""

    def __init__(self, filename: str, *, progress: Progress, **kw) -> None:
        super().__init__(filename, keepTogetherClass=_KeepWithNext, **kw)
        self._progress = progress

    def beforeDocument(self) -> None:  # noqa: N802 (reportlab API; runs once per pass)
        self._outline_level = -1

    def handle_pageBegin(self) -> None:  # noqa: N802 (reportlab API)
        self._progress.check()
        self._progress.report(self.page, None, f"page {self.page + 1}")
        super().handle_pageBegin()

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 (reportlab API)
        entry = getattr(flowable, "_hm_toc", None)
        if entry is None:
            return
        level, text, key = entry
        # the PDF outline cannot skip levels (h2 straight after the start): clamp it
        outline_level = min(level, self._outline_level + 1)
        self._outline_level = outline_level
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(text, key, level=outline_level, closed=outline_level > 0)
        self.notify("TOCEntry", (level, escape(text), self.page, key))


def _temp_beside(target: Path) -> str:
    """A new empty file in the target's folder (the report is renamed onto the target)."""
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        usual_mode(tmp_name)
    except OSError as exc:
        raise HmError(f"cannot write report {target}: {exc.strerror}") from None
    os.close(fd)
    return tmp_name


def _report_doc(
    tmp_name: str, ctx: ReportContext, doc_title: str, landscape: bool, progress: Progress
) -> _ReportDoc:
    """The document on A4 (or landscape) with the report's margins, metadata and one body
    frame without inner padding: frame_width() is exactly what tables may use."""
    size = page_size(landscape)
    doc = _ReportDoc(
        tmp_name,
        progress=progress,
        pagesize=size,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=doc_title,
        author="hmfield",
        subject=f"{ctx.project_name} / {ctx.customer}",
        creator="hmfield",
        lang="zh-CN" if ctx.lang == "zh" else "en",
        initialFontName=FONT_NAME,  # else every page references an unembedded Helvetica
        initialFontSize=9,
    )
    frame = Frame(
        doc.leftMargin,
        doc.bottomMargin,
        doc.width,
        doc.height,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], pagesize=size)])
    return doc


def build_pdf(
    path: str | os.PathLike[str],
    ctx: ReportContext,
    flowables: Sequence[Flowable],
    landscape: bool = False,
    progress: Progress = NULL_PROGRESS,
    title: str | None = None,
) -> Path:
    """Write the report to ``path`` atomically (temp file in the same folder, then rename).

    ``title`` goes in the page header and PDF metadata (default: the context subtitle).
    A TableOfContents among the flowables triggers reportlab's multi-pass build.
    Raises Cancelled (nothing written) when ``progress`` is cancelled.
    """
    register_fonts()
    target = Path(path)
    lab = ctx.labels
    doc_title = title or ctx.subtitle or ctx.project_name
    furniture = _Furniture(
        title=doc_title,
        project=ctx.project_line(),
        printed=f"{lab['printed_at']}{'：' if ctx.lang == 'zh' else ': '}{ctx.printed_text()}",
        page_fmt=lambda page, total: lab("page_x_of_y", page=page, total=total),
    )
    tmp_name = _temp_beside(target)
    try:
        doc = _report_doc(tmp_name, ctx, doc_title, landscape, progress)
        maker = partial(_NumberedCanvas, furniture=furniture)
        story = list(flowables)
        if any(isinstance(f, TableOfContents) for f in story):
            doc.multiBuild(story, canvasmaker=maker)
        else:
            doc.build(story, canvasmaker=maker)
        os.replace(tmp_name, target)
    except Cancelled:
        _unlink(tmp_name)
        raise
    except OSError as exc:
        _unlink(tmp_name)
        raise HmError(f"cannot write report {target}: {exc.strerror or exc}") from None
    except LayoutError as exc:  # a flowable larger than any page: say so, no traceback
        _unlink(tmp_name)
        what = str(exc).split("\n")[0][:160]
        raise HmError(
            f"cannot print {target.name}: one block of the document does not fit on a page "
            f"({what}); nothing was written. Print a smaller part (one wave, one phase) "
            f"or report this to the hmfield team."
        ) from None
    except BaseException:
        _unlink(tmp_name)
        raise
    return target


def _unlink(name: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(name)

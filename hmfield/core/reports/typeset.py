"""Line breaking for every printed paragraph and table cell (Chinese and Latin mixed).

reportlab's CJK mode breaks wherever a line is full, so a line could start with "，" and
"Red Hat Enterprise" came out as "Enterpri/se". Here text is cut into unbreakable boxes
first, then filled greedily into lines of a measured width:

* a run of Latin letters, digits and their punctuation (``app-srv-001``, ``7.9``,
  ``object-storage``) is one box: lines break at spaces, nothing is hyphenated;
* each Han character is a box of its own (Chinese breaks between characters);
* closing punctuation (，。、；：？！）」』 …) sticks to the box before it, so no line starts
  with it; opening punctuation (（「『 …) sticks to the box after it, so no line ends with it.

Only a box wider than a whole line (a long URL or path) is cut inside, after ``/ - _ .``
where possible, else at the last character that fits: that is the one case where a word
breaks, because the alternative is ink off the page. A box too wide only by its trailing
closing punctuation keeps it hanging past the line end (悬挂标点) rather than starting the
next line with it.

:func:`break_lines` returns the lines (tests measure them); :class:`TextParagraph` is the
one paragraph flowable reports use (``blocks.para`` and headings), breaking at the width it
is laid out in; table cells call :func:`break_lines` directly (``tables.data_table``).
"""

from __future__ import annotations

from functools import lru_cache
from xml.sax.saxutils import escape

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import cleanBlockQuotedText

CLOSING = frozenset("，。、；：？！）」』】》〉〕］｝”’…%‰·,.;:?!)]}％")
"""Never at the start of a line."""
OPENING = frozenset("（「『【《〈〔［｛“‘([{")
"""Never at the end of a line."""
_SOFT_CUTS = frozenset("/-_.\\,:;&?=")
_HANGING = "".join(CLOSING) + " "
_FUZZ = 0.01


def _is_wide(ch: str) -> bool:
    """Han, kana, hangul, CJK punctuation and full-width forms: breakable between."""
    o = ord(ch)
    return (
        0x2E80 <= o <= 0x9FFF
        or 0xAC00 <= o <= 0xD7AF
        or 0xF900 <= o <= 0xFAFF
        or 0xFE30 <= o <= 0xFE4F
        or 0xFF00 <= o <= 0xFFEF
        or 0x20000 <= o <= 0x2FA1F
    )


def boxes(line: str) -> list[tuple[str, bool]]:
    """The unbreakable pieces of one line: (text, space_before) pairs."""
    out: list[list] = []  # [text, space_before]
    space = False
    glue_next = False  # the last box ends with opening punctuation
    latin = False  # the last box is a Latin run still growing
    for ch in line:
        if ch in " \t\u3000":
            space, latin = True, False  # an opening bracket still holds on to what follows
            continue
        wide = _is_wide(ch)
        if out and (ch in CLOSING or glue_next):  # even across a space: "（ x" and "x ，"
            out[-1][0] += (" " if space else "") + ch
            space = False
            glue_next = ch in OPENING
            latin = not wide
            continue
        if out and not space and latin and not wide:  # 3,629.4 and app-srv-001 stay whole
            out[-1][0] += ch
            glue_next = ch in OPENING
            continue
        out.append([ch, space])
        space = False
        glue_next = ch in OPENING
        latin = not wide
    return [(t, s) for t, s in out]


def _cut_long(box: str, font: str, size: float, width: float) -> list[str]:
    """A box wider than a line, cut into pieces that fit (after soft cut marks if any)."""
    pieces: list[str] = []
    rest = box
    if stringWidth(rest.rstrip(_HANGING), font, size) <= width:
        return [rest]  # only closing punctuation is over: it hangs past the line end
    # (closing punctuation at the end of what is left may hang past the line end)
    while rest and stringWidth(rest.rstrip(_HANGING), font, size) > width:
        n = 1
        while n < len(rest) and stringWidth(rest[: n + 1], font, size) <= width:
            n += 1
        spaces = [  # never a break before closing punctuation ("x ，"): no line starts with it
            i
            for i in range(1, min(n + 1, len(rest)))
            if rest[i] == " " and rest[i:].lstrip()[:1] not in CLOSING
        ]
        if spaces:  # a box glued across a space ("（ Enterprise"): break there, not in a word
            cut = spaces[-1]
        else:
            soft = max((i + 1 for i in range(n) if rest[i] in _SOFT_CUTS), default=0)
            cut = soft if soft >= n // 2 and soft > 0 else n
            while cut > 1 and (rest[cut] in CLOSING or rest[cut - 1] in OPENING):
                cut -= 1  # even inside a cut word no line starts with "，" or ends with "（"
        pieces.append(rest[:cut].rstrip())
        cut += len(rest[cut:]) - len(rest[cut:].lstrip())
        rest = rest[cut:]
    if rest:
        pieces.append(rest)
    return pieces


def break_lines(
    text: str, font: str, size: float, width: float, first_width: float | None = None
) -> list[str]:
    """``text`` as lines no wider than ``width`` points (``first_width`` for the first).

    Newlines in the text are kept as line breaks; runs of spaces print as one.
    """
    lines: list[str] = []
    space_w = stringWidth(" ", font, size)
    for raw in text.split("\n"):
        limit = (first_width if first_width is not None and not lines else width) - _FUZZ
        current, used = "", 0.0
        for box, space_before in boxes(raw):
            w = _width(box, font, size)
            glue = space_w if (space_before and current) else 0.0
            if current and used + glue + w <= limit:
                current += (" " if glue else "") + box
                used += glue + w
                continue
            if current:
                lines.append(current)
                limit = width - _FUZZ
            if w <= limit:
                current, used = box, w
                continue
            pieces = _cut_long(box, font, size, limit)
            lines.extend(pieces[:-1])
            limit = width - _FUZZ
            current = pieces[-1]
            used = stringWidth(current, font, size)
        lines.append(current)
    return lines


@lru_cache(maxsize=65536)
def _width(box: str, font: str, size: float) -> float:
    return stringWidth(box, font, size)


def lines_markup(lines: list[str]) -> str:
    return "<br/>".join(escape(line) for line in lines)


class TextParagraph(Paragraph):
    """A paragraph of plain text broken by :func:`break_lines` at the width it gets.

    reportlab calls ``wrap`` with the frame or cell width; the text is (re)broken there,
    so the same flowable is right in a portrait page, a landscape page or a table cell.
    Pieces made by ``split`` (a paragraph across a page break) keep the lines already
    made.
    """

    def __init__(self, text, style=None, bulletText=None, frags=None, **kw) -> None:  # noqa: N803
        self._hm_plain = text if frags is None else None
        self._hm_width: float | None = None
        markup = lines_markup((text or "").split("\n")) if frags is None else None
        super().__init__(markup, style, bulletText, frags, **kw)

    def wrap(self, availWidth: float, availHeight: float):  # noqa: N803 (reportlab API)
        if self._hm_plain is not None:
            st = self.style
            width = availWidth - st.leftIndent - st.rightIndent
            if width != self._hm_width:
                self._hm_width = width
                lines = break_lines(
                    self._hm_plain, st.fontName, st.fontSize, width, width - st.firstLineIndent
                )
                self._setup(lines_markup(lines), st, self.bulletText, None, cleanBlockQuotedText)
        return super().wrap(availWidth, availHeight)


__all__ = ["CLOSING", "OPENING", "TextParagraph", "boxes", "break_lines"]

"""Register the bundled CJK font with reportlab, once.

Every report uses one face, WenQuanYi Micro Hei, for Chinese and Latin text:
it is TrueType (so reportlab embeds a subset and poppler, Acrobat and WPS all
show the same glyphs) and it covers both scripts, so mixed lines need no font
switching.

Bold: the family has no bold face, and fake bold (text render mode "fill and
stroke") cannot be applied per fragment inside platypus Paragraphs without
patching reportlab. We therefore register the same face for bold/italic so
``<b>`` markup never fails, and styles mark headings by size, spacing and a
grey rule instead of weight. That keeps one embedded subset per PDF.
"""

from __future__ import annotations

import threading
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from hmfield.core.errors import HmError
from hmfield.paths import resource_path

FONT_NAME = "WQYMicroHei"
"""reportlab name of the regular face; use it in every style."""

BOLD_FONT_NAME = FONT_NAME
"""There is no bold CJK face: bold maps to the same face (see module docstring)."""

FONT_FILE = ("fonts", "wqy-microhei.ttc")

_lock = threading.Lock()
_registered = False


def font_path() -> Path:
    """Path of the bundled font file (inside the frozen bundle too)."""
    return resource_path(*FONT_FILE)


def register_fonts() -> str:
    """Register the report font with reportlab (idempotent, thread-safe); return its name.

    Raises :class:`HmError` with the expected path when the font file is missing or
    unreadable, because a report without it would silently lose every Chinese glyph.
    """
    global _registered
    if _registered:
        return FONT_NAME
    with _lock:
        if _registered:
            return FONT_NAME
        if FONT_NAME not in pdfmetrics.getRegisteredFontNames():
            path = font_path()
            if not path.is_file():
                raise HmError(
                    f"report font missing: {path} (reinstall hmfield; reports need it for Chinese)"
                )
            try:
                font = TTFont(FONT_NAME, str(path), subfontIndex=0)
            except Exception as exc:  # reportlab raises TTFError and plain errors alike
                raise HmError(f"report font unreadable: {path}: {exc}") from exc
            pdfmetrics.registerFont(font)
        for bold in (0, 1):
            for italic in (0, 1):
                addMapping(FONT_NAME, bold, italic, FONT_NAME)
        # drawings (the wave Gantt, the dependency graph) start from reportlab's graphics
        # defaults: without this every page of their document names an unembedded Helvetica
        from reportlab.graphics.shapes import STATE_DEFAULTS

        STATE_DEFAULTS["fontName"] = FONT_NAME
        _registered = True
    return FONT_NAME

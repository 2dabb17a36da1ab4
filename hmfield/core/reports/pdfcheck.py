"""Check generated PDFs with poppler-utils (tests, benchmarks and a small CLI).

A report can look fine in reportlab and still fail on paper: a font not embedded
(other viewers substitute it, poppler shows blanks), Chinese not extractable (search
and copy fail), a page count off. These helpers ask poppler, the same engine many
Linux viewers use, instead of trusting our own code.

CLI: ``python -m hmfield.core.reports.pdfcheck report.pdf [--png OUTDIR]``
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from hmfield.core.errors import HmError

TOOLS = ("pdftotext", "pdffonts", "pdfinfo", "pdftoppm")
TIMEOUT = 120


class PopplerMissing(HmError):
    """poppler-utils is not installed (or not on PATH)."""


@dataclass(frozen=True)
class PdfFont:
    """One row of ``pdffonts``."""

    name: str
    type: str
    encoding: str
    embedded: bool
    subset: bool
    unicode: bool
    object_id: str


def _run(tool: str, *args: str) -> str:
    exe = shutil.which(tool)
    if exe is None:
        raise PopplerMissing(
            f"{tool} not found: install poppler-utils (Debian: apt-get install poppler-utils)"
        )
    try:
        done = subprocess.run([exe, *args], capture_output=True, timeout=TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        raise HmError(f"{tool} took longer than {TIMEOUT} s on {args[-1]}") from None
    if done.returncode != 0:
        err = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise HmError(f"{tool} failed ({done.returncode}): {err[0] if err else 'no message'}")
    return done.stdout.decode("utf-8", "replace")


def _existing(path: str | os.PathLike[str]) -> str:
    p = Path(path)
    if not p.is_file():
        raise HmError(f"no such PDF: {p}")
    return str(p)


def pdf_text(
    path: str | os.PathLike[str],
    first: int | None = None,
    last: int | None = None,
    layout: bool = False,
) -> str:
    """Text of the PDF (UTF-8); pages are separated by form feeds (``\\f``)."""
    args = ["-enc", "UTF-8"]
    if first:
        args += ["-f", str(first)]
    if last:
        args += ["-l", str(last)]
    if layout:
        args.append("-layout")
    return _run("pdftotext", *args, _existing(path), "-")


def pdf_page_texts(path: str | os.PathLike[str]) -> list[str]:
    """One text string per page (pdftotext ends every page with a form feed)."""
    pages = pdf_text(path).split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def pdf_fonts(path: str | os.PathLike[str]) -> list[PdfFont]:
    """Fonts used by the PDF, parsed from ``pdffonts`` (column widths from its dashes line)."""
    out = _run("pdffonts", _existing(path)).splitlines()
    dash_i = next((i for i, line in enumerate(out) if line.startswith("---")), None)
    if dash_i is None:
        raise HmError(f"unexpected pdffonts output for {path}")
    spans: list[tuple[int, int]] = []
    pos = 0
    for part in out[dash_i].split(" "):
        spans.append((pos, pos + len(part)))
        pos += len(part) + 1
    fonts = []
    for line in out[dash_i + 1 :]:
        if not line.strip():
            continue
        f = [line[a:b].strip() for a, b in spans[:-1]] + [line[spans[-1][0] :].strip()]
        # name, type, encoding, emb, sub, uni, object ID (type may hold spaces: fixed columns)
        fonts.append(PdfFont(f[0], f[1], f[2], f[3] == "yes", f[4] == "yes", f[5] == "yes", f[6]))
    return fonts


def pdf_info(path: str | os.PathLike[str]) -> dict[str, str]:
    """``pdfinfo`` fields (Title, Pages, Page size, ...)."""
    info = {}
    for line in _run("pdfinfo", _existing(path)).splitlines():
        key, sep, value = line.partition(":")
        if sep:
            info[key.strip()] = value.strip()
    return info


def pdf_pages(path: str | os.PathLike[str]) -> int:
    """Number of pages, from ``pdfinfo``."""
    info = pdf_info(path)
    try:
        return int(info["Pages"])
    except (KeyError, ValueError):
        raise HmError(f"pdfinfo reported no page count for {path}") from None


def render_png(
    path: str | os.PathLike[str],
    outdir: str | os.PathLike[str],
    dpi: int = 60,
    first: int | None = None,
    last: int | None = None,
) -> list[Path]:
    """Render pages to ``outdir/page-N.png`` with pdftoppm; return the files in page order."""
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    args = ["-png", "-r", str(dpi)]
    if first:
        args += ["-f", str(first)]
    if last:
        args += ["-l", str(last)]
    _run("pdftoppm", *args, _existing(path), str(out / "page"))
    return sorted(out.glob("page-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))


def main(argv: list[str] | None = None) -> int:
    """Print pages and fonts; exit 1 when a font is not embedded."""
    ap = argparse.ArgumentParser(description="Check a PDF with poppler: pages, fonts, text.")
    ap.add_argument("pdf")
    ap.add_argument("--png", metavar="OUTDIR", help="also render pages to PNG (60 dpi)")
    args = ap.parse_args(argv)
    try:
        pages = pdf_pages(args.pdf)
        fonts = pdf_fonts(args.pdf)
        print(f"pages: {pages}")
        for f in fonts:
            print(f"font: {f.name} ({f.type}) embedded={'yes' if f.embedded else 'NO'}")
        if args.png:
            files = render_png(args.pdf, args.png)
            print(f"rendered {len(files)} page(s) to {args.png}")
    except HmError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0 if all(f.embedded for f in fonts) else 1


if __name__ == "__main__":
    raise SystemExit(main())

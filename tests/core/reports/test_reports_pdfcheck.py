"""poppler wrappers: parse real output, and say clearly when poppler is missing."""

from __future__ import annotations

import pytest
from report_samples import needs_poppler

from hmfield.core.errors import HmError
from hmfield.core.reports import pdfcheck
from hmfield.core.reports.pdfcheck import PopplerMissing, pdf_fonts, pdf_pages, render_png


def test_missing_poppler_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setattr(pdfcheck.shutil, "which", lambda name: None)
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    with pytest.raises(PopplerMissing, match="install poppler-utils"):
        pdf_pages(pdf)


def test_missing_file_is_named(tmp_path):
    with pytest.raises(HmError, match="no such PDF"):
        pdf_fonts(tmp_path / "absent.pdf")


@needs_poppler
def test_render_and_cli_on_sample(sample_pdf, tmp_path, capsys):
    files = render_png(sample_pdf, tmp_path / "png", first=1, last=2)
    assert len(files) == 2
    assert all(f.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for f in files)
    assert pdfcheck.main([str(sample_pdf)]) == 0
    out = capsys.readouterr().out
    assert f"pages: {pdf_pages(sample_pdf)}" in out and "embedded=yes" in out


@needs_poppler
def test_cli_flags_unembedded_fonts(tmp_path):
    from reportlab.pdfgen.canvas import Canvas

    path = tmp_path / "helv.pdf"
    c = Canvas(str(path))
    c.drawString(100, 100, "Helvetica is not embedded")
    c.save()
    fonts = pdf_fonts(path)
    assert fonts and not fonts[0].embedded and fonts[0].name == "Helvetica"
    assert pdfcheck.main([str(path)]) == 1

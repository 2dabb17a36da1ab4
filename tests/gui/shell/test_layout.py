"""Layouts at the default 1280x800, also with every text 40 % longer (HMFIELD_TEXT_STRETCH):
the Migrate detail pane never needs a horizontal scroll bar."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QScrollArea


@pytest.mark.parametrize("stretch", ["1", "1.4"])
def test_phase_detail_pane_fits_at_1280x800(window, demo_path, monkeypatch, stretch):
    monkeypatch.setenv("HMFIELD_TEXT_STRETCH", stretch)
    window.resize(1280, 800)
    window.open_project(demo_path)
    window.language.set_language("en")  # installs the stretching translator when asked
    try:
        screen = window.show_screen("migrate")
        for _ in range(5):
            QApplication.processEvents()
        if stretch != "1":
            assert window.nav.item(0).text().endswith("~")
        areas = [a for a in screen.findChildren(QScrollArea) if a.isVisible()]
        assert areas
        for area in areas:
            assert area.horizontalScrollBar().maximum() == 0, "the detail pane overflows"
    finally:
        monkeypatch.setenv("HMFIELD_TEXT_STRETCH", "1")
        window.language.set_language("en")

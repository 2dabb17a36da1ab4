"""English counts read right: "1 host", "2 hosts" (Qt's %n numerus strings through the
English plural translator). Chinese keeps its one form: the zh_CN walk reads those."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QCoreApplication

from hmfield.gui.common.i18n import EnglishPlurals
from hmfield.gui.shell.export_status import age_text


@pytest.fixture
def lang(hm_app):
    from hmfield.gui.shell.app import language_manager

    manager = language_manager(hm_app)
    manager.set_language("en")  # no switch while other tests' widgets may still be alive
    return manager


def test_english_numerus_forms(lang):
    now = datetime(2027, 1, 10, 12, tzinfo=UTC)
    assert age_text(now - timedelta(days=1, hours=2), now) == "1 day ago"
    assert age_text(now - timedelta(days=3), now) == "3 days ago"
    tr = QCoreApplication.translate
    assert tr("InventoryScreen", "Delete %n host(s)", "", 1) == "Delete 1 host"
    assert tr("InventoryScreen", "Delete %n host(s)", "", 2) == "Delete 2 hosts"
    assert tr("InventoryScreen", "Delete %n host(s)", "", 0) == "Delete 0 hosts"
    assert tr("InventoryScreen", "Paste (s) here") == "Paste (s) here"  # no count: untouched


def test_the_screens_counts_in_english(window, qtbot):
    from hmfield.gui.assess.bulk_override import BulkOverrideDialog

    one, many = BulkOverrideDialog(1, window), BulkOverrideDialog(4, window)
    for dialog in (one, many):
        qtbot.addWidget(dialog)
    assert "for 1 host;" in one.intro.text() and "for 4 hosts;" in many.intro.text()


def test_plural_translator_rules():
    t = EnglishPlurals()
    assert t.translate("C", "%n match(es) and %n file(s)", None, 1) == "%n match and %n file"
    assert t.translate("C", "%n match(es) and %n file(s)", None, 3) == "%n matches and %n files"
    assert t.translate("C", "%n hosts", None, 1) is None  # nothing to choose: Qt's own text
    assert t.translate("C", "host(s)", None, -1) is None


def test_locale_numbers_in_counts(lang):
    tr = QCoreApplication.translate
    assert tr("VerdictPage", "Verdicts (%Ln host(s))", "", 12345) == "Verdicts (12,345 hosts)"
    assert tr("VerdictPage", "Verdicts (%Ln host(s))", "", 1) == "Verdicts (1 host)"


def test_texts_with_several_counts_read_right_in_english(lang):
    from hmfield.core.operate.paper import OperateCounts
    from hmfield.gui.operate.status import operate_text

    one = OperateCounts(0, 0, 1, 1, 1, 0, 1, False, False)
    text = operate_text(one)
    assert "1 of 1 wave accepted" in text and "1 open incident" in text
    assert "waves" not in text and "incidents" not in text
    many = operate_text(OperateCounts(0, 0, 1, 3, 2, 0, 2, False, False))
    assert "1 of 3 waves accepted" in many and "2 open incidents" in many


def test_several_counts_untouched_in_chinese(hm_app):
    from hmfield.gui.common.i18n import counted
    from hmfield.gui.shell.app import language_manager

    manager = language_manager(hm_app)
    manager.set_language("zh_CN")
    try:
        assert counted("1 hosts") == "1 hosts"  # Chinese text is never changed
    finally:
        manager.set_language("en")
    assert counted("1 hosts") == "1 host"

"""Run-time language switching: zh_CN and en, Chinese by default on a Chinese system."""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, QTranslator

from hmfield.paths import resource_path

LANGUAGES = {"zh_CN": "中文", "en": "English"}


def system_language() -> str:
    return "zh_CN" if QLocale.system().language() == QLocale.Language.Chinese else "en"


def ui_lang() -> str:
    """The one answer to "which language do the screens show": "zh" or "en" (the language
    manager sets the default locale whenever the language switches)."""
    return "zh" if QLocale().language() == QLocale.Language.Chinese else "en"


def counted(text: str) -> str:
    """A screen text holding several counts, made right in English when a count is 1
    ("1 of 1 waves accepted" -> "1 of 1 wave accepted"); Qt's ``%n`` covers one count only."""
    if ui_lang() != "en":
        return text
    from hmfield.core.text import singular_en

    return singular_en(text)


def text_stretch() -> float:
    """``HMFIELD_TEXT_STRETCH=1.4``: every text of the app 40 % longer (Vorta's TRANS_SCALE
    idea), to see what clips before a longer translation does; 1.0 (off) by default."""
    import os

    try:
        return max(1.0, float(os.environ.get("HMFIELD_TEXT_STRETCH", "1") or 1))
    except ValueError:
        return 1.0


class StretchTranslator(QTranslator):
    """Lengthens the app's own texts (not Qt's) by ``factor`` with trailing "~"."""

    def __init__(self, factor: float, others: list, parent=None) -> None:
        super().__init__(parent)
        self.factor = factor
        self.others = others  # the language's own translators, asked first

    def isEmpty(self) -> bool:  # noqa: N802 - Qt's name
        return False

    def translate(self, context, source, disambiguation=None, n=-1):
        if not source or (context or "").startswith("Q"):
            return None
        text = source
        for other in self.others:
            found = other.translate(context, source, disambiguation, n)
            if found:
                text = found
                break
        return text + "~" * max(1, round(len(text) * (self.factor - 1)))


class QtGapsTranslator(QTranslator):
    """Qt's own strings that qtbase_<code>.qm leaves untranslated
    (resources/messages/qt_<code>.yaml): the file dialog's "Look in:" and "Files of type:"."""

    def __init__(self, code: str, parent=None) -> None:
        super().__init__(parent)
        self.table: dict[str, dict[str, str]] = {}
        path = resource_path("messages", f"qt_{code}.yaml")
        if path.exists():
            from hmfield.core.yamltext import load_yaml  # when a file dialog first opens

            self.table = load_yaml(path.read_text(encoding="utf-8")) or {}

    def isEmpty(self) -> bool:  # noqa: N802 - Qt's name
        return not self.table

    def translate(self, context, source, disambiguation=None, n=-1):
        return self.table.get(context, {}).get(source) or None


_PLURAL = re.compile(r"([A-Za-z]+)\((s|es)\)")


class EnglishPlurals(QTranslator):
    """English numerus forms without an English .qm: a count string written the Qt way,
    ``self.tr("%n host(s)", "", n)``, reads "1 host" and "2 hosts" (Qt puts the number in
    for ``%n`` afterwards). Installed first, so asked last: a translation wins."""

    def isEmpty(self) -> bool:  # noqa: N802 - Qt's name
        return False

    def translate(self, context, source, disambiguation=None, n=-1):
        if n is None or n < 0 or not source or "(" not in source:
            return None
        if not _PLURAL.search(source):
            return None
        return _PLURAL.sub(lambda m: m.group(1) + ("" if n == 1 else m.group(2)), source)


class LanguageManager:
    """Installs the app's and Qt's own translators; widgets retranslate on LanguageChange."""

    def __init__(self, app: QCoreApplication) -> None:
        self.app = app
        self.current = "en"
        self._translators: list[QTranslator] = []
        # one per application, installed before any window and kept: asked after every
        # other translator (installing a translator retranslates every widget)
        if getattr(app, "_hm_plurals", None) is None:
            app._hm_plurals = EnglishPlurals(app)
            app.installTranslator(app._hm_plurals)

    def set_language(self, code: str) -> bool:
        if code not in LANGUAGES:
            code = "en"
        for tr in self._translators:
            self.app.removeTranslator(tr)
        self._translators.clear()
        ok = True
        if code != "en":
            ours = QTranslator(self.app)
            ok = ours.load(str(resource_path("i18n", f"hmfield_{code}.qm")))
            if ok:
                self.app.installTranslator(ours)
                self._translators.append(ours)
            qt = QTranslator(self.app)
            qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
            if qt.load(f"qtbase_{code}", qt_dir):
                self.app.installTranslator(qt)
                self._translators.append(qt)
            gaps = QtGapsTranslator(code, self.app)
            if gaps.table:
                self.app.installTranslator(gaps)  # installed last: asked first
                self._translators.append(gaps)
        stretch = text_stretch()
        if stretch > 1.0:  # a layout check: every text of ours longer than it will ever be
            longer = StretchTranslator(stretch, list(self._translators), self.app)
            self.app.installTranslator(longer)
            self._translators.append(longer)
        self.current = code
        # the locale first: a widget retranslating asks ui_lang() for the new language
        QLocale.setDefault(
            QLocale(QLocale.Language.Chinese if code == "zh_CN" else QLocale.Language.English)
        )
        # deliver the LanguageChange events now, so every widget has retranslated on return
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
        relayout_tab_bars()
        return ok


def relayout_tab_bars() -> None:
    """Tab bars keep the tab widths of the old language when their texts change while the
    bar is not shown (the Migrate pane's "Notes" tab cut to "ote:" after 中文 → English):
    setting the elide mode again makes each one measure its tabs anew."""
    from PySide6.QtWidgets import QApplication, QTabBar

    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    for widget in app.allWidgets():
        if isinstance(widget, QTabBar):
            widget.setElideMode(widget.elideMode())

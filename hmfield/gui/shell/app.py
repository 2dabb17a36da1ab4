"""QApplication set-up: style, high-DPI, bundled CJK font, translations, settings."""

from __future__ import annotations

import os

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from hmfield import __version__
from hmfield.gui.common.i18n import LanguageManager, system_language
from hmfield.gui.common.settings import Settings
from hmfield.paths import resource_path

CJK_FAMILY = "WenQuanYi Micro Hei"


def register_fonts() -> list[str]:
    """Make Chinese render on machines with no CJK font: register the bundled TrueType face."""
    font_id = QFontDatabase.addApplicationFont(str(resource_path("fonts", "wqy-microhei.ttc")))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    return list(families)


def create_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if app is None:
        # fractional scaling as the screen says (Qt's PassThrough), unless the user set it: the
        # variable, not QGuiApplication's setter, whose enum loads Qt's whole namespace (93
        # enums, 15 ms) before the first window needs any of it
        os.environ.setdefault("QT_SCALE_FACTOR_ROUNDING_POLICY", "PassThrough")
        app = QApplication(argv or ["hmfield"])
    setup_app(app)
    return app


def setup_app(app: QApplication) -> None:
    if app.property("hmfield_ready"):
        return
    app.setApplicationName("hmfield")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("hmfield")
    app.setStyle("Fusion")
    families = register_fonts()
    font = QFont(app.font())
    font.setFamilies([font.family(), *(families or [CJK_FAMILY])])
    app.setFont(font)
    settings = Settings()
    lang = LanguageManager(app)
    lang.set_language(settings.get("ui/language") or system_language())
    app.setProperty("hmfield_ready", True)
    app._hm_language = lang  # kept alive with the app
    app._hm_settings = settings


def language_manager(app: QApplication) -> LanguageManager:
    return app._hm_language


def app_settings(app: QApplication) -> Settings:
    return app._hm_settings

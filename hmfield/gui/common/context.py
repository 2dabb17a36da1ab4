"""What a screen is given: the open project's services, the job helper, dialogs, settings, the
clock, the display language and a small window-level ``Shell`` (navigation and feedback).

Screens never see the main window. A test builds one screen on a temporary project with
:func:`standalone_context`; the main window builds the real one in ``gui/shell``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from hmfield.core.clock import Clock
from hmfield.gui.common.i18n import ui_lang

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from hmfield.core.context import ServiceContext
    from hmfield.gui.common.dialogs import Dialogs
    from hmfield.gui.common.jobs import JobRunner
    from hmfield.gui.common.project_session import ProjectSession
    from hmfield.gui.common.settings import Settings


class Shell(Protocol):
    """The window-level things a screen may ask for."""

    def show_screen(self, key: str) -> QWidget | None:
        """Bring the screen ``key`` to the front (built if needed) and return it."""

    def built_screen(self, key: str) -> QWidget | None:
        """The screen ``key`` if it has been built, else None (never builds it)."""

    def open_project(self, path: Path) -> bool:
        """Close the current project and open ``path``."""

    def status_message(self, text: str, msec: int = 10000) -> None:
        """A transient line in the status bar."""

    def refresh_labels(self) -> None:
        """Re-read what the window's top and status bars show (project name, last export)."""


@dataclass
class DetachedShell:
    """The shell of a screen shown on its own (tests, tools): records what was asked."""

    messages: list[str] = field(default_factory=list)
    opened: list[Path] = field(default_factory=list)
    shown: list[str] = field(default_factory=list)

    def show_screen(self, key: str) -> QWidget | None:
        self.shown.append(key)
        return None

    def built_screen(self, key: str) -> QWidget | None:
        return None

    def open_project(self, path: Path) -> bool:
        self.opened.append(path)
        return True

    def status_message(self, text: str, msec: int = 10000) -> None:
        self.messages.append(text)

    def refresh_labels(self) -> None:
        return None


@dataclass(frozen=True)
class ScreenContext:
    session: ProjectSession
    jobs: JobRunner
    dialogs: Dialogs
    settings: Settings
    clock: Clock
    shell: Shell

    @property
    def services(self) -> ServiceContext:
        """The core service context every ``XxxService(ctx.services)`` takes."""
        return self.session.ctx

    @staticmethod
    def lang() -> str:
        """The display language, "zh" or "en" (:func:`ui_lang`)."""
        return ui_lang()


def standalone_context(
    session: ProjectSession,
    *,
    dialogs: Dialogs,
    settings: Settings | None = None,
    jobs: JobRunner | None = None,
    shell: Shell | None = None,
) -> ScreenContext:
    """A context for one screen outside the main window, with the session's own clock."""
    from hmfield.gui.common.jobs import JobRunner
    from hmfield.gui.common.settings import Settings

    return ScreenContext(
        session=session,
        jobs=jobs or JobRunner(dialogs=dialogs),
        dialogs=dialogs,
        settings=settings or Settings(),
        clock=session.ctx.clock,
        shell=shell or DetachedShell(),
    )

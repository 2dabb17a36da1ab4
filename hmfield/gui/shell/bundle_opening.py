"""A bundle opened from the start page or as ``hmfield FILE.hmbundle``: the project it holds
opens with the bundle ready to merge on the Sync screen when this laptop has that project,
else the bundle becomes a new project in the projects folder (the Sync screen's own flows:
a passphrase is asked for, a merge is previewed before it is applied)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication

from hmfield.gui.common.core_text import core_text


def open_bundle(window, path: Path, passphrase: str | None = None) -> None:
    """Open ``path`` in ``window`` (the main window), asking first if a run is in progress."""
    from hmfield.core.project.service import actor_for
    from hmfield.core.sync.bundle import BundleError, BundleProblem
    from hmfield.core.sync.projects import find_project_file
    from hmfield.core.sync.service import (
        default_project_path,
        import_as_new_project,
        open_payload,
    )

    if window.session is not None:  # a project is open: merge into it or offer a new one
        window.show_screen("sync").load_bundle(Path(path))
        return
    actor = actor_for(window.identity)

    def work(progress):
        try:
            with open_payload(path, passphrase, progress) as payload:
                known = find_project_file(payload.manifest.project_id)
                if known is not None:
                    return ("known", known)
                dest = default_project_path(payload.manifest.project_name)
                return ("new", import_as_new_project(payload, dest, actor=actor).project)
        except BundleError as exc:
            if exc.kind in (BundleProblem.PASSPHRASE_NEEDED, BundleProblem.WRONG_PASSPHRASE):
                return ("passphrase", core_text(str(exc)))
            raise

    def done(outcome) -> None:
        kind, value = outcome
        if kind == "passphrase":
            secret = window.dialogs.ask_text(
                QCoreApplication.translate("BundleOpening", "Bundle passphrase"),
                QCoreApplication.translate(
                    "BundleOpening", "The bundle is encrypted: its passphrase"
                ),
            )
            if secret:
                open_bundle(window, path, secret)
            return
        if window.open_project(Path(value)) and kind == "known":
            window.show_screen("sync").load_bundle(Path(path))

    window.jobs.start(
        QCoreApplication.translate("BundleOpening", "Opening the bundle…"),
        work,
        on_done=done,
        on_error=lambda msg: window.dialogs.error(
            QCoreApplication.translate("BundleOpening", "Cannot open the bundle"), msg
        ),
    )

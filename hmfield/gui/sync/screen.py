"""Sync screen: export a bundle to a USB stick, import one with a preview, resolve conflicts.

Long work (writing, verifying, merging) runs through the job helper; the passphrase is typed
inline (twice when exporting). A bundle of another project is offered as a new project.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from hmfield.core.errors import HmError
from hmfield.core.sync.bundle import BUNDLE_SUFFIX, BundleError, BundleProblem
from hmfield.core.sync.service import (
    OtherProject,
    SyncService,
    default_project_path,
    import_as_new_project,
    open_payload,
)
from hmfield.gui.common.context import ScreenContext
from hmfield.gui.common.core_text import core_text
from hmfield.gui.common.i18n import counted
from hmfield.gui.common.labels import local_time
from hmfield.gui.models.record_model import RecordTableModel
from hmfield.gui.models.sync_models import (
    conflict_columns,
    preview_columns,
    removable_drives,
    when_text,
)
from hmfield.gui.models.table_view import make_table
from hmfield.paths import projects_dir


class SyncScreen(QWidget):
    saved = Signal()
    failed = Signal(str)

    def __init__(self, ctx: ScreenContext, parent=None) -> None:
        super().__init__(parent)
        self.screen_ctx = ctx
        self.session = ctx.session
        self.service = SyncService(ctx.services)
        self.preview = None
        self.bundle_path: Path | None = None
        self.setAcceptDrops(True)
        layout = QVBoxLayout(self)
        split = QSplitter(Qt.Orientation.Vertical)
        layout.addWidget(split)
        top = QWidget()
        row = QHBoxLayout(top)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self._build_export(), 1)
        row.addWidget(self._build_import(), 2)
        split.addWidget(top)
        split.addWidget(self._build_conflicts())
        self.retranslate()
        self.fill_destinations()
        self.reload_conflicts()

    # -- building -------------------------------------------------------------------------
    def _build_export(self) -> QGroupBox:
        self.export_box = QGroupBox()
        v = QVBoxLayout(self.export_box)
        self.dest_label = QLabel()
        self.dest_combo = QComboBox()
        self.choose_folder = QPushButton()
        self.choose_folder.clicked.connect(self._choose_folder)
        h = QHBoxLayout()
        h.addWidget(self.dest_combo, 1)
        h.addWidget(self.choose_folder)
        self.name_edit = QLineEdit(self._default_name())
        self.encrypt = QCheckBox()
        self.pass1, self.pass2 = QLineEdit(), QLineEdit()
        for edit in (self.pass1, self.pass2):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setEnabled(False)
        self.encrypt.toggled.connect(
            lambda on: [e.setEnabled(on) for e in (self.pass1, self.pass2)]
        )
        self.export_button = QPushButton()
        self.export_button.clicked.connect(self.export)
        self.export_status = QLabel()
        self.export_status.setWordWrap(True)
        for w in (self.dest_label,):
            v.addWidget(w)
        v.addLayout(h)
        for w in (self.name_edit, self.encrypt, self.pass1, self.pass2, self.export_button):
            v.addWidget(w)
        v.addWidget(self.export_status)
        v.addStretch()
        return self.export_box

    def _build_import(self) -> QGroupBox:
        self.import_box = QGroupBox()
        v = QVBoxLayout(self.import_box)
        h = QHBoxLayout()
        self.open_button = QPushButton()
        self.open_button.clicked.connect(self._choose_bundle)
        self.import_pass = QLineEdit()
        self.import_pass.setEchoMode(QLineEdit.EchoMode.Password)
        self.import_pass.returnPressed.connect(self._retry)
        h.addWidget(self.open_button)
        h.addWidget(self.import_pass, 1)
        v.addLayout(h)
        self.import_status = QLabel()
        self.import_status.setWordWrap(True)
        v.addWidget(self.import_status)
        self.preview_model = RecordTableModel(preview_columns(), [], parent=self)
        self.preview_view = make_table(self.preview_model, self)
        v.addWidget(self.preview_view, 1)
        h2 = QHBoxLayout()
        self.apply_button = QPushButton()
        self.apply_button.setEnabled(False)
        self.apply_button.clicked.connect(self.apply)
        h2.addStretch()
        h2.addWidget(self.apply_button)
        v.addLayout(h2)
        return self.import_box

    def _build_conflicts(self) -> QGroupBox:
        self.conflict_box = QGroupBox()
        v = QVBoxLayout(self.conflict_box)
        self.show_resolved = QCheckBox()
        self.show_resolved.toggled.connect(self.reload_conflicts)
        v.addWidget(self.show_resolved)
        self.conflict_model = RecordTableModel(conflict_columns(), [], parent=self)
        self.conflict_view = make_table(self.conflict_model, self)
        v.addWidget(self.conflict_view, 1)
        h = QHBoxLayout()
        self.keep_mine, self.keep_theirs = QPushButton(), QPushButton()
        self.edit_value, self.save_value = QLineEdit(), QPushButton()
        self.keep_mine.clicked.connect(lambda: self.resolve("mine"))
        self.keep_theirs.clicked.connect(lambda: self.resolve("theirs"))
        self.save_value.clicked.connect(lambda: self.resolve("edit"))
        self.edit_value.returnPressed.connect(lambda: self.resolve("edit"))
        for w in (self.keep_mine, self.keep_theirs, self.edit_value, self.save_value):
            h.addWidget(w)
        v.addLayout(h)
        return self.conflict_box

    def retranslate(self) -> None:
        self.export_box.setTitle(self.tr("Export a bundle"))
        self.dest_label.setText(self.tr("Save to (USB drives first):"))
        self.choose_folder.setText(self.tr("Choose folder…"))
        self.encrypt.setText(self.tr("Encrypt with a passphrase"))
        self.pass1.setPlaceholderText(self.tr("Passphrase"))
        self.pass2.setPlaceholderText(self.tr("Passphrase again"))
        self.export_button.setText(self.tr("Export"))
        self.import_box.setTitle(self.tr("Import a bundle (or drop it here)"))
        self.open_button.setText(self.tr("Choose bundle…"))
        self.import_pass.setPlaceholderText(self.tr("Passphrase (encrypted bundles)"))
        self.apply_button.setText(self.tr("Apply merge"))
        self.conflict_box.setTitle(self.tr("Conflicts"))
        self.show_resolved.setText(self.tr("Show resolved"))
        self.keep_mine.setText(self.tr("Keep mine"))
        self.keep_theirs.setText(self.tr("Keep theirs"))
        self.edit_value.setPlaceholderText(self.tr("Or type a new value"))
        self.save_value.setText(self.tr("Use this value"))
        self.preview_model.refresh_headers()
        self.conflict_model.refresh_headers()

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- export ---------------------------------------------------------------------------
    def _default_name(self) -> str:
        name = default_project_path(self.session.project.get().name, Path("/")).stem
        from zoneinfo import ZoneInfo

        now = self.screen_ctx.clock.now().astimezone(ZoneInfo(self.session.project.zone_name()))
        return f"{name}-{now:%Y%m%d-%H%M}{BUNDLE_SUFFIX}"

    def fill_destinations(self, extra: str | None = None) -> None:
        self.dest_combo.clear()
        folders = [str(p) for p in removable_drives()]
        last = self.screen_ctx.settings.get("paths/last_bundle_folder")
        for folder in [extra, *folders, last, str(projects_dir())]:
            if folder and self.dest_combo.findData(folder) < 0:
                usb = folder in folders  # the eject sign: WenQuanYi has no plug emoji
                self.dest_combo.addItem(("⏏ " if usb else "") + folder, folder)
                if usb:
                    self.dest_combo.setItemData(
                        self.dest_combo.count() - 1,
                        self.tr("Removable drive"),
                        Qt.ItemDataRole.ToolTipRole,
                    )
        self.dest_combo.setCurrentIndex(0)

    def _choose_folder(self) -> None:
        folder = self.screen_ctx.dialogs.choose_folder(
            self.tr("Export the bundle to"), self.dest_combo.currentData() or ""
        )
        if folder:
            self.fill_destinations(folder)

    def export(self) -> None:
        passphrase = None
        if self.encrypt.isChecked():
            if not self.pass1.text():
                return self._export_problem(self.tr("Type a passphrase, or untick encryption."))
            if self.pass1.text() != self.pass2.text():
                return self._export_problem(self.tr("The two passphrases differ."))
            passphrase = self.pass1.text()
        name = self.name_edit.text().strip() or self._default_name()
        if not name.endswith(BUNDLE_SUFFIX):
            name += BUNDLE_SUFFIX
        path = Path(self.dest_combo.currentData() or projects_dir()) / name
        self.export_status.setText(self.tr("Writing and verifying %1…").replace("%1", str(path)))
        self.screen_ctx.jobs.start(
            self.tr("Exporting the bundle…"),
            lambda progress: self.service.export_bundle(path, passphrase, progress),
            on_done=self._exported,
            on_error=self._export_problem,
        )

    def _export_problem(self, message: str) -> None:
        self.export_status.setText(message)
        self.failed.emit(message)

    def _exported(self, result) -> None:
        when = local_time(self.screen_ctx.clock.now(), seconds=False)
        self.screen_ctx.settings.set("sync/last_export", f"{when} · {result.path.name}")
        from hmfield.core.project.status import change_stamp

        self.screen_ctx.settings.record_export(
            self.service.ctx.store.project_id,
            str(result.path),
            self.screen_ctx.clock.now().isoformat(),
            change_stamp(self.service.ctx),
        )
        self.screen_ctx.settings.set("paths/last_bundle_folder", str(result.path.parent))
        self.screen_ctx.shell.refresh_labels()
        self.pass1.clear()
        self.pass2.clear()
        self.export_status.setText(
            self.tr("Done: %1 written and verified.").replace("%1", str(result.path))
        )

    # -- import ---------------------------------------------------------------------------
    def dragEnterEvent(self, event) -> None:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        if urls and urls[0].toLocalFile().endswith(BUNDLE_SUFFIX):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        self.load_bundle(Path(event.mimeData().urls()[0].toLocalFile()))
        event.acceptProposedAction()

    def _choose_bundle(self) -> None:
        path = self.screen_ctx.dialogs.open_file(
            self.tr("Import a bundle"),
            self.screen_ctx.settings.get("paths/last_bundle_folder") or "",
            self.tr("hmfield bundles (*.hmbundle)"),
        )
        if path:
            self.load_bundle(Path(path))

    def _retry(self) -> None:
        if self.bundle_path is not None:
            self.load_bundle(self.bundle_path)

    def load_bundle(self, path: Path, *, force_other_project: bool = False) -> None:
        """Preview ``path``; ``force_other_project``: merge another project's bundle, its
        records that mean the same thing matched to ours (asked for when it is one)."""
        self._drop_preview()
        self.bundle_path = path
        passphrase = self.import_pass.text() or None
        self.import_status.setText(self.tr("Checking %1…").replace("%1", path.name))

        def work(progress):
            try:
                preview = self.service.preview_import(
                    path, passphrase, progress, allow_other_project=force_other_project
                )
                return ("preview", preview)
            except OtherProject as exc:
                return ("other", exc)
            except BundleError as exc:
                if exc.kind in (BundleProblem.PASSPHRASE_NEEDED, BundleProblem.WRONG_PASSPHRASE):
                    return ("passphrase", exc)
                raise

        self.screen_ctx.jobs.start(
            self.tr("Checking the bundle…"),
            work,
            on_done=self._loaded,
            on_error=self._import_problem,
        )

    def _import_problem(self, message: str) -> None:
        self.import_status.setText(message)
        self.failed.emit(message)

    def _loaded(self, outcome) -> None:
        kind, value = outcome
        if kind == "passphrase":
            self.import_status.setText(core_text(str(value)))
            self.import_pass.setFocus()
            return
        if kind == "other":
            self.import_status.setText(core_text(str(value)))
            name = value.manifest.project_name
            question = self.tr("This bundle holds another project (%1). Open it as a new project?")
            if self.screen_ctx.dialogs.confirm(self.tr("Import"), question.replace("%1", name)):
                self._import_as_new()
                return
            merge = self.tr(
                "Merge %1 into this project anyway? Records that mean the same thing (checklist"
                " items, hosts with the same UUID or name and IP) are matched to ours, not"
                " doubled; the preview shows what is matched and what is added."
            )
            if self.screen_ctx.dialogs.confirm(self.tr("Import"), merge.replace("%1", name)):
                self.load_bundle(self.bundle_path, force_other_project=True)
            return
        self.preview = value
        self.preview_model.set_rows(value.counts)
        m = value.manifest
        text = self.tr("%1, exported %2 by %3: %4 new changes, %5 conflicts.")
        for key, part in (
            ("%1", m.project_name),
            ("%2", when_text(m.created_at)),
            ("%3", m.person),
            ("%4", str(len(value.plan.new_events))),
            ("%5", str(len(value.conflicts))),
        ):
            text = text.replace(key, part)
        text += " " + self.signer_text(value)
        if not value.same_project:
            counts = value.counts
            forced = self.tr("Another project: %1 records matched to ours (ours hold), %2 added.")
            text += " " + forced.replace("%1", str(sum(c.matched for c in counts))).replace(
                "%2", str(sum(c.new for c in counts))
            )
        if not value.has_changes:
            text += " " + self.tr("Nothing new: this project already holds it all.")
        self.import_status.setText(counted(text))
        self.apply_button.setEnabled(value.has_changes)

    def signer_text(self, preview) -> str:
        """Who signed the bundle (name and key fingerprint), or that nobody did."""
        sig = preview.signature
        if sig is None:
            return self.tr("Not signed: nothing proves who made it.")
        return (
            self.tr("Signed by %1 (key %2).")
            .replace("%1", preview.manifest.person or "?")
            .replace("%2", sig.fingerprint)
        )

    def apply(self) -> None:
        preview, self.preview = self.preview, None
        if preview is None:
            return
        self.apply_button.setEnabled(False)
        self.screen_ctx.jobs.start(
            self.tr("Merging the bundle…"),
            lambda progress: self.service.apply_import(preview, progress),
            on_done=self._applied,
            on_error=self._import_problem,
        )

    def _applied(self, result) -> None:
        text = self.tr("Merged: %1 records changed, %2 conflicts to review.")
        text = text.replace("%1", str(result.changed_records)).replace("%2", str(result.conflicts))
        self.import_status.setText(counted(text))
        self.preview_model.set_rows([])
        self.reload_conflicts()
        self.saved.emit()

    def _import_as_new(self) -> None:
        path, passphrase, actor = (
            self.bundle_path,
            self.import_pass.text() or None,
            self.session.actor,
        )

        def work(progress):
            with open_payload(path, passphrase, progress) as payload:
                dest = default_project_path(payload.manifest.project_name)
                return import_as_new_project(payload, dest, actor=actor, progress=progress).project

        self.screen_ctx.jobs.start(
            self.tr("Opening the bundle as a new project…"),
            work,
            on_done=lambda dest: self.screen_ctx.shell.open_project(dest),
            on_error=self._import_problem,
        )

    def _drop_preview(self) -> None:
        if self.preview is not None:
            self.preview.close()
            self.preview = None
        self.apply_button.setEnabled(False)
        self.preview_model.set_rows([])

    # -- conflicts ------------------------------------------------------------------------
    def reload_conflicts(self) -> None:
        self.conflict_model.set_rows(self.service.conflicts(self.show_resolved.isChecked()))

    def selected_conflict(self):
        rows = self.conflict_view.selectionModel().selectedRows()
        if not rows:
            return None
        return self.conflict_model.row_at(self.conflict_view.model().mapToSource(rows[0]).row())

    def resolve(self, choice: str) -> None:
        conflict = self.selected_conflict()
        if conflict is None:
            self.failed.emit(self.tr("Select a conflict first."))
            return
        try:
            self.service.resolve(conflict.id, choice, self.edit_value.text())
        except HmError as exc:
            self.failed.emit(str(exc))
            return
        self.edit_value.clear()
        self.reload_conflicts()
        self.saved.emit()

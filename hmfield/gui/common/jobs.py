"""The one helper for long work: runs a core function on a single worker thread (SQLite has
one writer), shows progress after half a second, cancels on request, and brings results and
errors back on the GUI thread."""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from hmfield.core.errors import Cancelled, HmError
from hmfield.core.progress import ThreadProgress

SHOW_AFTER_MS = 500


class _Box:
    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value


class _Worker(QObject):
    progressed = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(str, bool)  # message, cancelled

    def __init__(self, fn: Callable[[ThreadProgress], Any], progress: ThreadProgress) -> None:
        super().__init__()
        self.fn = fn
        self.progress = progress

    @Slot()
    def run(self) -> None:
        try:
            result = self.fn(self.progress)
        except Cancelled as exc:
            self.failed.emit(str(exc), True)
        except HmError as exc:
            self.failed.emit(str(exc), False)
        except Exception as exc:  # noqa: BLE001 - shown to the user, never a crash
            traceback.print_exc()
            self.failed.emit(f"{type(exc).__name__}: {exc}", False)
        else:
            # boxed: PySide6 mis-counts references when None crosses threads in Signal(object)
            self.finished.emit(_Box(result))


class Job(QObject):
    done = Signal(object)
    error = Signal(str)
    cancelled = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.progress: ThreadProgress | None = None
        self.result: Any = None
        self.message: str | None = None
        self.running = False


class JobRunner(QObject):
    """``runner.start(title, fn, on_done=..., on_error=...)``; ``fn(progress)`` runs off the
    GUI thread and must not touch widgets."""

    def __init__(self, parent_widget: QWidget | None = None) -> None:
        super().__init__(parent_widget)
        self.parent_widget = parent_widget
        self._thread: QThread | None = None
        self._worker: _Worker | None = None
        self._dialog: QProgressDialog | None = None
        self._job: Job | None = None

    @property
    def busy(self) -> bool:
        return self._job is not None and self._job.running

    def start(
        self,
        title: str,
        fn: Callable[[ThreadProgress], Any],
        *,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[str], None] | None = None,
        cancellable: bool = True,
    ) -> Job:
        if self.busy:
            raise HmError("another task is still running; wait for it to finish")
        job = Job(self)
        progress = ThreadProgress()
        job.progress = progress
        job.running = True
        thread = QThread()
        worker = _Worker(fn, progress)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.progressed.connect(self._on_progress)
        progress._callback = lambda d, t, text: worker.progressed.emit(d, t or 0, text)
        # bound slots of this GUI-thread object: Qt queues the calls onto the GUI thread
        worker.finished.connect(self._on_finished)
        worker.failed.connect(self._on_failed)
        if on_done:
            job.done.connect(on_done)
        if on_error:
            job.error.connect(on_error)
        dialog = QProgressDialog(
            title, self.tr("Cancel") if cancellable else "", 0, 0, self.parent_widget
        )
        dialog.setWindowTitle(title)
        dialog.setMinimumDuration(SHOW_AFTER_MS)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        if not cancellable:
            dialog.setCancelButton(None)
        dialog.canceled.connect(progress.cancel)
        self._dialog, self._thread, self._worker, self._job = dialog, thread, worker, job
        QTimer.singleShot(SHOW_AFTER_MS, self._maybe_show)
        thread.start()
        return job

    def _maybe_show(self) -> None:
        if self._dialog is not None and self.busy:
            self._dialog.show()

    @Slot(int, int, str)
    def _on_progress(self, done: int, total: int, text: str) -> None:
        if self._dialog is None:
            return
        self._dialog.setMaximum(total)
        self._dialog.setValue(min(done, total) if total else 0)
        if text:
            self._dialog.setLabelText(text)

    @Slot(object)
    def _on_finished(self, box: _Box) -> None:
        self._finish(self._job, box.value, None, False)

    @Slot(str, bool)
    def _on_failed(self, message: str, cancelled: bool) -> None:
        self._finish(self._job, None, message, cancelled)

    def _finish(self, job: Job, result: Any, message: str | None, cancelled: bool) -> None:
        job.running = False
        job.result, job.message = result, message
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait()
        if self._dialog is not None:
            self._dialog.hide()
            self._dialog.deleteLater()
        self._dialog = self._thread = self._worker = None
        if cancelled:
            job.cancelled.emit()
        elif message is not None:
            job.error.emit(message)
        else:
            job.done.emit(result)

    def wait(self, timeout_ms: int = 30000) -> None:
        """For tests and shutdown: run a local event loop until the running job is over."""
        from PySide6.QtCore import QEventLoop

        if not self.busy:
            return
        loop = QEventLoop()
        job = self._job
        for signal in (job.done, job.error, job.cancelled):
            signal.connect(loop.quit)
        QTimer.singleShot(timeout_ms, loop.quit)
        if self.busy:
            loop.exec()

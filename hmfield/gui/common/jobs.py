"""The one helper for long work: runs a core function on a single worker thread (SQLite has
one writer), shows progress after half a second, cancels on request, and brings results and
errors back on the GUI thread.

A job started while another runs waits in a queue (first in, first out) and starts when the
running one is over (done, failed or cancelled); ``busy``, ``queued`` and ``busyChanged`` let a
screen disable its buttons meanwhile. A job that fails without its own ``on_error`` is shown
in the one standard error dialog (:func:`hmfield.gui.common.errors.report_error`); an
unexpected exception (not an :class:`HmError`) is logged with its traceback to the log file
and the message names that file. Nothing is printed to a console.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QEventLoop,
    QObject,
    QThread,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtWidgets import QProgressDialog, QWidget

from hmfield.core.errors import Cancelled, HmError, InputError
from hmfield.core.progress import ThreadProgress
from hmfield.gui.common.core_text import core_text
from hmfield.gui.common.dialogs import Dialogs
from hmfield.gui.common.errors import (
    ErrorSink,
    compose,
    describe,
    log_unexpected,
    report_error,
    task_failed_advice,
    task_failed_text,
)

SHOW_AFTER_MS = 500
# a screen holding more rows than this loads them through a job (Inventory, Waves): at 10,000
# hosts a load stalls the window for more than ~100 ms; a smaller project loads at once
BACKGROUND_ABOVE = 2000


def large_project(ctx) -> bool:
    """More hosts than BACKGROUND_ABOVE: a screen's full read goes through the job helper."""
    from hmfield.core.project.status import host_count

    return host_count(ctx) > BACKGROUND_ABOVE


def read_in_background(screen_ctx) -> bool:
    """Whether a screen's reading goes through the job helper: it has one and the project is
    large (a small project's reading is quicker than a job's round trip)."""
    return screen_ctx.jobs is not None and large_project(screen_ctx.services)


class OneReading:
    """A screen's reading through the job helper, one at a time: asked again while one runs,
    nothing more starts (the running one shows the data); its result goes to ``show``, its
    error's message to ``fail``; cancelled, the next ask reads again. Waves, Assess and Dependencies read this way above
    BACKGROUND_ABOVE hosts."""

    def __init__(self) -> None:
        self.running = False

    def start(
        self,
        jobs: JobRunner,
        title: str,
        read: Callable[[ThreadProgress], Any],
        show: Callable[[Any], None],
        fail: Callable[[str], None],
    ) -> None:
        if self.running:
            return
        self.running = True

        def done(result: Any) -> None:
            self.running = False
            show(result)

        def failed(message: str) -> None:
            self.running = False
            fail(message)

        def cancelled(*_args) -> None:  # the engineer stopped it: the next visit reads again
            self.running = False

        job = jobs.start(title, read, on_done=done, on_error=failed)
        job.cancelled.connect(cancelled)


class _Box:
    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value


@dataclass(frozen=True)
class _Failure:
    """How a job's function ended without a result (built on the worker thread, plain data)."""

    kind: str  # "cancelled", "user" (an HmError), "input" (an InputError on a file), "unexpected"
    message: str  # the HmError's text, or "ExceptionType: message"
    log: Path | None = None  # where an unexpected error's traceback was written


def _release_connections() -> None:
    """A job's thread closes the project connections it opened (one per thread) before it
    ends: they are never closed from another thread while in use."""
    from hmfield.core.store.engine import release_thread

    release_thread()


class _Worker(QObject):
    # every signal carries the run's token: a late signal of an earlier run is ignored
    progressed = Signal(int, int, int, str)
    finished = Signal(int, object)
    failed = Signal(int, object)

    def __init__(
        self, token: int, title: str, fn: Callable[[ThreadProgress], Any], progress: ThreadProgress
    ) -> None:
        super().__init__()
        self.token = token
        self.title = title
        self.fn = fn
        self.progress = progress

    @Slot()
    def run(self) -> None:
        try:
            result = self.fn(self.progress)
        except Cancelled as exc:
            self.failed.emit(self.token, _Failure("cancelled", str(exc)))
        except InputError as exc:
            self.failed.emit(self.token, _Failure("input" if exc.file else "user", str(exc)))
        except HmError as exc:
            self.failed.emit(self.token, _Failure("user", str(exc)))
        except BaseException as exc:  # noqa: BLE001 - logged and shown, never a crash; a job always ends
            path = log_unexpected(f"Task failed: {self.title}")
            self.failed.emit(self.token, _Failure("unexpected", describe(exc), path))
        else:
            # boxed: PySide6 mis-counts references when None crosses threads in Signal(object)
            self.finished.emit(self.token, _Box(result))
        finally:
            _release_connections()


class Job(QObject):
    """One started job. ``message`` is the text given to ``error`` (what happened, a blank line,
    what to do); ``what_happened`` and ``what_to_do`` are its two parts."""

    done = Signal(object)
    error = Signal(str)
    cancelled = Signal()

    def __init__(self, parent: QObject | None = None, title: str = "") -> None:
        super().__init__(parent)
        self.title = title
        self.progress: ThreadProgress | None = None
        self.result: Any = None
        self.message: str | None = None
        self.what_happened: str = ""
        self.what_to_do: str = ""
        self.running = False
        self.queued = False
        self.ended = False  # done, failed or cancelled

    def cancel(self) -> None:
        """Ask the job to stop: a running job stops at its next ``progress.check()``; a queued
        job is skipped (``cancelled`` fires) when its turn comes."""
        if self.progress is not None:
            self.progress.cancel()


class _AfterPaint(QObject):
    """Calls ``then`` once, in the event loop's turn after ``window``'s next paint."""

    def __init__(self, window: QWidget, then: Callable[[], None], fallback_ms: int) -> None:
        super().__init__(window)
        self.window, self.then = window, then
        window.installEventFilter(self)
        QTimer.singleShot(fallback_ms, self, self._done)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt's name
        if obj is self.window and event.type() == QEvent.Type.UpdateRequest:
            self.window.removeEventFilter(self)
            QTimer.singleShot(0, self, self._done)  # after this paint is handled
        return False

    def _done(self) -> None:
        if self.then is None:
            return
        then, self.then = self.then, None
        self.window.removeEventFilter(self)
        then()
        self.deleteLater()


def after_paint(widget: QWidget, then: Callable[[], None], fallback_ms: int = 250) -> None:
    """Call ``then`` once ``widget``'s window has painted what was just built (Qt paints on
    the window's next update request, after the timers already due), or after
    ``fallback_ms`` when no paint comes (a hidden window)."""
    _AfterPaint(widget.window(), then, fallback_ms)


@dataclass
class _Pending:
    job: Job
    fn: Callable[[ThreadProgress], Any]
    cancellable: bool
    handles_errors: bool  # the caller gave on_error: no standard dialog
    quiet: bool = False  # no progress dialog


def _plain_title(title: str) -> str:
    """A progress label ("Writing the report…") as a dialog title ("Writing the report")."""
    return title.rstrip().removesuffix("…").removesuffix("...").rstrip() or title


class JobRunner(QObject):
    """``runner.start(title, fn, on_done=..., on_error=...)``; ``fn(progress)`` runs off the
    GUI thread and must not touch widgets. While a job runs, ``start`` queues the next one.

    ``dialogs`` shows the errors of jobs started without ``on_error``; without one the runner
    uses its parent widget's ``dialogs`` (the main window's) or else ``Dialogs(parent_widget)``.
    """

    busyChanged = Signal(bool)  # noqa: N815 - Qt's signal naming

    def __init__(
        self, parent_widget: QWidget | None = None, dialogs: ErrorSink | None = None
    ) -> None:
        super().__init__(parent_widget)
        self.parent_widget = parent_widget
        self._dialogs = dialogs
        self._thread: QThread | None = None
        self._worker: _Worker | None = None
        self._dialog: QProgressDialog | None = None
        self._current: _Pending | None = None
        self._queue: deque[_Pending] = deque()
        self._token = 0
        self._reported_busy = False
        self._held = False

    # -- state ----------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        """A job is running or waiting."""
        return self._current is not None or bool(self._queue)

    @property
    def queued(self) -> int:
        """How many jobs wait behind the running one."""
        return len(self._queue)

    @property
    def current(self) -> Job | None:
        """The running job, if any."""
        return self._current.job if self._current is not None else None

    @property
    def dialogs(self) -> ErrorSink:
        if self._dialogs is not None:
            return self._dialogs
        owner = getattr(self.parent_widget, "dialogs", None)
        if owner is not None and callable(getattr(owner, "error", None)):
            return owner
        self._dialogs = Dialogs(self.parent_widget)
        return self._dialogs

    @dialogs.setter
    def dialogs(self, value: ErrorSink | None) -> None:
        self._dialogs = value

    def _update_busy(self) -> None:
        if self.busy != self._reported_busy:
            self._reported_busy = self.busy
            self.busyChanged.emit(self._reported_busy)

    # -- starting -------------------------------------------------------------------------
    def start(
        self,
        title: str,
        fn: Callable[[ThreadProgress], Any],
        *,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[str], None] | None = None,
        cancellable: bool = True,
        quiet: bool = False,
    ) -> Job:
        """Run ``fn(progress)`` now, or after the jobs already started (first in, first out).
        ``quiet``: never show a progress dialog (preparation the engineer did not ask for)."""
        job = Job(title=title)
        job.progress = ThreadProgress()
        if on_done:
            job.done.connect(on_done)
        if on_error:
            job.error.connect(on_error)
        job.queued = True
        self._queue.append(_Pending(job, fn, cancellable, on_error is not None, quiet))
        self._start_next()
        self._update_busy()
        return job

    def hold(self) -> None:
        """Jobs started from now on wait in the queue until :meth:`release` (a screen being
        built queues its reads; they start once it has painted, not against its paint)."""
        self._held = True

    def release(self) -> None:
        """Start the jobs queued while held, first in, first out."""
        self._held = False
        self._start_next()
        self._update_busy()

    def release_after_paint(self, widget: QWidget, fallback_ms: int = 250) -> None:
        """Release once ``widget``'s window has painted what was just built
        (:func:`after_paint`)."""
        after_paint(widget, self.release, fallback_ms)

    def _start_next(self) -> None:
        while self._current is None and self._queue and not self._held:
            pending = self._queue.popleft()
            job = pending.job
            job.queued = False
            if job.progress is not None and job.progress.cancelled:
                job.ended = True
                job.message = str(Cancelled())
                job.cancelled.emit()  # cancelled while it waited: never started
                continue
            self._run(pending)

    def _run(self, pending: _Pending) -> None:
        job = pending.job
        progress = job.progress
        assert progress is not None
        self._token += 1
        token = self._token
        job.running = True
        thread = QThread()
        worker = _Worker(token, job.title, pending.fn, progress)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        # bound slots of this GUI-thread object: Qt queues the calls onto the GUI thread
        worker.progressed.connect(self._on_progress)
        worker.finished.connect(self._on_finished)
        worker.failed.connect(self._on_failed)
        progress._callback = lambda d, t, text: worker.progressed.emit(token, d, t or 0, text)
        dialog = QProgressDialog(
            job.title, self.tr("Cancel") if pending.cancellable else "", 0, 0, self.parent_widget
        )
        dialog.setWindowTitle(job.title)
        dialog.setMinimumDuration(SHOW_AFTER_MS)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        if not pending.cancellable:
            dialog.setCancelButton(None)
        dialog.canceled.connect(progress.cancel)
        self._current = pending
        self._dialog, self._thread, self._worker = dialog, thread, worker
        if not pending.quiet:
            QTimer.singleShot(SHOW_AFTER_MS, dialog, lambda: self._maybe_show(token))
        thread.start()

    def _maybe_show(self, token: int) -> None:
        if self._dialog is not None and self._current is not None and token == self._token:
            self._dialog.show()

    # -- results --------------------------------------------------------------------------
    @Slot(int, int, int, str)
    def _on_progress(self, token: int, done: int, total: int, text: str) -> None:
        if self._dialog is None or token != self._token:
            return
        self._dialog.setMaximum(total)
        self._dialog.setValue(min(done, total) if total else 0)
        if text:
            self._dialog.setLabelText(core_text(text))

    @Slot(int, object)
    def _on_finished(self, token: int, box: _Box) -> None:
        self._finish(token, box.value, None)

    @Slot(int, object)
    def _on_failed(self, token: int, failure: _Failure) -> None:
        self._finish(token, None, failure)

    def _texts(self, failure: _Failure) -> tuple[str, str]:
        """What happened and what to do, in the display language."""
        if failure.kind == "unexpected":
            return task_failed_text(failure.message, failure.log), task_failed_advice()
        if failure.kind == "input":
            return core_text(failure.message), QCoreApplication.translate(
                "Jobs", "Check the file and try again."
            )
        return core_text(failure.message), ""  # an HmError says what to do itself when it can

    def _finish(self, token: int, result: Any, failure: _Failure | None) -> None:
        pending = self._current
        if pending is None or token != self._token:
            return
        job = pending.job
        self._current = None
        job.running = False
        job.ended = True
        job.result = result
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait()
        if self._dialog is not None:
            self._dialog.hide()
            self._dialog.deleteLater()
        self._dialog = self._thread = self._worker = None
        report: tuple[str, str, str] | None = None
        try:
            if failure is None:
                job.done.emit(result)
            elif failure.kind == "cancelled":
                job.message = failure.message
                job.cancelled.emit()
            else:
                job.what_happened, job.what_to_do = self._texts(failure)
                job.message = compose(job.what_happened, job.what_to_do)
                if not pending.handles_errors:
                    report = (_plain_title(job.title), job.what_happened, job.what_to_do)
                job.error.emit(job.message)
        finally:
            # the next job starts even when a handler above raised
            self._start_next()
            self._update_busy()
        if report is not None:
            report_error(self.dialogs, *report)

    # -- waiting --------------------------------------------------------------------------
    def wait(self, timeout_ms: int = 30000, job: Job | None = None) -> None:
        """For tests and shutdown: run a local event loop until the running job and every
        queued one are over (or ``timeout_ms`` has passed). With ``job``: until that job is
        over (the window paints meanwhile; jobs it started are left running)."""
        pending = (lambda: not job.ended) if job is not None else (lambda: self.busy)
        if not pending():
            return
        loop = QEventLoop()
        timer = QTimer()
        timer.setSingleShot(True)
        timer.timeout.connect(loop.quit)
        signals = [self.busyChanged] if job is None else [job.done, job.error, job.cancelled]
        for signal in signals:
            signal.connect(loop.quit)
        timer.start(timeout_ms)
        try:
            while pending() and timer.isActive():
                loop.exec()
        finally:
            timer.stop()
            for signal in signals:
                signal.disconnect(loop.quit)

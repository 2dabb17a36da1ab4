"""The job helper: a second job waits its turn, and every failure reaches the user once."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QPushButton, QWidget

from hmfield.core.errors import HmError, InputError
from hmfield.gui.common.errors import log_path
from hmfield.gui.common.jobs import JobRunner


@pytest.fixture
def runner(qtbot, fake_dialogs):
    jobs = JobRunner(dialogs=fake_dialogs)
    yield jobs
    if jobs.busy:  # a failed test: stop what is left so no thread outlives the runner
        for job in [jobs.current, *(p.job for p in jobs._queue)]:
            if job is not None:
                job.cancel()
        jobs.wait(5000)
    assert not jobs.busy


def _gated(gate: threading.Event, value):
    def fn(progress):
        assert gate.wait(5), "the test never opened the gate"
        return value

    return fn


def test_a_second_job_waits_for_the_first_and_both_finish_in_order(runner):
    gate = threading.Event()
    ran, done, busy = [], [], []
    runner.busyChanged.connect(busy.append)

    def first_fn(progress):
        ran.append("a")
        return _gated(gate, "A")(progress)

    def second(progress):
        ran.append("b")
        return "B"

    first = runner.start("A", first_fn, on_done=done.append)
    job = runner.start("B", second, on_done=done.append)  # no exception: it is queued

    assert runner.busy and runner.queued == 1 and job.queued and not job.running
    assert runner.current is first
    gate.set()
    runner.wait()

    assert ran == ["a", "b"] and done == ["A", "B"]
    assert first.result == "A" and job.result == "B" and job.ended
    assert busy == [True, False]  # no flicker between the two jobs
    assert runner.queued == 0 and not runner.busy


def test_wait_returns_only_when_the_queue_is_empty(runner):
    gate = threading.Event()
    done = []
    runner.start("one", _gated(gate, 1), on_done=done.append)
    for n in (2, 3, 4):
        runner.start(f"job {n}", lambda p, n=n: n, on_done=done.append)
    assert runner.queued == 3
    gate.set()
    runner.wait()
    assert done == [1, 2, 3, 4] and not runner.busy


def test_a_job_started_from_a_handler_goes_behind_the_queue(runner):
    gate = threading.Event()
    order = []

    def first_done(result):
        order.append(result)
        runner.start("late", lambda p: "late", on_done=order.append)

    runner.start("first", _gated(gate, "first"), on_done=first_done)
    runner.start("second", lambda p: "second", on_done=order.append)
    gate.set()
    runner.wait()
    assert order == ["first", "second", "late"]


def test_cancelling_the_running_job_starts_the_next(runner, qtbot):
    started = threading.Event()
    cancelled, done = [], []

    def endless(progress):
        started.set()
        while True:
            progress.check()
            threading.Event().wait(0.005)

    first = runner.start("endless", endless)
    first.cancelled.connect(lambda: cancelled.append(True))
    runner.start("next", lambda p: "next", on_done=done.append)
    assert started.wait(5)
    first.cancel()
    runner.wait()
    assert cancelled == [True] and done == ["next"]
    assert first.result is None and first.message and not runner.busy


def test_cancelling_from_the_progress_dialog_starts_the_next(runner):
    started = threading.Event()
    cancelled, done = [], []

    def endless(progress):
        started.set()
        while True:
            progress.check()
            threading.Event().wait(0.005)

    first = runner.start("endless", endless)
    first.cancelled.connect(lambda: cancelled.append(True))
    runner.start("next", lambda p: "next", on_done=done.append)
    assert started.wait(5)
    [button] = runner._dialog.findChildren(QPushButton)
    button.click()  # the dialog's Cancel button
    runner.wait(5000)
    assert cancelled == [True] and done == ["next"]


def test_a_queued_job_cancelled_before_its_turn_never_runs(runner, fake_dialogs):
    gate = threading.Event()
    ran, cancelled = [], []
    runner.start("first", _gated(gate, 1))
    second = runner.start("second", lambda p: ran.append("second"))
    second.cancelled.connect(lambda: cancelled.append(True))
    second.cancel()
    gate.set()
    runner.wait()
    assert ran == [] and cancelled == [True] and not fake_dialogs.errors


def _boom(progress):
    raise ValueError("boom")


def test_an_unexpected_error_is_logged_and_shown_once_never_printed(runner, fake_dialogs, capfd):
    assert not log_path().exists()  # the log is created on the first record
    job = runner.start("Writing the report…", _boom)
    runner.wait()

    assert len(fake_dialogs.errors) == 1
    title, text = fake_dialogs.errors[0]
    assert title == "Writing the report"
    assert "Something went wrong: ValueError: boom." in text
    assert "Nothing was saved by this task." in text and str(log_path()) in text
    assert job.message == text and job.what_happened in text and job.what_to_do in text
    out, err = capfd.readouterr()
    assert out == "" and err == ""
    log = log_path().read_text(encoding="utf-8")
    assert "Task failed: Writing the report…" in log
    assert "Traceback (most recent call last)" in log and "in _boom" in log
    assert "ValueError: boom" in log


def test_the_callers_on_error_replaces_the_standard_dialog(runner, fake_dialogs, capfd):
    messages = []
    runner.start("job", _boom, on_error=messages.append)
    runner.wait()
    assert len(messages) == 1 and "ValueError: boom" in messages[0]
    assert str(log_path()) in messages[0]
    assert fake_dialogs.errors == []
    assert capfd.readouterr().err == ""
    assert "ValueError: boom" in log_path().read_text(encoding="utf-8")


def test_a_user_error_is_shown_as_it_is_and_not_logged(runner, fake_dialogs):
    def refuse(progress):
        raise HmError("the project is read-only; open it writable first")

    runner.start("Importing…", refuse)
    runner.wait()
    refusal = "the project is read-only; open it writable first"
    assert fake_dialogs.errors == [("Importing", refusal)]
    assert not log_path().exists()


def test_a_bad_file_gets_a_what_to_do_line(runner, fake_dialogs):
    def bad(progress):
        raise InputError("required column 'name' missing", file="hosts.xlsx", sheet="vInfo")

    runner.start("Reading hosts.xlsx…", bad)
    runner.wait()
    [(_title, text)] = fake_dialogs.errors
    what = "hosts.xlsx, sheet vInfo: required column 'name' missing"
    assert text == what + "\n\nCheck the file and try again."


def test_a_failed_job_still_lets_the_next_one_run(runner, fake_dialogs):
    gate = threading.Event()
    done = []
    runner.start("first", lambda p: (gate.wait(5), _boom(p)))
    runner.start("second", lambda p: "ok", on_done=done.append)
    gate.set()
    runner.wait()
    assert done == ["ok"] and len(fake_dialogs.errors) == 1


def test_without_dialogs_the_runner_uses_its_windows_dialogs(qtbot, fake_dialogs):
    window = QWidget()
    qtbot.addWidget(window)
    window.dialogs = fake_dialogs  # as the main window has
    jobs = JobRunner(window)
    jobs.start("job", _boom)
    jobs.wait()
    assert len(fake_dialogs.errors) == 1 and "ValueError" in fake_dialogs.errors[0][1]


def test_a_quiet_job_never_shows_its_progress_dialog(runner, qtbot):
    from hmfield.gui.common.jobs import SHOW_AFTER_MS

    gate = threading.Event()
    loud = runner.start("loud", _gated(gate, 1))
    qtbot.wait(SHOW_AFTER_MS + 200)
    assert runner._dialog.isVisible()  # what a long job shows
    gate.set()
    runner.wait()
    gate.clear()
    quiet = runner.start("quiet", _gated(gate, 2), quiet=True)
    qtbot.wait(SHOW_AFTER_MS + 200)
    assert runner.current is quiet and not runner._dialog.isVisible()
    gate.set()
    runner.wait()
    assert loud.result == 1 and quiet.result == 2


def test_waiting_for_one_job_leaves_the_next_running(runner):
    gate = threading.Event()
    first = runner.start("first", lambda p: "A")
    second = runner.start("second", _gated(gate, "B"))
    runner.wait(job=first)
    assert first.ended and first.result == "A"
    assert second.running and not second.ended
    gate.set()
    runner.wait()
    assert second.result == "B"


def test_jobs_started_while_held_wait_for_the_release_in_order(runner):
    ran = []
    runner.hold()
    first = runner.start("one", lambda p: ran.append(1) or 1)
    second = runner.start("two", lambda p: ran.append(2) or 2)
    assert runner.busy and runner.current is None and runner.queued == 2
    assert first.queued and not first.running and ran == []
    runner.release()
    assert runner.current is first and runner.queued == 1
    runner.wait()
    assert ran == [1, 2] and first.result == 1 and second.result == 2 and not runner.busy


def test_one_reading_at_a_time_and_a_cancelled_one_lets_the_next_read(runner):
    """OneReading (the screens' background read): asked again while it runs, nothing more
    starts; cancelled by the engineer, the next ask reads again (it stayed 'running' for
    ever before, and the screen never read again in that session)."""
    from hmfield.gui.common.jobs import OneReading

    reading, shown, failed = OneReading(), [], []
    started = threading.Event()

    def endless(progress):
        started.set()
        while True:
            progress.check()
            threading.Event().wait(0.005)

    reading.start(runner, "read", endless, shown.append, failed.append)
    reading.start(runner, "read", lambda p: "second", shown.append, failed.append)
    assert started.wait(5)
    assert len(runner._queue) == 0  # the second ask started nothing
    runner.current.cancel()
    runner.wait()
    assert shown == [] and failed == [] and not reading.running
    reading.start(runner, "read", lambda p: "again", shown.append, failed.append)
    runner.wait()
    assert shown == ["again"]

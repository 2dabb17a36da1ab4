"""Side sheets read by a second process while this one reads the first (issue 19).

Why: an RVTools export is vInfo (one row per VM) plus vDisk, vPartition, vNetwork...: the
side sheets are half of calamine's work, and a laptop has two cores. When the caller allows it
(``parse_file(parallel=True)``) and the machine has a second core, a worker process reads the
named side sheets with the same :func:`readers.read_sheet` and hands each :class:`SheetTable`
back through a queue. The parser's own ``read_sheet`` of such a sheet takes the worker's
table: the same header, rows and row numbers it would have read itself.

How the worker starts: forked (``may_fork``: a single-threaded caller on Linux, the CLI: the
workbook measured before the fork, ``xlsx_limits``' verdict inherited, nothing to load), else
spawned, a fresh interpreter that loads only the readers (the app, whose process has Qt's
threads and must not fork; Windows and macOS, which have no safe fork; the packaged app,
through ``multiprocessing.freeze_support`` in ``hmfield.__main__``). A spawned worker costs
about a tenth of a second to start, so a file under ``SPAWN_MIN_BYTES`` is read here alone.

Whatever goes wrong in the worker (it cannot start, a damaged sheet, a cell too long, the
worker killed), the sheet comes back as None and is read here again in order, so the messages
and the result are exactly those of a reading without the worker.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

_WAIT = 300.0  # seconds for one sheet before it is read here instead (a stuck worker)
# seconds for a worker's first word (an endpoint scanner can hold a new process on a managed
# laptop): past them everything is read here, as if there were no worker
_START_WAIT = 10.0
_POLL = 0.2  # seconds between looks at whether the worker is still alive
# a spawned worker's start (an interpreter and the readers, ~0.1 s) pays off from about here:
# a 2 MB RVTools export is ~2,000 VMs, whose side sheets take ~0.3 s to read
SPAWN_MIN_BYTES = 2_000_000
# "allowed": None (no worker), "fork" or "spawn"; "running": the worker of the file being read
_state: dict[str, Any] = {"allowed": None, "running": None}


def can_fork() -> bool:
    return sys.platform == "linux" and _two_cores()


def _two_cores() -> bool:
    return (os.cpu_count() or 1) > 1


# HMFIELD_SIDE_READER: "off" (never a worker: a machine where starting one misbehaves) or
# "spawn" (always spawned, whatever the file's size: the packaged app's smoke test)
_ENV = "HMFIELD_SIDE_READER"


def start_method(parallel: bool, may_fork: bool = False) -> str | None:
    """How a worker starts: "fork" (``may_fork`` and the system can), "spawn" (any other
    machine with a second core), or None (not ``parallel``, a single core, or turned off)."""
    wish = os.environ.get(_ENV, "").strip().lower()
    if not parallel or not _two_cores() or wish == "off":
        return None
    return "fork" if may_fork and can_fork() and wish != "spawn" else "spawn"


@contextmanager
def allowed(parallel: bool, may_fork: bool = False) -> Iterator[None]:
    """Prefetching allowed inside the block (when ``parallel`` and there is a second core;
    forked only when ``may_fork``: the caller has no other threads); any worker still
    running at its end is stopped."""
    before = _state["allowed"]
    _state["allowed"] = start_method(parallel, may_fork)
    try:
        yield
    finally:
        _state["allowed"] = before
        stop()


def start(path: Path, sheets: Iterable[str], check: bool) -> None:
    """Fork a worker reading ``sheets`` of the workbook at ``path`` (no-op when not allowed,
    when nothing is to be read, or when one runs for this file already)."""
    sheets = list(dict.fromkeys(sheets))
    if sheets:
        _launch(path, sheets, check)


def begin(path: Path, side_sheets: Iterable[str]) -> None:
    """Fork a worker at once, before this process loads its services: it measures the
    workbook (``xlsx_limits``, whose verdict :func:`checked` hands over) and then reads those
    of ``side_sheets`` the workbook has. Anything but a plain workbook: nothing forked."""
    from hmfield.core.inventory.formats.readers import ZIP_MAGIC

    try:
        with path.open("rb") as fh:
            if fh.read(4) != ZIP_MAGIC:
                return
    except OSError:
        return
    _launch(path, list(dict.fromkeys(side_sheets)), None)


def _launch(path: Path, sheets: list[str], check: bool | None) -> None:
    method = _state["allowed"]
    if method is None:
        return
    key = _file_key(path)
    running = _state["running"]
    if key is None or (running is not None and running.key == key):
        return
    if method == "spawn" and key[1] < SPAWN_MIN_BYTES and os.environ.get(_ENV) != "spawn":
        return  # read here alone: starting a worker would cost more than it saves
    stop()
    try:
        _state["running"] = _SheetReader(key, path, sheets, check, method)
    except Exception:  # noqa: BLE001 - no worker (no process, no pipe): read here, as alone
        _state["running"] = None


def checked(path: Path) -> bool:
    """True when the worker begun for ``path`` measured it and found it fit to be read as it
    is (no size refused, no lying dimension: ``xlsx_limits.check_xlsx`` returns None); False
    when there is no such worker or it found anything else (then measure here again)."""
    running = _state["running"]
    if running is None or running.key != _file_key(path):
        return False
    return running.status() == "ok"


def take(path: str | None, sheet: str, check: bool) -> Any:
    """The worker's table of ``sheet`` (None: not prefetched, or the worker failed on it)."""
    running = _state["running"]
    if running is None or not path:
        return None
    if running.key != _file_key(Path(path)):
        return None
    return running.take(sheet, check)


def stop() -> None:
    running = _state["running"]
    _state["running"] = None
    if running is not None:
        running.close()


def _file_key(path: Path) -> tuple | None:
    try:
        st = path.stat()
        return (str(path.resolve()), st.st_size, st.st_mtime_ns)
    except OSError:
        return None


class _SheetReader:
    """The parent's end of one worker: the messages it sent, read as they are needed."""

    def __init__(
        self, key: tuple, path: Path, sheets: list[str], check: bool | None, method: str
    ) -> None:
        import multiprocessing as mp

        ctx = mp.get_context(method)
        self.key = key
        # the sheets asked for, as find_sheet matches them: any other sheet (the first, which
        # the parser reads itself) is read here at once, without waiting for the worker
        self.asked = {name.strip().casefold() for name in sheets}
        self.got: dict[str, Any] = {}  # "check" -> status, "sheets" -> (check, names), tables
        self.failed = False
        self.queue = ctx.Queue()
        for stream in (sys.stdout, sys.stderr):  # the child must not write them out again
            if stream is not None:
                stream.flush()
        self.proc = ctx.Process(
            target=_work, args=(str(path), sheets, check, self.queue), daemon=True
        )
        self.started = time.monotonic()
        try:
            self.proc.start()
        except BaseException:
            self.queue.close()
            raise

    def status(self) -> str | None:
        return self.got.get("check") if self._wait("check") else None

    def take(self, sheet: str, check: bool) -> Any:
        if sheet.strip().casefold() not in self.asked or not self._wait("sheets"):
            return None
        flag, names = self.got["sheets"]
        if flag != check or sheet not in names:
            return None
        names.remove(sheet)  # taken once
        if not self._wait(("sheet", sheet)):
            return None
        return self.got.pop(("sheet", sheet))

    def _wait(self, what) -> bool:
        """Read messages until ``what`` came; False when the worker failed or died first
        (every sheet still to come is then read here instead)."""
        import queue

        deadline = time.monotonic() + _WAIT
        if not self.got:  # not a word from the worker yet: it may be stuck starting
            deadline = min(deadline, self.started + _START_WAIT)
        while what not in self.got:
            if self.failed:
                return False
            try:
                name, value = self.queue.get(timeout=_POLL)
            except queue.Empty:
                if self.proc.is_alive() and time.monotonic() < deadline:
                    continue
                if not self.proc.is_alive() and self._last_look():
                    continue
                self.failed = True
                return False
            except (OSError, EOFError, ValueError):
                self.failed = True
                return False
            self.got[name] = value
        return True

    def _last_look(self) -> bool:
        """The worker is gone: True when it left a message still to read."""
        import queue

        try:
            name, value = self.queue.get(timeout=_POLL)
        except (queue.Empty, OSError, EOFError, ValueError):
            return False
        self.got[name] = value
        return True

    def close(self) -> None:
        if self.proc.is_alive():
            self.proc.terminate()
        self.proc.join(5)
        self.queue.close()
        self.queue.cancel_join_thread()


def _work(path: str, sheets: list[str], check: bool | None, out) -> None:
    """In the worker: (when begun early) measure the workbook, then read each sheet; send
    ("check", status), ("sheets", (check, names)) and (("sheet", name), table or None)."""
    import gc

    from hmfield.core.inventory.formats import readers, xlsx_limits

    # a short-lived process making millions of cells and no cycles: the collector's passes
    # over a growing heap cost more than its reading at 50,000 VMs (it ends when it is done)
    gc.disable()
    _state["allowed"], _state["running"] = None, None  # the worker's copy: no recursion
    _die_with_parent()
    readers.forget_peeked()
    file = Path(path)
    if check is None:  # begun before the parent measured the file: measure it here
        try:
            found = xlsx_limits.check_xlsx(file)
        except BaseException:
            out.put(("check", "refused"))
            return
        out.put(("check", "ok" if found is None else "corrected"))
        if found is not None:
            return  # read through a corrected copy: the parent reads it all itself
    try:
        wb, flag = readers.open_workbook(file)
        if check is None:
            check = flag
            sheets = [s for s in (readers.find_sheet(wb.sheet_names, n) for n in sheets) if s]
    except BaseException:
        out.put(("sheets", (None, [])))
        return
    out.put(("sheets", (check, list(sheets))))
    try:
        for sheet in sheets:
            try:
                table = readers.read_sheet(wb, file.name, sheet, check)
            except BaseException:
                table = None
            out.put((("sheet", sheet), table))
    finally:
        wb.close()


def _die_with_parent() -> None:
    """A killed import takes its reader with it (Linux: PR_SET_PDEATHSIG)."""
    try:
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6").prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass

"""Side sheets read by a second process while this one reads the first (issue 19).

Why: an RVTools export is vInfo (one row per VM) plus vDisk, vPartition, vNetwork...: the
side sheets are half of calamine's work, and a laptop has two cores. When the caller allows it
(``parse_file(parallel=True)``: the CLI import; never the GUI, whose process has Qt's threads)
and the system can fork, a worker process forked before vInfo is read reads the named side
sheets with the same :func:`readers.read_sheet` (the workbook was measured before the fork:
``xlsx_limits``' verdict is inherited) and hands each :class:`SheetTable` back through a queue.
The parser's own ``read_sheet`` of such a sheet takes the worker's table: the same header,
rows and row numbers it would have read itself.

Whatever goes wrong in the worker (a damaged sheet, a cell too long, the worker killed), the
sheet comes back as None and is read here again in order, so the messages and the result are
exactly those of a reading without the worker.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

_WAIT = 300.0  # seconds for one sheet before it is read here instead (a stuck worker)
_POLL = 0.2  # seconds between looks at whether the worker is still alive
_state: dict[str, Any] = {"allowed": False, "running": None}


def can_fork() -> bool:
    return sys.platform == "linux" and (os.cpu_count() or 1) > 1


@contextmanager
def allowed(parallel: bool) -> Iterator[None]:
    """Prefetching allowed inside the block (when ``parallel`` and the system can fork);
    any worker still running at its end is stopped."""
    before = _state["allowed"]
    _state["allowed"] = parallel and can_fork()
    try:
        yield
    finally:
        _state["allowed"] = before
        stop()


def start(path: Path, sheets: Iterable[str], check: bool) -> None:
    """Fork a worker reading ``sheets`` of the workbook at ``path`` (no-op when not allowed,
    when nothing is to be read, or when one runs for this file already)."""
    sheets = list(dict.fromkeys(sheets))
    if not _state["allowed"] or not sheets:
        return
    key = _file_key(path)
    running = _state["running"]
    if key is None or (running is not None and running.key[0] == key):
        return
    stop()
    _state["running"] = _SheetReader(key, path, sheets, check)


def take(path: str | None, sheet: str, check: bool) -> Any:
    """The worker's table of ``sheet`` (None: not prefetched, or the worker failed on it)."""
    running = _state["running"]
    if running is None or not path:
        return None
    key = _file_key(Path(path))
    if key is None or running.key != (key, check):
        return None
    return running.take(sheet)


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
    def __init__(self, key: tuple, path: Path, sheets: list[str], check: bool) -> None:
        import multiprocessing as mp

        ctx = mp.get_context("fork")
        self.key = (key, check)
        self.waiting = set(sheets)
        self.got: dict[str, Any] = {}
        self.queue = ctx.Queue()
        for stream in (sys.stdout, sys.stderr):  # the child must not write them out again
            if stream is not None:
                stream.flush()
        self.proc = ctx.Process(
            target=_work, args=(str(path), sheets, check, self.queue), daemon=True
        )
        self.proc.start()

    def take(self, sheet: str) -> Any:
        import queue
        import time

        deadline = time.monotonic() + _WAIT
        while sheet in self.waiting:
            try:
                name, table = self.queue.get(timeout=_POLL)
            except queue.Empty:
                if self.proc.is_alive() and time.monotonic() < deadline:
                    continue
                if self.proc.is_alive() or not self._drained():
                    self.waiting.clear()  # read here instead, every one still waited for
                    return None
                continue
            except (OSError, EOFError, ValueError):
                self.waiting.clear()
                return None
            self.waiting.discard(name)
            self.got[name] = table
        return self.got.pop(sheet, None)

    def _drained(self) -> bool:
        """The worker is gone: True when what it sent may still be read (one last look)."""
        import queue

        try:
            name, table = self.queue.get(timeout=_POLL)
        except (queue.Empty, OSError, EOFError, ValueError):
            return False
        self.waiting.discard(name)
        self.got[name] = table
        return True

    def close(self) -> None:
        if self.proc.is_alive():
            self.proc.terminate()
        self.proc.join(5)
        self.queue.close()
        self.queue.cancel_join_thread()


def _work(path: str, sheets: list[str], check: bool, out) -> None:
    """In the worker: read each sheet, send (name, table or None)."""
    from hmfield.core.inventory.formats.readers import forget_peeked, open_workbook, read_sheet

    _state["allowed"], _state["running"] = False, None  # the worker's copy: no recursion
    forget_peeked()
    try:
        wb, _check = open_workbook(Path(path))
    except BaseException:
        for sheet in sheets:
            out.put((sheet, None))
        return
    try:
        for sheet in sheets:
            try:
                table = read_sheet(wb, Path(path).name, sheet, check)
            except BaseException:
                table = None
            out.put((sheet, table))
    finally:
        wb.close()

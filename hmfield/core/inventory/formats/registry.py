"""The importers the app offers, and the one entry point the inventory service calls.

Why a plain dict: adding a format (e.g. the project's own xlsx template) is one line, and the
order of the dict is the order in which auto-detection tries the formats.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from hmfield.core.bulk import paused_gc
from hmfield.core.errors import InputError
from hmfield.core.inventory.formats import (
    azure_migrate,
    cmf,
    prefetch,
    prophet,
    prophet_scan,
    rvtools,
    template,
    vsphere_csv,
)
from hmfield.core.inventory.formats.detect import Peek, detect_format
from hmfield.core.inventory.formats.readers import forget_peeked
from hmfield.core.model.records import ParsedInventory
from hmfield.core.progress import NULL_PROGRESS, Progress

Parser = Callable[[Path, Progress], ParsedInventory]


@dataclass(frozen=True)
class FormatInfo:
    label_zh: str
    label_en: str
    parse: Parser
    sniff: Callable[[Peek], bool] | None = None  # None: never auto-detected
    expect: str = ""  # what the file looks like, for the "not recognised" message
    side_sheets: tuple[str, ...] = ()  # sheets read after the first (prefetch.py)


def _info(module: ModuleType) -> FormatInfo:
    side = getattr(module, "SIDE_SHEETS", ())
    return FormatInfo(
        module.LABEL_ZH, module.LABEL_EN, module.parse, module.sniff, module.EXPECT, side
    )


# Detection order matters: specific signatures first, the loose vSphere CSV one last.
FORMATS: dict[str, FormatInfo] = {
    "template": _info(template),
    "rvtools": _info(rvtools),
    "prophet": _info(prophet),
    "prophet-scan": _info(prophet_scan),
    "azure-migrate": _info(azure_migrate),
    "cmf": _info(cmf),
    "vsphere-csv": _info(vsphere_csv),
}


def parse_file(
    path: str | Path,
    format: str = "auto",
    progress: Progress = NULL_PROGRESS,
    *,
    parallel: bool = False,
    may_fork: bool = False,
) -> ParsedInventory:
    """Read an inventory file into records; nothing is written anywhere.

    ``format`` is a key of :data:`FORMATS` or ``"auto"``. Bad input raises
    :class:`~hmfield.core.errors.InputError` (one line naming the file); bad cells become
    ``ParsedInventory.problems``. ``parallel``: a second process may read a format's side
    sheets meanwhile (``prefetch``; forked only when ``may_fork``: a single-threaded caller,
    the CLI; else spawned); the same result.
    """
    path = Path(path)
    try:
        with prefetch.allowed(parallel, may_fork):
            # the worker begins at once: it measures the workbook beside this process (a
            # spawned one cannot inherit the measure); a no-op when one runs for it already
            prefetch.begin(path, side_sheets(format))
            return _parse(path, format, progress)
    finally:
        forget_peeked()  # the sheet a sniffer kept for the parser, if the parser did not take it


def side_sheets(format: str = "auto") -> tuple[str, ...]:
    """The sheets a format reads after its first (RVTools' vDisk, ...); for "auto" (or a
    format not known) those of every format, since the one recognised is not known yet."""
    info = FORMATS.get(format)
    if info is not None:
        return info.side_sheets
    return tuple(dict.fromkeys(s for f in FORMATS.values() for s in f.side_sheets))


def _parse(path: Path, format: str, progress: Progress) -> ParsedInventory:
    if format == "auto":
        format = detect_format(path, FORMATS)
    info = FORMATS.get(format)
    if info is None:
        raise InputError(
            f"unknown import format {format!r}; known: {', '.join(FORMATS)}", file=path.name
        )
    progress.report(0, None, f"reading {path.name}")  # the dialog names the format
    with paused_gc(promote=True):  # millions of cells and no cycles: GC passes would cost ~40%
        inv = info.parse(path, progress)
    inv.format = format
    return inv

"""Helpers shared by the format modules: typed cell access that records problems, units,
and the small vocabularies (platform, power state, boot, role, environment).

Why: a bad cell must never abort an import or vanish silently; it becomes an
:class:`ImportProblem` naming file, sheet, row and column, and the value stays unknown.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable

from hmfield.core.inventory.formats.aliases import Columns
from hmfield.core.inventory.formats.readers import (
    SheetTable,
    cell_bool,
    cell_float,
    cell_int,
    cell_str,
)
from hmfield.core.model.enums import (
    BootFirmware,
    Environment,
    OsFamily,
    Platform,
    PowerState,
    Role,
)
from hmfield.core.model.records import HostRecord, ImportProblem, ParsedInventory
from hmfield.core.progress import Progress

PROGRESS_EVERY = 500
_MISSING = object()
_FAST_BOOL: dict[object, bool | None] = {"True": True, "False": False, "TRUE": True}
_FAST_BOOL |= {"FALSE": False, "": None, None: None, True: True, False: False}


class Cells:
    """Typed access to one table's mapped columns; conversion errors become problems."""

    def __init__(self, inv: ParsedInventory, table: SheetTable, cols: Columns) -> None:
        self.inv, self.table, self.cols = inv, table, cols

    def problem(self, row_no: int | None, name: str | None, reason: str) -> None:
        self.inv.problems.append(
            ImportProblem(
                reason=reason,
                file=self.table.file,
                sheet=self.table.sheet,
                row=row_no,
                column=self.cols.label(name) if name else None,
            )
        )

    def _conv(self, row: list, row_no: int, name: str, fn: Callable[[object], object]):
        idx = self.cols.index.get(name)
        if idx is None:
            return None
        try:
            return fn(row[idx])
        except ValueError as exc:
            self.problem(row_no, name, f"{exc}; value ignored")
            return None

    def str(self, row: list, name: str) -> str | None:
        idx = self.cols.index.get(name)
        if idx is None:
            return None
        value = row[idx]
        if value.__class__ is str:  # the common case, inlined: this runs per cell
            return value.strip() or None
        return cell_str(value)

    def int(self, row: list, row_no: int, name: str) -> int | None:
        return self._conv(row, row_no, name, cell_int)

    def float(self, row: list, row_no: int, name: str) -> float | None:
        idx = self.cols.index.get(name)
        if idx is None:
            return None
        value = row[idx]
        if value.__class__ is float:  # calamine's numbers: skip the general converter
            return value
        return self._conv(row, row_no, name, cell_float)

    def bool(self, row: list, row_no: int, name: str) -> bool | None:
        idx = self.cols.index.get(name)
        if idx is None:
            return None
        found = _FAST_BOOL.get(row[idx], _MISSING)
        if found is not _MISSING:
            return found  # type: ignore[return-value]
        return self._conv(row, row_no, name, cell_bool)

    def size(self, row: list, row_no: int, name: str, default_unit: str = "MB") -> float | None:
        return self._conv(row, row_no, name, lambda v: size_mib(v, default_unit))


def new_host(table: SheetTable, row_no: int, name: str) -> HostRecord:
    return HostRecord(name=name, source_file=table.file, sheet=table.sheet, row=row_no)


def tick(progress: Progress, done: int, total: int, text: str) -> None:
    """Report and honour cancellation every PROGRESS_EVERY rows."""
    if done % PROGRESS_EVERY == 0:
        progress.check()
        progress.report(done, total, text)


# --------------------------------------------------------------------------- units

_UNITS = {"": None, "b": 1 / 1048576, "k": 1 / 1024, "m": 1.0, "g": 1024.0, "t": 1048576.0}
_UNITS["p"] = 1024.0**3
_SIZE = re.compile(r"^\s*([\d.,]+)\s*([kmgtp]?)(?:i?b)?(?:ytes?)?\s*$", re.IGNORECASE)


def size_mib(value: object, default_unit: str = "MB") -> float | None:
    """``'40 GB'``, ``'1.5 TB'``, ``'512 MB'``, bare numbers in ``default_unit`` -> MiB.

    Storage tools mean binary units even when they print ``GB``, so 1 GB = 1024 MiB.
    """
    if value is None or value == "":
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value) * _UNITS[default_unit[0].lower()]
    text = str(value).strip()
    if not text:
        return None
    m = _SIZE.match(text)
    if not m:
        raise ValueError(f"not a size: {text[:40]!r} (expected e.g. '40 GB')")
    number = float(m.group(1).replace(",", ""))
    unit = m.group(2).lower()
    if not unit and re.search(r"b", text, re.IGNORECASE) and not text[-1].isdigit():
        unit = "b"
    return number * (_UNITS[unit] if unit else _UNITS[default_unit[0].lower()])


@functools.cache
def _splitter(seps: str) -> re.Pattern[str]:
    return re.compile("[" + re.escape(seps) + r"\n\r]+")


def split_list(text: str | None, seps: str = ",;") -> list[str]:
    """Split a multi-value cell on any of ``seps`` (and newlines); drop blanks and dupes."""
    if not text:
        return []
    parts = _splitter(seps).split(text)
    out: list[str] = []
    for part in parts:
        part = part.strip()
        if part and part not in out:
            out.append(part)
    return out


_IPV4 = re.compile(r"^(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}$")
_MAC = re.compile(r"^[0-9a-f]{2}(?:[:-][0-9a-f]{2}){5}$", re.IGNORECASE)


def is_ipv4(text: str) -> bool:
    return bool(_IPV4.match(text))


def is_ip(text: str) -> bool:
    return is_ipv4(text) or (":" in text and bool(re.match(r"^[0-9a-f:]+(%\w+)?$", text, re.I)))


def is_mac(text: str) -> bool:
    return bool(_MAC.match(text))


def norm_mac(text: str) -> str:
    return text.strip().lower().replace("-", ":")


def add_unique(target: list[str], values: list[str]) -> None:
    for v in values:
        if v and v not in target:
            target.append(v)


# --------------------------------------------------------------------------- vocabularies


_JOINERS = re.compile(r"[\s_\-]+")


def _lookup(table: dict[str, str], value: str | None) -> str | None:
    if not value:
        return None
    key = _JOINERS.sub("", value.casefold())
    found = table.get(key)
    return str(found) if found is not None else None


_PLATFORMS = {
    "physical": Platform.PHYSICAL, "物理机": Platform.PHYSICAL, "baremetal": Platform.PHYSICAL,
    "vmware": Platform.VMWARE, "vsphere": Platform.VMWARE, "esxi": Platform.VMWARE,
    "vmwareesxserver": Platform.VMWARE, "openstack": Platform.OPENSTACK,
    "fusioncompute": Platform.FUSIONCOMPUTE, "hyperv": Platform.HYPERV,
    "microsofthyperv": Platform.HYPERV, "kvm": Platform.KVM, "aws": Platform.AWS,
    "amazon": Platform.AWS, "huaweicloud": Platform.HUAWEI_CLOUD, "华为云": Platform.HUAWEI_CLOUD,
    "oraclecloud": Platform.ORACLE_CLOUD, "hcs": Platform.HCS, "virtual": Platform.OTHER,
}  # fmt: skip
_POWER = {
    "poweredon": PowerState.ON, "on": PowerState.ON, "running": PowerState.ON,
    "已打开电源": PowerState.ON, "运行中": PowerState.ON, "poweredoff": PowerState.OFF,
    "off": PowerState.OFF, "stopped": PowerState.OFF, "已关闭电源": PowerState.OFF,
    "suspended": PowerState.SUSPENDED, "已挂起": PowerState.SUSPENDED,
}  # fmt: skip
_BOOT = {
    "bios": BootFirmware.BIOS, "legacy": BootFirmware.BIOS, "efi": BootFirmware.UEFI,
    "uefi": BootFirmware.UEFI,
}  # fmt: skip
_ROLE = {
    "web": Role.WEB, "app": Role.APP, "application": Role.APP, "db": Role.DB,
    "database": Role.DB, "middleware": Role.MIDDLEWARE, "mw": Role.MIDDLEWARE,
}  # fmt: skip
_ENV = {
    "prod": Environment.PROD, "production": Environment.PROD, "prd": Environment.PROD,
    "生产": Environment.PROD, "test": Environment.TEST, "testing": Environment.TEST,
    "uat": Environment.TEST, "staging": Environment.TEST, "测试": Environment.TEST,
    "dev": Environment.DEV, "development": Environment.DEV, "开发": Environment.DEV,
}  # fmt: skip
_FAMILY = {"windows": OsFamily.WINDOWS, "linux": OsFamily.LINUX, "other": OsFamily.OTHER}


def platform_code(value: str | None) -> str | None:
    return _lookup(_PLATFORMS, value)


def power_code(value: str | None) -> str | None:
    return _lookup(_POWER, value)


def boot_code(value: str | None) -> str | None:
    return _lookup(_BOOT, value)


def role_code(value: str | None) -> str | None:
    return _lookup(_ROLE, value)


def env_code(value: str | None) -> str | None:
    return _lookup(_ENV, value)


def family_code(value: str | None) -> str | None:
    return _lookup(_FAMILY, value)


def note_duplicates(inv: ParsedInventory) -> None:
    """One note per host name that appears more than once (the merge must decide)."""
    counts = Counter(h.name.casefold() for h in inv.hosts if h.name)
    dupes = sorted(n for n, c in counts.items() if c > 1)
    if dupes:
        shown = ", ".join(dupes[:10]) + (" ..." if len(dupes) > 10 else "")
        inv.notes.append(f"{len(dupes)} host name(s) appear more than once: {shown}")

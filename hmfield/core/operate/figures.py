"""Pure judgement of an observation check and of the cloud bill (no database).

A check is *failed* when its business check failed or the data before and after the
migration differ; it is *waived* when such a failure was waived by a named person; it needs
*attention* when a resource figure is above the source's peak (the target works harder than
the source did) or at the target flavour's limit (the flavour is too small); *passed* when
something was checked and nothing above applies; else *not tested*.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from hmfield.core.model.inventory import Host
from hmfield.core.model.operate import CheckResult, CloudBill, IntegrityMethod, ObservationCheck
from hmfield.core.operate.texts import OperateRules, OperateWords

PEAK_KEYS = {"cpu": ("cpu_peak_pct", "cpu_util_pct"), "mem": ("mem_peak_pct", "mem_util_pct")}


@dataclass(frozen=True)
class SourceFigures:
    """What the inventory says of the host before the migration."""

    cores: int | None = None
    memory_gib: float | None = None
    disk_used_pct: float | None = None
    cpu_peak_pct: float | None = None
    mem_peak_pct: float | None = None
    flavour: str | None = None

    def text(self) -> str:
        parts = []
        if self.cores:
            parts.append(f"{self.cores} vCPU")
        if self.memory_gib:
            parts.append(f"{self.memory_gib:g} GiB")
        if self.cpu_peak_pct is not None:
            parts.append(f"CPU≤{self.cpu_peak_pct:g}%")
        if self.mem_peak_pct is not None:
            parts.append(f"MEM≤{self.mem_peak_pct:g}%")
        if self.disk_used_pct is not None:
            parts.append(f"DISK {self.disk_used_pct:g}%")
        return " · ".join(parts)


def _pct(value) -> float | None:
    try:
        text = str(value).strip().rstrip("%")
        return round(float(text), 1) if text else None
    except (TypeError, ValueError):
        return None


def source_figures(host: Host | Any | None) -> SourceFigures:
    """A host's (or a row of its columns') source figures: CPU, memory, disk use, peaks."""
    if host is None:
        return SourceFigures()
    extra = host.extra or {}
    peaks = {
        k: next((p for key in keys if (p := _pct(extra.get(key))) is not None), None)
        for k, keys in PEAK_KEYS.items()
    }
    used = None
    if host.disk_total_mib and host.disk_used_mib is not None:
        used = round(100.0 * host.disk_used_mib / host.disk_total_mib, 1)
    memory = round(host.memory_mib / 1024.0, 1) if host.memory_mib else None
    return SourceFigures(
        host.cpu_cores, memory, used, peaks["cpu"], peaks["mem"], host.target_flavour
    )


def integrity_outcome(check: ObservationCheck) -> str | None:
    """``match`` / ``mismatch``, or None when no comparison was recorded."""
    method = check.integrity_method or IntegrityMethod.NONE.value
    before, after = check.integrity_before.strip(), check.integrity_after.strip()
    if method == IntegrityMethod.NONE.value or not before or not after:
        return None
    if method == IntegrityMethod.ROW_COUNT.value:
        try:
            same = int(before.replace(",", "")) == int(after.replace(",", ""))
        except ValueError:
            same = before == after
    else:
        same = before.casefold() == after.casefold()
    return "match" if same else "mismatch"


@dataclass(frozen=True)
class CheckJudgement:
    flags: list[tuple[str, dict]] = field(default_factory=list)  # (label key, values)
    failures: list[str] = field(default_factory=list)  # label keys
    outcome: str = "not_tested"  # passed | failed | waived | attention | not_tested

    def flag_texts(self, words: OperateWords) -> list[str]:
        return [words(key, **values) for key, values in self.flags]

    def failure_texts(self, words: OperateWords) -> list[str]:
        return [words[key] for key in self.failures]


def judge(check: ObservationCheck, src: SourceFigures, rules: OperateRules) -> CheckJudgement:
    flags: list[tuple[str, dict]] = []
    peaks = {"cpu": src.cpu_peak_pct, "mem": src.mem_peak_pct, "disk": src.disk_used_pct}
    for kind in ("cpu", "mem", "disk"):
        value = getattr(check, f"{kind}_pct")
        if value is None:
            continue
        peak = peaks[kind]
        if peak is not None and value > peak + rules.source_margin_pct:
            key = "flag_disk_source" if kind == "disk" else f"flag_{kind}_peak"
            flags.append((key, {"source": f"{peak:g}"}))
        if value >= rules.flavour_limit_pct:
            flags.append((f"flag_{kind}_flavour", {"limit": f"{rules.flavour_limit_pct:g}"}))
    failures = []
    if check.business_result == CheckResult.FAIL.value:
        failures.append("fail_business")
    integrity = integrity_outcome(check)
    if integrity == "mismatch":
        failures.append("fail_integrity")
    tested = (
        check.business_result == CheckResult.PASS.value
        or integrity == "match"
        or any(getattr(check, f"{k}_pct") is not None for k in ("cpu", "mem", "disk"))
    )
    if failures:
        outcome = "waived" if check.waived_by_id and check.waived_reason.strip() else "failed"
    elif flags:
        outcome = "attention"
    else:
        outcome = "passed" if tested else "not_tested"
    return CheckJudgement(flags, failures, outcome)


@dataclass(frozen=True)
class BillLine:
    month: str
    expected: float | None
    actual: float
    currency: str

    @property
    def difference(self) -> float | None:
        """Actual minus expected (positive: the cloud costs more than planned)."""
        return None if self.expected is None else round(self.actual - self.expected, 2)

    @property
    def difference_pct(self) -> float | None:
        if self.expected in (None, 0):
            return None
        return round(100.0 * (self.actual - self.expected) / self.expected, 1)


def bill_lines(expected: float | None, bills: list[CloudBill]) -> list[BillLine]:
    return [
        BillLine(b.month, expected, b.actual_cost, b.currency)
        for b in sorted(bills, key=lambda b: b.month)
    ]

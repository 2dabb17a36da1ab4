"""What the delivery archive holds besides the evidence: every final report (through the
catalogue, so each is the very printout the Reports screen writes) and the final bundle.
``core.operate.archive.ArchiveService.archive`` writes them, hashes them and marks the
project archived; this module only lists them, because reports and sync sit above operate."""

from __future__ import annotations

import re

from hmfield.core.context import ServiceContext
from hmfield.core.operate.archive import ArchiveItem
from hmfield.core.operate.periods import ObservationService
from hmfield.core.reports.catalogue import write_report
from hmfield.core.sync.service import SyncService

PER_WAVE = ("runbook", "drill", "cutover", "stability", "acceptance")
_UNSAFE = re.compile(r"[^\w.-]+")


def _report(ctx: ServiceContext, kind: str, lang: str, wave: str | None = None):
    return lambda path: write_report(ctx, kind, path, lang=lang, wave=wave)


def archive_items(ctx: ServiceContext, lang: str = "zh") -> list[ArchiveItem]:
    items = [
        ArchiveItem("reports/plan.pdf", _report(ctx, "plan", lang)),
        ArchiveItem("reports/plan.xlsx", _report(ctx, "plan", lang)),
        ArchiveItem("reports/checklist.pdf", _report(ctx, "checklist", lang)),
        ArchiveItem("reports/checklist.xlsx", _report(ctx, "checklist", lang)),
    ]
    for window in ObservationService(ctx).windows():
        tag = f"W{window.wave_number:02d}"
        for kind in PER_WAVE:
            items.append(
                ArchiveItem(f"reports/{tag}-{kind}.pdf", _report(ctx, kind, lang, window.wave_id))
            )
    items.append(
        ArchiveItem("reports/final-acceptance.pdf", _report(ctx, "final_acceptance", lang))
    )
    name = _UNSAFE.sub("_", ctx.store.path.stem).strip("_") or "project"
    items.append(
        ArchiveItem(
            f"bundle/{name}-final.hmbundle",
            lambda path: SyncService(ctx).export_bundle(path),
            required=True,
        )
    )
    return items

"""Benchmark: the migration plan PDF for 10,000 hosts beside bare reportlab drawing the same
table cells (plain LongTables of the same strings, same font and page) in the same run.

Our side is everything the user waits for: reading the project, wording the plan, the graph,
the cover and contents (a multi-pass build) and every table. The last line prints the ratio
ours/bare (goal: at most 1.3).

Run: .venv/bin/python bench/plan_report.py [hosts]
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.platypus import BaseDocTemplate, Frame, LongTable, PageTemplate, TableStyle  # noqa: E402

from hmfield.core.clock import FixedClock  # noqa: E402
from hmfield.core.context import Actor  # noqa: E402
from hmfield.core.model.inventory import BusinessSystem, Host  # noqa: E402
from hmfield.core.model.plan import Dependency  # noqa: E402
from hmfield.core.plan.risks import NetworkPlanService  # noqa: E402
from hmfield.core.plan.service import PlanningService  # noqa: E402
from hmfield.core.project.service import NewProject, create_project  # noqa: E402
from hmfield.core.reports import ReportContext, widths_for  # noqa: E402
from hmfield.core.reports.document import MARGIN_BOTTOM, MARGIN_TOP, MARGIN_X  # noqa: E402
from hmfield.core.reports.fonts import FONT_NAME, register_fonts  # noqa: E402
from hmfield.core.reports.plan.plan_content import gather  # noqa: E402
from hmfield.core.reports.plan.plan_report import build_plan_pdf  # noqa: E402


def make_project(path: Path, hosts: int, seed: int = 7):
    rng = random.Random(seed)
    ctx = create_project(
        path,
        NewProject(name="基准项目"),
        clock=FixedClock(),
        actor=Actor("a" * 32, "bench", "d" * 32),
    )
    with ctx.write() as uow:
        systems = uow.rec.bulk_create(
            BusinessSystem, [{"name": f"业务系统{i:03d}"} for i in range(hosts // 30)]
        )
        rows = []
        for i in range(hosts):
            rows.append(
                {
                    "name": f"app-srv-{i:05d}",
                    "ips": [f"10.{i // 65536}.{i // 256 % 256}.{i % 256}"],
                    "platform": rng.choice(["vmware", "vmware", "physical"]),
                    "os_name": rng.choice(["CentOS 7.9", "Windows Server 2019", "麒麟 V10"]),
                    "business_system_id": systems[i // 30 % len(systems)],
                    "disk_used_mib": rng.uniform(20_000, 400_000),
                    "migration_mode": rng.choice(["agent", "agentless"]),
                    "role": ("web", "app", "db")[i % 3],
                }
            )
        ids = uow.rec.bulk_create(Host, rows)
        deps = []
        for i in range(0, hosts - 2, 3):
            deps.append({"from_id": ids[i], "to_id": ids[i + 1], "kind": "call"})
            deps.append({"from_id": ids[i + 1], "to_id": ids[i + 2], "kind": "database"})
        uow.rec.bulk_create(Dependency, deps)
    NetworkPlanService(ctx).save(bandwidth_mbps=1000.0, usable_share=0.6, concurrency=8)
    planning = PlanningService(ctx)
    planning.apply_proposal(planning.propose(max_hosts=500))
    return ctx


def bare(path: Path, tables) -> None:
    story = []
    for t in tables:
        if not t.rows:
            continue
        table = LongTable([t.headers, *t.rows], colWidths=widths_for(t.weights), repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), FONT_NAME, 8, 10.4),
                    ("TOPPADDING", (0, 0), (-1, -1), 2),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ]
            )
        )
        story.append(table)
    doc = BaseDocTemplate(str(path), pagesize=A4)
    frame = Frame(
        MARGIN_X,
        MARGIN_BOTTOM,
        A4[0] - 2 * MARGIN_X,
        A4[1] - MARGIN_TOP - MARGIN_BOTTOM,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    doc.addPageTemplates([PageTemplate(frames=[frame])])
    doc.build(story)


def main() -> None:
    hosts = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    register_fonts()
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        ctx = make_project(Path(tmp) / "bench.hmfield", hosts)
        print(f"setup: {hosts} hosts in {time.perf_counter() - t0:.1f} s (not measured)")
        content = gather(ctx, "zh")
        tables = [
            content.hosts,
            content.objects,
            content.deps,
            content.waves,
            content.windows,
            content.risks,
            content.sync_table,
            content.proxies,
        ]
        cells = sum(len(t.rows) * len(t.headers) for t in tables)
        t0 = time.perf_counter()
        bare(Path(tmp) / "bare.pdf", tables)
        bare_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        build_plan_pdf(ctx, Path(tmp) / "ours.pdf", "zh")
        ours_s = time.perf_counter() - t0
        ctx.store.close()
        assert ReportContext  # same toolkit as the product
    print(f"table cells: {cells:,}")
    print(f"bare reportlab (tables only): {bare_s:.2f} s")
    print(f"hmfield plan PDF (read + word + graph + contents + tables): {ours_s:.2f} s")
    print(f"ratio ours/bare: {ours_s / bare_s:.2f}")


if __name__ == "__main__":
    main()

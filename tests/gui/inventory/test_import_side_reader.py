"""The app's import reads an RVTools export's side sheets (vDisk, vPartition, vNetwork) in a
spawned second process while its job thread reads vInfo (issue 19: the CLI had a forked
reader, the app none, so the engineer's own import was the slow one). Never forked: the app's
process has Qt's threads. The preview is the same as a reading in one process."""

from __future__ import annotations

from pathlib import Path

from hmfield.core.inventory.formats import prefetch
from hmfield.core.inventory.importing import ImportService
from hmfield.core.project.service import NewProject, create_project

BILL = Path(__file__).parents[2] / "fixtures" / "rvtools" / "nutanix-billsample.xlsx"


def test_the_app_import_reads_side_sheets_in_a_spawned_process(
    open_screen, fake_dialogs, tmp_path, monkeypatch
):
    methods: list[str] = []
    taken: list[str] = []
    init, take = prefetch._SheetReader.__init__, prefetch._SheetReader.take

    def spy_init(self, key, path, sheets, check, method):
        methods.append(method)
        init(self, key, path, sheets, check, method)

    def spy_take(self, sheet, check):
        table = take(self, sheet, check)
        if table is not None:
            taken.append(sheet)
        return table

    monkeypatch.setattr(prefetch._SheetReader, "__init__", spy_init)
    monkeypatch.setattr(prefetch._SheetReader, "take", spy_take)
    monkeypatch.setattr(prefetch, "SPAWN_MIN_BYTES", 0)  # the sample is small: a worker anyway
    path = tmp_path / "a.hmfield"
    create_project(path, NewProject(name="bill")).store.close()
    page = open_screen("assess", path).import_page
    fake_dialogs.queue("open_file", str(BILL))
    page.choose.click()
    page.screen_ctx.jobs.wait()
    assert page.preview is not None, fake_dialogs.errors
    assert methods == ["spawn"]
    assert taken == [
        "vDisk",
        "vPartition",
        "vHost",
    ]  # the side sheets the sample has, all read there
    assert prefetch._state == {"allowed": None, "running": None}  # stopped with the reading
    alone = ImportService(page.screen_ctx.services).preview(BILL)  # no worker
    assert [i.record for i in page.preview.items] == [i.record for i in alone.items]

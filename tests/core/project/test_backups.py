import pytest

from hmfield.core.errors import HmError
from hmfield.core.project.backups import list_project_backups, restore_project_backup
from hmfield.core.project.service import ProjectService, open_project
from hmfield.core.store.backups import KEEP


def test_open_with_backup_keeps_last_ten_and_restore(ctx, project_path, actor):
    ProjectService(ctx).update(notes="first")
    ctx.store.close()
    for _ in range(KEEP + 2):
        c = open_project(project_path, actor=actor, backup_reason="open")
        c.store.close()
    backups = list_project_backups(project_path)
    assert len(backups) == KEEP
    c = open_project(project_path, actor=actor)
    ProjectService(c).update(notes="second")
    c.store.close()
    restore_project_backup(project_path, backups[0].path)
    ro = open_project(project_path, readonly=True, actor=actor)
    assert ProjectService(ro).get().notes == "first"
    ro.store.close()
    reasons = [b.reason for b in list_project_backups(project_path)]
    assert "before-restore" in reasons


def test_restore_refused_while_open(ctx, project_path, actor):
    c2 = None
    ctx.store.close()
    c2 = open_project(project_path, actor=actor, backup_reason="open")
    backup = c2.store.backups[0]
    with pytest.raises(HmError, match="open by"):
        restore_project_backup(project_path, backup)
    c2.store.close()

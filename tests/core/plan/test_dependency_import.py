"""Dependency CSV import: our format and Azure Migrate's export; unknown endpoints are
problems with file, row and column, never invented; preview writes nothing."""

from __future__ import annotations

import pytest
from plan_estate import make_estate

from hmfield.core.errors import HmError, InputError
from hmfield.core.plan.dependencies import DependencyService
from hmfield.core.plan.dependency_import import apply_import, preview_import

OURS = """from,to,kind,port,protocol,criticality,notes
trade-web,trade-app1,call,8080,tcp,high,前端
10.0.0.2,trade-db1.corp.local,数据库,3306,tcp,5,
trade-db1,trade-db2,主备,,,,
trade-app1,object:nas-share,nfs,2049,nfs,,
ghost-host,trade-db1,call,,,,
crm-app,核心交易,call,,,,
crm-web,crm-app,weird,,,,
"""

AZURE = """Time slot,Source server name,Source IP,Source application,Source process,Destination server name,Destination IP,Destination application,Destination process,Destination port
2026-11-01 00:00,crm-web,10.0.1.1,nginx,nginx,crm-app,10.0.1.2,java,java,8080
2026-11-01 01:00,crm-web,10.0.1.1,nginx,nginx,crm-app,10.0.1.2,java,java,8080
2026-11-01 00:00,crm-app,10.0.1.2,java,java,,10.0.1.3,mysqld,mysqld,3306
2026-11-01 00:00,crm-app,10.0.1.2,java,java,,8.8.8.8,,,53
2026-11-01 00:00,crm-app,10.0.1.2,java,java,,8.8.8.8,,,53
2026-11-01 00:00,crm-app,10.0.1.2,java,java,crm-app,10.0.1.2,java,java,9000
"""


@pytest.fixture
def ids(ctx):
    return make_estate(ctx)


def test_ours_preview_resolves_names_ips_and_reports_problems(ctx, ids, tmp_path):
    f = tmp_path / "deps.csv"
    f.write_text(OURS, encoding="utf-8")
    p = preview_import(ctx, f)
    assert p.format == "ours"
    got = [(r.from_name, r.to_name, r.values["kind"], r.values["criticality"]) for r in p.rows]
    assert ("trade-web", "trade-app1", "call", 4) in got
    assert ("trade-app1", "trade-db1", "database", 5) in got  # by IP and by FQDN
    assert ("trade-db1", "trade-db2", "primary_standby", None) in got
    assert ("trade-app1", "nas-share", "shared_file", None) in got
    assert ("crm-app", "核心交易", "call", None) in got  # a business system endpoint
    where = {(e.row, e.column) for e in p.problems}
    assert (6, "from") in where and (8, "kind") in where
    ghost = next(e for e in p.problems if e.row == 6)
    assert "ghost-host" in str(ghost) and "deps.csv" in str(ghost) and "row 6" in str(ghost)
    assert DependencyService(ctx).list() == []  # preview wrote nothing
    with pytest.raises(HmError, match="nothing imported"):
        apply_import(ctx, p)
    assert apply_import(ctx, p, skip_problems=True) == 5
    again = preview_import(ctx, f)
    assert again.rows == [] and again.duplicates == 5


def test_azure_export_collapses_time_slots_and_guesses_kind(ctx, ids, tmp_path):
    f = tmp_path / "azure.csv"
    f.write_text(AZURE, encoding="utf-8-sig")
    p = preview_import(ctx, f)
    assert p.format == "azure"
    got = {(r.from_name, r.to_name, r.values["kind"], r.values["port"]) for r in p.rows}
    assert got == {
        ("crm-web", "crm-app", "call", "8080"),
        ("crm-app", "crm-db", "database", "3306"),
    }
    assert p.duplicates == 1 and p.skipped_self == 1
    # 8.8.8.8 is not in the inventory: one problem, not one per time slot, and no new host
    assert len(p.problems) == 1 and "8.8.8.8" in p.problems[0].reason
    assert p.problems[0].column == "Destination server name"
    assert apply_import(ctx, p, skip_problems=True) == 2
    assert len(DependencyService(ctx).list()) == 2


def test_ambiguous_name_and_bad_files(ctx, ids, tmp_path):
    f = tmp_path / "amb.csv"
    f.write_text("from,to\nCRM,crm-db\n", encoding="utf-8")
    # "CRM" is only a business system; make it ambiguous with an object of the same name
    from hmfield.core.model.assess import NonHostObject

    with ctx.write() as uow:
        uow.rec.create(NonHostObject(name="CRM"))
    p = preview_import(ctx, f)
    assert "matches 2 endpoints" in p.problems[0].reason
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(InputError, match="empty"):
        preview_import(ctx, empty)
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError, match="missing column"):
        preview_import(ctx, bad)
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes("from,to,kind\ncrm-web,crm-app,调用\n".encode("gb18030"))
    assert preview_import(ctx, gbk).rows[0].values["kind"] == "call"
    with pytest.raises(HmError, match="unknown dependency format"):
        preview_import(ctx, gbk, "xml")

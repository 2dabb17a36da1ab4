"""The office commands as a user runs them: three field projects from three installs merged
in parallel (twice), the portfolio as JSON, one project handed back out to a fourth install,
edited there and re-imported with one conflict kept, every chain verified."""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

from hmfield.cli.app import run
from hmfield.core.clock import FixedClock
from hmfield.core.context import Actor
from hmfield.core.identity import load_identity
from hmfield.core.model.inventory import Host
from hmfield.core.office.database import OfficeDb
from hmfield.core.office.service import OfficeService
from hmfield.core.project.service import NewProject, create_project, open_project
from hmfield.core.sync.service import SyncService, import_as_new_project, open_payload

T0 = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)
INSTALLS = [Actor(c * 32, name, d * 32) for c, name, d in
            (("a", "李敏", "1"), ("b", "王建国", "2"), ("c", "陈涛", "3"))]  # fmt: skip
FOURTH = Actor("e" * 32, "赵丽", "4" * 32)


def cli(*args):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run([str(a) for a in args])
    return subprocess.CompletedProcess(args, code, out.getvalue(), err.getvalue())


def field_project(folder: Path, n: int, actor: Actor, hosts: int = 4) -> tuple[Path, list[str]]:
    path = folder / f"site{n}.hmfield"
    clock = FixedClock(T0 + timedelta(minutes=n), step=timedelta(seconds=1))
    ctx = create_project(path, NewProject(name=f"数据中心{n}", customer="银行"), clock=clock,
                         actor=actor)  # fmt: skip
    try:
        with ctx.write() as uow:
            ids = uow.rec.bulk_create(
                Host, [{"name": f"dc{n}-srv{i}", "cpu_cores": 2} for i in range(hosts)]
            )
    finally:
        ctx.store.close()
    return path, ids


def export(path: Path, actor: Actor, out: Path, at: datetime) -> Path:
    ctx = open_project(path, actor=actor, clock=FixedClock(at, step=timedelta(seconds=1)))
    try:
        return SyncService(ctx).export_bundle(out).path
    finally:
        ctx.store.close()


def edit(path: Path, actor: Actor, host_id: str, at: datetime, **changes) -> None:
    ctx = open_project(path, actor=actor, clock=FixedClock(at, step=timedelta(seconds=1)))
    try:
        with ctx.write() as uow:
            uow.rec.update(uow.session.get(Host, host_id), changes)
    finally:
        ctx.store.close()


def parallel_import(url: str, bundles: list[Path]) -> list:
    def one(bundle):
        with OfficeDb(url) as db:
            return OfficeService(db, Actor("f" * 32, "项目办", "0" * 32)).import_bundle(bundle)

    with ThreadPoolExecutor(len(bundles)) as pool:
        return list(pool.map(one, bundles))


def importer_processes(url: str, bundles: list[Path]) -> list[SimpleNamespace]:
    """``hmfield office import URL BUNDLE --json``, one process per bundle, all at once (as
    engineers back from three sites run it); each process's one result."""
    cmd = [sys.executable, "-m", "hmfield", "office", "import", url]
    procs = [subprocess.Popen([*cmd, str(b), "--json"], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for b in bundles]  # fmt: skip
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        (one,) = json.loads(out)["imports"]
        results.append(SimpleNamespace(**one))
    return results


def test_three_sites_round_trip(office_url, tmp_path):
    assert cli("office", "init", office_url).returncode == 0
    made = [field_project(tmp_path, n, a) for n, a in enumerate(INSTALLS)]
    bundles = [export(p, a, tmp_path / f"b{n}.hmbundle", T0 + timedelta(hours=1))
               for n, ((p, _), a) in enumerate(zip(made, INSTALLS, strict=True))]  # fmt: skip
    first = importer_processes(office_url, bundles)
    assert all(r.created for r in first)
    assert len({r.project_id for r in first}) == 3
    again = importer_processes(office_url, bundles)
    assert not any(r.changed for r in again)

    status = cli("office", "status", office_url, "--json")
    assert status.returncode == 0, status.stderr
    projects = json.loads(status.stdout)["projects"]
    assert sorted(p["name"] for p in projects) == ["数据中心0", "数据中心1", "数据中心2"]
    assert all(p["hosts"] == 4 and p["open_conflicts"] == 0 for p in projects)
    assert all(len(p["bundles"]) == 1 for p in projects)
    text = cli("office", "status", office_url)
    assert "数据中心1" in text.stdout and "last bundle from" in text.stdout

    # the office hands site 0 to a fourth install, which works on it
    site0, hosts0 = made[0]
    out = tmp_path / "handout.hmbundle"
    assert cli("office", "export", office_url, first[0].project_id[:8], out).returncode == 0
    payload = open_payload(out)
    try:
        laptop = tmp_path / "fourth.hmfield"
        import_as_new_project(payload, laptop, actor=FOURTH)
    finally:
        payload.close()
    edit(laptop, FOURTH, hosts0[0], T0 + timedelta(hours=3), notes="fourth says")
    # meanwhile the site's own engineer changes the same field, and that reaches the office
    edit(site0, INSTALLS[0], hosts0[0], T0 + timedelta(hours=2), notes="site says")
    edit(site0, INSTALLS[0], hosts0[1], T0 + timedelta(hours=2), cpu_cores=16)
    b0 = export(site0, INSTALLS[0], tmp_path / "b0-2.hmbundle", T0 + timedelta(hours=4))
    b4 = export(laptop, FOURTH, tmp_path / "b4.hmbundle", T0 + timedelta(hours=4))
    imported = cli("office", "import", office_url, b0, b4, "--json")
    assert imported.returncode == 0, imported.stderr
    results = json.loads(imported.stdout)["imports"]
    assert [r["changed"] for r in results] == [True, True]
    assert results[1]["conflicts"] == 1
    projects = json.loads(cli("office", "status", office_url, "--json").stdout)["projects"]
    site = next(p for p in projects if p["project_id"] == first[0].project_id)
    assert site["open_conflicts"] == 1
    assert {b["person"] for b in site["bundles"]} == {"李敏", "赵丽"}

    verify = cli("office", "verify", office_url, "--json")
    assert verify.returncode == 0, verify.stdout + verify.stderr
    checks = json.loads(verify.stdout)["projects"]
    assert len(checks) == 3 and not any(c["problem"] for c in checks)


def test_parallel_imports_of_one_project_equal_the_sequential_merge(office_url, tmp_path):
    """Two engineers' bundles of one project at once: the advisory lock serialises them and
    the result is the one of importing them one after the other."""
    path, hosts = field_project(tmp_path, 0, INSTALLS[0])
    base = export(path, INSTALLS[0], tmp_path / "base.hmbundle", T0 + timedelta(hours=1))
    copy = tmp_path / "copy.hmfield"
    payload = open_payload(base)
    try:
        import_as_new_project(payload, copy, actor=INSTALLS[1])
    finally:
        payload.close()
    edit(path, INSTALLS[0], hosts[0], T0 + timedelta(hours=2), notes="one")
    edit(copy, INSTALLS[1], hosts[0], T0 + timedelta(hours=2, seconds=30), notes="two")
    edit(copy, INSTALLS[1], hosts[2], T0 + timedelta(hours=2), cpu_cores=4)
    bundles = [export(path, INSTALLS[0], tmp_path / "x.hmbundle", T0 + timedelta(hours=3)),
               export(copy, INSTALLS[1], tmp_path / "y.hmbundle", T0 + timedelta(hours=3))]  # fmt: skip
    with OfficeDb(office_url) as db:
        OfficeService(db, FOURTH).init()
        OfficeService(db, FOURTH).import_bundle(base)
    parallel_import(office_url, bundles * 2)
    with OfficeDb(office_url) as db:
        svc = OfficeService(db, FOURTH)
        (project,) = db.projects()
        ctx = svc.context(project, readonly=True)
        try:
            with ctx.read() as s:
                assert s.get(Host, hosts[0]).notes == "two"  # the later change wins
                assert s.get(Host, hosts[2]).cpu_cores == 4
            assert len(SyncService(ctx).conflicts()) == 1
        finally:
            ctx.store.close()
        assert not any(c.problem for c in svc.verify())
    assert load_identity().name  # the office acted as this install's engineer


def test_one_line_errors(office_url, pg_server):
    plain = cli("office", "status", office_url)
    assert plain.returncode == 1 and "not an office database" in plain.stderr
    assert "Traceback" not in plain.stderr
    down = cli("office", "status", "postgresql://nobody@127.0.0.1:1/office")
    assert down.returncode == 1 and "cannot be reached" in down.stderr
    wrong = cli("office", "init", "mysql://x@y/z")
    assert wrong.returncode == 1 and "not an office database" in wrong.stderr
    assert cli("office", "init", office_url).returncode == 0
    missing = cli("office", "export", office_url, "nosuchproject", "/tmp/x.hmbundle")
    assert missing.returncode == 1 and "no project" in missing.stderr

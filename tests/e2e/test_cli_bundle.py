"""The bundle commands as a user runs them, including an import killed at random moments."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cli_run import hm
from sqlalchemy import select as sa_select
from sqlmodel import select

from hmfield.cli.app import run
from hmfield.core.clock import FixedClock
from hmfield.core.context import Actor
from hmfield.core.model.inventory import Host
from hmfield.core.project.service import NewProject, create_project, open_project
from hmfield.core.sync.bundle.payload import catalog, row_json

A = Actor("a" * 32, "李敏", "d" * 32)
B = Actor("b" * 32, "王建国", "e" * 32)
T0 = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)


def cli(*args, check=False):
    """The same commands in-process (exit code, stdout, stderr): subprocess start-up costs
    seconds here, so only a few calls below pay it."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run([str(a) for a in args])
    result = subprocess.CompletedProcess(args, code, out.getvalue(), err.getvalue())
    if check:
        assert code == 0, result.stderr
    return result


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def dump(path: Path) -> dict:
    ctx = open_project(path, readonly=True)
    try:
        out = {}
        with ctx.read() as s:
            conn = s.connection()
            for name, model in catalog().records.items():
                t = model.__table__
                out[name] = [
                    row_json(t, r) for r in conn.execute(sa_select(t).order_by(t.c.id)).mappings()
                ]
            out["events"] = sorted(r[0] for r in conn.exec_driver_sql("SELECT id FROM audit_event"))
        return out
    finally:
        ctx.store.close()


def two_copies(tmp_path: Path, hosts: int = 20, edits: int = 5):
    """target (A's copy) and a bundle of B's diverging copy."""
    base = tmp_path / "base.hmfield"
    ctx = create_project(
        base, NewProject(name="现场项目"), actor=A, clock=FixedClock(T0, timedelta(seconds=1))
    )
    with ctx.write() as uow:
        ids = uow.rec.bulk_create(Host, [{"name": f"srv{i}"} for i in range(hosts)])
    ctx.store.close()
    target, other = tmp_path / "target.hmfield", tmp_path / "other.hmfield"
    shutil.copy(base, target)
    shutil.copy(base, other)
    for path, actor, note in ((target, A, "A"), (other, B, "B")):
        ctx = open_project(
            path, actor=actor, clock=FixedClock(T0 + timedelta(hours=1), timedelta(seconds=1))
        )
        with ctx.write() as uow:
            for n, host in enumerate(
                uow.session.exec(select(Host).where(Host.id.in_(ids[:edits])))
            ):
                uow.rec.update(host, {"notes": f"{note}{n}"})
        ctx.store.close()
    return target, other, ids


def test_export_inspect_import_conflicts(tmp_path):
    target, other, _ = two_copies(tmp_path)
    bundle = tmp_path / "b.hmbundle"
    out = hm("bundle", "export", other, bundle, check=True)
    assert "verified" in out.stdout and bundle.exists()
    info = json.loads(cli("bundle", "inspect", bundle, "--json", check=True).stdout)
    assert info["ok"] and info["manifest"]["project_name"] == "现场项目"
    assert info["payload"]["tables"]["host"] == 20
    assert "ok: every member verified" in cli("bundle", "inspect", bundle, check=True).stdout

    before = sha(target)
    dry = json.loads(
        cli("bundle", "import", bundle, "--into", target, "--dry-run", "--json", check=True).stdout
    )
    assert dry["conflicts"] == 5 and dry["applied"] is None
    assert sha(target) == before
    out = cli("bundle", "import", bundle, "--into", target, check=True)
    assert "5 conflicts:" in out.stdout and "backup first" in out.stdout
    listed = json.loads(cli("conflicts", target, "--json", check=True).stdout)
    assert len(listed) == 5 and {c["field"] for c in listed} == {"notes"}
    assert "nothing new" in cli("bundle", "import", bundle, "--into", target, check=True).stdout
    assert cli("verify", target, check=True).stdout.startswith("ok:")


def test_import_into_a_new_path_and_passphrase_file(tmp_path):
    _, other, _ = two_copies(tmp_path)
    secret = tmp_path / "pass.txt"
    secret.write_text("correct horse\n")
    bundle = tmp_path / "s.hmbundle"
    cli("bundle", "export", other, bundle, "--passphrase-file", secret, check=True)
    out = cli("bundle", "import", bundle, "--into", tmp_path / "new.hmfield")
    assert out.returncode == 1 and "--passphrase-file" in out.stderr
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("guess")
    out = cli(
        "bundle", "import", bundle, "--into", tmp_path / "new.hmfield", "--passphrase-file", wrong
    )
    assert out.returncode == 1 and "wrong passphrase" in out.stderr
    out = cli(
        "bundle",
        "import",
        bundle,
        "--into",
        tmp_path / "new.hmfield",
        "--passphrase-file",
        secret,
        check=True,
    )
    assert "created" in out.stdout
    assert dump(tmp_path / "new.hmfield") == dump(other)


def test_import_without_into_finds_or_creates_the_project(tmp_path):
    _, other, _ = two_copies(tmp_path)
    bundle = tmp_path / "b.hmbundle"
    cli("bundle", "export", other, bundle, check=True)
    out = cli("bundle", "import", bundle, check=True)
    created = Path(os.environ["HMFIELD_DATA_DIR"]) / "projects" / "现场项目.hmfield"
    assert str(created) in out.stdout and created.exists()
    assert "nothing new" in cli("bundle", "import", bundle, check=True).stdout


def test_bad_bundle_and_other_project_are_one_line_errors(tmp_path):
    target, other, _ = two_copies(tmp_path)
    bundle = tmp_path / "b.hmbundle"
    cli("bundle", "export", other, bundle, check=True)
    cut = tmp_path / "cut.hmbundle"
    cut.write_bytes(bundle.read_bytes()[:-100])
    before = sha(target)
    out = hm("bundle", "import", cut, "--into", target)
    assert out.returncode == 1 and out.stderr.count("\n") == 1 and "cut.hmbundle" in out.stderr
    assert "Traceback" not in out.stderr
    assert cli("bundle", "inspect", cut).returncode == 1
    stranger = tmp_path / "stranger.hmfield"
    ctx = create_project(stranger, NewProject(name="别的"), actor=Actor("c" * 32, "X", "f" * 32))
    ctx.store.close()
    foreign = tmp_path / "f.hmbundle"
    cli("bundle", "export", stranger, foreign, check=True)
    out = cli("bundle", "import", foreign, "--into", target)
    assert out.returncode == 1 and "--force-other-project" in out.stderr
    assert sha(target) == before
    cli("bundle", "import", foreign, "--into", target, "--force-other-project", check=True)


def _import_process(bundle: Path, into: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "hmfield", "bundle", "import", bundle, "--into", into],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@pytest.mark.slow
def test_import_killed_at_random_moments_is_all_or_nothing(tmp_path):
    """Killed anywhere from the read of the bundle to the commit, the project is as it was
    or fully merged, and verifies. The merge's backup is copied while the bundle is read
    and published just before the commit, so the moments are spread over the whole run
    (its length measured first): reading, previewing, writing, committing."""
    target, other, _ = two_copies(tmp_path, hosts=2000, edits=2000)
    bundle = tmp_path / "b.hmbundle"
    cli("bundle", "export", other, bundle, check=True)
    before = dump(target)
    merged_copy = tmp_path / "merged.hmfield"
    shutil.copy(target, merged_copy)
    t0 = time.perf_counter()
    proc = _import_process(bundle, merged_copy)
    assert proc.wait(timeout=120) == 0
    whole = time.perf_counter() - t0  # start -> process gone
    after = dump(merged_copy)
    assert after != before
    rng = random.Random(8)
    outcomes = []
    for n in range(6):
        victim = tmp_path / f"victim{n}.hmfield"
        shutil.copy(target, victim)
        started = time.perf_counter()
        proc = _import_process(bundle, victim)
        at = (0.35 + 0.12 * n + rng.uniform(0.0, 0.1)) * whole  # 35% .. 105% of the run
        time.sleep(max(0.0, at - (time.perf_counter() - started)))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        check = cli("verify", victim)  # `hmfield verify`, in-process
        assert check.returncode == 0, check.stderr
        state = dump(victim)
        assert state in (before, after)
        outcomes.append("merged" if state == after else "unchanged")
    assert "unchanged" in outcomes  # at least one kill landed before the commit

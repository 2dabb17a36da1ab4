"""`hmfield office import` killed (SIGKILL) at random moments: every import is one
transaction, so whatever was committed is whole, every chain stays valid, and importing again
completes the office to the same state as an undisturbed run."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from datetime import timedelta

from sqlmodel import select
from test_office_cli import INSTALLS, T0, edit, export, field_project

from hmfield.core.context import Actor
from hmfield.core.model.inventory import Host
from hmfield.core.office.database import OfficeDb
from hmfield.core.office.service import OfficeService

WATCHER = Actor("7" * 32, "检查", "6" * 32)
HOSTS = 1500  # big enough that an import takes a while to kill


def office_state(url: str) -> dict:
    with OfficeDb(url) as db:
        svc = OfficeService(db, WATCHER)
        assert not [c for c in svc.verify() if c.problem]
        out = {}
        for project in db.projects():
            ctx = svc.context(project, readonly=True)
            try:
                with ctx.read() as s:
                    hosts = s.exec(select(Host)).all()
                    out[project.project_id] = sorted((h.name, h.notes, h.cpu_cores) for h in hosts)
            finally:
                ctx.store.close()
        return out


def test_imports_killed_at_random_moments_leave_every_chain_valid(office_url, tmp_path):
    rng = random.Random(20)
    made = [field_project(tmp_path, n, a, HOSTS) for n, a in enumerate(INSTALLS)]
    bundles = []
    for n, ((path, hosts), actor) in enumerate(zip(made, INSTALLS, strict=True)):
        bundles.append(export(path, actor, tmp_path / f"b{n}.hmbundle", T0 + timedelta(hours=1)))
        edit(path, actor, hosts[0], T0 + timedelta(hours=2), notes=f"second round {n}")
        bundles.append(export(path, actor, tmp_path / f"c{n}.hmbundle", T0 + timedelta(hours=3)))
    with OfficeDb(office_url) as db:
        OfficeService(db, WATCHER).init()
    cmd = [sys.executable, "-m", "hmfield", "office", "import", office_url, *map(str, bundles)]
    killed = 0
    started = time.monotonic()
    first = subprocess.run(
        cmd[:-3], capture_output=True, text=True, timeout=300
    )  # b0, c0, b1: the rest is killed
    assert first.returncode == 0, first.stderr
    span = time.monotonic() - started
    for _ in range(5):
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True)  # fmt: skip
        # the first full run has three new bundles to import, about ``span``: killing it
        # before 0.9 span catches it mid-import; later runs have less left and may finish
        time.sleep(rng.uniform(0.2 * span, 0.9 * span))
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            killed += 1
        proc.wait(timeout=60)
        office_state(office_url)  # whatever was committed: every chain holds
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    state = office_state(office_url)
    assert len(state) == 3
    for n, (_path, _hosts) in enumerate(made):
        rows = next(v for v in state.values() if v[0][0].startswith(f"dc{n}-"))
        assert rows[0][1] == f"second round {n}" and len(rows) == HOSTS
    assert killed >= 1, "no run was interrupted: the test proved nothing"

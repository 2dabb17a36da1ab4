"""Fault injection on big counts: ``hmfield import`` and ``hmfield bundle import`` killed
(SIGKILL) at random moments; after every kill nothing may be lost or half-written.

Two cases, each on a project of ``--hosts`` hosts:

* import: our template (CSV) with every host's notes edited, imported into the project;
* merge: a colleague's fork in which every host's notes changed, merged as a bundle.

A full run first gives the "after" state and its duration; then each victim (a fresh copy of
the project) is killed at a random moment of that duration. After each kill:

1. ``hmfield verify`` passes (SQLite integrity and the audit hash chain);
2. the project is exactly as before or exactly as after (hosts' notes and the audit event
   count): never a part of the change;
3. running the same command again completes (the killed process's lock is recognised and
   cleared) and gives the "after" state: nothing is lost.

Prints one tally line per case; exit 1 when any check failed. The tests run a bounded count
(``tests/core/store/test_fault_kills.py``, marker ``fault``, ``HMFIELD_FAULT_KILLS``).

Run: .venv/bin/python bench/fault_bigcount.py --hosts 20000 --kills 20
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@dataclass
class Case:
    name: str
    project: Path  # the project before the command (copied for every victim)
    args: list[str]  # the command; "{project}" stands for the victim's path
    before: tuple = ()
    after: tuple = ()
    seconds: float = 0.0  # a full run


@dataclass
class Tally:
    case: str
    kills: int = 0
    unchanged: int = 0  # killed before the write committed
    complete: int = 0  # killed after it
    stale_locks_cleared: int = 0
    failures: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"{self.case}: {self.kills} kills, {self.unchanged} unchanged, {self.complete}"
            f" complete, {self.stale_locks_cleared} stale locks cleared on the rerun,"
            f" {len(self.failures)} failures"
        )


def cli(*args) -> tuple[int, str, str]:
    from hmfield.cli.app import run

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run([str(a) for a in args])
    return code, out.getvalue(), err.getvalue()


def state(path: Path) -> tuple:
    """What the checks compare: every host's notes and the number of audit events."""
    from sqlmodel import func, select

    from hmfield.core.model.audit import AuditEvent
    from hmfield.core.model.inventory import Host
    from hmfield.core.project.service import open_project

    ctx = open_project(path, readonly=True)
    try:
        with ctx.read() as s:
            notes = tuple(sorted(s.exec(select(Host.id, Host.notes).where(Host.deleted == False))))  # noqa: E712
            events = s.exec(select(func.count()).select_from(AuditEvent)).one()
        return notes, events
    finally:
        ctx.store.close()


def _base(path: Path, hosts: int) -> list[str]:
    """A project of ``hosts`` hosts made by this install's engineer (so that opening it for
    writing adds nobody: the only write is the command's own)."""
    from hmfield.core.identity import load_identity
    from hmfield.core.model.inventory import Host
    from hmfield.core.project.service import NewProject, actor_for, create_project

    ctx = create_project(path, NewProject(name="故障注入"), actor=actor_for(load_identity()))
    try:
        with ctx.write() as uow:
            rows = [{"name": f"srv{i:05d}", "ips": [f"10.{i // 65536}.{i // 256 % 256}.{i % 256}"]}
                    for i in range(hosts)]  # fmt: skip
            return uow.rec.bulk_create(Host, rows)
    finally:
        ctx.store.close()


def import_case(work: Path, hosts: int) -> Case:
    """Our template with every host's notes edited, imported back."""
    from hmfield.core.inventory.template_export import export_inventory
    from hmfield.core.inventory.template_layout import FIELD_ORDER
    from hmfield.core.project.service import open_project

    project = work / "import.hmfield"
    _base(project, hosts)
    sheet = work / "inventory.csv"
    ctx = open_project(project, readonly=True)
    try:
        export_inventory(ctx, sheet, lang="en")
    finally:
        ctx.store.close()
    rows = list(csv.reader(sheet.read_text(encoding="utf-8-sig").splitlines()))
    col = FIELD_ORDER.index("notes") + 1  # column A is the hidden key
    for row in rows[2:]:
        row[col] = f"edited {row[1]}"
    with sheet.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return Case("import", project, ["import", "{project}", str(sheet)])


def merge_case(work: Path, hosts: int) -> Case:
    """A colleague's fork with every host's notes changed, merged as a bundle."""
    from datetime import UTC, datetime, timedelta

    from sqlmodel import select

    from hmfield.core.clock import FixedClock
    from hmfield.core.context import Actor
    from hmfield.core.model.inventory import Host
    from hmfield.core.project.service import open_project

    project = work / "merge.hmfield"
    _base(project, hosts)
    fork = work / "colleague.hmfield"
    shutil.copy(project, fork)
    colleague = Actor("b" * 32, "王建国", "e" * 32)
    later = FixedClock(datetime.now(UTC) + timedelta(hours=1), timedelta(milliseconds=1))
    ctx = open_project(fork, actor=colleague, clock=later)
    try:
        with ctx.write() as uow:
            for host in uow.session.exec(select(Host)):
                uow.rec.update(host, {"notes": f"theirs {host.name}"})
    finally:
        ctx.store.close()
    bundle = work / "colleague.hmbundle"
    code, _, err = cli("bundle", "export", fork, bundle)
    if code:
        raise RuntimeError(err)
    return Case("merge", project, ["bundle", "import", str(bundle), "--into", "{project}"])


def _argv(case: Case, victim: Path) -> list[str]:
    return [a.replace("{project}", str(victim)) for a in case.args]


def measure(case: Case, work: Path) -> None:
    """The full run: the "after" state and how long the command takes."""
    case.before = state(case.project)
    victim = work / f"{case.name}-full.hmfield"
    shutil.copy(case.project, victim)
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "hmfield", *_argv(case, victim)], capture_output=True, text=True
    )
    case.seconds = time.perf_counter() - started
    if proc.returncode:
        raise RuntimeError(f"{case.name}: the full run failed: {proc.stderr.strip()}")
    case.after = state(victim)
    if case.after == case.before:
        raise RuntimeError(f"{case.name}: the full run changed nothing")


def kill_at_random(case: Case, work: Path, kills: int, seed: int = 15) -> Tally:
    rng = random.Random(seed)
    tally = Tally(case.name)
    for n in range(kills):
        victim = work / f"{case.name}-victim{n}.hmfield"
        shutil.copy(case.project, victim)
        proc = subprocess.Popen(
            [sys.executable, "-m", "hmfield", *_argv(case, victim)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.2, 1.05) * case.seconds)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        tally.kills += 1
        _check(case, victim, tally, n)
        for side in ("", "-wal", "-shm", ".lock"):
            Path(str(victim) + side).unlink(missing_ok=True)
    return tally


def _check(case: Case, victim: Path, tally: Tally, n: int) -> None:
    code, _, err = cli("verify", victim)
    if code:
        tally.failures.append(f"kill {n}: verify failed: {err.strip()}")
        return
    now = state(victim)
    if now == case.before:
        tally.unchanged += 1
    elif now == case.after:
        tally.complete += 1
    else:
        tally.failures.append(f"kill {n}: the project holds part of the change")
        return
    code, _, err = cli(*_argv(case, victim))
    if code:
        tally.failures.append(f"kill {n}: the rerun failed: {err.strip()}")
        return
    tally.stale_locks_cleared += "stale lock" in err
    if state(victim) != case.after:
        tally.failures.append(f"kill {n}: the rerun did not give the full change")


def run_all(work: Path, hosts: int, kills: int, cases=("import", "merge")) -> list[Tally]:
    makers = {"import": import_case, "merge": merge_case}
    out = []
    for name in cases:
        case = makers[name](work, hosts)
        measure(case, work)
        out.append(kill_at_random(case, work, kills))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hosts", type=int, default=20000)
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--case", choices=("import", "merge", "both"), default="both")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="hmfield-bench-fault-"))
    os.environ["HMFIELD_DATA_DIR"] = str(work / "data")
    os.environ["HMFIELD_CONFIG_DIR"] = str(work / "config")
    cases = ("import", "merge") if args.case == "both" else (args.case,)
    try:
        tallies = run_all(work, args.hosts, args.kills, cases)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for t in tallies:
        print(t.line())
        for failure in t.failures:
            print(f"  {failure}")
    return 1 if any(t.failures for t in tallies) else 0


if __name__ == "__main__":
    raise SystemExit(main())

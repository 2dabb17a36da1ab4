"""Host lifecycle derived from verdicts and per-host checklist work; counts per wave; the
hook a live cutover run calls (hmfield/core/runbooks/checklist_link.py)."""

from __future__ import annotations

from types import SimpleNamespace

from checklist_live_helpers import add_hosts

from hmfield.core.checklists.lifecycle import (
    LIFECYCLE_STATES,
    host_lifecycles,
    lifecycle_counts_by_wave,
)
from hmfield.core.model.assess import HostVerdict
from hmfield.core.runbooks.checklist_link import after_step_done


def _verdict(ctx, host_id: str) -> None:
    with ctx.write() as uow:  # derived table: written directly, like the assess service
        uow.session.add(HostVerdict(host_id=host_id, verdict="supported", mode="agent"))


def test_host_walks_the_lifecycle(service, host_tasks):
    a, b, c = add_hosts(service.ctx, ["agent", "agent", "agentless"])
    assert set(host_lifecycles(service.ctx).values()) == {"discovered"}
    _verdict(service.ctx, a)
    _verdict(service.ctx, b)
    steps = [
        ("migrate.s3.2", "registered"),
        ("migrate.s4.1", "configured"),
        ("migrate.s5.1", "full_synced"),
        ("migrate.s5.2", "incremental_synced"),
        ("migrate.s6.2", "drill_passed"),
        ("migrate.s7.6", "cut_over"),
        ("migrate.s7.7", "verified"),
    ]
    states = host_lifecycles(service.ctx)
    assert states[a] == "assessed" and states[c] == "discovered"
    for template_id, expected in steps:
        host_tasks.set_host_status(template_id, [a], "done")
        assert host_lifecycles(service.ctx)[a] == expected, template_id
    assert host_lifecycles(service.ctx)[b] == "assessed"
    service.set_status("operate.2", "done")  # acceptance: every cut-over host
    states = host_lifecycles(service.ctx)
    assert states[a] == "accepted" and states[b] == "assessed"


def test_failed_drill_and_rollback(service, host_tasks):
    a, b = add_hosts(service.ctx, ["agentless", "agentless"])
    host_tasks.set_host_status("migrate.s5.1", [a, b], "done")
    host_tasks.set_host_status("migrate.s6.2", [a], "blocked", reason="演练主机无法启动：驱动缺失")
    states = host_lifecycles(service.ctx)
    assert states == {a: "drill_failed", b: "full_synced"}
    host_tasks.set_host_status("migrate.s6.2", [a], "done")
    assert host_lifecycles(service.ctx)[a] == "drill_passed"
    host_tasks.set_host_status("migrate.s7.6", [b], "done")
    host_tasks.set_host_status("migrate.s8.5", [b], "done")
    assert host_lifecycles(service.ctx)[b] == "rolled_back"


def test_counts_by_wave(service, host_tasks):
    ids = add_hosts(service.ctx, ["agent"] * 6, wave_names=("第一批", "第二批"))
    host_tasks.set_host_status("migrate.s3.2", ids[:2], "done")  # hosts 0 (wave 1), 1 (wave 2)
    counts = lifecycle_counts_by_wave(service.ctx)
    assert [w.name for w in counts] == ["第一批", "第二批"]
    assert all(set(w.counts) == set(LIFECYCLE_STATES) for w in counts)
    assert counts[0].counts["registered"] == 1 and counts[0].counts["discovered"] == 2
    assert counts[1].total == 3


def test_live_run_step_records_host_result(service):
    (a,) = add_hosts(service.ctx, ["agent"])
    run = SimpleNamespace(kind="live")
    after_step_done(service.ctx, run, SimpleNamespace(key=f"start:{a}"))
    assert host_lifecycles(service.ctx)[a] == "cut_over"
    after_step_done(
        service.ctx, SimpleNamespace(kind="rehearsal"), SimpleNamespace(key=f"boot:{a}")
    )
    assert host_lifecycles(service.ctx)[a] == "cut_over"  # rehearsals do not count
    after_step_done(service.ctx, run, SimpleNamespace(key="verify:some-system"))
    assert host_lifecycles(service.ctx)[a] == "cut_over"

"""Non-host objects (a NAS share moved by rclone) in the plan's maths, checked on the estate by
hand: their size counts in the bandwidth and the wave's data, their tool's throughput sets the
first and last copy, the last copy counts in the window check, and the wave's runbook gets
freeze writes / final copy / verify / switch steps; an object whose last copy runs outside the
window adds nothing to it. Out-of-scope hosts around it change none of that."""

from __future__ import annotations

import pytest
from plan_estate import GIB

from hmfield.core.assess.nonhost import NonHostService
from hmfield.core.plan.figures import sync_summary, wave_feasibility
from hmfield.core.plan.risks import NetworkPlanService
from hmfield.core.plan.scope import ScopeService
from hmfield.core.plan.service import PlanningService
from hmfield.core.plan.waves import WaveService
from hmfield.core.reports.plan.plan_content import gather
from hmfield.core.runbooks.service import RunbookService

# 300 GiB at min(rclone 400, 1000 Mbps x 0.5 / 2 streams = 250) Mbps:
# 300 x 1024 x 8 x 1,048,576 bits / 250e6 bit/s = 10,307.92 s = 171.80 min
FULL_MIN = 300 * 1024 * 8 * 1_048_576 / 250e6 / 60
# last copy: the change of 1 h at 2.4 %/day = 0.3 GiB -> 0.17 min; + freeze 5, verify 15, switch 10
FINAL_MIN = 0.3 * 1024 * 8 * 1_048_576 / 250e6 / 60


@pytest.fixture
def wave(ctx, estate):
    NetworkPlanService(ctx).save(
        bandwidth_mbps=1000.0, usable_share=0.5, concurrency=2, daily_change_rate=0.024
    )
    waves = WaveService(ctx)
    w = waves.add("W1")
    waves.assign(
        w.id,
        [estate[n] for n in ("crm-web", "crm-app", "crm-db")],
        object_ids=[estate["nas-share"]],
    )
    return w


def test_object_counts_in_bandwidth_window_and_data(ctx, estate, wave):
    inputs = PlanningService(ctx).inputs()
    summary = sync_summary(inputs)
    assert summary.total_data_mib == pytest.approx((1330 + 300) * GIB)
    (name, hosts, data, _hours) = summary.per_wave[0]
    assert (name, hosts, data) == ("W1", 3, pytest.approx((40 + 60 + 200 + 300) * GIB))
    feas = wave_feasibility(inputs, next(w for w in inputs.waves if w.id == wave.id))
    assert feas.data_mib == pytest.approx(600 * GIB)  # hosts and the object
    t = feas.timing.objects[estate["nas-share"]]
    assert t.mbps == 250 and t.full_copy_min == pytest.approx(FULL_MIN)
    assert t.final_copy_min == pytest.approx(FINAL_MIN)
    assert t.window_min == pytest.approx(5 + FINAL_MIN + 15 + 10)
    assert feas.timing.objects_min == pytest.approx(t.window_min)
    # the wave's full syncs share the 500 Mbps link, 2 at a time (nas 300 GiB + db 200 GiB
    # at 250 each, then 60 GiB, then 40 GiB beside the nas): the link is never idle, so the
    # wave's 600 GiB take 600 GiB / 500 Mbps = 171.80 min, the nas ending last
    assert feas.timing.full_sync_min == pytest.approx(600 * 1024 * 8 * 1_048_576 / 500e6 / 60)


def test_object_gets_its_runbook_steps(ctx, estate, wave):
    view = RunbookService(ctx).preview(wave.id)
    nas = estate["nas-share"]
    steps = {p.step.key: p.step for p in view.steps}
    for phase, minutes in (("freeze", 5), ("copy", FINAL_MIN), ("check", 15), ("switch", 10)):
        assert steps[f"{phase}:{nas}"].planned_minutes == pytest.approx(minutes), phase
    assert "nas-share" in steps[f"copy:{nas}"].title("en")


def test_last_copy_outside_the_window_adds_nothing(ctx, estate, wave):
    NonHostService(ctx).update(estate["nas-share"], final_copy_in_window=False)
    inputs = PlanningService(ctx).inputs()
    feas = wave_feasibility(inputs, next(w for w in inputs.waves if w.id == wave.id))
    assert feas.timing.objects[estate["nas-share"]].window_min == 0
    steps = {p.step.key: p.step for p in RunbookService(ctx).preview(wave.id).steps}
    assert steps[f"copy:{estate['nas-share']}"].planned_minutes == 0


def test_plan_document_wave_data_includes_the_object(ctx, estate, wave):
    ScopeService(ctx).set_scope([estate["crm-web"]], False, "retire")
    content = gather(ctx, "en")
    row = next(r for r in content.waves.rows if r[0] == "W1")
    assert row[2] == "2" and row[4] == "560"  # crm-app 60 + crm-db 200 + NAS 300 GiB

from __future__ import annotations

import random
from datetime import datetime

import networkx as nx
import pytest
from runbook_helpers import T0, at, step

from hmfield.core.runbooks import (
    RunbookError,
    StepSpec,
    compile_runbook,
    critical_path,
    forecast,
    plan_schedule,
)


def test_diamond_schedule(diamond):
    plan = plan_schedule(diamond, T0)
    assert plan == {
        "a": (at(0), at(10)),
        "b": (at(10), at(40)),
        "c": (at(10), at(30)),
        "d": (at(40), at(45)),
    }


def test_parallel_chains_start_at_window_and_join():
    steps = [
        step("x1", 15),
        step("x2", 15, ["x1"]),
        step("y1", 40),
        step("join", 0, ["x2", "y1"]),
        step("after", 10, ["join"]),
    ]
    plan = plan_schedule(steps, T0)
    assert plan["x1"][0] == plan["y1"][0] == T0
    assert plan["x2"] == (at(15), at(30))
    assert plan["join"] == (at(40), at(40))
    assert plan["after"] == (at(40), at(50))


def test_schedule_normalises_to_utc():
    from datetime import timedelta, timezone

    shanghai = timezone(timedelta(hours=8))
    start = datetime(2025, 3, 2, 6, 0, tzinfo=shanghai)
    plan = plan_schedule([step("a", 30)], start)
    assert plan["a"][0] == T0 and plan["a"][0].utcoffset() == timedelta(0)


def test_naive_window_start_refused():
    with pytest.raises(RunbookError, match="time zone"):
        plan_schedule([step("a", 1)], datetime(2025, 3, 1, 22, 0))


def test_unknown_predecessor_names_step_and_key():
    steps = [step("a", 1, number=1), step("b", 1, ["ghost"], number=2)]
    with pytest.raises(RunbookError) as err:
        plan_schedule(steps, T0)
    assert "step 2 'b'" in str(err.value) and "'ghost'" in str(err.value)


def test_cycle_names_the_steps_in_it():
    steps = [
        step("start", 1, number=1),
        step("p", 1, ["start", "r"], number=2),
        step("q", 1, ["p"], number=3),
        step("r", 1, ["q"], number=4),
        step("tail", 1, ["r"], number=5),
    ]
    with pytest.raises(RunbookError) as err:
        compile_runbook(steps)
    message = str(err.value)
    assert "cycle" in message
    for name in ("'p'", "'q'", "'r'"):
        assert name in message
    assert "'start'" not in message and "'tail'" not in message
    # shown forwards: p -> q -> r -> p
    assert message.index("'p'") < message.index("'q'") < message.index("'r'")


def test_self_loop_is_a_cycle():
    with pytest.raises(RunbookError, match="cycle.*'a'"):
        compile_runbook([step("a", 1, ["a"], number=1)])


@pytest.mark.parametrize("minutes", [-5, float("nan"), "30", True])
def test_bad_duration_refused(minutes):
    with pytest.raises(RunbookError, match="planned minutes"):
        compile_runbook([StepSpec("a", 1, "A", planned_minutes=minutes)])


def test_duplicate_key_and_bad_type_refused():
    with pytest.raises(RunbookError, match="duplicate step key 'a'.*steps 1 and 2"):
        compile_runbook([step("a", 1, number=1), step("a", 2, number=2)])
    with pytest.raises(RunbookError, match="unknown step type"):
        compile_runbook([step("a", 1, type="meeting")])


def test_critical_path_and_slack_diamond(diamond):
    cp = critical_path(diamond)
    assert cp.path == ["a", "b", "d"]
    assert cp.length_minutes == 45
    assert cp.slack_minutes == {"a": 0, "b": 0, "c": 10, "d": 0}
    assert cp.latest_start["c"] == 20 and cp.earliest_start["c"] == 10
    assert not cp.is_critical("c") and cp.is_critical("b")


def test_critical_path_parallel_chains_picks_longest_and_ends_on_milestone():
    steps = [
        step("x1", 15),
        step("x2", 15, ["x1"]),
        step("y1", 20),
        step("y2", 25, ["y1"]),
        step("done", 0, ["x2", "y2"]),
    ]
    cp = critical_path(steps)
    assert cp.path == ["y1", "y2", "done"]
    assert cp.length_minutes == 45
    assert cp.slack_minutes["x1"] == cp.slack_minutes["x2"] == 15


def test_critical_path_unconnected_sink_has_slack():
    cp = critical_path([step("long", 60), step("short", 5)])
    assert cp.path == ["long"]
    assert cp.slack_minutes["short"] == 55


def test_empty_runbook():
    assert plan_schedule([], T0) == {}
    assert critical_path([]).path == []


def test_title_text_falls_back():
    s = StepSpec("k", 1, {"zh": "停业务", "en": "Stop business"})
    assert s.title_text("zh_CN") == "停业务" and s.title_text("en") == "Stop business"
    assert StepSpec("k", 1, {"zh": "只有中文"}).title_text("en") == "只有中文"


def random_dag(seed: int, n: int = 60) -> list[StepSpec]:
    rng = random.Random(seed)
    steps = []
    for i in range(n):
        preds = sorted({f"s{rng.randrange(i)}" for _ in range(rng.randrange(4))}) if i else []
        steps.append(step(f"s{i}", rng.choice([0, 5, 10, 15, 30, 45]), preds, number=i + 1))
    rng.shuffle(steps)  # input order need not be topological
    return steps


@pytest.mark.parametrize("seed", range(5))
def test_critical_path_matches_networkx_and_forecast(seed):
    steps = random_dag(seed)
    minutes = {s.key: s.planned_minutes for s in steps}
    graph = nx.DiGraph()
    for s in steps:
        graph.add_edge(s.key, "END", weight=s.planned_minutes)
        for p in s.predecessors:
            graph.add_edge(p, s.key, weight=minutes[p])
    cp = critical_path(steps)
    assert cp.length_minutes == nx.dag_longest_path_length(graph, weight="weight")
    assert sum(minutes[k] for k in cp.path) == cp.length_minutes
    by_key = {s.key: s for s in steps}
    for earlier, later in zip(cp.path, cp.path[1:], strict=False):
        assert earlier in by_key[later].predecessors
    assert all(cp.slack_minutes[k] == 0 for k in cp.path)
    # Before anything starts, the forecast is the plan and its remaining path the critical one.
    f = forecast(steps, [], T0, T0, at(cp.length_minutes))
    assert f.forecast_end == at(cp.length_minutes) == f.planned_end
    assert f.remaining_critical_path == cp.path

"""Benchmark: live-screen forecast recompute on a 500-step cutover runbook.

Measures ``forecast`` (our O(V+E) pass on a ``CompiledRunbook``, mid-run states) beside a bare
``networkx.dag_longest_path`` on the same graph in the same run. The goal is < 20 ms per
forecast; the last line prints the ratio ours / networkx (the forecast does more: state
propagation, variances, status, ready steps, remaining critical path).

Run: ``.venv/bin/python bench/runbook_forecast.py``
"""

from __future__ import annotations

import statistics
import time
from datetime import UTC, datetime, timedelta

import networkx as nx

from hmfield.core.runbooks import (
    StepState,
    StepStatus,
    compile_runbook,
    forecast,
    generate_runbook,
    plan_schedule,
)

CALLS = 200
T0 = datetime(2025, 3, 1, 22, 0, tzinfo=UTC)


def build_runbook():
    """21 systems x ~7 hosts: 8 fixed + 2 x 21 per system + 3 x 150 per host = 500 steps."""
    systems = [f"sys{s:02d}" for s in range(21)]
    hosts = [(f"h{i:03d}", f"host-{i:03d}", systems[i % len(systems)]) for i in range(150)]
    minutes = {k: {"sync": 20 + (i * 7) % 60} for i, (k, _, _) in enumerate(hosts)}
    return generate_runbook("bench", hosts, systems, options={"host_minutes": minutes})


def mid_run_states(runbook, now):
    """Steps planned to end before ``now`` are done (a little late), those spanning it run."""
    plan = plan_schedule(runbook, T0)
    states = []
    for i, key in enumerate(runbook.keys):
        start, end = plan[key]
        late = timedelta(minutes=i % 4)
        if end + late <= now:
            states.append(StepState(key, StepStatus.DONE, start + late, end + late))
        elif start + late <= now:
            states.append(StepState(key, StepStatus.RUNNING, start + late))
    return states


def median_ms(fn) -> float:
    times = []
    for _ in range(CALLS):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main() -> None:
    runbook = compile_runbook(build_runbook())
    now = T0 + timedelta(minutes=70)
    states = mid_run_states(runbook, now)
    window_end = T0 + timedelta(hours=6)

    graph = nx.DiGraph()
    for i, key in enumerate(runbook.keys):
        graph.add_node(key)
        for p in runbook.preds[i]:
            graph.add_edge(runbook.keys[p], key, weight=runbook.minutes[p])
        if not runbook.succs[i]:
            graph.add_edge(key, "END", weight=runbook.minutes[i])

    result = forecast(runbook, states, now, T0, window_end)
    nx_path = nx.dag_longest_path(graph, weight="weight")
    ours = median_ms(lambda: forecast(runbook, states, now, T0, window_end))
    bare = median_ms(lambda: nx.dag_longest_path(graph, weight="weight"))

    print(f"steps: {len(runbook)}, states: {len(states)}, status: {result.status.value}")
    print(f"forecast end: {result.forecast_end.isoformat()} ({len(result.ready)} ready)")
    print(f"critical path (networkx, plan): {len(nx_path) - 1} steps")
    print(f"forecast recompute: {ours:.3f} ms per call (median of {CALLS}; goal < 20 ms)")
    print(f"networkx dag_longest_path: {bare:.3f} ms per call (median of {CALLS})")
    print(f"ratio forecast / networkx dag_longest_path: {ours / bare:.2f}")


if __name__ == "__main__":
    main()

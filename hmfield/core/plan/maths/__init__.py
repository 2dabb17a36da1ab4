"""Planning maths as pure functions over plain inputs: dependency groups, waves, sync time
and cutover windows. No database here; the planning service maps stored data onto these
inputs (``PlanNode``, ``PlanEdge``, ``WaveLimits``, ``HostEstimate``)."""

from hmfield.core.plan.maths.bandwidth import (
    BITS_PER_MIB,
    MIN_FULL_MBPS,
    MIN_INCREMENTAL_MBPS,
    SyncEstimate,
    check_minimums,
    effective_mbps,
    estimate_sync,
    full_sync_hours,
    incremental_hours,
    incremental_mib,
)
from hmfield.core.plan.maths.graph import (
    COUPLING_KINDS,
    CoupledGroup,
    DependencyKind,
    NodeKind,
    PlanEdge,
    PlanNode,
    build_graph,
    coupled_groups,
    find_cycles,
    group_nodes,
)
from hmfield.core.plan.maths.notes import Explanation, PlanFinding, Violation
from hmfield.core.plan.maths.waves import WaveLimits, WaveProposal, check_assignment, propose_waves
from hmfield.core.plan.maths.windows import (
    Feasibility,
    HostEstimate,
    window_feasibility,
    window_minutes,
)

__all__ = [
    "BITS_PER_MIB",
    "COUPLING_KINDS",
    "MIN_FULL_MBPS",
    "MIN_INCREMENTAL_MBPS",
    "CoupledGroup",
    "DependencyKind",
    "Explanation",
    "Feasibility",
    "HostEstimate",
    "NodeKind",
    "PlanEdge",
    "PlanFinding",
    "PlanNode",
    "SyncEstimate",
    "Violation",
    "WaveLimits",
    "WaveProposal",
    "build_graph",
    "check_assignment",
    "check_minimums",
    "coupled_groups",
    "effective_mbps",
    "estimate_sync",
    "find_cycles",
    "full_sync_hours",
    "group_nodes",
    "incremental_hours",
    "incremental_mib",
    "propose_waves",
    "window_feasibility",
    "window_minutes",
]

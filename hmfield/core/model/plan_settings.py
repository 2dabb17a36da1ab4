"""The plan settings (limits and defaults of the wave proposal, the project's time zone) and the
one reading of that zone, :func:`plan_zone`.

A module of its own (``model/plan.py`` re-exports it): every opening reads the zone before the
planning tables (waves, dependencies...) are needed.
"""

from datetime import datetime

from sqlalchemy import JSON
from sqlmodel import Field

from hmfield.core.model.base import Record, UTCDateTime


class PlanSettings(Record, table=True):
    """Limits and defaults the wave proposal and the window check use: one per project."""

    __tablename__ = "plan_settings"

    max_hosts_per_wave: int | None = None
    max_gib_per_wave: float | None = None
    proxies: int | None = None  # Sync Proxies available (one pool); None = no limit
    policy: str = "providers_first"  # providers_first | together
    split_systems_allowed: bool = False
    timezone: str = "Asia/Shanghai"  # windows are stored UTC and shown in this zone
    default_boot_min: float = 10.0
    default_verify_min: float = 20.0
    wave_extra_min: float = 30.0  # DNS / load balancer switch, once per wave
    incremental_interval_h: float = 1.0  # the interval right before cutover: the final delta
    # transfer calendar (schema 4): when full syncs may start, the regular incremental
    # interval before the raise, and the observation period after each cutover
    sync_start: datetime | None = Field(default=None, sa_type=UTCDateTime)
    sync_interval_h: float = 24.0
    observation_h: float = 24.0
    # the policy and limits the applied wave proposal used (schema 6), so the check judges
    # by the same and the plan shows them; None until a proposal is applied
    proposal_policy: dict | None = Field(default=None, sa_type=JSON)
    # schema 7: the target storage mode (block: cloud sync gateways receive the data; object:
    # none), what core/plan/components.py sizes the components to deploy by
    storage_mode: str = "block"


DEFAULT_ZONE = "Asia/Shanghai"
"""The zone of a project whose plan settings name none yet (the plan, paper and screens)."""


def plan_zone(s) -> str:
    """The zone every time of the project is shown in: the plan settings', else
    :data:`DEFAULT_ZONE`. The one reading of it (screens, paper, checklists' today)."""
    from sqlmodel import select

    row = s.exec(select(PlanSettings).where(PlanSettings.deleted == False)).first()  # noqa: E712
    return (row.timezone if row is not None else None) or DEFAULT_ZONE

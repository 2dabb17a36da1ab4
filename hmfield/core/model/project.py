"""The project (one per file) and the people who take part in it."""

from datetime import date

from sqlalchemy import JSON
from sqlmodel import Field

from hmfield.core.model.base import Record


class Project(Record, table=True):
    __tablename__ = "project"

    name: str = ""
    customer: str = ""
    msp: str = ""
    source_platforms: list[str] = Field(default_factory=list, sa_type=JSON)  # Platform codes
    target_cloud: str = ""
    source_access: str = "agent"  # SourceAccess: agent | agentless | mixed
    target_takeover: str = "automated"  # TargetTakeover: automated | generic
    planned_start: date | None = None
    planned_end: date | None = None
    default_language: str = "zh_CN"
    notes: str = ""

    @property
    def scenario(self) -> str:
        return f"{self.source_access}-{self.target_takeover}"


class Person(Record, table=True):
    __tablename__ = "person"

    name: str = ""
    organisation: str = ""
    roles: list[str] = Field(default_factory=list, sa_type=JSON)  # PersonRole codes
    phone: str = ""
    email: str = ""

"""The inventory import log: one audited record per applied import (user data, merged).

Why a record: a delivery lead reviewing a project later must see which file was imported,
what was skipped and why, which credential columns were dropped, and how the hosts were judged
right after the import (the verdict summary), without the file at hand. The create event in
the audit trail carries the same snapshot.
"""

from sqlalchemy import JSON
from sqlmodel import Field

from hmfield.core.model.base import Record


class InventoryImport(Record, table=True):
    __tablename__ = "inventory_import"

    file_name: str = ""
    format: str = ""
    counts: dict = Field(default_factory=dict, sa_type=JSON)  # new, updated, unchanged, ...
    verdicts: dict = Field(default_factory=dict, sa_type=JSON)  # VerdictSummary.to_json()
    skipped_rows: list = Field(default_factory=list, sa_type=JSON)  # name, reason, sheet, row
    dropped_columns: list = Field(default_factory=list, sa_type=JSON)  # credential columns

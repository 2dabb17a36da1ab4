"""A person's addendum to the generated assessment conclusion (user data, audited, merged).

The conclusion itself is generated from the verdicts and never edited; what the engineer wants
to add (context the data does not show, agreements with the customer) lives here.
"""

from sqlmodel import Field

from hmfield.core.model.base import Record


class AssessmentNote(Record, table=True):
    __tablename__ = "assessment_note"

    topic: str = Field(default="conclusion", index=True)  # one note per topic
    text: str = ""

"""The project's people as a table (inline editable)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from hmfield.core.model.enums import PersonRole
from hmfield.gui.common.labels import role_label, role_labels
from hmfield.gui.models.columns import Column
from hmfield.gui.models.record_model import RecordTableModel


def _roles_text(person) -> str:
    return ", ".join(role_label(r) for r in person.roles or [])


def people_columns() -> list[Column]:
    return [
        Column("name", lambda: QCoreApplication.translate("PeopleModel", "Name"), editable=True),
        Column(
            "organisation",
            lambda: QCoreApplication.translate("PeopleModel", "Organisation"),
            editable=True,
        ),
        Column(
            "roles",
            lambda: QCoreApplication.translate("PeopleModel", "Roles"),
            display=_roles_text,
            edit_value=lambda p: list(p.roles or []),
            editable=True,
            editor="multichoice",
            choices=lambda: [(r.value, role_labels()[r.value]) for r in PersonRole],
        ),
        Column("phone", lambda: QCoreApplication.translate("PeopleModel", "Phone"), editable=True),
        Column("email", lambda: QCoreApplication.translate("PeopleModel", "E-mail"), editable=True),
    ]


class PeopleModel(RecordTableModel):
    def __init__(self, people_service, parent=None) -> None:
        self.service = people_service
        super().__init__(people_columns(), people_service.list(), self._edit, parent)

    def _edit(self, person, key: str, value):
        if key == "roles" and isinstance(value, str):
            value = [v.strip() for v in value.split(",") if v.strip()]
        self.service.update(person.id, **{key: value})
        return self.service.get(person.id)

    def reload(self) -> None:
        self.set_rows(self.service.list())

"""The risk register as a table: likelihood x impact = score, owner and status inline."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from hmfield.gui.models.columns import Column
from hmfield.gui.models.record_model import RecordTableModel


# -- risks ----------------------------------------------------------------------------------
def risk_category_choices() -> list[tuple[str, str]]:
    return [
        ("technical", QCoreApplication.translate("PlanModels", "Technical")),
        ("business", QCoreApplication.translate("PlanModels", "Business")),
        ("schedule", QCoreApplication.translate("PlanModels", "Schedule")),
        ("resource", QCoreApplication.translate("PlanModels", "Resource")),
        ("security", QCoreApplication.translate("PlanModels", "Security")),
        ("other", QCoreApplication.translate("PlanModels", "Other")),
    ]


def risk_status_choices() -> list[tuple[str, str]]:
    return [
        ("open", QCoreApplication.translate("PlanModels", "Open")),
        ("mitigating", QCoreApplication.translate("PlanModels", "Mitigating")),
        ("closed", QCoreApplication.translate("PlanModels", "Closed")),
        ("accepted", QCoreApplication.translate("PlanModels", "Accepted")),
    ]


class RiskModel(RecordTableModel):
    def __init__(self, service, people_service, parent=None) -> None:
        self.service = service
        self.people = people_service

        def choice(key, title, choices):
            return Column(
                key,
                title,
                display=lambda r: dict(choices()).get(getattr(r, key), getattr(r, key)),
                editable=True,
                editor="choice",
                choices=choices,
                extra={"optional": key == "owner_id"},
            )

        def score(key, title):
            return Column(
                key,
                title,
                display=lambda r: str(getattr(r, key)),
                sort_key=lambda r: getattr(r, key),
                editable=True,
                editor="int",
                extra={"min": 1, "max": 5},
            )

        cols = [
            Column(
                "title",
                lambda: QCoreApplication.translate("PlanModels", "Risk"),
                editable=True,
                extra={"stretch": True},  # long text: the width left, whole text on hover
            ),
            choice(
                "category",
                lambda: QCoreApplication.translate("PlanModels", "Category"),
                risk_category_choices,
            ),
            score(
                "likelihood", lambda: QCoreApplication.translate("PlanModels", "Likelihood (1-5)")
            ),
            score("impact", lambda: QCoreApplication.translate("PlanModels", "Impact (1-5)")),
            Column(
                "score",
                lambda: QCoreApplication.translate("PlanModels", "Score"),
                display=lambda r: str(r.score),
                sort_key=lambda r: r.score,
            ),
            Column(
                "mitigation",
                lambda: QCoreApplication.translate("PlanModels", "Mitigation"),
                editable=True,
                extra={"stretch": True},
            ),
            choice(
                "owner_id", lambda: QCoreApplication.translate("PlanModels", "Owner"), self._people
            ),
            choice(
                "status",
                lambda: QCoreApplication.translate("PlanModels", "Status"),
                risk_status_choices,
            ),
        ]
        super().__init__(cols, [], self._edit, parent)
        self.reload()

    def _people(self) -> list[tuple[str, str]]:
        return [(p.id, p.name) for p in self.people.list()]

    def reload(self) -> None:
        self.set_rows(self.service.list())

    def _edit(self, risk, key: str, value):
        self.service.update(risk.id, **{key: value})
        return next(r for r in self.service.list() if r.id == risk.id)

"""Checklist templates: the seed's phase and stage checklists as versioned bilingual data.

Data lives in ``resources/checklists/`` (``seed.yaml`` is the index); this package loads and
validates it and selects the items for a project's scenario. No database here: services copy
template items into project checklists.
"""

from hmfield.core.checklists.query import (
    PhaseGroup,
    ScenarioChecklist,
    StageGroup,
    items_for_scenario,
    phases,
    render_scenario_checklist,
    scenario_checklist,
    scenario_codes_for,
)
from hmfield.core.checklists.template_model import (
    SCENARIO_CODES,
    ChecklistItemTemplate,
    ChecklistTemplates,
    HostLifecycle,
    ItemKind,
    Link,
    PhaseCode,
    PhaseTemplate,
    ScenarioTemplate,
    Stage,
    Text,
)
from hmfield.core.checklists.templates import default_path, load_templates

__all__ = [
    "SCENARIO_CODES",
    "ChecklistItemTemplate",
    "ChecklistTemplates",
    "HostLifecycle",
    "ItemKind",
    "Link",
    "PhaseCode",
    "PhaseGroup",
    "PhaseTemplate",
    "ScenarioChecklist",
    "ScenarioTemplate",
    "Stage",
    "StageGroup",
    "Text",
    "default_path",
    "items_for_scenario",
    "load_templates",
    "phases",
    "render_scenario_checklist",
    "scenario_checklist",
    "scenario_codes_for",
]

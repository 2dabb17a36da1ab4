"""Table models are built cheaply at import (issue 19: opening a project), and only those a
step uses: ``model.TABLES`` names every module's tables (the store checks a file by it), and
a module of tables imported alone can write them (the tables its foreign keys name load too).

The services' first import builds the 45 table classes; each defers its pydantic schema to
its first validation (``defer_build``) and is declared with evaluated annotations (no
``from __future__ import annotations`` in the modules of tables: pydantic and SQLAlchemy would
compile and evaluate every annotation string again). Checked in a fresh interpreter: this
test process has validated models already."""

from __future__ import annotations

from pathlib import Path

import pytest
from fresh_python import fresh_json
from pydantic import ValidationError

import hmfield.core.model as model_package
from hmfield.core.model import TABLES, load_all
from hmfield.core.model.audit import AuditEvent
from hmfield.core.model.sync import SyncImport

BUILT_AT_IMPORT = """
import json
from sqlmodel.main import default_registry
from hmfield.core.model import load_all
load_all()
tables = sorted(m.class_.__name__ for m in default_registry.mappers)
built = sorted(m.class_.__name__ for m in default_registry.mappers
               if m.class_.__pydantic_complete__)
print(json.dumps({"tables": tables, "built": built}))
"""


def test_no_table_model_builds_its_schema_at_import():
    seen = fresh_json(BUILT_AT_IMPORT)
    assert len(seen["tables"]) >= 45
    assert seen["built"] == []


def test_a_deferred_table_model_validates_as_before():
    fields = {
        "device_id": "d1",
        "seq": "7",
        "at": "2026-12-04T10:00:00+00:00",
        "entity": "host",
        "entity_id": "h1",
        "action": "update",
    }
    event = AuditEvent.model_validate(fields)
    assert (event.seq, event.at.year, event.entity_id) == (7, 2026, "h1")
    with pytest.raises(ValidationError, match="seq"):
        AuditEvent.model_validate({k: v for k, v in fields.items() if k != "seq"})
    with pytest.raises(ValidationError, match="export_id"):
        SyncImport.model_validate({"export_id": ["not", "text"]})


def test_the_model_modules_declare_evaluated_annotations():
    folder = Path(model_package.__file__).parent
    texts = {p.name: p.read_text(encoding="utf-8") for p in folder.glob("*.py")}
    tables = {name for name, text in texts.items() if "table=True" in text}
    stringified = [name for name in tables if "from __future__ import annotations" in texts[name]]
    assert len(tables) >= 10
    assert stringified == []


def test_tables_names_every_table_of_its_module():
    from sqlmodel.main import default_registry

    load_all()
    by_module: dict[str, set[str]] = {}
    for mapper in default_registry.mappers:
        module = mapper.class_.__module__.rsplit(".", 1)[1]
        by_module.setdefault(module, set()).add(mapper.local_table.name)
    assert by_module == {module: set(names) for module, names in TABLES.items()}


ALONE = """
import json, sys
from sqlmodel import SQLModel
__import__("hmfield.core.model." + sys.argv[1])
unresolved = []
for table in SQLModel.metadata.tables.values():
    for key in table.foreign_keys:
        try:
            key.column  # what a flush sorts the table's rows by
        except Exception as exc:
            unresolved.append(f"{table.name}: {exc}")
print(json.dumps({"tables": sorted(SQLModel.metadata.tables), "unresolved": unresolved}))
"""


@pytest.mark.parametrize("module", sorted(TABLES))
def test_a_module_of_tables_imported_alone_resolves_its_foreign_keys(module):
    seen = fresh_json(ALONE, module)
    assert set(TABLES[module]) <= set(seen["tables"])
    assert seen["unresolved"] == []

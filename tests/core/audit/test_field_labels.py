"""Every recorded field has a name in words in Chinese and English (resources/labels/
fields.yaml): the audit log never shows a column name such as ``skip_reason``."""

from __future__ import annotations

import re

from sqlmodel import SQLModel

from hmfield.core.model import load_all
from hmfield.core.model.labels import field_name, field_names, internal_field

CJK = re.compile(r"[\u3400-\u9fff]")


def _columns() -> set[str]:
    load_all()
    return {c.name for table in SQLModel.metadata.tables.values() for c in table.columns}


def test_every_column_of_every_table_has_a_zh_and_en_name():
    fields = field_names()["fields"]
    missing = sorted(c for c in _columns() if c not in fields)
    assert not missing, f"no name in resources/labels/fields.yaml for {missing}"
    for column in _columns():
        zh, en = fields[column].get("zh"), fields[column].get("en")
        assert zh and en, column
        assert CJK.search(zh) or zh.isupper() or zh == en, f"{column}: {zh!r} is not Chinese"
        assert not CJK.search(en), f"{column}: {en!r} is not English"
        assert zh != column and en != column, f"{column} named by itself"


def test_internal_fields_are_real_columns_and_named():
    columns = _columns()
    internal = field_names()["internal"]
    assert "id" in internal and "prev_hash" in internal
    assert set(internal) <= columns
    assert all(internal_field(f) for f in internal) and not internal_field("skip_reason")


def test_field_name_in_each_language_and_unknown_fields_as_they_are():
    assert field_name("skip_reason", "zh") == "跳过原因"
    assert field_name("skip_reason", "en") == "Reason for skipping"
    assert field_name("cutover_start", "zh") == "割接窗口开始"
    assert field_name("no_such_field", "zh") == "no_such_field"


def test_no_name_is_listed_that_is_not_a_column():
    stale = sorted(set(field_names()["fields"]) - _columns())
    assert not stale, f"fields.yaml names columns that no table has: {stale}"

"""Report text file: complete in both languages, and clear errors when it is not."""

from __future__ import annotations

import re

import pytest

from hmfield.core.errors import HmError, InputError
from hmfield.core.reports.labels import LANGS, MissingLabelError, labels, load_labels_file
from hmfield.paths import resource_path

COMMON = (
    "page_x_of_y",
    "printed_at",
    "project",
    "customer",
    "wave",
    "signature",
    "date",
    "name",
    "role",
    "sign_off",
    "contents",
    "time_zone",
)


def test_bundled_file_is_complete_and_versioned():
    table, version, reviewed = load_labels_file(resource_path("reports", "labels.yaml"))
    assert version and re.fullmatch(r"\d{4}-\d{2}-\d{2}", reviewed)
    for key in COMMON:
        assert key in table
    for key, entry in table.items():
        for lang in LANGS:
            assert entry[lang].strip(), (key, lang)
        # placeholders must match between languages, or one language prints raw braces
        assert set(re.findall(r"{(\w+)}", entry["zh"])) == set(
            re.findall(r"{(\w+)}", entry["en"])
        ), key


def test_lookup_and_formatting_per_language():
    zh, en = labels("zh"), labels("en")
    assert zh("page_x_of_y", page=2, total=7) == "第 2 页，共 7 页"
    assert en("page_x_of_y", page=2, total=7) == "Page 2 of 7"
    assert zh.both("hostname") == "主机名 / Hostname"
    assert en.other("wave") == zh["wave"]


def test_missing_key_names_the_key_and_the_file():
    with pytest.raises(MissingLabelError) as err:
        labels("zh")["no_such_label"]
    msg = str(err.value)
    assert "no_such_label" in msg and "labels.yaml" in msg and "\n" not in msg
    with pytest.raises(KeyError):  # still a KeyError for Mapping semantics
        labels("en")["no_such_label"]


def test_missing_placeholder_value_is_a_clear_error():
    with pytest.raises(HmError, match="page_x_of_y"):
        labels("en")("page_x_of_y", page=1)


def test_unknown_language():
    with pytest.raises(HmError, match="fr"):
        labels("fr")


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        ("version: 1\nlast_reviewed: 2025-01-01\nlabels:\n  a: {zh: 甲}\n", "'a' has no 'en'"),
        ("version: 1\nlast_reviewed: 2025-01-01\nlabels:\n  yes: {zh: 是, en: Yes}\n", "quote it"),
        ("version: 1\nlabels: {}\n", "missing 'last_reviewed'"),
        (
            "version: 1\nlast_reviewed: 2025-01-01\nlabels:\n  a: {zh: [unclosed\n",
            "row 5, column 1: invalid YAML",
        ),
    ],
)
def test_bad_files_give_located_one_line_errors(tmp_path, body, needle):
    path = tmp_path / "labels.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(InputError) as err:
        labels("zh", path=path)
    assert needle in str(err.value) and str(path) in str(err.value)

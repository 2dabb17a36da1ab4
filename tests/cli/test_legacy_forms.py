"""The forms before the one grammar still work: ``<noun> PROJECT [verb]`` and options
written before the project (the installed-wheel smoke test uses ``assess --json --lang en P``)."""

from __future__ import annotations

import pytest

from hmfield.cli.app import build_parser
from hmfield.cli.common import legacy_argv


@pytest.fixture(scope="module")
def parser():
    return build_parser()


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["assess", "p.hmfield"], ["assess", "list", "p.hmfield"]),
        (
            ["assess", "--json", "--lang", "en", "p.hmfield"],
            ["assess", "list", "--json", "--lang", "en", "p.hmfield"],
        ),
        (["assess", "--lang=zh", "p.hmfield"], ["assess", "list", "--lang=zh", "p.hmfield"]),
        (["checklist", "p.hmfield", "set", "X"], ["checklist", "set", "p.hmfield", "X"]),
        (["assess", "list", "p.hmfield"], ["assess", "list", "p.hmfield"]),
        (["assess", "--nonsense", "p.hmfield"], ["assess", "--nonsense", "p.hmfield"]),
        (["plan", "p.hmfield"], ["plan", "p.hmfield"]),
    ],
)
def test_old_forms_are_rewritten_to_the_one_grammar(parser, argv, expected):
    assert legacy_argv(parser, argv) == expected


def test_options_before_the_project_parse_as_the_default_verb(parser):
    args = parser.parse_args(legacy_argv(parser, ["assess", "--json", "--lang", "en", "p.hmfield"]))
    assert args.project == "p.hmfield"
    assert args.json is True
    assert args.lang == "en"

"""docs/cli.md matches the parser (every noun's and verb's --help), and every example in it
runs on the demo project with the JSON keys it documents."""

from __future__ import annotations

import shlex
from pathlib import Path

from hmfield.cli import docs

DOC = Path(__file__).resolve().parents[2] / "docs" / "cli.md"


def test_docs_match_the_parser():
    assert DOC.read_text(encoding="utf-8") == docs.render(), (
        "docs/cli.md is out of date: run  uv run python -m hmfield.cli.docs > docs/cli.md"
    )


def test_every_noun_is_documented_with_an_example():
    from hmfield.cli.app import build_parser

    names = set(docs.nouns(build_parser()))
    missing = names - set(docs.EXAMPLES) - set(docs.SHOWN)
    assert not missing, f"add an example of {missing} to EXAMPLES or SHOWN in hmfield/cli/docs.py"
    for noun, rows in docs.EXAMPLES.items():
        verbs = set(docs.verbs_of(docs.nouns(build_parser())[noun]))
        shown = {x.split()[0] for x in docs.SHOWN.get(noun, [])}
        left = verbs - {v for v, _, _ in rows} - shown - _aliases(noun)
        assert not left, f"{noun} {left}: add an example to hmfield/cli/docs.py (EXAMPLES or SHOWN)"


def _aliases(noun: str) -> set[str]:
    return {"list"} if noun == "network" else set()


def test_every_example_runs_with_its_json_keys(hm, demo_master, tmp_path, monkeypatch):
    import shutil

    shutil.copy(demo_master, tmp_path / docs.P)
    for name, text in docs.INPUT_FILES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for noun, rows in docs.EXAMPLES.items():
        for verb, args, keys in rows:
            result = hm(noun, verb, *shlex.split(args))
            if keys is None:
                continue
            data = result.json
            assert tuple(data) == keys, f"{noun} {verb}: {tuple(data)}"
            for key, inner in docs.NESTED.get((noun, verb), {}).items():
                value = data[key]
                value = value[0] if isinstance(value, list) else value
                assert value, f"{noun} {verb}: {key} is empty; the example shows no item"
                assert tuple(value) == inner, f"{noun} {verb} {key}: {tuple(value)}"

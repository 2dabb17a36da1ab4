"""The key the office stores portfolio lines under is the same in every process: ``office
status`` runs in a new process each time and must find the lines the imports stored."""

from __future__ import annotations

import os
import subprocess
import sys

from hmfield.core.checklists.item_records import shipped_templates
from hmfield.core.checklists.templates import load_templates
from hmfield.core.office import figures

PRINT_KEY = (
    "from hmfield.core.office.figures import figures_key;"
    "from hmfield.core.checklists.item_records import shipped_templates;"
    "print(figures_key('r1', shipped_templates()))"
)


def key_in_process(seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run(
        [sys.executable, "-c", PRINT_KEY], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def test_the_key_is_the_same_whatever_the_hash_seed():
    keys = {key_in_process(seed) for seed in ("0", "1", "2", "12345")}
    assert len(keys) == 1
    assert keys == {figures.figures_key("r1", shipped_templates())}


def test_the_key_follows_what_the_templates_hold():
    shipped = shipped_templates()
    again = load_templates()  # another object, the same content
    assert figures.templates_digest(again) == figures.templates_digest(shipped)
    assert figures.figures_key("r2", shipped) != figures.figures_key("r1", shipped)
    changed = type(shipped)(**{**vars(shipped), "version": shipped.version + "-edited"})
    assert figures.templates_digest(changed) != figures.templates_digest(shipped)

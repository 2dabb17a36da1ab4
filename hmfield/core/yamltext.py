"""Reading the YAML resources (rules, checklists, labels, report text) with libyaml's safe
loader when this PyYAML build has it: the pure-Python loader is about ten times slower (the
field names alone took 0.1 s the first time a screen showed them). Both build the same plain
values: the safe constructor is the same."""

from __future__ import annotations

from typing import IO, Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(source: str | bytes | IO) -> Any:
    """The document in ``source`` (text, bytes or an open file), as ``yaml.safe_load``."""
    return yaml.load(source, Loader=_LOADER)  # noqa: S506 - a safe loader, C or Python

"""HyperMotion compatibility rules: versioned YAML data (``resources/rules``) plus a small engine.

Typical use::

    from hmfield.core.assess.rules import assess, default_ruleset, summarise
    rs = default_ruleset()
    results = [assess(h, rs) for h in hosts]
    summary = summarise(results, hosts, rs)
"""

from __future__ import annotations

from functools import lru_cache

from hmfield.core.assess.rules.alternatives import AlternativeCatalog, Suggestion
from hmfield.core.assess.rules.engine import Assessment, Reason, assess, summarise
from hmfield.core.assess.rules.loader import load_ruleset
from hmfield.core.assess.rules.ruleset import Rule, RuleFile, Ruleset


@lru_cache(maxsize=1)
def default_ruleset() -> Ruleset:
    """The bundled rules, loaded and compiled once per process."""
    return load_ruleset()


__all__ = [
    "AlternativeCatalog",
    "Assessment",
    "Reason",
    "Rule",
    "RuleFile",
    "Ruleset",
    "Suggestion",
    "assess",
    "default_ruleset",
    "load_ruleset",
    "summarise",
]

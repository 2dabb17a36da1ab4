"""Move-group proposals from names, for estates without business systems (RVTools exports).

A host's *stem* is its lower-cased name without the trailing number and letter suffix
(``wspapp01b``), then without tier tokens at the end (web, app, db...), repeatedly: ``wspwfe1``
and ``wspapp11`` share the stem ``wsp``. Environment words (prod, test) are kept when the
policy does not list them, so a test farm is not proposed with production.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

_SUFFIX = re.compile(r"([-_. ]*(\d+[a-z]?|bkp\d*|old|new|rip|dnd))+$")
_SEPS = re.compile(r"[-_. ]+$")


def name_stem(name: str, tier_tokens: Sequence[str]) -> str:
    stem = name.strip().lower()
    tokens = sorted(tier_tokens, key=len, reverse=True)
    while True:
        before = stem
        stem = _SEPS.sub("", _SUFFIX.sub("", stem))
        for tok in tokens:
            if stem.endswith(tok) and len(stem) > len(tok):
                stem = stem[: -len(tok)]
                break
        if stem == before:
            return stem


@dataclass
class GroupProposal:
    """A proposed move group: its suggested business-system name, why, and its hosts."""

    key: str  # stable within one proposal run: the stem or the first member id
    name: str
    source: str  # hard | naming
    members: list[str]


def propose_from_names(
    items: Sequence[tuple[str, str]],
    components: Sequence[Sequence[str]],
    tier_tokens: Sequence[str],
    *,
    min_prefix: int = 4,
    min_hosts: int = 2,
) -> list[GroupProposal]:
    """Proposals for hosts without a business system.

    ``items`` are (id, name) of those hosts; ``components`` their hard-dependency components
    of two or more hosts. Each component is one proposal named after its most common stem;
    hosts left alone join the component of their stem, else group by stem when at least
    ``min_hosts`` share a stem of ``min_prefix`` characters or more.
    """
    name_of = dict(items)
    stem_of = {hid: name_stem(name, tier_tokens) for hid, name in items}
    out: list[GroupProposal] = []
    by_stem: dict[str, GroupProposal] = {}
    placed: set[str] = set()
    for comp in components:
        members = [m for m in comp if m in name_of]
        if len(members) < 2:
            continue
        stem, _ = Counter(stem_of[m] for m in members).most_common(1)[0]
        prop = GroupProposal(members[0], _display(stem, members, name_of), "hard", list(members))
        out.append(prop)
        placed.update(members)
        if len(stem) >= min_prefix:
            by_stem.setdefault(stem, prop)
    loose: dict[str, list[str]] = defaultdict(list)
    for hid, _ in items:
        if hid in placed:
            continue
        stem = stem_of[hid]
        if stem in by_stem:
            by_stem[stem].members.append(hid)
        elif len(stem) >= min_prefix:
            loose[stem].append(hid)
    for stem, members in sorted(loose.items()):
        if len(members) >= min_hosts:
            out.append(GroupProposal(stem, _display(stem, members, name_of), "naming", members))
    used: dict[str, int] = {}
    for prop in out:  # one name per proposal: accepting all must not merge two of them
        count = used[prop.name.casefold()] = used.get(prop.name.casefold(), 0) + 1
        if count > 1:
            prop.name = f"{prop.name}-{count}"
    return out


def _display(stem: str, members: Sequence[str], name_of: dict[str, str]) -> str:
    """The stem in the case the first member's name spells it."""
    first = name_of[members[0]]
    at = first.lower().find(stem) if stem else -1
    return first[at : at + len(stem)] if at >= 0 and stem else first

"""The condition language of the compatibility rules: small, explicit, compiled once.

A rule's ``when`` is a YAML mapping. It is compiled at load time into a closure
``pred(obj, missing) -> True | False | None`` so that no YAML, regex or dispatch work is repeated
per host. Logic is three-valued because inventories are incomplete: ``None`` means "a fact this
condition needs is absent", and the absent fact's name is appended to ``missing`` so that an
``unknown`` verdict can always say *which* fact to collect. Empty strings count as absent.

Forms (one per mapping)::

    {all: [c, ...]}  {any: [c, ...]}  {not: c}  {always: true}
    {missing: name | [names]}   true when a named fact is absent (blank, empty list); names it
    {field: name, <op>: value [, missing_as: value]}
        ops: eq ne in not_in lt le gt ge matches not_matches
             version_in version_not_in version_between version_lt version_ge
    {any_disk: c} {all_disks: c} {any_partition: c} {all_partitions: c} {any_nic: c}
    {count: disks|partitions|nics|ips|tags, eq|ne|lt|le|gt|ge: n}
    {any_value: name, <op>: value [, missing_as: true|false]}
        true when any element of a list fact (datastore_kinds, vmfs_versions) passes the field
        operator; an absent or empty list is missing (or ``missing_as``)

Field names are HostRecord attributes, derived facts (see :mod:`.facts`), or ``extra.KEY``.
Inside ``any_disk``/``any_partition`` they are DiskRecord/PartitionRecord attributes.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

Pred = Callable[[Any, list[str]], "bool | None"]

_VERSION_RE = re.compile(r"(\d+(?:\.\d+)*)(?:\s*[-_]?\s*sp\s*(\d+))?", re.IGNORECASE)


_UNSET: Any = object()


class ConditionError(ValueError):
    """A condition that cannot be compiled; the loader adds the file and rule id."""


def parse_version(value: object) -> tuple[int, ...] | None:
    """First dotted number in ``value`` as a tuple; a following ``SPn`` adds a part.

    "7.9.2009" -> (7, 9, 2009); "5.15.0-1051-aws" -> (5, 15, 0); "12 SP5" -> (12, 5);
    "V10 SP1 (2101)" -> (10, 1); no digits -> None.
    """
    if value is None or isinstance(value, bool):
        return None
    return _parse_text(value if isinstance(value, str) else str(value))


@lru_cache(maxsize=8192)
def _parse_text(text: str) -> tuple[int, ...] | None:
    """Cached: inventories repeat the same kernel and version strings thousands of times."""
    match = _VERSION_RE.search(text)
    if match is None:
        return None
    parts = tuple(int(p) for p in match.group(1).split("."))
    if match.group(2):
        parts += (int(match.group(2)),)
    return parts


def _pad(version: tuple[int, ...], length: int) -> tuple[int, ...]:
    return version + (0,) * (length - len(version)) if len(version) < length else version


def compare_versions(a: tuple[int, ...], b: tuple[int, ...]) -> int:
    """-1, 0 or 1; missing trailing parts count as zero ("8.6" == "8.6.0")."""
    n = max(len(a), len(b))
    pa, pb = _pad(a, n), _pad(b, n)
    return (pa > pb) - (pa < pb)


def version_matches(version: tuple[int, ...], listed: tuple[int, ...]) -> bool:
    """True when ``version`` starts with ``listed`` ("7.9" is in "7"; "8.6" is in "8.6.0")."""
    return _pad(version, len(listed))[: len(listed)] == listed


def norm(value: object) -> str:
    """The form used by eq/in: stripped lower-case text; booleans as "true"/"false"."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip().lower()


@dataclass(frozen=True)
class FieldSpace:
    """What names a condition may use at one level (host, disk, partition, nic)."""

    prefix: str  # "" for the host, "disks." etc. for items, used in missing-fact names
    attrs: frozenset[str]
    derived: dict[str, Callable[[Any], Any]] = field(default_factory=dict)
    items: dict[str, FieldSpace] = field(default_factory=dict)  # any_disk -> disk space
    host_level: bool = False  # host objects are HostFacts wrappers (attrs on .host)
    labels: dict[str, str] = field(default_factory=dict)  # derived fact -> fact to collect

    def label(self, name: str) -> str:
        """The name reported as missing: a derived fact names the field the user can fill."""
        return self.prefix + self.labels.get(name, name)

    def getter(self, name: str) -> Callable[[Any], Any]:
        if name in self.derived:
            return self.derived[name]
        if self.host_level and name.startswith("extra.") and len(name) > 6:
            key = name[6:]
            return lambda f: (getattr(f.host, "extra", None) or {}).get(key)
        if name not in self.attrs:
            raise ConditionError(f"unknown fact '{self.prefix}{name}'")
        if self.host_level:  # the contract: a host has every HostRecord attribute name
            return operator.attrgetter(f"host.{name}")
        return lambda o: getattr(o, name, None)

    def has(self, name: str) -> bool:
        try:
            self.getter(name)
        except ConditionError:
            return False
        return True


_NUM_OPS = {"lt": operator.lt, "le": operator.le, "gt": operator.gt, "ge": operator.ge}
_COUNT_OPS = {**_NUM_OPS, "eq": operator.eq, "ne": operator.ne}
_FIELD_OPS = [
    "eq",
    "ne",
    "in",
    "not_in",
    "lt",
    "le",
    "gt",
    "ge",
    "matches",
    "not_matches",
    "version_in",
    "version_not_in",
    "version_between",
    "version_lt",
    "version_ge",
]
ITEM_FORMS = {
    "any_disk": ("disks", any),
    "all_disks": ("disks", all),
    "any_partition": ("partitions", any),
    "all_partitions": ("partitions", all),
    "any_nic": ("nics", any),
}
_COUNTABLE = ("disks", "partitions", "nics", "ips", "tags")


def as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else [value]


def _version(text: Any) -> tuple[int, ...]:
    parsed = parse_version(text)
    if parsed is None:
        raise ConditionError(f"{text!r} is not a version")
    return parsed


def _regex(text: Any) -> re.Pattern[str]:
    try:
        return re.compile(str(text))
    except re.error as exc:
        raise ConditionError(f"bad regular expression {text!r}: {exc}") from None


def _test_for(op: str, arg: Any) -> Callable[[Any], bool | None]:
    """The value test of one field operator; returns None when the value cannot be read."""
    if op in ("eq", "ne"):
        want = norm(arg)
        return (lambda v: norm(v) == want) if op == "eq" else (lambda v: norm(v) != want)
    if op in ("in", "not_in"):
        allowed = frozenset(norm(a) for a in as_list(arg))
        return (lambda v: norm(v) in allowed) if op == "in" else (lambda v: norm(v) not in allowed)
    if op in _NUM_OPS:
        cmp, limit = _NUM_OPS[op], float(arg)

        def num(v: Any) -> bool | None:
            try:
                return cmp(float(v), limit)
            except (TypeError, ValueError):
                return None

        return num
    if op in ("matches", "not_matches"):
        search = _regex(arg).search
        if op == "matches":
            return lambda v: search(str(v)) is not None
        return lambda v: search(str(v)) is None
    # version operators: an unparseable value is treated as absent
    if op in ("version_in", "version_not_in"):
        listed = tuple(_version(a) for a in as_list(arg))
        inside = op == "version_in"

        def vin(v: Any) -> bool | None:
            parsed = parse_version(v)
            if parsed is None:
                return None
            return any(version_matches(parsed, want) for want in listed) is inside

        return vin
    if op == "version_between":
        bounds = as_list(arg)
        if len(bounds) != 2:
            raise ConditionError("version_between needs [low, high]")
        low, high = _version(bounds[0]), _version(bounds[1])

        def between(v: Any) -> bool | None:
            parsed = parse_version(v)
            if parsed is None:
                return None
            return compare_versions(parsed, low) >= 0 and compare_versions(parsed, high) <= 0

        return between
    limit_v = _version(arg)
    sign = -1 if op == "version_lt" else 1

    def vcmp(v: Any) -> bool | None:
        parsed = parse_version(v)
        if parsed is None:
            return None
        c = compare_versions(parsed, limit_v)
        return c < 0 if sign < 0 else c >= 0

    return vcmp


def _compile_field(spec: dict[str, Any], space: FieldSpace) -> Pred:
    name = spec["field"]
    ops = [k for k in spec if k in _FIELD_OPS]
    extra_keys = set(spec) - {"field", "missing_as", *ops}
    if len(ops) != 1 or extra_keys:
        raise ConditionError(
            f"field {name!r} needs exactly one operator of {', '.join(_FIELD_OPS)}"
            + (f"; unknown keys {sorted(extra_keys)}" if extra_keys else "")
        )
    get = space.getter(str(name))
    test = _test_for(ops[0], spec[ops[0]])
    label = space.label(str(name))
    has_default = "missing_as" in spec
    default = spec.get("missing_as")
    # Text results are cached per value: inventories repeat the same OS and kernel strings, so
    # most hosts cost a dict lookup instead of a regex search or version parse.
    cache: dict[str, bool | None] = {}
    numeric = ops[0] in _NUM_OPS

    def pred(obj: Any, missing: list[str]) -> bool | None:
        value = get(obj)
        if value is None or (type(value) is str and (not value or value.isspace())):
            if not has_default:
                missing.append(label)
                return None
            value = default
        if numeric or type(value) is not str:
            result = test(value)
        else:
            result = cache.get(value, _UNSET)
            if result is _UNSET:
                if len(cache) > 4096:
                    cache.clear()
                result = cache[value] = test(value)
        if result is None:
            missing.append(label)
        return result  # type: ignore[return-value]

    return pred


def absent_value(value: Any) -> bool:
    """None, blank text and an empty list (no disks/partitions collected) are absent facts."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, list | tuple | dict) and not value


def _all(preds: list[Pred]) -> Pred:
    def pred(obj: Any, missing: list[str]) -> bool | None:
        unknown = False
        for p in preds:
            r = p(obj, missing)
            if r is False:
                return False
            if r is None:
                unknown = True
        return None if unknown else True

    return pred


def _any(preds: list[Pred]) -> Pred:
    def pred(obj: Any, missing: list[str]) -> bool | None:
        unknown = False
        for p in preds:
            r = p(obj, missing)
            if r is True:
                return True
            if r is None:
                unknown = True
        return None if unknown else False

    return pred


def _items(list_name: str, inner: Pred, quantifier: Callable[..., bool]) -> Pred:
    want_any = quantifier is any

    def pred(obj: Any, missing: list[str]) -> bool | None:
        unknown = False
        for item in getattr(obj.host, list_name, None) or ():
            r = inner(item, missing)
            if r is None:
                unknown = True
            elif r is want_any:  # any: a True decides; all: a False decides
                return r
        return None if unknown else not want_any

    return pred


def compile_condition(spec: Any, space: FieldSpace) -> Pred:
    """Compile one condition mapping; raises ConditionError with a short reason."""
    if not isinstance(spec, dict) or not spec:
        raise ConditionError(f"a condition must be a non-empty mapping, got {spec!r}")
    if "field" in spec:
        return _compile_field(spec, space)
    if "any_value" in spec:
        return _compile_any_value(spec, space)
    if len(spec) != 1 and "count" not in spec:
        raise ConditionError(f"one form per mapping, got keys {sorted(spec)}")
    key, arg = next(iter(spec.items())) if "count" not in spec else ("count", spec["count"])
    if key in ("all", "any"):
        if not isinstance(arg, list) or not arg:
            raise ConditionError(f"{key} needs a non-empty list")
        preds = [compile_condition(c, space) for c in arg]
        return _all(preds) if key == "all" else _any(preds)
    if key == "not":
        inner = compile_condition(arg, space)

        def negated(obj: Any, missing: list[str]) -> bool | None:
            r = inner(obj, missing)
            return None if r is None else not r

        return negated
    if key == "always":
        value = bool(arg)
        return lambda obj, missing: value
    if key == "missing":
        names = [str(n) for n in as_list(arg)]
        getters = [(space.label(n), space.getter(n)) for n in names]

        def absent(obj: Any, missing: list[str]) -> bool:
            found = [label for label, get in getters if absent_value(get(obj))]
            missing.extend(found)
            return bool(found)

        return absent
    if key in ITEM_FORMS:
        list_name, quantifier = ITEM_FORMS[key]
        if not space.host_level:
            raise ConditionError(f"{key} is only allowed at host level")
        return _items(list_name, compile_condition(arg, space.items[list_name]), quantifier)
    if key == "count":
        if arg not in _COUNTABLE or not space.host_level:
            raise ConditionError(f"count takes one of {', '.join(_COUNTABLE)} at host level")
        ops = [k for k in spec if k in _COUNT_OPS]
        if len(ops) != 1 or len(spec) != 2:
            raise ConditionError("count needs exactly one of eq ne lt le gt ge")
        cmp, limit = _COUNT_OPS[ops[0]], spec[ops[0]]
        return lambda obj, missing: cmp(len(getattr(obj.host, arg, None) or ()), limit)
    raise ConditionError(f"unknown condition form {key!r}")


def _compile_any_value(spec: dict[str, Any], space: FieldSpace) -> Pred:
    name = str(spec["any_value"])
    ops = [k for k in spec if k in _FIELD_OPS]
    extra_keys = set(spec) - {"any_value", "missing_as", *ops}
    if len(ops) != 1 or extra_keys or not space.host_level:
        raise ConditionError(
            f"any_value {name!r} needs exactly one operator of {', '.join(_FIELD_OPS)} at host level"
        )
    get = space.getter(name)
    test = _test_for(ops[0], spec[ops[0]])
    label = space.label(name)
    has_default = "missing_as" in spec
    default = bool(spec.get("missing_as"))

    def pred(obj: Any, missing: list[str]) -> bool | None:
        values = get(obj)
        if isinstance(values, str):
            values = [values]
        values = [v for v in values or () if not absent_value(v)]
        if not values:
            if has_default:
                return default
            missing.append(label)
            return None
        unknown = False
        for v in values:
            r = test(v)
            if r is True:
                return True
            if r is None:
                unknown = True
        if unknown:
            missing.append(label)
            return None
        return False

    return pred


def uses_missing(spec: Any) -> bool:
    """True when a condition contains a ``missing`` form (it can name facts when it fires)."""
    if isinstance(spec, dict):
        return "missing" in spec or any(uses_missing(v) for v in spec.values())
    if isinstance(spec, list):
        return any(uses_missing(v) for v in spec)
    return False


def condition_facts(spec: Any, space: FieldSpace) -> tuple[str, ...]:
    """Every fact a condition reads, named as a missing fact would be ("os_service_pack",
    "partitions.filesystem", "disks"): what the fact labels and the coverage table describe."""
    found: list[str] = []

    def walk(node: Any, at: FieldSpace) -> None:
        if isinstance(node, list):
            for n in node:
                walk(n, at)
            return
        if not isinstance(node, dict):
            return
        if "field" in node:
            found.append(at.label(str(node["field"])))
        if "any_value" in node:
            found.append(at.label(str(node["any_value"])))
        if "missing" in node:
            found.extend(at.label(str(n)) for n in as_list(node["missing"]))
        if "count" in node:
            found.append(str(node["count"]))
        for key, value in node.items():
            if key in ITEM_FORMS:
                list_name = ITEM_FORMS[key][0]
                found.append(list_name)
                walk(value, at.items[list_name])
            elif key in ("all", "any", "not"):
                walk(value, at)

    walk(spec, space)
    return tuple(dict.fromkeys(found))

"""canonical() writes the text json's own encoder writes, whichever encoder does the work:
an event's stored value (and so its hash and every comparison a merge makes) never depends on
the encoder or on the hmfield version that wrote it."""

from __future__ import annotations

import json
import math
from datetime import UTC, date, datetime, timedelta, timezone
from enum import IntEnum, StrEnum

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hmfield.core.audit import chain
from hmfield.core.audit.chain import canonical


def _reference(value):
    """The canonical text as the json module alone writes it (the encoder of every event
    written before orjson); None stays None (no value, not JSON null)."""
    if value is None:
        return None
    return json.dumps(
        value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=chain._default
    )


class Kind(StrEnum):
    VM = "vm"
    HOST = "物理机"


class Level(IntEnum):
    LOW = 1


scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text()  # includes lone surrogates, control characters, U+2028
    | st.sampled_from([Kind.VM, Kind.HOST, Level.LOW])
    | st.datetimes(timezones=st.just(UTC))
    | st.dates()
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=5)
        | st.tuples(inner, inner)
        | st.dictionaries(st.text(max_size=8), inner, max_size=6)
    ),
    max_leaves=30,
)


@settings(max_examples=500, deadline=None)
@given(values)
def test_same_text_as_json_for_any_value(value):
    assert canonical(value) == _reference(value)


@pytest.mark.parametrize(
    "x",
    [0.0, -0.0, 1e-4, 9.99e-5, 1e-5, 3.49e-05, 1e-7, 5e-324, 1e15, 9999999999999998.0, 1e16,
     1e17, 1e21, 1e22, 1.7976931348623157e308, 0.1 + 0.2, 123.0, -2.5e-6],
)  # fmt: skip
def test_floats_at_the_edges_of_the_exponent(x):
    assert canonical({"size_gb": x, "sizes": [1.0, x]}) == _reference(
        {"size_gb": x, "sizes": [1.0, x]}
    )


def test_values_orjson_refuses_take_json_s_way():
    for value in [{"n": 2**64}, {1: "int key"}, {"s": "\ud800"}, [math.nan], {"x": math.inf}]:
        assert canonical(value) == _reference(value)


def test_datetimes_dates_and_enums_as_to_jsonable_writes_them():
    at = datetime(2026, 12, 5, 8, 30, tzinfo=timezone(timedelta(hours=8)))
    value = {"at": at, "on": date(2026, 12, 5), "kind": Kind.HOST, "level": Level.LOW}
    assert canonical(value) == (
        '{"at":"2026-12-05T00:30:00.000000+00:00","kind":"物理机","level":1,"on":"2026-12-05"}'
    )
    with pytest.raises(ValueError, match="naive"):
        canonical({"at": datetime(2026, 12, 5)})
    with pytest.raises(TypeError):
        canonical({"x": object()})


def test_a_host_snapshot_does_not_go_through_json(monkeypatch):
    """The fast path is the one taken for the values an import writes (the speed is real)."""

    class Refuses:
        def encode(self, value):
            raise AssertionError("json encoder used")

    monkeypatch.setattr(chain, "_ENCODER", Refuses())
    host = {
        "name": "db-01.corp", "cpu_count": 8, "memory_gb": 31.25, "disk_gb": 1024.0,
        "os": "Microsoft Windows Server 2019 (64-bit)", "tags": ["sap", "生产"],
        "field_sources": {"name": "import:rvtools"}, "powered_on": True, "notes": None,
    }  # fmt: skip
    assert canonical(host) == _reference(host)


def test_a_record_s_text_is_json_s_text_when_a_loose_field_holds_an_odd_float():
    from hmfield.core.audit.chain import canonical_record

    loose = ("memory_mib", "extra")
    for odd in (1e-5, 1e16, math.nan, -math.inf):
        for row in ({"name": "vm", "memory_mib": odd}, {"name": "vm", "extra": {"a": [odd]}}):
            assert canonical_record(row, loose) == _reference(row)
    plain = {"name": "vm-01", "memory_mib": 8192.0, "extra": {"owner": "team"}, "cpu": 4}
    assert canonical_record(plain, loose) == _reference(plain)


def test_every_field_that_can_hold_a_float_is_a_loose_one():
    """The bulk writer checks only the loose fields for floats json writes another way: every
    field whose annotation admits a float, a list or a dict must be among them."""
    import typing

    from hmfield.core.audit.recorder import _field_defaults
    from hmfield.core.model import load_all
    from hmfield.core.model.base import Record

    load_all()

    def admits(tp) -> bool:
        if tp in (float, dict, list, typing.Any):
            return True
        origin = typing.get_origin(tp)
        if origin in (dict, list, tuple):
            return True
        return any(admits(arg) for arg in typing.get_args(tp))

    seen = set()
    stack = list(Record.__subclasses__())
    while stack:
        model = stack.pop()
        stack.extend(model.__subclasses__())
        if getattr(model, "__table__", None) is None or model in seen:
            continue
        seen.add(model)
        loose = set(_field_defaults(model)[3])
        for name in model.data_fields():
            if admits(model.model_fields[name].annotation):
                assert name in loose, (model.__name__, name)
    assert len(seen) > 30  # every table model was looked at

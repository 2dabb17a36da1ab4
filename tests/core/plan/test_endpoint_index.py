"""The endpoint index builds its lookup keys at the first lookup (the screens read names
only); a lookup finds a name, hostname, short name, IP and a ``type:`` prefixed name, every
match of an ambiguous one, and an endpoint added after a lookup."""

from __future__ import annotations

from hmfield.core.plan.dependencies import EndpointIndex


def test_lookups_are_built_lazily_and_stay_complete():
    index = EndpointIndex()
    index.add("host", "h1", "ERP-App", ["erp-app.corp.local", "erp-app", "10.0.0.5"], "s1")
    index.add("object", "o1", "erp-app", [], None)
    index.add("host", "h2", "db", ["  ", None], None)
    assert index._by_key is None  # nothing built until a lookup
    assert index.names[("host", "h1")] == "ERP-App" and index.system_of[("host", "h1")] == "s1"
    assert index.lookup("erp-app") == [("host", "h1"), ("object", "o1")]  # ambiguous: both
    assert index.lookup("Host:ERP-APP") == [("host", "h1")]
    assert index.lookup("10.0.0.5") == [("host", "h1")]
    assert index.lookup("erp-app.corp.local") == [("host", "h1")]
    assert index.lookup("db.other.domain") == [("host", "h2")]  # FQDN against a short name
    assert index.lookup("host:") == [] and index.lookup("") == []  # blank keys never match
    index.add("system", "s1", "ERP", [], "s1")
    assert index.lookup("erp") == [("system", "s1")]  # added after a lookup: found

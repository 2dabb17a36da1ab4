"""Export members built by SQLite (json_array per row) carry exactly the values the Python
encoder writes (issue 19: the export's hot loop): every table of a full demo project and the
audit trail, compared value by value and type by type with the row-by-row Python path; where
no JSON column is involved the bytes are identical."""

from __future__ import annotations

import json

import pytest
from sqlmodel import SQLModel

from hmfield.core.demo.build import write_demo
from hmfield.core.project.service import open_project
from hmfield.core.sync.bundle import payload
from hmfield.core.sync.bundle.payload import EVENTS_TABLE, catalog, table_lines


def _python_lines(conn, table, order_by, skip=""):
    real = payload._sql_lines
    payload._sql_lines = lambda *a, **k: None
    try:
        return table_lines(conn, table, order_by, skip)
    finally:
        payload._sql_lines = real


def _typed(value):
    """A parsed JSON value with its types spelled out (1 and 1.0 and True differ)."""
    if isinstance(value, list):
        return ["list", [_typed(v) for v in value]]
    if isinstance(value, dict):
        return ["dict", [(k, _typed(v)) for k, v in value.items()]]
    return [type(value).__name__, value]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.hmfield"
    write_demo(path, hosts=25)
    ctx = open_project(path, readonly=True)
    yield ctx
    ctx.store.close()


def test_sqlite_writes_every_table_as_the_python_encoder_does(demo):
    cat = catalog()
    tables = {n: m.__table__ for n, m in cat.records.items()}
    tables[EVENTS_TABLE] = SQLModel.metadata.tables[EVENTS_TABLE]
    by_sql = 0
    with demo.read() as s:
        conn = s.connection()
        for name, table in tables.items():
            order = "device_id, seq" if name == EVENTS_TABLE else '"id"'
            columns = list(table.columns)
            built = payload._sql_lines(conn, table, columns, [c.name for c in columns], order)
            python, count = _python_lines(conn, table, order)
            if built is None:
                continue
            by_sql += 1
            sql, sql_count = built
            assert sql_count == count, name
            sql_rows = [json.loads(line) for line in sql.decode().split("\n")]
            py_rows = [json.loads(line) for line in python.decode().split("\n")]
            assert [_typed(r) for r in sql_rows] == [_typed(r) for r in py_rows], name
            if not any(type(c.type).__name__ in ("JSON", "Float") for c in columns):
                assert sql == python, name
    assert by_sql >= len(tables) // 2  # most tables take the fast path


def test_the_audit_trail_takes_the_sqlite_path(demo):
    table = SQLModel.metadata.tables[EVENTS_TABLE]
    with demo.read() as s:
        conn = s.connection()
        columns = list(table.columns)
        built = payload._sql_lines(
            conn, table, columns, [c.name for c in columns], "device_id, seq"
        )
        assert built is not None
        assert built[0] == _python_lines(conn, table, "device_id, seq")[0]


def test_floats_come_back_as_the_same_floats(tmp_path):
    from sqlalchemy import Column, Float, MetaData, String, Table, create_engine

    engine = create_engine(f"sqlite:///{tmp_path / 'f.db'}")
    table = Table("f", MetaData(), Column("id", String, primary_key=True), Column("x", Float))
    table.metadata.create_all(engine)
    values = [0.1, 0.30000000000000004, 1 / 3, 8192.0, 1e300, 5e-324, 123456789.123456789, None]
    with engine.begin() as conn:
        conn.execute(table.insert(), [{"id": f"{i:02}", "x": v} for i, v in enumerate(values)])
        cols = list(table.columns)
        built = payload._sql_lines(conn, table, cols, ["id", "x"], '"id"')
        assert built is not None
        rows = [json.loads(line) for line in built[0].decode().split("\n")[1:]]
        assert [_typed(r[1]) for r in rows] == [_typed(v) for v in values]


def test_a_fraction_in_an_integer_column_falls_back(tmp_path):
    from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, text

    engine = create_engine(f"sqlite:///{tmp_path / 'x.db'}")
    table = Table("t", MetaData(), Column("id", String, primary_key=True), Column("n", Integer))
    table.metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO t VALUES ('a', 1), ('b', 2.5)"))
        cols = list(table.columns)
        assert payload._sql_lines(conn, table, cols, ["id", "n"], '"id"') is None
        lines, count = table_lines(conn, table, '"id"')
        assert count == 2 and json.loads(lines.decode().split("\n")[2]) == ["b", 2.5]


def test_the_audit_trail_in_pieces_is_the_same_member(demo, monkeypatch):
    monkeypatch.setattr(payload, "CHUNK_ROWS", 7)  # many pieces, the last one short
    table = SQLModel.metadata.tables[EVENTS_TABLE]
    with demo.read() as s:
        conn = s.connection()
        pieces = payload.table_line_pieces(conn, table, ("device_id", "seq"))
        assert pieces is not None
        parts = list(pieces)
        whole, count = table_lines(conn, table, "device_id, seq")
    assert len(parts) > 3 and count > 7
    assert b"".join(parts) == whole


def test_booleans_made_once_per_statement_write_the_same_bytes(demo, monkeypatch):
    """A booleans column's JSON true/false made once per statement (``_constant_json``)
    writes what the per-row JSON parse wrote: the same members, byte for byte, with true,
    false and null among them."""
    assert payload._constant_json()  # the SQLite this project ships with keeps the kind
    cat = catalog()
    with demo.read() as s:
        conn = s.connection()
        fast = {n: table_lines(conn, m.__table__, '"id"') for n, m in cat.records.items()}
        monkeypatch.setattr(payload, "_constant_json", lambda: False)
        slow = {n: table_lines(conn, m.__table__, '"id"') for n, m in cat.records.items()}
    assert fast == slow
    text = b"\n".join(lines for lines, _count in fast.values())
    assert b",true," in text and b",false," in text and b",null," in text

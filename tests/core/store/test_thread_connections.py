"""One SQLite connection per thread, never closed from another thread while in use.

SQLAlchemy's SingletonThreadPool closes an arbitrary connection once more than five threads
have used an engine, even one another thread is reading on: the GUI's background jobs each
run on a thread of their own, and the process crashed when the GUI thread opened its
connection while a job was writing a report. These tests use many threads on one engine.
"""

from __future__ import annotations

import sqlite3
import threading

from sqlalchemy import text

from hmfield.core.store.engine import read_engine, release_thread, write_engine


def _file(tmp_path):
    path = tmp_path / "p.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE t (n INTEGER)")
    con.executemany("INSERT INTO t VALUES (?)", [(i,) for i in range(100)])
    con.commit()
    con.close()
    return path


def _count(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(text("SELECT count(*) FROM t")).scalar()


def test_a_connection_in_use_survives_many_other_threads(tmp_path):
    engine = read_engine(_file(tmp_path))
    holding, others_done = threading.Event(), threading.Event()
    seen: dict[str, object] = {}

    def reader_holding_its_connection() -> None:
        try:
            with engine.connect() as conn:
                rows = conn.execute(text("SELECT n FROM t ORDER BY n"))
                seen["first"] = rows.fetchone()[0]
                holding.set()
                others_done.wait(30)
                # the same connection, mid-read, after twelve threads opened theirs
                seen["rest"] = len(rows.fetchall())
                seen["again"] = conn.execute(text("SELECT count(*) FROM t")).scalar()
        except Exception as exc:  # noqa: BLE001 - reported to the test below
            seen["error"] = repr(exc)

    holder = threading.Thread(target=reader_holding_its_connection)
    holder.start()
    assert holding.wait(30)
    counts = []
    workers = [threading.Thread(target=lambda: counts.append(_count(engine))) for _ in range(12)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(30)
    others_done.set()
    holder.join(30)
    assert "error" not in seen, seen.get("error")
    assert seen == {"first": 0, "rest": 99, "again": 100}
    assert counts == [100] * 12
    engine.dispose()


def test_a_thread_releases_only_its_own_connection(tmp_path):
    path = _file(tmp_path)
    engine = write_engine(path)
    assert _count(engine) == 100  # this thread's connection
    mine = engine.pool._conn.current()
    done = threading.Event()

    def job() -> None:
        _count(engine)
        release_thread()  # as every background job does when it ends
        done.set()

    t = threading.Thread(target=job)
    t.start()
    t.join(30)
    assert done.is_set()
    assert engine.pool._conn.current() is mine  # this thread's connection is still open
    assert mine.dbapi_connection is not None
    assert len(engine.pool._all_conns) == 1  # the job's was closed and forgotten
    with engine.begin() as conn:  # and this thread still writes through its own
        conn.execute(text("INSERT INTO t VALUES (100)"))
    assert _count(engine) == 101
    release_thread()
    assert len(engine.pool._all_conns) == 0
    assert _count(engine) == 101  # a new connection when it is needed again
    engine.dispose()

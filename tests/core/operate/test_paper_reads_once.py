"""The Operate screen reads the whole acceptance paper (every wave, every system) after each
change. It used to ask for each wave's hosts, systems, plans and sign-offs again for every
system of every wave: 5.4 s at 10,000 hosts on the GUI thread. Inside ``reading_once`` each
is read once for the session, and the paper says exactly what the per-wave reads say."""

from __future__ import annotations

from operate_world import end_observation
from sqlalchemy import event

from hmfield.core.model.inventory import Host
from hmfield.core.operate.paper import final_paper
from hmfield.core.operate.periods import waves
from hmfield.core.operate.refs import reading_once, wave_hosts, wave_systems
from hmfield.core.operate.signoff import system_readiness, wave_readiness
from hmfield.core.operate.texts import words
from hmfield.core.plan.waves import WaveService


def _second_wave(ow):
    """A second wave holding one host of each system: both waves then have both systems."""
    w2 = WaveService(ow.ctx).add("W02")
    moved = [
        next(h for h in ow.base.hosts if h.business_system_id == b.id) for b in ow.base.systems
    ]
    WaveService(ow.ctx).assign(w2.id, [h.id for h in moved])
    return w2, moved


def _readiness_texts(r, en):
    return (r.name, r.blocker_texts(en), r.note_texts(en))


def test_the_paper_says_what_each_wave_read_alone_says(ow, clock):
    _second_wave(ow)
    end_observation(clock)
    en = words("en")
    paper = final_paper(ow.ctx)
    now = ow.ctx.clock.now()
    with ow.ctx.read() as s:  # no reading_once: every read made afresh
        alone = []
        for wave in waves(s):
            systems = wave_systems(s, wave.id)
            alone.append(
                (_readiness_texts(wave_readiness(s, wave, now), en),
                 [_readiness_texts(system_readiness(s, wave, b, now), en) for b in systems])
            )  # fmt: skip
    got = [
        (_readiness_texts(p.readiness, en), [_readiness_texts(x, en) for x in p.system_readiness])
        for p in paper.waves
    ]
    assert len(got) == 2 and all(systems for _, systems in got)
    assert got == alone


def test_inside_reading_once_the_hosts_are_read_in_one_scan(ow, clock):
    w2, moved = _second_wave(ow)
    engine = ow.ctx.store.read_engine
    seen: list[str] = []

    def spy(conn, cursor, statement, *args):
        if "FROM host" in statement and "host.wave_id" in statement:
            seen.append(statement)  # a read of waves' hosts

    event.listen(engine, "before_cursor_execute", spy)
    try:
        final_paper(ow.ctx)
        assert len(seen) == 1  # every wave's hosts in one scan, for every system of them
        seen.clear()
        with ow.ctx.read() as s, reading_once(s):
            assert sorted(h.id for h in wave_hosts(s, w2.id)) == sorted(h.id for h in moved)
            wave_hosts(s, ow.wave.id)
            with reading_once(s):  # nested: the outer reading keeps its memo
                wave_hosts(s, w2.id)
            wave_hosts(s, w2.id)
            assert len(seen) == 1
        with ow.ctx.read() as s:  # outside: a read of the one wave, made each time
            wave_hosts(s, w2.id)
            wave_hosts(s, w2.id)
        assert len(seen) == 3 and "wave_id = " in seen[-1]
    finally:
        event.remove(engine, "before_cursor_execute", spy)
    with ow.ctx.read() as s:
        assert s.get(Host, moved[0].id).wave_id == w2.id

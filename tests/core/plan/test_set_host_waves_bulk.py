"""set_host_waves writes through Recorder.bulk_update: the audited old value is the stored one
(not the caller's), hosts already in the target wave are left alone, each host changed gets
one revision and one event."""

import json

from sqlmodel import select

from hmfield.core.audit.service import AuditService
from hmfield.core.model.audit import AuditEvent
from hmfield.core.model.inventory import Host
from hmfield.core.model.plan import Wave
from hmfield.core.plan.waves import set_host_waves


def test_set_host_waves_audits_stored_values_and_skips_no_ops(ctx):
    with ctx.write() as uow:
        w1 = uow.rec.create(Wave(name="W1", order=0)).id
        w2 = uow.rec.create(Wave(name="W2", order=1)).id
        a, b, c = uow.rec.bulk_create(Host, [{"name": n} for n in "abc"])
        uow.rec.bulk_update(Host, [(b, {"wave_id": (None, w1)}), (c, {"wave_id": (None, w2)})])
    with ctx.write() as uow:
        # the caller's "old" values are stale on purpose: the stored ones must be audited
        set_host_waves(
            uow,
            [
                (a, {"wave_id": ("stale", w2)}),
                (b, {"wave_id": (None, w2)}),
                (c, {"wave_id": (w1, w2)}),  # already in w2: no change, no event
                ("0" * 32, {"wave_id": (None, w2)}),  # not a host: ignored
            ],
        )
    with ctx.read() as s:
        hosts = {h.name: h for h in s.exec(select(Host))}
        events = list(
            s.exec(select(AuditEvent).where(AuditEvent.field == "wave_id").order_by(AuditEvent.seq))
        )
    assert {n: h.wave_id for n, h in hosts.items()} == {"a": w2, "b": w2, "c": w2}
    assert (hosts["a"].revision, hosts["b"].revision, hosts["c"].revision) == (2, 3, 2)
    last = [(e.entity_id, e.old_value, e.new_value) for e in events[2:]]
    assert sorted(last) == sorted([(a, None, json.dumps(w2)), (b, json.dumps(w1), json.dumps(w2))])
    assert AuditService(ctx).verify() is None

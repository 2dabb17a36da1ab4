"""The link's sharing, worked by hand: equal shares, a freed share goes to the others, a
capped tool leaves the rest, at most ``concurrency`` at once, none before its earliest."""

import pytest

from hmfield.core.plan.maths.link import LinkShare, makespan

SEC = 1 / 60  # minutes per second


def test_one_transfer_gets_the_whole_link():
    assert makespan([(1000.0, None)], 100.0, 8) == pytest.approx(10 * SEC)  # 1000 Mbit / 100


def test_a_freed_share_speeds_up_the_others():
    link = LinkShare(100.0, 8)
    link.add("big", 600.0)
    link.add("small", 300.0)
    spans = link.spans()
    # both at 50 Mbps: small ends at 6 s; big has 300 Mbit left, alone at 100 Mbps: 3 s more
    assert spans["small"] == (0.0, pytest.approx(6 * SEC))
    assert spans["big"] == (0.0, pytest.approx(9 * SEC))  # = 900 Mbit / 100 Mbps: link busy


def test_one_slot_runs_them_one_after_the_other():
    link = LinkShare(100.0, 1)
    link.add("a", 600.0)
    link.add("b", 300.0)
    spans = link.spans()
    assert spans["a"] == (0.0, pytest.approx(6 * SEC))
    assert spans["b"] == (pytest.approx(6 * SEC), pytest.approx(9 * SEC))


def test_a_capped_tool_leaves_the_rest_to_the_others():
    link = LinkShare(100.0, 8)
    link.add("dump", 200.0, cap_mbps=20.0)  # 20 Mbps: 10 s
    link.add("vm", 400.0)  # 80 Mbps while the dump runs: 400 / 80 = 5 s
    spans = link.spans()
    assert spans["vm"][1] == pytest.approx(5 * SEC)
    assert spans["dump"][1] == pytest.approx(10 * SEC)  # its cap, never more


def test_earliest_and_the_order_they_were_added():
    link = LinkShare(100.0, 8)
    assert link.add("early", 100.0) == 0.0  # ends at 1 s
    assert link.add("later", 100.0, earliest=2.0) == 2.0  # the link idles until minute 2
    assert link.add("next", 0.0) == 2.0  # never before the one added before it
    spans = link.spans()
    assert spans["later"] == (2.0, pytest.approx(2.0 + 1 * SEC))
    assert link.end_of(["early", "next"]) == 2.0  # ended before the look ahead: as recorded
    assert link.end_of(["early"]) == pytest.approx(1 * SEC)
    assert spans["next"] == (2.0, 2.0)  # nothing to move: ends as it starts


def test_look_ahead_does_not_change_the_schedule():
    link = LinkShare(100.0, 2)
    link.add("a", 600.0)
    assert link.end_of(["a"]) == pytest.approx(6 * SEC)
    link.add("b", 600.0)  # shares with a from 0: both end at 12 s
    spans = link.spans()
    assert spans["a"][1] == pytest.approx(12 * SEC) and spans["b"][1] == pytest.approx(12 * SEC)


def test_refuses_a_link_without_rate_and_a_key_twice():
    with pytest.raises(ValueError, match="above 0"):
        LinkShare(0.0, 8)
    link = LinkShare(10.0, 1)
    link.add("a", 1.0)
    with pytest.raises(ValueError, match="twice"):
        link.add("a", 1.0)


def test_makespan_without_caps_is_the_data_over_the_link():
    items = [(600.0, None), (300.0, None), (50.0, None)]
    link = LinkShare(100.0, 2)
    for i, (mbit, cap) in enumerate(items):
        link.add(i, mbit, 0.0, cap)
    simulated = max(end for _, end in link.spans().values())
    assert makespan(items, 100.0, 2) == pytest.approx(simulated) == pytest.approx(950 / 100 / 60)

"""Minutes in words: the plan check and the runbook cover print one figure (the bill sample's
W06 read "188.5 of 480 min needed" in the check and "189 min" on its runbook's cover)."""

from hmfield.core.plan.maths.notes import fmt_minutes
from hmfield.core.runbooks.titles import planned_length_text


def test_minutes_to_a_tenth_and_whole_minutes_bare():
    assert fmt_minutes(188.5) == "188.5"
    assert fmt_minutes(188.46) == "188.5"
    assert fmt_minutes(370.00000001) == "370"  # float noise never prints "370.0"
    assert fmt_minutes(1234) == "1,234"


def test_the_runbook_length_reads_as_the_check():
    assert planned_length_text(188.5, 0, 0.0, "zh") == "188.5 分钟"
    text = planned_length_text(370.0, 0, 109.5, "en")
    assert text.startswith("370 min: 260.5 min of cutover work + 109.5 min hold")

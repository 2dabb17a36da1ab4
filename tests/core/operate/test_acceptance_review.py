"""What the signer must review before signing (it does not block): hosts never checked in
the observation period, hosts without a check in its last hours, hosts whose latest check
needs attention; and the status texts a lead reads (hours since the end, a wrong clock)."""

from __future__ import annotations

from datetime import timedelta

from operate_world import CUTOVER_END, end_observation

from hmfield.core.operate.checks import CheckService
from hmfield.core.operate.periods import ObservationService
from hmfield.core.operate.signoff import SignoffService
from hmfield.core.operate.texts import rules, words


def _system_notes(ow, index=0):
    return SignoffService(ow.ctx).wave("W01")[1][index].note_texts(words("en"))


def _hosts(ow, system):
    return sorted(h.name for h in ow.base.hosts if h.business_system_id == system.id)


def test_unchecked_hosts_are_named_for_the_signer(ow, clock):
    system = ow.base.systems[0]
    hosts = _hosts(ow, system)
    notes = _system_notes(ow)
    assert notes == [f"Hosts with no check during the observation period ({len(hosts)}): "
                     + ", ".join(hosts)]  # fmt: skip
    checks = CheckService(ow.ctx)
    for name in hosts:
        checks.add(host=name, cpu_pct=20, business_result="pass")
    assert _system_notes(ow) == []
    end_observation(clock)  # every check is from day one: none in the last 24 h
    notes = _system_notes(ow)
    assert len(notes) == 1 and "no check in the period's last 24 h" in notes[0]
    assert rules().final_check_hours == 24


def test_a_late_check_clears_the_note_and_attention_is_named(ow, clock):
    system = ow.base.systems[0]
    hosts = _hosts(ow, system)
    window = ObservationService(ow.ctx).windows()[0]
    clock.set(window.end - timedelta(hours=3))
    checks = CheckService(ow.ctx)
    for name in hosts:
        checks.add(host=name, cpu_pct=95, business_result="pass")  # at the flavour's limit
    checks.add(system=system.name, business_result="pass")
    end_observation(clock)
    notes = _system_notes(ow)
    assert notes == [f"Hosts whose latest check needs attention ({len(hosts)}): "
                     + ", ".join(hosts)]  # fmt: skip
    row = SignoffService(ow.ctx).accept("王建国", system=system.name)  # notes do not block
    assert SignoffService(ow.ctx).notes_of(row, words("zh"))[0].startswith("最近一次检查需关注")


def test_status_says_hours_since_the_end_and_warns_of_a_clock_behind(ow):
    window = ObservationService(ow.ctx).windows()[0]
    w = words("en")
    assert window.status_text(window.end + timedelta(hours=5), w).endswith("ended 5 h ago")
    assert window.status_text(window.end + timedelta(days=2), w).endswith("ended 2 d ago")
    early = window.status_text(CUTOVER_END - timedelta(days=3), w)
    assert "clock is before the cutover's end" in early
    assert window.left_parts(CUTOVER_END - timedelta(days=3)) == (7, 0, 0)


def test_stability_report_prints_what_to_review(ow, clock, tmp_path):
    from hmfield.core.reports.catalogue import write_report
    from hmfield.core.reports.pdfcheck import pdf_text

    path = write_report(ow.ctx, "stability", tmp_path / "s.pdf", lang="zh", wave="W01")
    text = pdf_text(path).replace("\n", "")
    assert "签字前请复核" in text and "观察期内没有检查记录的主机" in text


def test_archived_refusal_names_the_time_in_the_project_zone(ow, tmp_path):
    import pytest

    from hmfield.core.errors import HmError
    from hmfield.core.operate.archive import ArchiveService
    from hmfield.core.operate.incidents import IncidentService

    ArchiveService(ow.ctx).archive(tmp_path / "out", [])
    with pytest.raises(HmError, match=r"archived on \d{4}-\d\d-\d\d \d\d:\d\d Asia/Shanghai"):
        IncidentService(ow.ctx).add("新问题", host=ow.base.hosts[0].name)

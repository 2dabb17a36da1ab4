"""The stop-business and business-resumed notices: generated from the wave (systems, window
in the project's zone with the zone named, impact, what users do, contacts), zh and en,
edited, approved by a named person (audited), plain text to copy and print."""

from __future__ import annotations

import pytest

from hmfield.core.audit.service import AuditService
from hmfield.core.errors import HmError
from hmfield.core.runbooks.notices import NoticeService


def test_stop_business_notice_is_generated_from_the_wave(world):
    notices = NoticeService(world.ctx)
    text = notices.draft(world.wave.id, "stop_business")
    zh, en = text["zh"], text["en"]
    # 22:00 UTC is 06:00 the next morning in Shanghai; the zone is named
    assert "2026-11-29 06:00 至 2026-11-29 10:00（Asia/Shanghai, UTC+08:00）" in zh
    assert "2026-11-29 06:00 to 2026-11-29 10:00 (Asia/Shanghai, UTC+08:00)" in en
    assert "核心系统1、核心系统2" in zh and "核心系统1, 核心系统2" in en
    assert "共 5 台主机" in zh and "(5 hosts)" in en
    assert "保存工作并退出" in zh and "Save your work" in en  # what users must do
    assert "王建国" in zh and "138 0000 1001" in en  # contacts with phones
    assert "赵丽" not in zh  # app users verify; they are not the contacts of the notice
    view = notices.get(world.wave.id, "stop_business")
    assert not view.saved and not view.approved
    assert notices.text(world.wave.id, "stop_business", "zh").endswith("草稿：尚未审核，请勿发布")


def test_edit_approve_and_edit_again_withdraws_the_approval(world):
    notices = NoticeService(world.ctx)
    wave, boss = world.wave.id, world.people["customer"]
    with pytest.raises(HmError, match="name of the person"):
        notices.approve(wave, "stop_business", "")
    approved = notices.approve(wave, "stop_business", boss)
    assert approved.approved and approved.approved_by == "王建国" and approved.saved
    text = notices.text(wave, "stop_business", "en")
    assert "Approved by 王建国" in text.splitlines()[-1] and "(Asia/Shanghai)" in text
    edited = notices.save(
        wave, "stop_business", text_zh=approved.text_zh + "\n另：请提前导出报表。"
    )
    assert edited.edited and not edited.approved and "提前导出报表" in edited.text_zh
    assert edited.text_en == approved.text_en
    with pytest.raises(HmError, match="cannot be empty"):
        notices.save(wave, "stop_business", text_en="  ")
    fresh = notices.regenerate(wave, "stop_business")
    assert "提前导出报表" not in fresh.text_zh and not fresh.edited
    events = AuditService(world.ctx).events(entity="notice")
    assert {"approved_by_id", "text_zh"} <= {e.field for e in events if e.field}
    with pytest.raises(HmError, match="unknown notice kind"):
        notices.get(wave, "party")


def test_business_resumed_notice_names_the_planned_time_until_it_happened(world):
    from hmfield.core.runbooks.service import RunbookService

    RunbookService(world.ctx).generate(world.wave.id)
    text = NoticeService(world.ctx).draft(world.wave.id, "business_resumed")
    assert "（计划）" in text["zh"] and "(planned)" in text["en"]
    assert "核心系统1" in text["zh"] and "clear the browser or DNS cache" in text["en"]


def test_a_wave_without_systems_says_whose_hosts(ctx):
    from runbooks_world import make_world

    w = make_world(ctx, hosts_per_system=())
    text = NoticeService(ctx).draft(w.wave.id, "stop_business")
    assert "第一批 的主机（无业务系统）" in text["zh"] and "(0 hosts)" in text["en"]

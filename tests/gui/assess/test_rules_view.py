"""The Rules tab of the Assess screen: every vendor fact with how it is checked, from the same
core function the plan appendix uses; the table model passes the model tester."""

from __future__ import annotations

from PySide6.QtCore import Qt

from hmfield.core.assess.coverage import coverage_rows, support_facts
from hmfield.core.assess.facts import current_ruleset
from hmfield.gui.models.record_model import ROW_ROLE


def _rules_tab(screen):
    tabs = screen.tabs
    index = tabs.indexOf(screen.rules)
    assert index >= 0 and tabs.tabText(index) == "Rules checked"
    tabs.setCurrentIndex(index)  # loaded when shown
    return screen.rules


def test_rules_tab_lists_every_fact_and_how_it_is_checked(open_screen, qtmodeltester):
    page = _rules_tab(open_screen("assess"))
    model = page.model
    assert model.rowCount() == len(support_facts()) == len(coverage_rows("en"))
    qtmodeltester.check(model)
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers[:3] == ["Section", "Fact", "Checked by"]
    by_id = {model.index(r, 0).data(ROW_ROLE).fact_id: r for r in range(model.rowCount())}
    how = {fid: model.index(r, 2).data() for fid, r in by_id.items()}
    assert how["agentless.esxi"] == "Rule"
    assert how["windows.vss_backup"] == "Only asked"
    assert how["agentless.sync_proxy"] == "Checklist"
    proxy = by_id["agentless.sync_proxy"]
    assert "Sync Proxy" in model.index(proxy, 5).data()  # the checklist item's title
    esxi = by_id["agentless.esxi"]
    assert "agentless.vmware" in model.index(esxi, 3).data()
    assert "vHost: ESX Version" in model.index(esxi, 6).data()
    counts = [int(s) for s in page.summary.text().split(":")[0].split() if s.isdigit()]
    assert counts == [model.rowCount()]
    assert current_ruleset().version in page.summary.text()


def test_rules_tab_follows_the_language(open_screen, hm_app, qtbot):
    from hmfield.gui.shell.app import language_manager

    page = _rules_tab(open_screen("assess"))
    language_manager(hm_app).set_language("zh_CN")
    try:

        def texts():
            return {page.model.index(r, 2).data() for r in range(page.model.rowCount())}

        qtbot.waitUntil(lambda: texts() == {"规则判定", "仅提问", "检查单"}, timeout=3000)
        assert page.model.headerData(0, Qt.Orientation.Horizontal) == "类别"
    finally:
        language_manager(hm_app).set_language("en")

"""The project's scenario (source access, target takeover) reads in the words of the one
table of enumeration words (model.labels): the new-project wizard and a stored code shown
anywhere (code_label) agree in Chinese and English. Words by hand."""

from hmfield.gui.common.labels import code_label

BY_HAND = {
    "zh_CN": (
        [("有代理（Agent）", "agent"), ("无代理（Agentless）", "agentless"), ("混合", "mixed")],
        [("自动化", "automated"), ("通用方式", "generic")],
    ),
    "en": (
        [("Agent", "agent"), ("Agentless", "agentless"), ("Mixed", "mixed")],
        [("Automated", "automated"), ("Generic", "generic")],
    ),
}


def _items(combo) -> list[tuple[str, str]]:
    return [(combo.itemText(i), combo.itemData(i)) for i in range(combo.count())]


def test_wizard_scenario_words_in_both_languages(hm_app, window, qtbot):
    from hmfield.gui.shell.app import language_manager
    from hmfield.gui.shell.new_project_wizard import NewProjectWizard

    wizard = NewProjectWizard(lambda current: None, window)
    qtbot.addWidget(wizard)
    page = wizard.scenario
    page.access.setCurrentIndex(page.access.findData("mixed"))
    try:
        for ui, (access, takeover) in BY_HAND.items():
            language_manager(hm_app).set_language(ui)
            page.retranslate()
            assert _items(page.access) == access
            assert _items(page.takeover) == takeover
            assert page.access.currentData() == "mixed"  # the choice survives the language
            assert code_label("mixed") == access[2][0]
            assert code_label("generic") == takeover[1][0]
    finally:
        language_manager(hm_app).set_language("en")

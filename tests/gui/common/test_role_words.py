"""A role reads the same on the screens, the printed runbook and the printed checklist: the
runbook screen once said "用户/客户" and "MSP" where the signed runbook said "客户" and
"迁移服务商" (three tables: Qt's, the runbook labels', the checklist labels')."""

from hmfield.core.model.enums import PersonRole
from hmfield.core.reports.checklist_pdf import checklist_labels, roles_text
from hmfield.core.reports.runbook_text import rlabels, role_text


def test_roles_read_alike_on_screen_runbook_and_checklist(hm_app):
    from hmfield.gui.common.labels import role_label, role_labels
    from hmfield.gui.shell.app import language_manager

    by_hand = {"zh": {"customer": "客户", "msp": "迁移服务商"}, "en": {"customer": "Customer"}}
    for ui, lang in (("zh_CN", "zh"), ("en", "en")):
        language_manager(hm_app).set_language(ui)
        screen = role_labels()
        for role in PersonRole:
            word = screen[role.value]
            assert word == role_label(role.value) == role_text(rlabels(lang), role.value)
            assert roles_text([role], checklist_labels(lang)) == word
            assert word != role.value or word == "OneProCloud"  # words, not codes
        for code, word in by_hand[lang].items():
            assert screen[code] == word
    language_manager(hm_app).set_language("en")

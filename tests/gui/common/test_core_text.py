"""Core messages reach the screens in the display language (resources/messages/core.yaml),
and Qt's own dialogs speak Chinese (qtbase_zh_CN from PySide6)."""

from __future__ import annotations

import re

import yaml
from PySide6.QtWidgets import QFileDialog, QLabel

from hmfield.gui.common.core_text import core_text
from hmfield.paths import resource_path


def test_unreadable_file_messages_in_chinese():
    text = (
        "bad.xlsx: the file contains binary data and is not a CSV inventory; check the file choice"
    )
    assert core_text(text, "zh") == "bad.xlsx：文件包含二进制数据，不是 CSV 清单；请检查所选文件"
    assert core_text(text, "en") == text
    located = "inv.xlsx, sheet vInfo, row 12: the sheet is empty (no header row found)"
    assert (
        core_text(located, "zh") == "inv.xlsx，工作表 vInfo，第 12 行：工作表是空的（找不到表头行）"
    )
    assert core_text("x.csv: cannot open the file (No such file)", "zh") == (
        "x.csv：无法打开文件（No such file）"
    )
    assert core_text("writing hosts", "zh") == "写入主机"
    # a reason inside a reason: the cell's own reason is translated too
    bad_cell = "rv.xlsx, sheet vInfo, row 256, column CPUs: not a number: 'lots'; value ignored"
    assert core_text(bad_cell, "zh") == (
        "rv.xlsx，工作表 vInfo，第 256 行，列 CPUs：不是数字：'lots'；该值已忽略"
    )
    size = "inv.csv, row 3, column Disk: not a size: 'big' (expected e.g. '40 GB'); value ignored"
    assert core_text(size, "zh").endswith("：不是容量：'big'（应为如 '40 GB' 的值）；该值已忽略")
    assert core_text("an unknown message", "zh") == "an unknown message"


def test_every_catalogue_entry_has_both_languages_and_the_same_placeholders():
    data = yaml.safe_load(resource_path("messages", "core.yaml").read_text(encoding="utf-8"))
    import re

    for entry in data["messages"]:
        assert entry["en"] and entry["zh"]
        assert set(re.findall(r"\{\w+\}", entry["en"])) == set(re.findall(r"\{\w+\}", entry["zh"]))


def test_unreadable_import_file_error_is_chinese(open_screen, fake_dialogs, tmp_path, hm_app):
    from hmfield.gui.shell.app import language_manager

    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"garbage\x00\x01\x02" * 50)
    screen = open_screen("inventory")
    language_manager(hm_app).set_language("zh_CN")
    try:
        seen = []
        from hmfield.gui.inventory.import_flow import ImportFlow

        flow = ImportFlow(screen.screen_ctx)
        flow.failed.connect(seen.append)
        flow.preview(bad)
        screen.screen_ctx.jobs.wait(30000)
        assert seen, "the import did not fail"
        assert "二进制" in seen[0] or "无法" in seen[0], seen[0]
        assert "binary" not in seen[0]
    finally:
        language_manager(hm_app).set_language("en")


def test_qt_file_dialog_speaks_chinese(hm_app, qtbot):
    from hmfield.gui.shell.app import language_manager

    language_manager(hm_app).set_language("zh_CN")
    try:
        dialog = QFileDialog()
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        qtbot.addWidget(dialog)
        texts = {w.text() for w in dialog.findChildren(QLabel)}
        assert any("查找范围" in t for t in texts), texts
    finally:
        language_manager(hm_app).set_language("en")


def test_every_note_of_the_real_fixtures_reads_in_chinese():
    """What the readers noted about real exports (skipped templates, OS columns that
    disagree, joins by VM ID, units...) reaches a Chinese screen in Chinese, with its names
    and counts kept."""
    import re
    from pathlib import Path

    from hmfield.core.inventory.formats.registry import parse_file

    fixtures = Path(__file__).resolve().parents[2] / "fixtures"
    files = sorted(
        p for p in fixtures.glob("*/*") if p.suffix in (".xlsx", ".csv") and p.parent.name != "seed"
    )
    assert len(files) >= 8
    seen = 0
    for path in files:
        for note in parse_file(path).notes:
            seen += 1
            zh = core_text(note, "zh")
            assert zh != note and re.search(r"[\u4e00-\u9fff]", zh), f"{path.name}: {note}"
            for number in re.findall(r"\b\d+\b", note):  # the counts are kept
                assert number in zh, (note, zh)
    assert seen >= 40  # the fixtures have notes of many kinds


def _progress_texts():
    """Every text the core hands a progress dialog: the third argument of a ``report`` call
    on anything named like a progress (``progress.report``, ``self._progress.report``),
    found in the source (a literal as it is, an f-string with "7" for each value)."""
    import ast
    from pathlib import Path

    import hmfield

    root = Path(hmfield.__file__).parent / "core"
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            if node.func.attr != "report" or "progress" not in ast.unparse(node.func).lower():
                continue
            if len(node.args) < 3:
                continue
            arg, where = node.args[2], f"{path.relative_to(root)}:{node.lineno}"
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                yield where, arg.value
            elif isinstance(arg, ast.JoinedStr):
                words = "".join(v.value if isinstance(v, ast.Constant) else "7" for v in arg.values)
                fixed = "".join(v.value for v in arg.values if isinstance(v, ast.Constant))
                if any(c.isalpha() for c in fixed):  # "vInfo: 7/7" has no words to translate
                    yield where, words


def test_every_progress_step_the_core_reports_reads_in_chinese():
    """A Chinese screen showed "Writing bundle", "Comparing audit trails", "page 3" and the
    format's English label in the progress dialog: every step is in the catalogue."""
    texts = list(_progress_texts())
    assert len(texts) > 20  # the scan finds the calls (import, bundle, report steps)
    untranslated = [(w, t) for w, t in texts if t and core_text(t, "zh") == t]
    assert untranslated == []
    assert core_text("page 3", "zh") == "第 3 页"
    assert core_text("reading rv.xlsx", "zh") == "读取 rv.xlsx"


def test_a_project_open_on_another_laptop_is_refused_in_chinese(window, fake_dialogs, tmp_path):
    """The refusal showed the core's English ("... is open by 王工 on ... close it there
    first") on a Chinese screen: it reads in Chinese, the names and times kept."""
    from hmfield.core.project.service import NewProject, create_project
    from hmfield.core.store.lock import locked
    from hmfield.gui.shell.app import language_manager

    path = tmp_path / "华东.hmfield"
    create_project(path, NewProject(name="华东")).store.close()
    language_manager(_app()).set_language("zh_CN")
    try:
        with locked(path, "王工", "e" * 32):
            assert window.open_project(path) is False
        title, text = fake_dialogs.errors[-1]
        assert text.startswith("华东.hmfield 已被 王工 在 "), text
        assert "请先在那台电脑上关闭" in text and "close it there" not in text
        assert re.search(r"自 20\d\d-\d\d-\d\d \d\d:\d\d UTC 起", text), text  # zone named
    finally:
        language_manager(_app()).set_language("en")


def _app():
    from PySide6.QtWidgets import QApplication

    return QApplication.instance()


def test_bundle_refusals_read_in_chinese(tmp_path):
    """What the sync screen shows for a bundle it cannot open (the real opener's messages)."""
    from hmfield.core.sync.bundle import BundleError, read_bundle

    empty = tmp_path / "空的.hmbundle"
    empty.write_bytes(b"")
    text = tmp_path / "note.hmbundle"
    text.write_text("not a bundle")
    seen = []
    for path in (empty, text, tmp_path / "gone.hmbundle"):
        try:
            read_bundle(path).close()
        except BundleError as exc:
            seen.append(core_text(str(exc), "zh"))
    assert seen == [
        f"{empty}：是空文件（0 字节）：复制没有完成",
        f"{text}：不是 hmfield 同步包（不是 zip 文件）",
        f"{tmp_path / 'gone.hmbundle'}：找不到该文件",
    ]
    member = "a b.hmbundle, member data/hosts.jsonl: does not match its SHA-256 in the manifest"
    assert core_text(member, "zh") == (
        "a b.hmbundle，成员 data/hosts.jsonl：与清单中的 SHA-256 不符"
    )
    assert core_text("C:\\My Files\\p.hmfield: read-only location; copy the project to a"
                     " writable folder to edit it", "zh") == (
        "C:\\My Files\\p.hmfield：只读位置；请把项目复制到可写的文件夹后再编辑"
    )  # fmt: skip


def test_a_location_without_a_file_is_translated_too():
    """A form's refusal names only the column ("column window_end: ..."): it read
    "column window_end：..." with the English location word kept."""
    from hmfield.core.errors import InputError

    msg = str(InputError("the sheet is empty (no header row found)", column="window_end"))
    assert msg == "column window_end: the sheet is empty (no header row found)"
    assert core_text(msg, "zh") == "列 window_end：工作表是空的（找不到表头行）"


def test_a_rule_file_problem_reads_in_chinese():
    """The rules loader names the rule before the reason ("rule X: ..."): the reason is
    translated inside it, as is the count of further problems."""
    msg = "custom.yaml: rule vmware.rdm: is not a JSON object (and 2 more problem(s))"
    assert core_text(msg, "zh") == "custom.yaml：规则 vmware.rdm：不是 JSON 对象（另有 2 个问题）"


def test_a_refused_plan_setting_is_named_as_the_form_names_it(ctx):
    """ "max gib per wave must be greater than 0" named a column, not the form's field."""
    import pytest

    from hmfield.core.errors import HmError
    from hmfield.core.plan.service import PlanningService

    with pytest.raises(HmError) as caught:
        PlanningService(ctx).update_settings(max_gib_per_wave=0)
    assert str(caught.value) == "Most GiB per wave must be greater than 0"
    assert core_text(str(caught.value), "zh") == "每批次最大容量（GiB）必须大于 0"

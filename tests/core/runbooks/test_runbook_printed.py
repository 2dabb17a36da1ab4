"""What the printed runbook (PDF and workbook) shows a cutover lead: every step kind and type
in words in both languages (never the "other" fallback), the gates' go/no-go criteria, the
rollback branch with its check questions, the escalation list, both notices, and who changed
each step's status and when."""

from __future__ import annotations

import re

import openpyxl
import pytest

from hmfield.core.reports.pdfcheck import pdf_text
from hmfield.core.reports.runbook_pdf import build_runbook_pdf, skip_reason_text, step_title
from hmfield.core.reports.runbook_text import minutes_text, rlabels, role_text
from hmfield.core.reports.runbook_xlsx import stream_word, type_word, write_runbook_xlsx
from hmfield.core.runbooks import StepType
from hmfield.core.runbooks.generate import _KINDS
from hmfield.core.runbooks.paper import runbook_paper
from hmfield.core.runbooks.runs import NOT_NEEDED, RunService
from hmfield.core.runbooks.service import RunbookService

STREAMS = {kind[0] for kind in _KINDS.values()} | {"rollback", "custom"}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_step_type_and_stream_has_its_own_word(lang):
    lab = rlabels(lang)
    other = lab["steptype_other"]
    for t in StepType:
        assert lab.get(f"steptype_{t.value}"), t
        assert type_word(lab, t.value) != other, t
        if t is not StepType.TASK:  # the mark printed before the title
            assert lab.get(f"type_{t.value}"), t
    for stream in STREAMS:
        assert lab.get(f"stream_{stream}"), stream
        assert stream_word(lab, stream) != other, stream


def test_every_generated_kind_prints_a_known_type_and_stream():
    for kind, (stream, executor, owner, step_type) in _KINDS.items():
        assert StepType(step_type) in StepType, kind
        assert stream in STREAMS, kind
        for lang in ("zh", "en"):
            lab = rlabels(lang)
            for role in (executor, owner):  # a word from the one role table, never the code
                assert role_text(lab, role) != role or role == "oneprocloud", kind


def test_screen_type_labels_cover_every_type():
    from hmfield.gui.models.runbook_models import type_labels

    assert set(type_labels()) == {t.value for t in StepType}


def test_minutes_never_print_as_long_floats():
    assert minutes_text(0.645184) == "0.6"
    assert minutes_text(152.71) == "153"
    assert minutes_text(10) == "10"
    assert minutes_text(4.88672) == "4.9"


def test_run_written_skip_reasons_print_in_the_documents_language():
    zh = rlabels("zh")
    assert skip_reason_text(NOT_NEEDED, zh) == zh["skip_not_needed"]
    assert "无需回退" in skip_reason_text(NOT_NEEDED, zh)
    assert skip_reason_text("rollback: 验证失败", zh) == "回退：验证失败"
    assert skip_reason_text("host gone", zh) == "host gone"


def _live_paper(world):
    runbook = RunbookService(world.ctx).generate(world.wave.id).runbook
    runs = RunService(world.ctx)
    run = runs.start(runbook.id, "live")
    runs.finish_step(run.id, "participants")
    return runbook_paper(world.ctx, world.wave, runs.get(run.id))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_printed_runbook_shows_criteria_branch_escalation_notices_and_who(world, tmp_path, lang):
    paper = _live_paper(world)
    out = build_runbook_pdf(tmp_path / f"rb_{lang}.pdf", paper, lang)
    text = re.sub(r"\s+", "", pdf_text(out))
    lab = rlabels(lang)

    def has(snippet: str) -> bool:
        return re.sub(r"\s+", "", snippet) in text

    gate = next(s for s in paper.steps if s.type == "gate")
    assert has(gate.criteria(lang)[:30])
    assert has(lab["rollback_branch"])
    for step in paper.rollback_branch:
        assert has(step.title(lang)[:12]), step.key
        assert has(lab("check_line", text=step.check(lang))[:12]), step.key
    assert has(lab("after_entry", minutes="10"))
    assert has(lab["escalation"]) and has(paper.escalation[0].when(lang)[:12])
    assert has(lab["notice_stop_business"]) and has(lab["notice_business_resumed"])
    assert len(paper.announcements) == 2
    for a in paper.announcements:
        assert has(a.lines(lang)[0])
    assert has(lab["closing_sign_off"])
    first = paper.steps[0]
    assert first.status_by and has(first.status_by)
    assert "steptype_" not in text and "stream_" not in text


def test_edited_step_says_who_changed_it(world, tmp_path):
    svc = RunbookService(world.ctx)
    view = svc.generate(world.wave.id)
    step = next(p.step for p in view.steps if p.step.key.startswith("stop"))
    svc.edit_step(step.id, planned_minutes=25)
    paper = runbook_paper(world.ctx, world.wave)
    edited = next(s for s in paper.steps if s.key == step.key)
    untouched = next(s for s in paper.steps if s.key != step.key)
    assert edited.changed_at is not None and edited.changed_by
    assert untouched.changed_at is None and not untouched.changed_by
    out = build_runbook_pdf(tmp_path / "rb.pdf", paper, "en")
    assert "Changed:" in pdf_text(out)
    assert step_title(edited, "en", rlabels("en"))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_workbook_has_branch_escalation_notices_signoff_and_who(world, tmp_path, lang):
    paper = _live_paper(world)
    plan = runbook_paper(world.ctx, world.wave)
    out = write_runbook_xlsx(tmp_path / f"rb_{lang}.xlsx", paper, lang, plan=plan)
    wb = openpyxl.load_workbook(out)
    lab = rlabels(lang)
    names = wb.sheetnames
    for sheet in ("sheet_runbook", "branch_rollback", "sheet_run", "sheet_escalation",
                  "sheet_notices"):  # fmt: skip
        assert lab[sheet][:31] in names, sheet
    ws = wb[lab["sheet_runbook"]]
    header = [c.value for c in ws[1]]
    for key in ("criteria", "status_by", "status_at", "stream"):
        assert any(h and h.startswith(lab[key]) for h in header), key
    cells = [str(c.value) for row in ws.iter_rows(min_row=3) for c in row if c.value]
    gate = next(s for s in paper.steps if s.type == "gate")
    assert any(gate.criteria(lang) in c for c in cells)
    assert any(paper.steps[0].status_by in c for c in cells)
    assert lab["steptype_other"] not in cells
    branch = wb[lab["branch_rollback"]]
    assert branch.max_row - 2 == len(paper.rollback_branch) == 10
    notices = [str(c.value) for row in wb[lab["sheet_notices"]].iter_rows(min_row=3) for c in row]
    assert any(paper.announcements[0].lines(lang)[0] in c for c in notices)

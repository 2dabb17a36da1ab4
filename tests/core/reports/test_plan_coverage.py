"""The plan PDF ends with the rule coverage appendix: title in the report language, one row per
vendor fact with how it is checked, the same counts as the Rules tab (one core function)."""

from __future__ import annotations

import re

import pytest
from report_samples import needs_poppler

from hmfield.core.assess.coverage import coverage_counts, coverage_rows
from hmfield.core.demo.build import write_demo
from hmfield.core.identity import load_identity
from hmfield.core.project.service import actor_for, open_project
from hmfield.core.reports.pdfcheck import pdf_page_texts
from hmfield.core.reports.plan.plan_report import write_plan_report

pytestmark = needs_poppler


@pytest.fixture(scope="module")
def demo_ctx(tmp_path_factory):
    path = tmp_path_factory.mktemp("plan") / "demo.hmfield"
    write_demo(path, hosts=12)
    ctx = open_project(path, readonly=True, actor=actor_for(load_identity()))
    yield ctx
    ctx.store.close()


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize(
    ("lang", "title", "how"),
    [
        ("zh", "附录：评估规则覆盖", ("规则判定", "仅提问", "检查单")),
        ("en", "Appendix: rule coverage", ("Rule", "Only asked", "Checklist")),
    ],
)
def test_plan_pdf_has_the_coverage_appendix(demo_ctx, tmp_path, lang, title, how):
    out = write_plan_report(demo_ctx, tmp_path / f"plan-{lang}.pdf", lang=lang)
    pages = pdf_page_texts(out)
    start = next(i for i, p in enumerate(pages) if title in p and ". . ." not in p)
    assert start > 3  # after the plan's four sections, not on the cover or contents
    appendix = _squash("".join(pages[start:]))
    assert any(title in p for p in pages[:3])  # listed in the contents
    rows = coverage_rows(lang)
    counts = coverage_counts(rows)
    summary = {"zh": f"共{len(rows)}条事实：规则判定{counts['rule']}条", "en": f"{len(rows)}facts:"}
    assert summary[lang] in appendix
    for row in rows:  # every fact, with the rules that implement it
        assert _squash(row.fact)[:20] in appendix, row.fact_id
        for rule in row.rules[:1]:
            assert _squash(rule) in appendix, (row.fact_id, rule)
    for word in how:
        assert _squash(word) in appendix
    assert "vHost:ESXVersion" in appendix  # the field a format reads
    assert "platform_version" not in appendix and "{" not in appendix

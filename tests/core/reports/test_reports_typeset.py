"""Chinese typesetting: no line starts with closing punctuation, no Latin word or number is
broken, every line fits; the one paragraph helper and table cells both use it."""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st
from report_samples import make_context
from reportlab.pdfbase.pdfmetrics import stringWidth

from hmfield.core.reports import build_pdf, data_table, para, widths_for
from hmfield.core.reports.fonts import register_fonts
from hmfield.core.reports.pdfcheck import pdf_page_texts
from hmfield.core.reports.typeset import CLOSING, OPENING, TextParagraph, break_lines

FONT = register_fonts()
WORDS = ["Red", "Hat", "Enterprise", "Linux", "7.9", "With", "conditions", "3,629.4", "GiB",
         "app-srv-001", "Windows", "Server", "2019", "object-storage"]  # fmt: skip
HAN = list("迁移主机操作系统支持条件共享磁盘模式割接窗口")
PUNCT = list("，。、；：？！）」』（「『")
LATIN_RUN = re.compile(r"[A-Za-z0-9][A-Za-z0-9.,\-]*[A-Za-z0-9]|[A-Za-z0-9]")

pieces = st.lists(
    st.one_of(
        st.sampled_from(WORDS).map(lambda w: f" {w} "),
        st.sampled_from(HAN),
        st.sampled_from(PUNCT),
    ),
    min_size=1,
    max_size=60,
)


def _check(text: str, width: float, size: float = 9.0) -> list[str]:
    lines = break_lines(text, FONT, size, width)
    for n, line in enumerate(lines):
        hanging = line.rstrip("".join(CLOSING) + " ")  # closing punctuation may hang
        assert stringWidth(hanging, FONT, size) <= width + 0.01, (line, width)
        if n and line:
            assert line[0] not in CLOSING, lines  # never a line starting with "，"
        if n + 1 < len(lines) and line and line[-1] in OPENING:
            # a line ends with "（" only when keeping it with the next word would break a word
            nxt = lines[n + 1].split(" ")[0]
            assert stringWidth(line + " " + nxt, FONT, size) > width, lines
    # nothing lost or added but the spaces at the breaks
    assert "".join(lines).replace(" ", "") == text.replace(" ", "").replace("\n", "")
    return lines


@settings(max_examples=200, deadline=None)
@given(pieces, st.sampled_from([60.0, 95.0, 140.0, 300.0]))
@example(["（", " object-storage ", "，"], 60.0)  # found by hypothesis: "，" was put alone
def test_lines_fit_and_never_start_with_closing_punctuation(parts, width):
    text = re.sub(" +", " ", "".join(parts)).strip()
    lines = _check(text, width)
    # every Latin word narrower than a line comes out whole, on one line
    for word in LATIN_RUN.findall(text):
        if stringWidth(word, FONT, 9.0) <= width - 12:
            assert any(word in line for line in lines), (word, lines)


def test_the_two_broken_examples_of_the_issue_stay_whole():
    text = "操作系统 Red Hat Enterprise Linux 7.9（64 位），支持性：With conditions，共享磁盘需改为非共享模式。"
    for width in (70.0, 90.0, 120.0, 160.0):
        lines = _check(text, width)
        joined = "\n".join(lines)
        assert "Enterprise" in joined and "Enterpri\n" not in joined
        assert "conditions" in joined.replace("\n", " ").split() or "conditions，" in joined
        assert not any(line.startswith(("，", "。", "）")) for line in lines)


def test_only_a_word_wider_than_the_line_is_cut_and_after_a_slash_first():
    url = "https://docs.oneprocloud.com/zh/product-overview/presales/dr-network-planning.html"
    lines = _check(url, 110.0)
    assert len(lines) > 1 and lines[0].endswith(("/", ".", "-"))


def test_para_is_the_typeset_paragraph_and_its_pdf_lines_follow_the_rules(tmp_path):
    text = "，".join(["主机 Red Hat Enterprise Linux 7.9 有条件支持 With conditions"] * 12) + "。"
    p = para(text)
    assert isinstance(p, TextParagraph)
    ctx = make_context()
    out = build_pdf(
        tmp_path / "p.pdf", ctx, [p, data_table(["a", "b"], [["x", text]], widths_for([1, 2]))]
    )
    body = [ln.strip() for ln in pdf_page_texts(out)[0].splitlines() if ln.strip()]
    assert not any(ln[0] in CLOSING for ln in body), body
    for ln in body:
        for bad in ("Enterpri", "conditi", "Linu"):
            for word in ln.split():
                assert not (word.endswith(bad) or word.startswith(bad[len(bad) // 2 :] + " ")), ln


def test_table_cells_are_broken_by_the_same_rules():
    text = "有条件支持：Red Hat Enterprise Linux 7.9，共享磁盘需改为非共享模式，然后再同步。"
    t = data_table(["说明"], [[text]], [80])
    cell = t.rows[0][0]
    assert cell.split("\n") == break_lines(text, FONT, 8.0, 80 - 6)
    assert not any(line.startswith("，") for line in cell.split("\n"))

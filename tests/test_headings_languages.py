"""Reference-list headings in the languages our users write in open the reference section."""

from __future__ import annotations

import pytest

from citeaudit.ingest.markdown import read_markdown_string

ENTRIES = (
    "Alpha, A. (2020). A first title about things. Journal of Tests, 1(2), 3-4.\n\n"
    "Beta, B. (2019). A second title about things. Journal of Tests, 5(6), 7-8.\n"
)


@pytest.mark.parametrize(
    "heading",
    [
        pytest.param("# DAFTAR PUSTAKA", id="indonesian-hash"),
        pytest.param("DAFTAR PUSTAKA", id="indonesian-caps-line"),
        pytest.param("## Kaynakça", id="turkish"),
        pytest.param("## Literatura", id="polish"),
        pytest.param("## Referenser", id="swedish"),
        pytest.param("## Список литературы", id="russian"),
        pytest.param("## 参考文献", id="chinese-japanese"),
        pytest.param("**Références**", id="french-bold"),
    ],
)
def test_heading_opens_reference_list(heading: str) -> None:
    text = f"# Intro\n\nAs Alpha (2020) and Beta (2019) showed.\n\n{heading}\n\n{ENTRIES}"
    manuscript = read_markdown_string(text, "paper.md")
    assert manuscript.references is not None
    section = manuscript.text[manuscript.references.start : manuscript.references.end]
    assert section.lstrip().startswith("Alpha, A. (2020)")
    assert "Beta, B. (2019)" in section

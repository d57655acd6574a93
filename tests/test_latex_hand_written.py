"""A LaTeX manuscript without BibTeX: the list typed under a "References" heading, the text
citing it in words, read as a Markdown manuscript's would be."""

from __future__ import annotations

import pytest

from citeaudit.ingest.latex import read_latex_string
from citeaudit.pipeline import audit

ENTRIES = (
    "Botzen, W. J. W., \\& van den Bergh, J. C. J. M. (2012). Risk attitudes to low-probability climate change risks. "
    "\\textit{Ecological Economics}, 74, 5--15.\n\n"
    "Kousky, C. (2017). Financing flood losses. \\textit{Risk Analysis}, 38(3), 1--17.\n\n"
    "Kunreuther, H. (2006). Disaster mitigation and insurance. \\textit{Journal of Economic Perspectives}, 20(2), 1--20.\n"
)
BODY = "Floods are costly (Kunreuther, 2006; Botzen \\& van den Bergh, 2012). As Kousky (2017) notes, insurance helps.\n\n"


def _doc(heading: str, entries: str = ENTRIES, body: str = BODY) -> str:
    return f"\\documentclass{{article}}\n\\begin{{document}}\n\\section{{Introduction}}\n{body}{heading}\n{entries}\\end{{document}}\n"


@pytest.mark.parametrize(
    ("source", "references", "citations", "codes"),
    [
        pytest.param(_doc("\\section*{References}"), 3, 3, [], id="section-star"),
        pytest.param(_doc("\\chapter{Bibliography}"), 3, 3, [], id="chapter"),
        pytest.param(_doc("\\noindent\\textbf{References}\n"), 3, 3, [], id="bold-line"),
        pytest.param(_doc("{\\bf Literatur}\n"), 3, 3, [], id="bf-group-german"),
        pytest.param(
            _doc("\\section*{References}", entries=ENTRIES.split("\n\n", 1)[1]), 2, 3, ["citation-unmatched"], id="a-cited-work-missing"
        ),
        pytest.param(
            _doc("", entries="References are given in the appendix, as usual.\n\n"), 0, 3, ["reference-list-missing"], id="the-word-in-prose-is-no-heading"
        ),
        pytest.param(
            _doc("\\section*{References}", entries=ENTRIES + "\n\\appendix\n\\section{Survey instrument}\nWe asked respondents (Kousky, 2017) about floods.\n"),
            3, 3, [], id="appendix-after-the-list-is-no-entry",
        ),
    ],
)
def test_hand_written_list(source, references, citations, codes):
    report = audit(read_latex_string(source, "paper.tex"))
    assert len(report.references) == references
    assert len(report.citations) == citations
    assert sorted({f.code for f in report.findings if f.severity.value in ("error", "warning")}) == codes

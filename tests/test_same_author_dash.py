"""A dash that stands for the previous entry's authors ("———. 1999.") is those authors: the
entry is cited by their names (Chicago, MLA, biblatex authoryear)."""

from __future__ import annotations

import pytest

from citeaudit.pipeline import audit_text


@pytest.mark.parametrize(
    ("second", "cited", "authors"),
    [
        pytest.param("———. 1999. Aliasing again. Journal of Things 3: 1–2.", "(Landi and Ryder 1999)", ["Landi", "Ryder"], id="chicago-three-em-dashes"),
        pytest.param("— (1999). Aliasing again. Journal of Things, 3, 1–2.", "(Landi & Ryder, 1999)", ["Landi", "Ryder"], id="biblatex-one-dash"),
        pytest.param("---, 1999. Aliasing again. Journal of Things 3, 1-2.", "(Landi and Ryder 1999)", ["Landi", "Ryder"], id="hyphens"),
        pytest.param("———, and Jane Roe. 1999. Aliasing again. Journal of Things 3: 1–2.", "(Landi and Roe 1999)", ["Landi", "Roe"], id="first-author-and-another"),
    ],
)
def test_dash_repeats_the_previous_authors(second, cited, authors):
    text = (
        f"# Text\n\nAliasing is hard (Landi and Ryder 1992). Again {cited}.\n\n# References\n\n"
        "Landi, William, and Barbara G. Ryder. 1992. A safe approximate algorithm. Journal of Things 2: 3–4.\n\n"
        f"{second}\n"
    )
    report = audit_text(text, "paper.md")
    assert [n.get("family") for n in report.references[1].csl["author"]] == authors
    assert [f.code for f in report.findings if f.severity.value in ("error", "warning")] == []

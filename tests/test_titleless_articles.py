"""Chemistry and physics styles (RSC, ACS, APS) cite journal articles without their titles:
such an entry is parsed and complete, not "could not be parsed (no title found)"."""

from __future__ import annotations

import pytest

from citeaudit.ingest import read_markdown_string
from citeaudit.pipeline import audit

RSC = [
    "J. R. Long and O. M. Yaghi, Chem. Soc. Rev., 2009, 38, 1213–1214.",
    "S. Kitagawa, R. Kitaura and S. Noro, Angew. Chem., Int. Ed., 2004, 43, 2334–2375.",
    "A. K. Cheetham, G. Férey and T. Loiseau, Angew. Chem., Int. Ed., 1999, 38, 3268–3292.",
]
APA_WITH_ONE_TITLELESS = [
    "Long, J. R., & Yaghi, O. M. (2009). The pervasive chemistry of metal-organic frameworks. Chemical Society Reviews, 38(5), 1213-1214.",
    "Kitagawa, S., Kitaura, R., & Noro, S. (2004). Functional porous coordination polymers. Angewandte Chemie, 43(18), 2334-2375.",
    "Cheetham, A. K., Férey, G., & Loiseau, T. (1999). Angewandte Chemie, 38(22), 3268-3292.",
]


def _findings(entries: list[str]) -> list[tuple[str, str, str]]:
    body = "Frameworks are porous [1-3].\n\n# References\n\n" + "\n".join(f"{i}. {e}" for i, e in enumerate(entries, 1)) + "\n"
    report = audit(read_markdown_string(body, "m.md"))
    return [(f.code, f.severity.value, f.message) for f in report.findings if f.code.startswith("reference-")]


@pytest.mark.parametrize(
    ("entries", "expected"),
    [
        pytest.param(RSC, [], id="rsc-list-titleless-by-style"),
        pytest.param(
            APA_WITH_ONE_TITLELESS,
            [("reference-incomplete", "info", "entry 3 (article journal) has no title (chemistry and physics styles cite an article without its title)")],
            id="one-titleless-entry-in-a-titled-list-is-info",
        ),
        pytest.param(
            ["J. R. Long and O. M. Yaghi, 2009.", *RSC[1:]],
            [("reference-unparsed", "warning", "entry 1 could not be parsed (no title found)")],
            id="names-and-year-alone-still-unparsed",
        ),
    ],
)
def test_titleless_journal_articles(entries, expected):
    assert _findings(entries) == expected

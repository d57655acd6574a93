"""Numeric citations in the forms real papers print them (issue 10, real LaTeX papers as PDF).

IEEE cites a part of a work with a locator inside the brackets, "[3, p. 12]", "[24, § 5.1.2]":
those were no citations, and their entries "never cited".  natbib's superscripts beside
"Chen et al. (2017)" (which names the work it cites by number) made a numbered list read as
author-year.  Every snippet is synthetic.
"""

from __future__ import annotations

import pytest

from citeaudit.pipeline import audit_text, is_numeric_style


def _entries(count: int) -> str:
    return "\n\n".join(
        f"[{n}] A. Kowalczyk, \u201cCoastal title {n},\u201d *J. Tests*, vol. 1, pp. 1\u20139, {2000 + n}." for n in range(1, count + 1)
    )


@pytest.mark.parametrize(
    ("sentence", "cited"),
    [
        ("As in [1], [2] and [3, p. 12].", [1, 2, 3]),
        ("See [1, Sec. 5], [2, § 5.1.2] and [3, pp. 3\u20135].", [1, 2, 3]),
        ("See [1, Ch. 4], [2, Fig. 3] and [3, Eq. (7)].", [1, 2, 3]),
        ("Both [1, 3] and [2]: a list, no locator.", [1, 3, 2]),
        ("See [1], [2] and [3, the appendix].", [1, 2]),  # not a locator's abbreviation: not read
    ],
    ids=["page", "section-and-paragraph-sign", "chapter-figure-equation", "two-numbers", "free-text-not-read"],
)
def test_bracketed_numbers_with_a_locator_cite(sentence: str, cited: list[int]) -> None:
    report = audit_text(f"# Paper\n\n{sentence}\n\n# References\n\n{_entries(3)}\n")
    assert [c.number for c in report.citations] == cited
    assert all(f.code == "reference-uncited" for f in report.findings)
    assert len(report.findings) == 3 - len(set(cited))


@pytest.mark.parametrize(
    ("labelled", "total", "numbers", "author_year", "raised", "numeric"),
    [
        (69, 69, 2, 10, 60, True),  # natbib super beside "Chen et al. (2017)": numeric
        (69, 69, 2, 10, 0, False),  # a blog's numbered list under author-year prose stays author-year
        (10, 10, 0, 12, 2, False),  # two raised numbers (notes) beside twelve author-year citations
        (0, 10, 0, 2, 30, False),  # an unnumbered list: raised numbers may be notes' calls, not evidence
    ],
)
def test_raised_numbers_are_evidence_beside_a_numbered_list(labelled, total, numbers, author_year, raised, numeric):
    assert is_numeric_style(labelled, total, numbers, author_year, raised) is numeric


def test_superscript_text_with_narrative_names_reads_as_numeric() -> None:
    body = " ".join(f"Chen et al. ({2000 + n}) showed it<sup>{n}</sup>." for n in range(1, 6))
    report = audit_text(f"# Paper\n\n{body}\n\n# References\n\n{_entries(5)}\n")
    assert report.provenance["citation_style"] == "numeric"
    assert sorted({c.number for c in report.citations if c.number}) == [1, 2, 3, 4, 5]
    assert [f.code for f in report.findings if f.code == "reference-uncited"] == []


@pytest.mark.parametrize(
    ("note", "cited"),
    [
        ("As shown in [3], this holds.", [1, 2, 3]),
        ("See [3, p. 4] on this.", [1, 2, 3]),
        ("Counted twice (1) and (2); raised 10<sup>3</sup>.", [1, 2]),  # a note cites by "[N]" only
    ],
    ids=["bracket-in-a-note", "locator-in-a-note", "no-parentheses-or-powers-in-a-note"],
)
def test_numeric_citations_in_notes_laid_out_after_the_text(note: str, cited: list[int]) -> None:
    report = audit_text(f"# Paper\n\nWe cite [1] and [2] here.[^1]\n\n[^1]: {note}\n\n# References\n\n{_entries(3)}\n")
    assert [c.number for c in report.citations] == cited
    assert len([f for f in report.findings if f.code == "reference-uncited"]) == 3 - len(cited)

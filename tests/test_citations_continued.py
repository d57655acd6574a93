"""A bare year after ';' inside an author-year group continues the authors before it."""

from __future__ import annotations

import pytest

from citeaudit.citations.extract import extract
from citeaudit.ingest import read_markdown_string


def cited(text: str) -> list[tuple[tuple[str, ...], str, str, str]]:
    manuscript = read_markdown_string(f"Intro. {text} more.\n")
    return [(c.authors, c.year, c.suffix, manuscript.text[c.span.start : c.span.end]) for c in extract(manuscript).citations]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "(Smith, 2001; 2004)",
            [(("Smith",), "2001", "", "Smith, 2001"), (("Smith",), "2004", "", "2004")],
            id="semicolon-year",
        ),
        pytest.param(
            "(Smith, 2001, 2004a)",
            [(("Smith",), "2001", "", "Smith, 2001, 2004a"), (("Smith",), "2004", "a", "Smith, 2001, 2004a")],
            id="comma-years",
        ),
        pytest.param(
            "(Smith 2001; Jones 2003; 2005)",
            [(("Smith",), "2001", "", "Smith 2001"), (("Jones",), "2003", "", "Jones 2003"), (("Jones",), "2005", "", "2005")],
            id="continues-the-last-authors",
        ),
        pytest.param(
            "(Nilsson et al., 1997; 2004)",
            [(("Nilsson",), "1997", "", "Nilsson et al., 1997"), (("Nilsson",), "2004", "", "2004")],
            id="et-al",
        ),
        pytest.param(
            "(Norton et al., 2009; 2011; Johansson et al., 2010)",
            [(("Norton",), "2009", "", "Norton et al., 2009"), (("Norton",), "2011", "", "2011"),
             (("Johansson",), "2010", "", "Johansson et al., 2010")],
            id="inside-a-longer-group",
        ),
        pytest.param(
            "(Smith, 2001; 2004; 2006b)",
            [(("Smith",), "2001", "", "Smith, 2001"), (("Smith",), "2004", "", "2004"), (("Smith",), "2006", "b", "2006b")],
            id="two-continuations",
        ),
        pytest.param(
            "(Smith, 2001; 2004, p. 7)",
            [(("Smith",), "2001", "", "Smith, 2001"), (("Smith",), "2004", "", "2004, p. 7")],
            id="continuation-with-locator",
        ),
        pytest.param(
            "Nilsson et al. (1997; 2004) found",
            [(("Nilsson",), "1997", "", "Nilsson et al. (1997; 2004)"), (("Nilsson",), "2004", "", "Nilsson et al. (1997; 2004)")],
            id="narrative",
        ),
    ],
)
def test_bare_year_continues_the_authors(text, expected):
    assert cited(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A count or a measure, not a year.
        pytest.param("(n = 12; 2004 patients)", [], id="count"),
        pytest.param("(MMSE; 2004)", [], id="after-an-abbreviation"),
        pytest.param("(1997; 2004)", [], id="years-alone"),
        # After a page locator the number is left alone: a page list may go on after ';'.
        pytest.param("(Smith, 2001, p. 4; 2004)", [(("Smith",), "2001", "", "Smith, 2001, p. 4")], id="after-a-locator"),
        # Words after the year end the citation: what follows is not the same authors' work.
        pytest.param(
            "(Smith, 2001 for a review; 2004)", [(("Smith",), "2001", "", "Smith, 2001 for a review")], id="after-trailing-words"
        ),
        pytest.param("(Table 2; 2004)", [], id="after-a-table"),
    ],
)
def test_bare_year_left_alone(text, expected):
    assert cited(text) == expected

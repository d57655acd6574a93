"""match_citations, table-driven: one citation (or a few) against a small reference list."""

from __future__ import annotations

import pytest

from citeaudit.match import cite_as, covers, match_citations
from citeaudit.model import Citation, CitationKind, Location, Reference, Span

HERE = Location(1, 1)


def ref(index: int, *names: str, year: str = "2005", suffix: str = "", title: str = "A title", key: str = "") -> Reference:
    """An entry with the given authors: "Family" for a person, "=Literal" for an organisation."""
    authors = [{"literal": n[1:]} if n.startswith("=") else {"family": n, "given": "A."} for n in names]
    issued = {"date-parts": [[int(year)]]} if year.isdigit() else {"literal": year}
    if suffix:
        issued["year-suffix"] = suffix
    csl = {"type": "article-journal", "author": authors, "issued": issued, "title": title}
    return Reference(index=index, raw=f"{names} {year}", span=Span(0, 1), location=HERE, csl=csl, key=key)


def cite(*authors: str, year: str | None = "2005", et_al: bool = False, suffix: str = "", start: int = 0) -> Citation:
    return Citation(
        CitationKind.PARENTHETICAL, f"({authors[0]}, {year})", Span(start, start + 10), HERE,
        authors=authors, et_al=et_al, year=year, suffix=suffix,
    )


def key_cite(key: str, start: int = 0) -> Citation:
    return Citation(CitationKind.LATEX, f"@{key}", Span(start, start + 5), HERE, key=key)


AUTHOR_YEAR = [
    pytest.param(cite("Kowalczyk"), [ref(1, "Kowalczyk"), ref(2, "Kowalczyk-Dubois")], "matched", (1,), id="prefix-surname-is-another-person"),
    pytest.param(cite("Kowalczyk"), [ref(1, "Kowalczyk"), ref(2, "Kowalczykdubois")], "matched", (1,), id="glued-surname-is-another-person"),
    pytest.param(cite("Kowalczyk-Dubois"), [ref(1, "Kowalczyk"), ref(2, "Kowalczyk-Dubois")], "matched", (2,), id="hyphenated-cited-in-full"),
    pytest.param(cite("World Bank"), [ref(1, "=The World Bank")], "matched", (1,), id="organisation-shorter-form"),
    pytest.param(cite("Guardian"), [ref(1, "=The Guardian")], "matched", (1,), id="organisation-without-article"),
    pytest.param(cite("World Bank"), [ref(1, "=World Bank"), ref(2, "=The World Bank Group")], "matched", (1,), id="exact-beats-shorter-form"),
    pytest.param(cite("Mueller"), [ref(1, "Müller")], "matched", (1,), id="transliteration"),
    pytest.param(cite("Berg"), [ref(1, "van der Berg")], "matched", (1,), id="particle"),
    pytest.param(cite("Tobin", et_al=True), [ref(1, "Tobin", "Fong", "=et al.")], "matched", (1,), id="et-al-in-list-two-shown"),
    pytest.param(cite("Tobin", "Fong", "Ray", "Zaremba"), [ref(1, "Tobin", "Fong", "=et al.")], "matched", (1,), id="four-named-list-cut-after-two"),
    pytest.param(cite("Sadeghi", et_al=True), [ref(1, "Sadeghi", "Levine")], "author-count", (1,), id="et-al-for-two-is-linked-and-noted"),
    pytest.param(cite("Ruiz"), [ref(1, "Ruiz", "Kar", "Vo")], "name-mismatch", (1,), id="one-name-for-three-authors"),
    pytest.param(cite("Haddad"), [ref(1, "Haddad", suffix="a"), ref(2, "Haddad", suffix="b")], "ambiguous", (1, 2), id="needs-year-letter"),
    pytest.param(cite("Ziegler", year="1995"), [ref(1, "Ziegler", year="1993")], "year-mismatch", (1,), id="year-typo"),
    pytest.param(cite("Zeigler"), [ref(1, "Ziegler")], "name-mismatch", (1,), id="spelling"),
    pytest.param(cite("Qimao", year="1991"), [ref(1, "Ziegler", year="1993")], "unmatched", (), id="not-listed"),
    pytest.param(cite("Allmann", et_al=True), [ref(1, "Allmann", "Baldwin"), ref(2, "Allmann", "Baldwin", "Cole")], "matched", (2,), id="et-al-means-three-or-more"),
]


@pytest.mark.parametrize(("citation", "references", "status", "targets"), AUTHOR_YEAR)
def test_author_year(citation, references, status, targets):
    (match,) = match_citations([citation], references).matches
    assert (match.status, match.targets) == (status, targets)


KEYS = [
    pytest.param("smith2020", "matched", (1,), None, id="exact"),
    pytest.param("Smith2020", "case-mismatch", (1,), "the bibliography's key is smith2020", id="case-only"),
    pytest.param("smith2021", "unmatched", (), "did you mean smith2020?", id="near-key-suggested"),
    pytest.param("zzz", "unmatched", (), None, id="nothing-near"),
]


@pytest.mark.parametrize(("key", "status", "targets", "suggestion"), KEYS)
def test_keys(key, status, targets, suggestion):
    references = [ref(1, "Smith", key="smith2020"), ref(2, "Jones", key="jones1999")]
    result = match_citations([key_cite(key)], references)
    (match,) = result.matches
    assert (match.status, match.targets, match.suggestion) == (status, targets, suggestion)
    assert (2 in result.uncited) and ((1 in result.uncited) == (not targets))


def test_nocite_star_cites_everything():
    result = match_citations([key_cite("*")], [ref(1, "A", key="a"), ref(2, "B", key="b")])
    assert result.uncited == ()


def test_a_misread_citation_is_settled_by_the_link_stored_on_it():
    # "(described in Schuman et al., 2014)" read as the author "described in Schuman"; the <xref> says entry 1.
    found = cite("described in Schuman", et_al=True, year="2014", start=0)
    stored = key_cite("b1", start=3)
    references = [ref(1, "Schuman", "Baldwin", "Cole", year="2014", key="b1")]
    result = match_citations([found], references, [stored])
    assert [(m.status, m.targets) for m in result.matches] == [("matched", (1,))]
    assert result.uncited == ()
    (link,) = result.stored
    assert (link.status, link.targets, link.covered_by) == ("matched", (1,), (0,))


def test_a_citation_that_matched_keeps_its_own_disagreement():
    found = cite("Schuman", et_al=True, year="2015", start=0)
    stored = key_cite("b1", start=3)
    references = [ref(1, "Schuman", "Baldwin", "Cole", year="2014", key="b1")]
    (match,) = match_citations([found], references, [stored]).matches
    assert match.status == "year-mismatch"


@pytest.mark.parametrize(
    ("found", "stored", "expected"),
    [
        pytest.param(Span(0, 5), Span(3, 8), True, id="overlap"),
        pytest.param(Span(0, 5), Span(5, 8), False, id="touching"),
        pytest.param(Span(0, 5), Span(5, 5), True, id="empty-at-end"),
        pytest.param(Span(0, 5), Span(6, 6), False, id="empty-outside"),
    ],
)
def test_covers(found, stored, expected):
    assert covers(found, stored) is expected


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        pytest.param(("Tobin",), "Tobin (2005)", id="one"),
        pytest.param(("Tobin", "Fong"), "Tobin & Fong (2005)", id="two"),
        pytest.param(("Tobin", "Fong", "Ray"), "Tobin et al. (2005)", id="three"),
        pytest.param(("Ruiz", "=et al."), "Ruiz et al. (2005)", id="list-cut-after-one"),
    ],
)
def test_cite_as(names, expected):
    assert cite_as(ref(1, *names)) == expected

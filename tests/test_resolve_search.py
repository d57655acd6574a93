"""Search-based matching with validation: the query, the thresholds, the evidence."""

from __future__ import annotations

import pytest

from citeaudit.resolve.records import work_record
from citeaudit.resolve.search import SearchPolicy, choose, evidence, query_text, searchable

MOLTZ = {
    "DOI": "10.2307/2645778",
    "title": ["Russia in Asia in 1996: Renewed Engagement"],
    "author": [{"family": "Moltz", "given": "James Clay"}],
    "issued": {"date-parts": [[1997, 1]]},
    "container-title": ["Asian Survey"],
    "volume": "37",
    "issue": "1",
    "page": "88-94",
}
RAW = "Moltz, J. C. (1997). Russia in Asia in 1996: Renewed Engagement. *Asian Survey*, *37*(1), 88–94."


def candidate(score, **changes):
    return work_record({**MOLTZ, "score": score, **changes})


def test_query_text_drops_dois_urls_and_markup():
    assert query_text("A. (2001). <i>T</i>. *J*, 3. https://doi.org/10.1/x doi:10.2/y") == "A. (2001). T . J , 3."


@pytest.mark.parametrize(("raw", "expected"), [("Ibid.", False), ("Op. cit. 3", False), (RAW, True)])
def test_searchable(raw, expected):
    assert searchable(raw) is expected


def test_evidence_from_the_raw_string_alone():
    found = evidence({}, RAW, candidate(70))
    assert found == {"title": 1.0, "first author": 1.0, "year": 1.0, "volume": 1.0, "first page": 1.0}


def test_year_off_by_one_counts_half():
    assert evidence({}, RAW.replace("1997", "1998"), candidate(70))["year"] == 0.5


def test_the_right_candidate_is_chosen_with_its_evidence():
    query = query_text(RAW)
    wrong = candidate(60, DOI="10.1/other", title=["Something else entirely"], author=[{"family": "Akaha"}], volume="36", page="100-108")
    chosen, best = choose({}, RAW, [wrong, candidate(70)], query, SearchPolicy())
    assert chosen is best and chosen.record.doi == "10.2307/2645778"
    assert chosen.confidence == 1.0
    assert chosen.normalized_score == pytest.approx(70 / len(query), abs=0.001)


def test_a_low_relevance_score_is_not_accepted():
    query = query_text(RAW)
    chosen, best = choose({}, RAW, [candidate(0.2 * len(query))], query, SearchPolicy())
    assert chosen is None and best is not None


def test_a_relevant_but_invalid_candidate_is_not_accepted():
    query = query_text(RAW)
    other = candidate(90, title=["Russia in Asia in 1996: Renewed Engagement"], author=[{"family": "Smith"}], issued={"date-parts": [[2010]]}, volume="12", page="1-5")
    chosen, best = choose({}, RAW, [other], query, SearchPolicy())
    assert chosen is None
    assert best.confidence < SearchPolicy().min_confidence


def test_a_bibtex_entry_is_searched_by_its_fields_not_its_markup():
    from citeaudit.model import Location, Reference, Span
    from citeaudit.resolve.resolver import plan_lookup

    reference = Reference(
        index=1,
        raw="@article{ziegler1993, author = {Ziegler, Charles E.}, title = {Foreign policy and East Asia}}",
        span=Span(0, 10),
        location=Location(1, 1),
        csl={"type": "article-journal", "author": [{"family": "Ziegler", "given": "C. E."}], "title": "Foreign policy and East Asia",
             "container-title": "Asian Survey", "issued": {"date-parts": [[1993]]}},
    )
    plan = plan_lookup(reference)
    assert plan.query == "Ziegler Foreign policy and East Asia Asian Survey 1993"
    assert "@" not in plan.query and "{" not in plan.query

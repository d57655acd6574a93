"""A record verifies an entry only on enough agreeing evidence (issue 12): synthetic records
shaped like Crossref's (a figure "component", a journal issue, a title without authors)."""

from __future__ import annotations

import pytest

from citeaudit.checks import CHECKS, run_checks
from citeaudit.checks.base import Context
from citeaudit.config import Config
from citeaudit.match import MatchResult
from citeaudit.model import FieldComparison, Location, Manuscript, Reference, Severity, Span
from citeaudit.resolve import FakeSource
from citeaudit.resolve.compare import MISMATCH, OTHER_WORK, UNCOMPARED, VERIFIED, compare_fields, weigh
from citeaudit.resolve.records import work_record
from citeaudit.resolve.resolver import CrossrefResolver

# Synthetic records, written for these tests in the shapes Crossref gives.
COMPONENT = {  # a figure: a DOI, a type, a date, nothing else
    "DOI": "10.5555/example.0001.g001", "type": "component", "issued": {"date-parts": [[2012, 5, 1]]},
}
ISSUE = {  # a journal issue: container, volume, issue, date; no title, no authors
    "DOI": "10.5555/example.v7.issue-2", "type": "journal-issue", "container-title": ["Journal of Examples"],
    "volume": "7", "issue": "2", "issued": {"date-parts": [[2015]]},
}
TITLE_ONLY = {  # a chapter with a title but no authors
    "DOI": "10.5555/example.ch3", "type": "book-chapter", "title": ["Soil Carbon in Boreal Forests"],
    "container-title": ["Handbook of Soils"], "issued": {"date-parts": [[2009]]}, "page": "41-60",
}
ARTICLE = {
    "DOI": "10.5555/example.art", "type": "journal-article", "title": ["Fire Regimes of the Northern Plains"],
    "author": [{"family": "Okafor", "given": "N."}, {"family": "Lindqvist", "given": "E."}],
    "issued": {"date-parts": [[2018]]}, "container-title": ["Journal of Examples"], "volume": "12", "page": "233-245",
}

INVENTED = {  # a fabricated entry: invented authors, title and journal
    "author": [{"family": "Quillfeather", "given": "A."}], "title": "Ultrafast Telepathic Signalling in Moss",
    "container-title": "International Review of Improbable Botany", "issued": {"date-parts": [[2012]]},
}


def ref(index, doi, **csl):
    raw = f"Entry {index}. https://doi.org/{doi}"
    return Reference(index=index, raw=raw, span=Span(0, len(raw)), location=Location(index, 1), csl={**csl, "DOI": doi})


def resolve_one(work, **csl):
    (resolution,) = CrossrefResolver(FakeSource([work])).resolve([ref(1, work["DOI"], **csl)])
    return resolution


@pytest.mark.parametrize(
    ("work", "csl", "status"),
    [
        pytest.param(COMPONENT, INVENTED, "uncompared", id="invented-entry-figure-doi"),
        pytest.param(COMPONENT, {}, "uncompared", id="bare-entry-figure-doi"),
        pytest.param(ISSUE, {**INVENTED, "container-title": "Journal of Examples", "issued": {"date-parts": [[2015]]}},
                     "uncompared", id="issue-doi-journal-and-year-only"),
        pytest.param(TITLE_ONLY, INVENTED, "mismatch", id="title-only-record-invented-entry"),
        pytest.param(TITLE_ONLY, {"title": "Soil carbon in boreal forests", "issued": {"date-parts": [[2009]]}},
                     "verified", id="title-only-record-right-title"),
        pytest.param(ARTICLE, {"author": [{"family": "Okafor"}, {"family": "Lindqvist"}], "issued": {"date-parts": [[2018]]}},
                     "verified", id="surnames-and-year"),
        pytest.param(ARTICLE, {"container-title": "J. Examples", "volume": "12", "page": "233"},
                     "verified", id="journal-volume-page-physics-style"),
        pytest.param(ARTICLE, {"issued": {"date-parts": [[2018]]}}, "uncompared", id="year-alone"),
        pytest.param(ARTICLE, {"author": [{"family": "Okafor"}, {"family": "Lindqvist"}]}, "uncompared", id="surnames-alone"),
        pytest.param(ARTICLE, {"title": "Fire regimes of the northern plains", "issued": {"date-parts": [[2017]]}},
                     "mismatch", id="right-title-wrong-year"),
    ],
)
def test_verdict_needs_evidence(work, csl, status):
    resolution = resolve_one(work, **csl)
    assert resolution.status == status, resolution.message


def test_a_figure_doi_says_why_it_cannot_compare():
    resolution = resolve_one(COMPONENT, **INVENTED)
    assert "has no title and no authors" in resolution.message
    assert "component" in resolution.message


@pytest.mark.parametrize(
    ("fields", "verdict"),
    [
        pytest.param((), UNCOMPARED, id="nothing"),
        pytest.param((("year", True),), UNCOMPARED, id="year"),
        pytest.param((("title", True),), VERIFIED, id="title"),
        pytest.param((("authors", True), ("container", True)), VERIFIED, id="authors-container"),
        pytest.param((("container", True), ("volume", True)), UNCOMPARED, id="container-volume-no-page"),
        pytest.param((("container", True), ("volume", True), ("pages", True)), VERIFIED, id="citation-triple"),
        pytest.param((("title", True), ("pages", False)), MISMATCH, id="title-with-wrong-pages"),
        pytest.param((("title", False), ("authors", False)), OTHER_WORK, id="title-and-authors-wrong"),
        pytest.param((("title", False), ("container", False), ("year", True)), OTHER_WORK, id="no-authors-title-container-wrong"),
        pytest.param((("title", False), ("authors", True), ("container", False)), MISMATCH, id="same-authors-other-title"),
        pytest.param((("title", False),), MISMATCH, id="title-alone-wrong"),
    ],
)
def test_weigh(fields, verdict):
    comparisons = tuple(FieldComparison(name, "a", "b", agrees) for name, agrees in fields)
    assert weigh(comparisons).verdict == verdict


def test_compare_fields_on_a_component_compares_only_the_year():
    fields = compare_fields(INVENTED, work_record(COMPONENT))
    assert [f.name for f in fields] == ["year"]


def context(resolutions, references=()):
    manuscript = Manuscript(path="m.md", source="", text="", offsets=(0,), body=Span(0, 0))
    return Context(manuscript, tuple(references), (), (), MatchResult((), (), ()), Config(), tuple(resolutions))


@pytest.mark.parametrize(
    ("work", "csl", "severity"),
    [
        pytest.param(COMPONENT, INVENTED, Severity.WARNING, id="record-without-title-and-authors"),
        pytest.param(ARTICLE, {"issued": {"date-parts": [[2018]]}}, Severity.INFO, id="entry-without-title-and-authors"),
    ],
)
def test_doi_uncompared_finding(work, csl, severity):
    reference = ref(1, work["DOI"], **csl)
    (resolution,) = CrossrefResolver(FakeSource([work])).resolve([reference])
    findings = [f for f in run_checks(context([resolution], [reference])) if f.code == "doi-uncompared"]
    assert [(f.severity, f.reference) for f in findings] == [(severity, 1)]
    assert work["DOI"] in findings[0].message
    assert not [f for f in run_checks(context([resolution], [reference])) if f.code == "doi-mismatch"]


def test_invented_entry_on_a_title_only_record_is_another_work():
    reference = ref(1, TITLE_ONLY["DOI"], **INVENTED)
    (resolution,) = CrossrefResolver(FakeSource([TITLE_ONLY])).resolve([reference])
    findings = [f for f in run_checks(context([resolution], [reference])) if f.code == "doi-mismatch"]
    assert [f.severity for f in findings] == [Severity.ERROR]
    assert "belongs to another work" in findings[0].message


def test_doi_uncompared_is_registered():
    assert any(check.code == "doi-uncompared" for check in CHECKS)
